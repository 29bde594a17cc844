"""Ballot validity policies: each irregularity handled as named, and every ballot's fate counted."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.config import load_preset
from govkit.voting._validity import (
    FATES,
    BallotPolicy,
    Overvote,
    Repeated,
    SkippedRank,
    WriteIn,
)

CANDIDATES = ("ann", "bo", "cy")
Ballot = Sequence[Collection[str]]


def fate_of(policy: BallotPolicy, ballot: Ballot) -> tuple[str, Any]:
    cleaned = policy.clean([ballot], candidates=CANDIDATES)
    (fate,) = [name for name, count in cleaned.fates.items() if count]
    return fate, dict(cleaned.profile.ballots)


@pytest.mark.parametrize(
    ("overvote", "fate", "counted"),
    [
        (Overvote.EXHAUST, "exhausted_early", {(("cy",),): 1}),
        (Overvote.SKIP, "corrected", {(("cy",),): 1}),
        (Overvote.TIE, "valid", {(("cy",), ("ann", "bo")): 1}),
        (Overvote.INVALID, "invalid", {}),
    ],
)
def test_overvote_conventions(overvote: Overvote, fate: str, counted: dict[Any, int]) -> None:
    """cy, then ann and bo at one rank: exhaust stops, skip passes over, tie keeps both."""
    policy = BallotPolicy(overvote=overvote)

    assert fate_of(policy, [{"cy"}, {"ann", "bo"}]) == (fate, counted)


def test_skipped_ranks_close_up_or_exhaust() -> None:
    """A gap before bo: 'skip' moves bo up; 'exhaust' stops the ballot at the gap."""
    ballot: Ballot = [{"ann"}, set(), {"bo"}]

    assert fate_of(BallotPolicy(), ballot) == ("corrected", {(("ann",), ("bo",)): 1})
    assert fate_of(BallotPolicy(skipped_rank=SkippedRank.EXHAUST), ballot) == (
        "exhausted_early",
        {(("ann",),): 1},
    )


def test_two_consecutive_skips_exhaust_under_maine() -> None:
    """Maine: one gap is closed up, two gaps in a row end the ballot."""
    maine = load_preset("maine_rcv", BallotPolicy)

    assert fate_of(maine, [{"ann"}, set(), {"bo"}])[0] == "corrected"
    assert fate_of(maine, [{"ann"}, set(), set(), {"bo"}]) == ("exhausted_early", {(("ann",),): 1})


def test_repeated_candidates_and_write_ins() -> None:
    """A repeat counts once (or invalidates); a write-in is dropped (or invalidates)."""
    repeat: Ballot = [{"ann"}, {"ann"}, {"bo"}]
    write_in: Ballot = [{"zed"}, {"bo"}]

    assert fate_of(BallotPolicy(), repeat) == ("corrected", {(("ann",), ("bo",)): 1})
    assert fate_of(BallotPolicy(repeated=Repeated.INVALID), repeat)[0] == "invalid"
    assert fate_of(BallotPolicy(), write_in) == ("corrected", {(("bo",),): 1})
    assert fate_of(BallotPolicy(write_in=WriteIn.INVALID), write_in)[0] == "invalid"


def test_invalid_ballots_are_counted_with_their_reasons() -> None:
    """Nothing is dropped silently: invalid ballots and corrections are counted by reason."""
    strict = load_preset("strict", BallotPolicy)

    cleaned = strict.clean(
        [[{"ann", "bo"}], [{"zed"}], [{"ann"}, {"ann"}], [], [{"cy"}]], candidates=CANDIDATES
    )

    assert dict(cleaned.fates) == {
        "valid": 1,
        "corrected": 0,
        "exhausted_early": 0,
        "blank": 1,
        "invalid": 3,
    }
    assert dict(cleaned.invalid) == {"candidate ranked twice": 1, "overvote": 1, "write-in": 1}
    assert cleaned.explanation()[0] == "5 ballots"


marks = st.sets(st.sampled_from([*CANDIDATES, "zed"]), max_size=2)


@pytest.mark.parametrize("preset", ["maine_rcv", "lenient", "strict"])
@settings(max_examples=100, deadline=None)
@given(ballots=st.lists(st.lists(marks, max_size=5), max_size=20))
def test_every_ballot_has_exactly_one_fate(preset: str, ballots: list[list[set[str]]]) -> None:
    """Conservation: the fates add up to the ballots, and counted ballots are the profile."""
    cleaned = load_preset(preset, BallotPolicy).clean(ballots, candidates=CANDIDATES)
    counted = cleaned.fates["valid"] + cleaned.fates["corrected"] + cleaned.fates["exhausted_early"]

    assert set(cleaned.fates) == set(FATES)
    assert sum(cleaned.fates.values()) == len(ballots)
    assert cleaned.profile.total_weight <= counted
    assert sum(cleaned.invalid.values()) == cleaned.fates["invalid"]
