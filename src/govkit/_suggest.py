"""Spelling suggestions for error messages ("did you mean ...?")."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """
    Suggest the closest of *choices* to *word*, or None if nothing is close.

    Examples
    --------
    >>> did_you_mean("qorum", ["quorum", "threshold"])
    "did you mean 'quorum'?"
    >>> did_you_mean("zzz", ["quorum"]) is None
    True
    """
    options = sorted(set(choices))
    lowered = {option.lower(): option for option in options}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return f"did you mean {lowered[word.lower()]!r}?"
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None
