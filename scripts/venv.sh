# Sourced by scripts/test.sh and .ci/run: make .venv and install govkit with the
# extras for tests, linting and docs. Re-installs only when pyproject.toml changed.
VENV="${GOVKIT_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.govkit-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test,lint,docs]"
    touch "$stamp"
fi
