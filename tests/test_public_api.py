"""The public surface: what users import is exactly __all__, sorted and documented."""

from __future__ import annotations

import importlib
import inspect

import pytest

PUBLIC = [
    "govkit",
    "govkit.errors",
    "govkit.config",
    "govkit.voting",
    "govkit.consultation",
    "govkit.grid",
    "govkit.sim",
    "govkit.events",
    "govkit.calendar",
    "govkit.cases",
    "govkit.scenarios",
]


def _isort_style(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions."""
    if name.isupper():
        return 0, name
    return (1 if name[0].isupper() else 2), name


@pytest.mark.parametrize("name", PUBLIC)
def test_all_is_sorted_importable_and_documented(name: str) -> None:
    """Every public module has a sorted __all__ of importable, documented names."""
    module = importlib.import_module(name)
    exported = list(getattr(module, "__all__", []))

    assert (module.__doc__ or "").strip(), f"{name} lacks a module docstring"
    assert exported == sorted(exported, key=_isort_style)
    for attr in exported:
        obj = getattr(module, attr)  # AttributeError = stale __all__
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), f"{name}.{attr} lacks a docstring"


def test_importing_govkit_pulls_no_optional_extra() -> None:
    """The core imports only its four runtime dependencies (numpy, pandas stay optional)."""
    import subprocess
    import sys

    code = (
        "import sys, govkit; "
        "print(sorted(m for m in ('numpy', 'pandas', 'matplotlib', 'dask', 'pref_voting') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


def test_version_is_a_string() -> None:
    """govkit.__version__ is what `govkit --version` prints."""
    import govkit

    assert isinstance(govkit.__version__, str)
    assert govkit.__version__[0].isdigit()
