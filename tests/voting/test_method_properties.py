"""Social-choice properties the methods must have, checked on random profiles."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkit.voting._method import ElectionResult, ElectionStatus
from govkit.voting._profile import ApprovalProfile, RankedProfile, ScoreProfile
from tests.voting.strategies import (
    CONDORCET_KINDS,
    EXAMPLE_OPTIONS,
    NAMES,
    SINGLE_WINNER_RANKED_KINDS,
    build,
    configured,
    profiles_for,
    ranked_profiles,
    rankings,
    relabelled,
)

FAST = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ONE_PER_KIND = [(kind, options[0]) for kind, options in EXAMPLE_OPTIONS.items()]


def _reordered(profile: Any, seed: int) -> Any:
    """The same ballots, stored in another order."""
    pairs = list(profile.ballots.items())
    random.Random(seed).shuffle(pairs)
    if isinstance(profile, ScoreProfile):
        return ScoreProfile.from_counts(
            pairs, candidates=profile.candidates, max_score=profile.max_score
        )
    return type(profile).from_counts(pairs, candidates=profile.candidates)


@pytest.mark.parametrize(("kind", "options"), configured())
@FAST
@given(data=st.data(), seed=st.integers(0, 2**16))
def test_anonymity_the_order_of_ballots_changes_nothing(
    kind: str, options: dict[str, Any], data: st.DataObject, seed: int
) -> None:
    """Counting the same ballots in another order gives the same result, figures included."""
    method = build(kind, options)
    profile = data.draw(profiles_for(kind, options))

    assert method.elect(_reordered(profile, seed)) == method.elect(profile)


@pytest.mark.parametrize(("kind", "options"), configured())
@FAST
@given(data=st.data(), seed=st.integers(0, 2**16))
def test_neutrality_renaming_candidates_renames_the_result(
    kind: str, options: dict[str, Any], data: st.DataObject, seed: int
) -> None:
    """Relabelling the candidates (ballot paper order kept) relabels winners, ties and scores."""
    method = build(kind, options)
    profile = data.draw(profiles_for(kind, options))
    new_names = [name.upper() for name in profile.candidates]
    random.Random(seed).shuffle(new_names)
    mapping = dict(zip(profile.candidates, new_names, strict=True))

    before = method.elect(profile)
    after = method.elect(relabelled(profile, mapping))

    assert after.status is before.status
    assert after.winners == tuple(mapping[name] for name in before.winners)
    assert after.tied == tuple(mapping[name] for name in before.tied)
    assert dict(after.scores) == {mapping[name]: s for name, s in before.scores.items()}


@pytest.mark.parametrize(("kind", "options"), ONE_PER_KIND)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_determinism_the_same_profile_gives_the_same_result(
    kind: str, options: dict[str, Any], data: st.DataObject
) -> None:
    """A method is a pure function: the same ballots always give an equal result."""
    method = build(kind, options)
    profile = data.draw(profiles_for(kind, options))

    first = method.elect(profile)

    assert method.elect(profile) == first
    assert method.elect(_reordered(profile, 0)).to_dict() == first.to_dict()


@pytest.mark.parametrize(("kind", "options"), ONE_PER_KIND)
@FAST
@given(data=st.data())
def test_merging_shards_gives_the_result_of_the_whole(
    kind: str, options: dict[str, Any], data: st.DataObject
) -> None:
    """Tallying two shards and adding the profiles equals tallying all ballots together."""
    method = build(kind, options)
    profile = data.draw(profiles_for(kind, options))
    pairs = list(profile.ballots.items())
    cut = data.draw(st.integers(0, len(pairs)))
    first, second = (_with(profile, pairs[:cut]), _with(profile, pairs[cut:]))

    assert method.elect(first + second) == method.elect(profile)


def _with(profile: Any, pairs: list[Any]) -> Any:
    if isinstance(profile, ScoreProfile):
        return ScoreProfile.from_counts(
            pairs, candidates=profile.candidates, max_score=profile.max_score
        )
    assert isinstance(profile, (RankedProfile, ApprovalProfile))
    return type(profile).from_counts(pairs, candidates=profile.candidates)


def _condorcet_winner(profile: RankedProfile) -> str | None:
    for a in profile.candidates:
        if all(profile.margin(a, b) > 0 for b in profile.candidates if b != a):
            return a
    return None


@pytest.mark.parametrize("kind", CONDORCET_KINDS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=ranked_profiles(min_candidates=2))
def test_condorcet_methods_elect_the_condorcet_winner(kind: str, profile: RankedProfile) -> None:
    """When one candidate beats every other head to head, every Condorcet method elects it."""
    winner = _condorcet_winner(profile)
    if winner is None:
        return

    result = build(kind, {}).elect(profile)

    assert (result.status, result.winners) == (ElectionStatus.ELECTED, (winner,))


@st.composite
def _dominated_profiles(draw: st.DrawFn) -> RankedProfile:
    """Profiles where every ballot ranks 'ann' strictly above 'bo'."""
    size = draw(st.integers(min_value=2, max_value=5))
    names = NAMES[:size]
    others = tuple(name for name in names if name != "bo")
    pairs = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        ranking = [list(rank) for rank in draw(rankings(others))]
        if "ann" not in {name for rank in ranking for name in rank}:
            ranking.append(["ann"])
        after = next(i for i, rank in enumerate(ranking) if "ann" in rank) + 1
        where = draw(st.integers(min_value=after, max_value=len(ranking) + 1))
        if where <= len(ranking) and draw(st.booleans()):
            if where < len(ranking):
                ranking[where].append("bo")  # ranked equal to someone below ann
        elif where <= len(ranking):
            ranking.insert(where, ["bo"])
        pairs.append((tuple(tuple(rank) for rank in ranking), draw(st.integers(1, 4))))
    return RankedProfile.from_counts(pairs, candidates=names)


@pytest.mark.parametrize(
    ("kind", "options"),
    [(kind, {}) for kind in SINGLE_WINNER_RANKED_KINDS] + [("stv", {"seats": 1})],
)
@FAST
@given(profile=_dominated_profiles())
def test_pareto_a_candidate_everyone_ranks_lower_never_wins(
    kind: str, options: dict[str, Any], profile: RankedProfile
) -> None:
    """If every ballot ranks ann above bo, bo is neither elected nor tied for the seat."""
    result = build(kind, options).elect(profile)

    assert "bo" not in result.winners + result.tied


def _conserves(result: ElectionResult, total: Any) -> bool:
    return all(sum(r.counts.values()) + r.exhausted == total for r in result.rounds)


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        (kind, options)
        for kind, options in configured()
        if kind in ("instant_runoff", "stv", "two_round")
    ],
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=ranked_profiles())
def test_vote_value_is_conserved_in_every_round(
    kind: str, options: dict[str, Any], profile: RankedProfile
) -> None:
    """In every round, votes held plus votes exhausted equal the votes cast, exactly."""
    result = build(kind, options).elect(profile)

    assert _conserves(result, profile.total_weight)


@pytest.mark.parametrize("transfer", ["gregory", "meek"])
@FAST
@given(profile=ranked_profiles(min_candidates=3), seats=st.integers(1, 3))
def test_stv_elects_in_order_and_never_more_than_the_seats(
    transfer: str, profile: RankedProfile, seats: int
) -> None:
    """Winners are listed in the order the rounds elected them, at most one seat each."""
    result = build("stv", {"seats": seats, "transfer": transfer}).elect(profile)

    elected_in_rounds = [name for r in result.rounds for name in r.elected]
    if result.status is not ElectionStatus.TIED:
        assert tuple(elected_in_rounds) == result.winners
    assert len(result.winners) <= seats
