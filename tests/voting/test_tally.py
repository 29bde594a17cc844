"""Fast tallies (count_votes for recorded votes, from_totals for sums) equal MotionTally.count."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.config import to_quantity
from govkit.errors import RuleError
from govkit.voting import Choice, MotionBallot, MotionTally, Roll
from tests.strategies import rolls

figures = st.none() | st.dictionaries(
    st.sampled_from(["headcount", "area", "households", "other"]), st.integers(0, 50), max_size=3
)


@settings(max_examples=80, deadline=None)
@given(
    roll=st.none() | rolls(),
    data=st.data(),
    present=figures,
    expected=figures,
)
def test_count_votes_equals_count(
    roll: Roll | None, data: st.DataObject, present: Any, expected: Any
) -> None:
    """For any roll, voters and choices, the fast tally is the reference tally."""
    voters = [m.id for m in roll.members] if roll is not None else ["a", "b", "c", "d"]
    chosen = data.draw(st.lists(st.sampled_from(voters), unique=True)) if voters else []
    pairs = [(voter, data.draw(st.sampled_from(list(Choice)))) for voter in chosen]
    ballots = [MotionBallot(choice=choice, voter=voter) for voter, choice in pairs]

    fast = MotionTally.count_votes(pairs, roll=roll, present=present, expected=expected)

    assert fast == MotionTally.count(ballots, roll=roll, present=present, expected=expected)
    assert list(fast.measures) == list(
        MotionTally.count(ballots, roll=roll, present=present, expected=expected).measures
    )


@settings(max_examples=60, deadline=None)
@given(choices=st.lists(st.sampled_from(list(Choice)), max_size=30), data=st.data())
def test_from_totals_equals_counting_the_ballots(
    choices: list[Choice], data: st.DataObject
) -> None:
    """Summing per choice first (from_totals) gives the same tally as counting ballots."""
    areas = [data.draw(st.integers(0, 20_000)) / 100 for _ in choices]
    ballots = [
        MotionBallot(choice=choice, measures={"area": area})
        for choice, area in zip(choices, areas, strict=True)
    ]
    totals: dict[str, dict[str, Any]] = {"headcount": {}, "area": {}}
    for choice, area in zip(choices, areas, strict=True):
        totals["headcount"][choice.value] = totals["headcount"].get(choice.value, 0) + 1
        previous = totals["area"].get(choice.value, Fraction(0))
        totals["area"][choice.value] = previous + to_quantity(area)

    assert MotionTally.from_totals(totals) == MotionTally.count(ballots, measures=["area"])


def test_from_totals_refuses_unknown_choices() -> None:
    """A choice word that is not a Choice is a RuleError naming the known ones."""
    with pytest.raises(RuleError, match="unknown choice 'yes' for 'headcount'"):
        MotionTally.from_totals({"headcount": {"yes": 3}})
