"""Optional extras the simulation helpers import lazily, with a clear error when missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from govkit.errors import MissingExtraError

__all__ = ["require"]

_EXTRAS = {"numpy": "fast", "pandas": "pandas", "matplotlib": "plot"}


def require(module: str, feature: str) -> ModuleType:
    """
    Import *module* (``numpy``, ``pandas``, ``matplotlib``) for *feature*, or say what to install.

    Raises
    ------
    MissingExtraError
        Naming the extra that installs it: ``fast`` (numpy), ``pandas`` or ``plot``
        (matplotlib).
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(feature, _EXTRAS[module], module) from None
