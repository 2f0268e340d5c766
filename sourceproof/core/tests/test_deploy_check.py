"""The documented production environment passes `manage.py check --deploy`, and settings
fail loudly on bad values."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _documented_env() -> dict[str, str]:
    text = (ROOT / "docs" / "deployment.md").read_text()
    block = re.search(r"```env\n(.*?)```", text, re.S)
    assert block, "docs/deployment.md must contain an ```env block"
    pairs = (line.split("=", 1) for line in block.group(1).splitlines() if "=" in line)
    return {k.strip(): v.strip() for k, v in pairs}


def _manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_check_with_the_documented_environment() -> None:
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], _documented_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_refuses_to_start_without_a_secret_key_outside_debug() -> None:
    env = _documented_env()
    del env["SECRET_KEY"]
    result = _manage(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_names_a_bad_boolean() -> None:
    result = _manage(["check"], {**_documented_env(), "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr
