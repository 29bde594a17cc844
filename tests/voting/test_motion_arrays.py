"""Motion ballots as arrays count exactly as the same ballots as objects."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govkit.config import load_preset
from govkit.errors import RuleError
from govkit.voting import CHOICE_CODES, MotionBallot, MotionTally, tally_arrays

ballots = st.lists(
    st.tuples(st.integers(0, 4), st.integers(1, 5), st.integers(0, 20_000)), max_size=60
)


@given(ballots)
def test_arrays_count_like_ballot_objects(rows: list[tuple[int, int, int]]) -> None:
    """Headcount is the weight; area (hundredths) times the weight, per choice, exactly."""
    objects = [
        MotionBallot(
            choice=CHOICE_CODES[code], weight=weight, measures={"area": Fraction(area, 100)}
        )
        for code, weight, area in rows
    ]
    eligible = {"headcount": 1000, "area": 10**6}
    expected = MotionTally.count(objects, measures=("area",), eligible=eligible)
    got = MotionTally.from_arrays(
        np.array([code for code, _, _ in rows], dtype=np.int64),
        weights=np.array([weight for _, weight, _ in rows], dtype=np.int64),
        measures={"area": (np.array([area for _, _, area in rows], dtype=np.int64), 100)},
        eligible=eligible,
    )
    assert got == expected


def test_a_double_majority_from_arrays() -> None:
    """The Art. 278 preset decides a tally counted from arrays."""
    codes = np.array([0] * 8 + [1] * 3 + [2] * 2)
    area = np.array([120] * 8 + [90] * 3 + [100] * 2)
    tally = tally_arrays(codes, measures={"area": area}, eligible={"headcount": 15, "area": 1800})
    decision = load_preset("civil_code_278_ordinary").decide(tally)
    assert decision.status.value == "adopted"


@pytest.mark.parametrize(
    "big", [2**20 + 1, 2**52 + 1, 2**62 + 1], ids=["double", "int64", "python"]
)
def test_sums_stay_exact_whatever_their_size(big: int) -> None:
    """Sums a double holds, sums int64 holds, and larger ones are all exact."""
    tally = tally_arrays(
        np.array([0, 0, 1]),
        weights=np.array([3, 3, 1]),
        measures={"shares": np.array([big, big, 1], dtype=np.uint64)},
    )
    assert tally["shares"].for_ == 6 * big
    assert tally["shares"].against == 1


@pytest.mark.parametrize(
    ("choices", "kwargs", "message"),
    [
        ([0, 5], {}, "choice code 5 is unknown"),
        ([[0, 1]], {}, "choices is a 1-D array of integers"),
        ([0.5], {}, "choices is a 1-D array of integers"),
        ([0, 1], {"weights": np.array([1])}, "weights has 1 entries for 2 ballots"),
        ([0, 1], {"weights": np.array([1, -1])}, "weights holds a negative number"),
        ([0, 1], {"weights": np.array([1, 0])}, "weight is at least 1, got 0"),
        ([0], {"measures": {"area": (np.array([1]), 0)}}, "denominator of measure 'area'"),
    ],
)
def test_bad_arrays_are_refused(choices: object, kwargs: dict[str, object], message: str) -> None:
    """Shapes, types, codes and signs are checked, each with a plain message."""
    with pytest.raises(RuleError, match=message):
        tally_arrays(np.array(choices), **kwargs)  # type: ignore[arg-type]
