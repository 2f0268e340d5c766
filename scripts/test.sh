#!/usr/bin/env bash
# The test suite on SQLite, then on PostgreSQL, then the browser tests.
# With CI=true a missing PostgreSQL or Chromium fails the run; elsewhere it is skipped, loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export SECRET_KEY="${SECRET_KEY:-test-only-secret-key}"
export DEBUG=false
# The tests serve plain http on localhost: no TLS redirect, no secure-only cookies, no HSTS.
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0
PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sourceproof}"
CI="${CI:-false}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
start=$(date +%s)
mkdir -p var  # the SQLite files of the browser tests live there

banner() { printf '\n==== %s ====\n' "$*"; }
shout() { printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! %s\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' "$*" >&2; }

banner "tests on SQLite"
DATABASE_URL="sqlite:///$(pwd)/var/test.sqlite3" .venv/bin/pytest -m "not browser" -n 2 -q -p no:cacheprovider

banner "tests on PostgreSQL ($PG_URL)"
if $PY - "$PG_URL" <<'PYEOF'
import sys
import dj_database_url, psycopg
cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                    password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=5).close()
except Exception as exc:
    print(f"PostgreSQL unreachable: {exc}", file=sys.stderr)
    sys.exit(1)
PYEOF
then
  DATABASE_URL="$PG_URL" .venv/bin/pytest -m "not browser" -n 2 -q -p no:cacheprovider
else
  if [ "$CI" = "true" ]; then
    echo "CI=true: PostgreSQL at $PG_URL is required." >&2
    exit 1
  fi
  shout "PostgreSQL SKIPPED: nothing answers at $PG_URL (set DATABASE_URL). CI would fail here."
fi

banner "browser tests (Chromium at $CHROMIUM)"
if [ ! -x "$CHROMIUM" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium with apt-get ..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || true
fi
if [ -x "$CHROMIUM" ]; then
  CHROMIUM="$CHROMIUM" DATABASE_URL="sqlite:///$(pwd)/var/test-browser.sqlite3" \
    .venv/bin/pytest -m browser -q -p no:cacheprovider
else
  if [ "$CI" = "true" ]; then
    echo "CI=true: Chromium is required at $CHROMIUM." >&2
    exit 1
  fi
  shout "BROWSER TESTS SKIPPED: no Chromium at $CHROMIUM (apt-get install chromium). CI would fail here."
fi

banner "all tests passed in $(( $(date +%s) - start )) s"
