#!/usr/bin/env bash
# Run govkit's whole test suite (unit, property, differential, doctests, examples)
# with branch coverage. Sets itself up: makes .venv with the test extras if needed.
# Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
set +e
"$VENV/bin/python" -m pytest --cov --cov-report=term "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure, not a pass" >&2
    exit 1
fi
exit "$rc"
