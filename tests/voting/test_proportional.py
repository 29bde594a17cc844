"""Tests for PAV, sequential Phragmén and cumulative voting (govkit/voting/_proportional.py)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govkit.errors import ConfigError, RuleError
from govkit.voting._method import ElectionResult, ElectionStatus
from govkit.voting._profile import ApprovalProfile, RankedProfile, ScoreProfile, Weight
from govkit.voting._proportional import (
    COMMITTEE_LIMIT,
    CumulativeVoting,
    ProportionalApproval,
    SequentialPhragmen,
)

CANDIDATES = ("a", "b", "c", "d", "e")

ballot_lists = st.lists(
    st.frozensets(st.sampled_from(CANDIDATES), max_size=4), min_size=1, max_size=8
)


def _profile(ballots: list[frozenset[str]]) -> ApprovalProfile:
    return ApprovalProfile.from_ballots(ballots, candidates=CANDIDATES)


def _method(kind: str, seats: int) -> ProportionalApproval | SequentialPhragmen:
    return ProportionalApproval(seats=seats) if kind == "pav" else SequentialPhragmen(seats=seats)


# ------------------------------------------------------------ hand-checked examples


def test_pav_gives_the_minority_the_seat_approval_voting_denies_it() -> None:
    """PAV prefers {a, c} (score 3 + 1 + 2 = 6) to {a, b} (3 x 3/2 + 1 = 11/2)."""
    profile = ApprovalProfile.from_counts({("a", "b"): 3, ("a",): 1, ("c",): 2})

    result = ProportionalApproval(seats=2).elect(profile)

    assert result.status is ElectionStatus.ELECTED
    assert result.winners == ("a", "c")
    assert result.note == "PAV score 6"


def test_phragmen_loads_are_exact_fractions() -> None:
    """Round 1 loads are 1/4, 1/3, 1/2; round 2 gives b (1 + 3/4) / 3 = 7/12 and c 1/2."""
    profile = ApprovalProfile.from_counts({("a", "b"): 3, ("a",): 1, ("c",): 2})

    result = SequentialPhragmen(seats=2).elect(profile)

    assert result.winners == ("a", "c")
    assert dict(result.rounds[0].counts) == {
        "a": Fraction(1, 4),
        "b": Fraction(1, 3),
        "c": Fraction(1, 2),
    }
    assert dict(result.rounds[1].counts) == {"b": Fraction(7, 12), "c": Fraction(1, 2)}
    assert [r.elected for r in result.rounds] == [("a",), ("c",)]


def test_pav_and_phragmen_agree_on_a_hand_checked_profile() -> None:
    """5 x {a,b}, 3 x {c}, 1 x {b,c}, 2 seats: both elect {b, c} (figures checked by hand)."""
    # Approvals: a 5, b 6, c 4.
    # PAV: {a,b} = 5 x 3/2 + 1 = 17/2; {a,c} = 5 + 3 + 1 = 9; {b,c} = 5 + 3 + 3/2 = 19/2.
    # Phragmén: round 1 elects b (load 1/6 < 1/5 < 1/4); round 2: a (1 + 5/6) / 5 = 11/30,
    # c (1 + 1/6) / 4 = 7/24 -> c. Both elect {b, c}.
    profile = ApprovalProfile.from_counts({("a", "b"): 5, ("c",): 3, ("b", "c"): 1})

    pav = ProportionalApproval(seats=2).elect(profile)
    phragmen = SequentialPhragmen(seats=2).elect(profile)

    assert pav.winners == ("b", "c")
    assert pav.note == "PAV score 9.5"
    assert phragmen.winners == ("b", "c")
    assert phragmen.rounds[1].counts["a"] == Fraction(11, 30)
    assert phragmen.rounds[1].counts["c"] == Fraction(7, 24)


def test_phragmen_and_pav_disagree_where_the_greedy_first_seat_misleads() -> None:
    """4 x {a,b}, 4 x {a,c}, 3 x {b}, 3 x {c}, 2 seats: PAV {b,c}; Phragmén starts with a."""
    # Approvals: a 8, b 7, c 7. PAV: {a,b} = 4 x 3/2 + 4 + 3 = 13, {a,c} = 13,
    # {b,c} = 4 + 4 + 3 + 3 = 14 -> {b, c}.
    # Phragmén: round 1 a (1/8); round 2 b = (1 + 4/8) / 7 = 3/14 = c: tie, either
    # way {a, b} or {a, c}, so a is elected and b, c are tied for the other seat.
    profile = ApprovalProfile.from_counts({("a", "b"): 4, ("a", "c"): 4, ("b",): 3, ("c",): 3})

    pav = ProportionalApproval(seats=2).elect(profile)
    phragmen = SequentialPhragmen(seats=2).elect(profile)

    assert (pav.status, pav.winners) == (ElectionStatus.ELECTED, ("b", "c"))
    assert phragmen.status is ElectionStatus.TIED
    assert (phragmen.winners, phragmen.tied) == (("a",), ("b", "c"))


def test_weighted_ballots_count_like_repeated_ballots() -> None:
    """A ballot of weight 3/2 counts as one and a half ballots, exactly."""
    counts: dict[tuple[str, ...], Weight] = {("a",): Fraction(3, 2), ("b",): 1}
    halves = ApprovalProfile.from_counts(counts)

    assert ProportionalApproval(seats=1).elect(halves).winners == ("a",)
    assert SequentialPhragmen(seats=1).elect(halves).rounds[0].counts["a"] == Fraction(2, 3)


# ------------------------------------------------------------ ties and edge cases


@pytest.mark.parametrize("kind", ["pav", "phragmen"])
def test_a_tie_between_committees_is_tied(kind: str) -> None:
    """3 x {a,b}, 2 x {c}: {a,c} and {b,c} are equally good; c is sure, a and b tied."""
    profile = ApprovalProfile.from_counts({("a", "b"): 3, ("c",): 2})

    result = _method(kind, 2).elect(profile)

    assert result.status is ElectionStatus.TIED
    assert (result.winners, result.tied) == (("c",), ("a", "b"))


@pytest.mark.parametrize("kind", ["pav", "phragmen"])
def test_a_tie_that_changes_nothing_is_elected(kind: str) -> None:
    """{a} and {b} tie for the first seat, but with two seats both are elected either way."""
    profile = ApprovalProfile.from_ballots([{"a"}, {"b"}], candidates=("a", "b", "c"))

    result = _method(kind, 2).elect(profile)

    assert (result.status, result.winners) == (ElectionStatus.ELECTED, ("a", "b"))


@pytest.mark.parametrize("kind", ["pav", "phragmen"])
def test_seats_nobody_approves_for_are_a_tie_among_the_rest(kind: str) -> None:
    """With only a approved and two seats, b and c are tied for the second seat."""
    profile = ApprovalProfile.from_ballots([{"a"}], candidates=("a", "b", "c"))

    result = _method(kind, 2).elect(profile)

    assert result.status is ElectionStatus.TIED
    assert (result.winners, result.tied) == (("a",), ("b", "c"))


def test_phragmen_fills_unapproved_seats_trying_each_set_once() -> None:
    """Four seats nobody approves for, among 12 candidates: 495 sets tried, not 11,880 orders."""
    names = tuple(f"c{i:02}" for i in range(13))
    profile = ApprovalProfile.from_ballots([{"c00"}], candidates=names)

    result = SequentialPhragmen(seats=5).elect(profile)

    assert result.status is ElectionStatus.TIED
    assert (result.winners, result.tied) == (("c00",), names[1:])
    assert "not all were tried" not in result.note


@pytest.mark.parametrize("kind", ["pav", "phragmen"])
def test_fewer_candidates_than_seats_leaves_seats_unfilled(kind: str) -> None:
    """Two candidates for three seats are both elected and one seat stays empty."""
    profile = ApprovalProfile.from_ballots([{"a"}], candidates=("a", "b"))

    result = _method(kind, 3).elect(profile)

    assert (result.status, result.winners) == (ElectionStatus.SEATS_UNFILLED, ("a", "b"))


@pytest.mark.parametrize("kind", ["pav", "phragmen"])
def test_ranked_ballots_are_refused(kind: str) -> None:
    """PAV and Phragmén count approval ballots only."""
    profile = RankedProfile.from_rankings([("a", "b")])

    with pytest.raises(RuleError, match="counts approval ballots; got a RankedProfile"):
        _method(kind, 1).elect(profile)


def test_pav_refuses_more_committees_than_the_limit() -> None:
    """40 candidates for 5 seats make 658,008 committees: refused, pointing to Phragmén."""
    names = tuple(f"c{i:02}" for i in range(40))
    profile = ApprovalProfile.from_ballots([set(names[:3])], candidates=names)

    with pytest.raises(RuleError, match=r"658,008 \(more than the limit of 200,000\).*"):
        ProportionalApproval(seats=5).elect(profile)
    with pytest.raises(RuleError, match="use sequential_phragmen"):
        ProportionalApproval(seats=5).elect(profile)
    assert COMMITTEE_LIMIT == 200_000


def test_pav_counts_up_to_the_limit() -> None:
    """12 candidates for 6 seats (924 committees): any 4 + 2 of the two groups is optimal."""
    # A committee with x of the weight-2 group and 6 - x of the other scores
    # 2 H(x) + H(6 - x): 17/3 for x = 4, less for x = 3 (11/2) or x = 5 (167/30).
    names = tuple(f"c{i:02}" for i in range(12))
    profile = ApprovalProfile.from_counts(
        {tuple(names[:6]): 2, tuple(names[6:]): 1}, candidates=names
    )

    result = ProportionalApproval(seats=6).elect(profile)

    assert result.status is ElectionStatus.TIED
    assert (result.winners, result.tied) == ((), names)
    assert result.note == "225 committees tie for the highest PAV score, ≈ 5.67"


@pytest.mark.parametrize("cls", [ProportionalApproval, SequentialPhragmen, CumulativeVoting])
def test_seats_must_be_a_whole_number_of_at_least_one(
    cls: type[ProportionalApproval | SequentialPhragmen | CumulativeVoting],
) -> None:
    """seats=0 is a configuration error naming the field."""
    options = {"seats": 0, "votes": 2} if cls is CumulativeVoting else {"seats": 0}

    with pytest.raises(ConfigError, match="seats must be a whole number of at least 1, got 0"):
        cls(**options)


# ------------------------------------------------------------ cumulative voting


def test_cumulative_voting_adds_points() -> None:
    """Points are summed with ballot weights; the two highest totals win."""
    profile = ScoreProfile.from_counts(
        [({"a": 3}, 4), ({"b": 2, "c": 1}, 5), ({"c": 3}, 2)], max_score=3
    )

    result = CumulativeVoting(seats=2, votes=3).elect(profile)

    assert (result.status, result.winners) == (ElectionStatus.ELECTED, ("a", "c"))
    assert dict(result.scores) == {"a": 12, "b": 10, "c": 11}
    assert result.label == "cumulative voting, 3 votes for 2 seats"


def test_cumulative_voting_refuses_a_ballot_giving_too_many_points() -> None:
    """A ballot spending 4 points out of 3 is invalid, and the error names it."""
    profile = ScoreProfile.from_ballots([{"a": 2, "b": 2}, {"a": 1}])

    with pytest.raises(RuleError, match=r"at most 3 points per ballot; ballot .*'b': 2.* gives 4"):
        CumulativeVoting(seats=2, votes=3).elect(profile)


def test_cumulative_voting_tie_at_the_last_seat_is_tied() -> None:
    """a is elected; b and c tie for the second seat."""
    profile = ScoreProfile.from_ballots([{"a": 2}, {"b": 1, "c": 1}, {"a": 1}])

    result = CumulativeVoting(seats=2, votes=2).elect(profile)

    assert result.status is ElectionStatus.TIED
    assert (result.winners, result.tied) == (("a",), ("b", "c"))


def test_cumulative_voting_reads_score_ballots_only() -> None:
    """Approval ballots are refused."""
    with pytest.raises(RuleError, match="counts score ballots"):
        CumulativeVoting(seats=1, votes=1).elect(ApprovalProfile.from_ballots([{"a"}]))


# ------------------------------------------------------------ properties


def _committee_is_accounted_for(result: ElectionResult, candidates: int) -> bool:
    if result.status is ElectionStatus.ELECTED:
        return len(result.winners) == result.seats and not result.tied
    if result.status is ElectionStatus.SEATS_UNFILLED:
        return len(result.winners) == candidates < result.seats
    return len(result.winners) < result.seats < len(result.winners) + len(result.tied)


@pytest.mark.parametrize("kind", ["pav", "phragmen"])
@given(ballots=ballot_lists, seats=st.integers(1, 4), seed=st.randoms())
def test_the_order_of_ballots_does_not_matter(
    kind: str, ballots: list[frozenset[str]], seats: int, seed: random.Random
) -> None:
    """Anonymity: shuffling the ballots gives the same result."""
    shuffled = list(ballots)
    seed.shuffle(shuffled)

    assert _method(kind, seats).elect(_profile(shuffled)) == _method(kind, seats).elect(
        _profile(ballots)
    )


@pytest.mark.parametrize("kind", ["pav", "phragmen"])
@given(ballots=ballot_lists)
def test_with_one_seat_an_approval_winner_is_elected(
    kind: str, ballots: list[frozenset[str]]
) -> None:
    """With one seat, PAV and Phragmén elect the most approved (or tie among them)."""
    profile = _profile(ballots)
    most = max(profile.approvals.values())
    approval_winners = tuple(name for name in CANDIDATES if profile.approvals[name] == most)

    result = _method(kind, 1).elect(profile)

    assert result.winners + result.tied == approval_winners


@pytest.mark.parametrize("kind", ["pav", "phragmen"])
@given(ballots=ballot_lists, seats=st.integers(1, 6))
def test_the_committee_has_seats_members_or_the_status_says_why(
    kind: str, ballots: list[frozenset[str]], seats: int
) -> None:
    """ELECTED fills every seat; TIED leaves some to the tied; SEATS_UNFILLED lacks candidates."""
    result = _method(kind, seats).elect(_profile(ballots))

    assert _committee_is_accounted_for(result, len(CANDIDATES))


@given(
    ballots=st.lists(
        st.dictionaries(st.sampled_from(CANDIDATES), st.integers(0, 3), max_size=3),
        min_size=1,
        max_size=8,
    ),
    seats=st.integers(1, 6),
)
def test_cumulative_committee_has_seats_members_or_the_status_says_why(
    ballots: list[dict[str, int]], seats: int
) -> None:
    """Every valid cumulative count fills its seats or says why not."""
    profile = ScoreProfile.from_ballots(ballots, max_score=3, candidates=CANDIDATES)

    result = CumulativeVoting(seats=seats, votes=9).elect(profile)

    assert _committee_is_accounted_for(result, len(CANDIDATES))


# ------------------------------------------------------------ against abcvoting


def _random_profile(seed: int) -> tuple[ApprovalProfile, int]:
    rng = random.Random(seed)
    names = CANDIDATES[: rng.randint(2, 5)]
    ballots = [
        frozenset(name for name in names if rng.random() < 0.4) for _ in range(rng.randint(1, 7))
    ]
    ballots.append(frozenset({rng.choice(names)}))  # abcvoting refuses a profile of no voters
    return ApprovalProfile.from_ballots(ballots, candidates=names), rng.randint(1, len(names))


@pytest.mark.parametrize("kind", ["pav", "phragmen"])
@pytest.mark.parametrize("seed", range(300))
def test_agrees_with_abcvoting(kind: str, seed: int) -> None:
    """Same committee as abcvoting's pav / seqphragmen; several committees there = TIED here."""
    preferences = pytest.importorskip("abcvoting.preferences")
    abcrules = pytest.importorskip("abcvoting.abcrules")
    profile, seats = _random_profile(seed)
    names = profile.candidates
    theirs = preferences.Profile(len(names))
    for marked, weight in profile.ballots.items():
        voter = preferences.Voter([names.index(name) for name in marked], weight=weight)
        theirs.add_voter(voter)
    if kind == "pav":
        found = abcrules.compute_pav(theirs, seats, algorithm="brute-force", resolute=False)
    else:
        found = abcrules.compute_seqphragmen(
            theirs, seats, algorithm="standard-fractions", resolute=False
        )
    committees = [{names[index] for index in committee} for committee in found]
    sure = set.intersection(*committees)
    possible = set.union(*committees)

    result = _method(kind, seats).elect(profile)

    assert set(result.winners) == sure
    assert set(result.tied) == possible - sure
    assert result.status is (
        ElectionStatus.ELECTED if len(committees) == 1 else ElectionStatus.TIED
    )
