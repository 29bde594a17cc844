"""MotionTally.count_votes, the fast path for (voter, choice) pairs, equals MotionTally.count."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

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
