"""Motion ballots as NumPy arrays: exact sums per choice and measure, no ballot objects."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from govkit._extras import require
from govkit.config import Quantity
from govkit.errors import RuleError
from govkit.voting._roll import HEADCOUNT
from govkit.voting._tally import Choice, MotionTally

__all__ = ["CHOICE_CODES", "tally_arrays"]

CHOICE_CODES: tuple[Choice, ...] = tuple(Choice)
"""What each code means in `tally_arrays`: 0 for, 1 against, 2 abstain, 3 blank, 4 invalid."""

_LIMIT = 1 << 63
_FLOAT_EXACT = 1 << 53


def _integers(np: Any, values: Any, name: str, size: int | None) -> Any:
    array = np.asarray(values)
    if array.ndim != 1 or not np.issubdtype(array.dtype, np.integer):
        msg = f"{name} is a 1-D array of integers, got shape {array.shape} of {array.dtype}"
        raise RuleError(msg)
    if size is not None and len(array) != size:
        msg = f"{name} has {len(array)} entries for {size} ballots"
        raise RuleError(msg)
    if len(array) and int(array.min()) < 0:
        msg = f"{name} holds a negative number ({int(array.min())})"
        raise RuleError(msg)
    return array


def _sums(np: Any, codes: Any, values: Any) -> list[int]:
    """Return the exact sum of *values* per choice code (Python ints, whatever the size)."""
    if values is None:
        return [int(n) for n in np.bincount(codes, minlength=len(CHOICE_CODES))]
    bound = (int(values.max()) if len(values) else 0) * len(values)
    if bound < _FLOAT_EXACT:  # every partial sum is a whole number a double holds exactly
        sums = np.bincount(codes, weights=values, minlength=len(CHOICE_CODES))
        return [int(total) for total in sums.tolist()]
    if bound < _LIMIT:
        wide = values.astype(np.int64, copy=False)
        return [int(wide[codes == code].sum()) for code in range(len(CHOICE_CODES))]
    listed = values.tolist()  # past int64: Python integers, exact and slow
    sums = [0] * len(CHOICE_CODES)
    for code, value in zip(codes.tolist(), listed, strict=True):
        sums[code] += value
    return sums


def tally_arrays(
    choices: Any,
    *,
    weights: Any = None,
    measures: Mapping[str, Any] | None = None,
    eligible: Mapping[str, Quantity | int] | None = None,
    registered: Mapping[str, Quantity | int] | None = None,
    present: Mapping[str, Quantity | int] | None = None,
    expected: Mapping[str, Quantity | int] | None = None,
) -> MotionTally:
    """
    Count motion ballots held as NumPy arrays, exactly: `MotionTally.from_arrays`.

    Parameters
    ----------
    choices : array of int
        One code per ballot (see `CHOICE_CODES`: 0 for ... 4 invalid).
    weights : array of int, optional
        Each ballot's weight, at least 1 (a proxy holding 2 votes: 2); 1 each by default. Headcount
        is the weight, as `MotionTally.count` counts it.
    measures : mapping of str to array of int or (array of int, int)
        Per measure, each ballot's amount as whole numbers, or as numerators with one
        denominator (``{"area": (area_in_hundredths, 100)}`` for 96.52 m² as 9652);
        a ballot's amount counts times its weight.
    eligible, registered, present, expected : mapping of measure to amount, optional
        The figures the rule's bases need, as for `MotionTally.count`.

    Raises
    ------
    RuleError
        Arrays of the wrong shape or type, unknown codes, negative numbers.
    MissingExtraError
        Without NumPy (``pip install 'govkit[fast]'``).

    Examples
    --------
    >>> import numpy as np
    >>> tally = tally_arrays(
    ...     np.array([0, 0, 1, 2]),
    ...     weights=np.array([1, 2, 1, 1]),
    ...     measures={"area": (np.array([9652, 8850, 12000, 9000]), 100)},
    ...     eligible={"headcount": 6, "area": "500"},
    ... )
    >>> tally["headcount"].for_, tally["area"].for_, tally["area"].against
    (Fraction(3, 1), Fraction(6838, 25), Fraction(120, 1))
    """
    np = require("numpy", "motion ballots as arrays")
    codes = _integers(np, choices, "choices", None)
    if len(codes) and int(codes.max()) >= len(CHOICE_CODES):
        msg = f"choice code {int(codes.max())} is unknown; codes: 0 for ... 4 invalid"
        raise RuleError(msg)
    size = len(codes)
    weight = None if weights is None else _integers(np, weights, "weights", size)
    if weight is not None and size and int(weight.min()) < 1:
        msg = f"a ballot's weight is at least 1, got {int(weight.min())}"
        raise RuleError(msg)
    words = [choice.value for choice in CHOICE_CODES]
    totals: dict[str, dict[str, Quantity]] = {
        HEADCOUNT: {
            word: Quantity(Fraction(total))
            for word, total in zip(words, _sums(np, codes, weight), strict=True)
        }
    }
    for name, given in (measures or {}).items():
        numerators, denominator = given if isinstance(given, tuple) else (given, 1)
        if not isinstance(denominator, int) or isinstance(denominator, bool) or denominator < 1:
            msg = f"the denominator of measure {name!r} is a positive integer, got {denominator!r}"
            raise RuleError(msg)
        amounts = _integers(np, numerators, f"measure {name!r}", size)
        if weight is not None:
            if int(amounts.max() if size else 0) * int(weight.max() if size else 0) >= _LIMIT:
                amounts = np.array(amounts.tolist(), dtype=object) * np.array(
                    weight.tolist(), dtype=object
                )
            else:
                amounts = amounts.astype(np.int64) * weight.astype(np.int64)
        sums = _sums(np, codes, amounts)
        totals[name] = {
            word: Quantity(Fraction(total, denominator))
            for word, total in zip(words, sums, strict=True)
        }
    return MotionTally.from_totals(
        totals, eligible=eligible, registered=registered, present=present, expected=expected
    )
