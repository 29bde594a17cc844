"""Optional extras govkit imports lazily, with an error naming the extra when one is missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from govkit.errors import MissingExtraError

__all__ = ["require"]

_EXTRAS = {
    "numpy": "fast",
    "pandas": "pandas",
    "matplotlib": "plot",
    "chinese_calendar": "holidays",
}


def require(module: str, feature: str) -> ModuleType:
    """
    Import *module* (``numpy``, ``pandas``, ``matplotlib``, ``chinese_calendar``) for *feature*.

    Raises
    ------
    MissingExtraError
        Naming the extra that installs it: ``fast`` (numpy), ``pandas``, ``plot``
        (matplotlib) or ``holidays`` (chinese_calendar).
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(feature, _EXTRAS[module], module) from None
