# sourceproof: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: run test lint bench venv venv-dev translations demo clean help

help:
	@echo "make run    - set up, migrate, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   - lint, type-check, tests on SQLite and PostgreSQL, browser tests"
	@echo "make lint   - ruff format --check, ruff check, mypy"
	@echo "make bench  - benchmarks (results for docs/performance.md)"

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (PYTHON=$(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

venv: $(UV)
	$(UV) sync --frozen --no-dev --quiet

venv-dev: $(UV)
	$(UV) sync --frozen --quiet

translations:
	DEBUG=true $(MANAGE) compile_translations

run: venv translations
	@mkdir -p var
	DEBUG=true $(MANAGE) migrate --no-input -v0
	DEBUG=true $(MANAGE) load_demo
	DEBUG=true $(MANAGE) serve --host $(HOST) --port $(PORT)

lint: venv-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DEBUG=true $(VENV)/bin/mypy .

test: venv-dev translations lint
	DEBUG=true $(MANAGE) makemigrations --check --dry-run
	scripts/test.sh

bench: venv-dev
	scripts/bench.sh

clean:
	rm -rf $(VENV) $(TOOLS) var .mypy_cache .ruff_cache .pytest_cache
