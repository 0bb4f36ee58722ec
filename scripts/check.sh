#!/usr/bin/env bash
# Every gate in one command: lint (ruff), types (mypy against its baseline), then the tests.
#   bash scripts/check.sh            # all of it
#   bash scripts/check.sh --no-tests # only the gates (seconds)
# The layering rules (core without Qt, SQL only in the catalog) are tests: tests/unit/test_layering.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if ! "$PY" -c "import ruff, mypy" 2>/dev/null; then
  "$PY" -m pip install -q -e ".[test,dev]"
fi
echo "check: ruff"
"$PY" -m ruff check .
echo "check: mypy (against scripts/mypy-baseline.txt)"
"$PY" scripts/typecheck.py
if [ "${1:-}" != "--no-tests" ]; then
  echo "check: tests"
  "$PY" -m pytest
fi
