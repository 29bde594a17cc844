"""
Differential tests: govkit's methods elect the same candidates as pref_voting.

Both libraries are run on the same seeded random profiles, and the winner
SETS are compared (pref_voting returns every tied winner as a sorted list;
govkit's winners plus its tied candidates). Where the two follow different
documented conventions, the test says so and compares only the profiles on
which the conventions agree.
"""

from __future__ import annotations

import functools
import random
import warnings
from collections.abc import Callable
from typing import Any

import pytest

from govkit.voting._condorcet import Copeland, Kemeny, Minimax, RankedPairs, Schulze
from govkit.voting._method import ElectionResult, ElectionStatus, Method
from govkit.voting._profile import RankedProfile
from govkit.voting._runoff import InstantRunoff, TwoRound
from govkit.voting._scoring import Borda, Dowdall, Plurality
from govkit.voting._stv import Stv

with warnings.catch_warnings():  # pref_voting's dependencies warn on import
    warnings.simplefilter("ignore")
    pv_profiles = pytest.importorskip("pref_voting.profiles")
    pv_with_ties = pytest.importorskip("pref_voting.profiles_with_ties")
    pv_scoring = pytest.importorskip("pref_voting.scoring_methods")
    pv_iterative = pytest.importorskip("pref_voting.iterative_methods")
    pv_margin = pytest.importorskip("pref_voting.margin_based_methods")
    pv_c1 = pytest.importorskip("pref_voting.c1_methods")
    pv_other = pytest.importorskip("pref_voting.other_methods")
    pv_stv = pytest.importorskip("pref_voting.proportional_methods")

Case = tuple[RankedProfile, Any, int]


@functools.cache
def random_cases(
    seed: int,
    count: int,
    *,
    candidates: tuple[int, int] = (2, 5),
    voters: tuple[int, int] = (1, 11),
    weights: tuple[int, int] = (1, 1),
    odd_voters: bool = False,
) -> list[Case]:
    """Seeded random profiles of complete strict rankings, in both libraries' forms."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        size = rng.randint(*candidates)
        names = [f"c{i}" for i in range(size)]
        orders, counts = [], []
        for _ in range(rng.randint(*voters)):
            order = list(range(size))
            rng.shuffle(order)
            orders.append(order)
            counts.append(rng.randint(*weights))
        if odd_voters and sum(counts) % 2 == 0:
            counts[0] += 1
        ours = RankedProfile.from_counts(
            [(tuple(names[i] for i in order), n) for order, n in zip(orders, counts, strict=True)],
            candidates=names,
        )
        theirs = pv_profiles.Profile(orders, rcounts=counts)
        cases.append((ours, theirs, rng.randint(1, max(1, size - 1))))
    return cases


def winner_set(result: ElectionResult) -> list[str]:
    """govkit's possible winners: those elected and those tied for the seats."""
    return sorted(result.winners + result.tied)


def their_set(profile: RankedProfile, indices: list[int]) -> list[str]:
    """pref_voting's winners, as candidate names."""
    return sorted(profile.candidates[i] for i in indices)


def mismatches(
    cases: list[Case],
    ours: Callable[[int], Method],
    theirs: Callable[[Any, int], list[int]],
    *,
    comparable: Callable[[ElectionResult], bool] = lambda _: True,
) -> tuple[list[tuple[Any, ...]], int]:
    """Run both on every case; return the disagreements and how many were compared."""
    found, compared = [], 0
    for profile, their_profile, seats in cases:
        result = ours(seats).elect(profile)
        if not comparable(result):
            continue
        compared += 1
        expected = their_set(profile, theirs(their_profile, seats))
        if winner_set(result) != expected:
            found.append((dict(profile.ballots), seats, winner_set(result), expected))
    return found, compared


Pair = tuple[Callable[[int], Method], Callable[[Any, int], list[int]]]

SINGLE_WINNER: dict[str, Pair] = {
    "plurality": (lambda _: Plurality(), lambda p, _: pv_scoring.plurality(p)),
    # pref_voting's "marginal" Borda (the sum of margins) ranks candidates exactly as its
    # positional one on complete rankings, and spares a numba compilation of seconds.
    "borda": (lambda _: Borda(), lambda p, _: pv_scoring.borda(p, algorithm="marginal")),
    "two_round": (lambda _: TwoRound(), lambda p, _: pv_iterative.plurality_with_runoff_put(p)),
    "copeland": (lambda _: Copeland(), lambda p, _: pv_c1.copeland(p)),
    "schulze": (lambda _: Schulze(), lambda p, _: pv_margin.beat_path(p)),
    "schulze_winning_votes": (
        lambda _: Schulze(strength="winning_votes"),
        lambda p, _: pv_margin.beat_path(p, strength_function=p.support),
    ),
    "minimax": (lambda _: Minimax(), lambda p, _: pv_margin.minimax(p)),
    "kemeny": (lambda _: Kemeny(), lambda p, _: pv_other.kemeny_young(p)),
    # pref_voting's "from_stacks" algorithm gives the same winners as its "basic" one
    # (Zavist and Tideman 1989), without enumerating every order of equal margins.
    "ranked_pairs": (
        lambda _: RankedPairs(),
        lambda p, _: pv_margin.ranked_pairs(p, algorithm="from_stacks"),
    ),
}


@pytest.mark.parametrize("name", list(SINGLE_WINNER))
def test_single_winner_methods_agree_with_pref_voting(name: str) -> None:
    """On 1,000 random profiles (ties included) both libraries find the same winner set."""
    ours, theirs = SINGLE_WINNER[name]

    found, compared = mismatches(random_cases(seed=1, count=1000), ours, theirs)

    assert found == []
    assert compared == 1000


def test_instant_runoff_agrees_with_parallel_universe_tie_breaking() -> None:
    """Without backwards tie-breaking, govkit's IRV equals pref_voting's instant_runoff_put.

    Convention difference: pref_voting's plain ``instant_runoff`` excludes every candidate
    tied for fewest votes at once; govkit excludes one, trying every choice when the tie
    cannot be broken, which is what ``instant_runoff_put`` (parallel-universe
    tie-breaking) does.
    """
    found, compared = mismatches(
        random_cases(seed=2, count=2000),
        lambda _: InstantRunoff(backwards_tie_break=False),
        lambda p, _: pv_iterative.instant_runoff_put(p),
    )

    assert found == []
    assert compared == 2000


def _no_tie_broken_by_earlier_rounds(result: ElectionResult) -> bool:
    return not any("earlier round" in r.note for r in result.rounds) and result.note == ""


def test_instant_runoff_with_backwards_tie_breaking_agrees_when_it_is_not_used() -> None:
    """With backwards tie-breaking on, IRV agrees whenever no tie had to be broken at all.

    pref_voting has no backwards tie-breaking, so profiles where govkit used it (or
    met any tie for exclusion) are not compared.
    """
    found, compared = mismatches(
        random_cases(seed=1, count=1000, weights=(1, 50)),
        lambda _: InstantRunoff(),
        lambda p, _: pv_iterative.instant_runoff_put(p),
        comparable=_no_tie_broken_by_earlier_rounds,
    )

    assert found == []
    assert compared >= 900


def test_dowdall_agrees_up_to_pref_voting_float_rounding() -> None:
    """Dowdall agrees, except that pref_voting's float sums may split an exact tie.

    govkit adds 1, 1/2, 1/3, ... exactly; pref_voting adds floats, so candidates
    with exactly equal scores can come out unequal there. When govkit finds such
    a tie, pref_voting's winners must be among govkit's tied candidates.
    """
    found = []
    for profile, their_profile, _ in random_cases(seed=1, count=1000):
        result = Dowdall().elect(profile)
        expected = their_set(profile, pv_scoring.dowdall(their_profile))
        if result.status is ElectionStatus.TIED:
            if not set(expected) <= set(result.tied):
                found.append((dict(profile.ballots), winner_set(result), expected))
        elif winner_set(result) != expected:
            found.append((dict(profile.ballots), winner_set(result), expected))

    assert found == []


def test_ranked_pairs_with_winning_votes_agrees_without_majority_ties() -> None:
    """Ranked pairs by winning votes agrees on profiles with an odd number of voters.

    Convention difference: pref_voting also locks in head-to-head ties, in both
    directions, with strength support(a, b); with winning votes that strength is
    not the weakest, so a tie can block a real win. govkit locks only real wins.
    With an odd number of voters there are no head-to-head ties.
    """
    found, compared = mismatches(
        random_cases(seed=5, count=1000, candidates=(2, 4), odd_voters=True),
        lambda _: RankedPairs(strength="winning_votes"),
        lambda p, _: pv_margin.ranked_pairs(p, strength_function=p.support),
    )

    assert found == []
    assert compared == 1000


def truncated_cases(seed: int, count: int) -> list[tuple[RankedProfile, Any]]:
    """Seeded random profiles of truncated rankings with equal ranks, in both forms."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        size = rng.randint(2, 5)
        names = [f"c{i}" for i in range(size)]
        ours, theirs, weights = [], [], []
        for _ in range(rng.randint(1, 8)):
            order = list(range(size))
            rng.shuffle(order)
            ranks: dict[int, int] = {}
            ranking: list[list[str]] = []
            for position, index in enumerate(order[: rng.randint(1, size)]):
                if position and rng.random() < 0.3:
                    ranking[-1].append(names[index])  # ranked equal to the one before
                else:
                    ranking.append([names[index]])
                ranks[index] = len(ranking)
            weight = rng.randint(1, 3)
            ours.append((tuple(tuple(rank) for rank in ranking), weight))
            theirs.append(ranks)
            weights.append(weight)
        their_profile = pv_with_ties.ProfileWithTies(
            theirs, rcounts=weights, candidates=list(range(size))
        )
        their_profile.use_extended_strict_preference()  # unranked below ranked, as in govkit
        cases.append((RankedProfile.from_counts(ours, candidates=names), their_profile))
    return cases


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (Copeland(), pv_c1.copeland),
        (Schulze(), pv_margin.beat_path),
        (Minimax(), pv_margin.minimax),
    ],
    ids=["copeland", "schulze", "minimax"],
)
def test_condorcet_methods_agree_on_truncated_ballots_with_equal_ranks(
    ours: Method, theirs: Callable[[Any], list[int]]
) -> None:
    """On 600 profiles of truncated, tied rankings the winner sets agree.

    pref_voting compares unranked candidates with ranked ones only under "extended
    strict preference" (unranked below every ranked candidate), which is govkit's
    reading of a truncated ballot; the test switches it on.
    """
    found = []
    for profile, their_profile in truncated_cases(seed=8, count=600):
        result = ours.elect(profile)
        expected = their_set(profile, theirs(their_profile))
        if winner_set(result) != expected:
            found.append((dict(profile.ballots), winner_set(result), expected))

    assert found == []


def test_instant_runoff_agrees_on_truncated_ballots_with_equal_ranks() -> None:
    """On 400 profiles of truncated, tied rankings IRV agrees with pref_voting's split IRV.

    govkit splits a ballot equally among the candidates it ranks equal at its highest
    rank still in the count, which is pref_voting's ``score_method="split"`` (its
    default, "approval", gives each of them the whole ballot).
    """
    found = []
    for profile, their_profile in truncated_cases(seed=9, count=400):
        result = InstantRunoff(backwards_tie_break=False).elect(profile)
        expected = their_set(
            profile, pv_iterative.instant_runoff_put(their_profile, score_method="split")
        )
        if winner_set(result) != expected:
            found.append((dict(profile.ballots), winner_set(result), expected))

    assert found == []


def _without_ties(result: ElectionResult) -> bool:
    return result.status is ElectionStatus.ELECTED and result.note == ""


def _one_surplus_at_a_time(result: ElectionResult) -> bool:
    if not _without_ties(result) or any(r.note for r in result.rounds[:-1]):
        return False
    waiting = 0
    for count_round in result.rounds:
        quota = result.quota if result.quota is not None else 0
        waiting += sum(1 for name in count_round.elected if count_round.counts[name] > quota)
        if waiting > 1:
            return False
        if count_round.surplus is not None:
            waiting -= 1
    return True


def test_stv_gregory_agrees_with_weighted_inclusive_gregory() -> None:
    """STV (Gregory, Droop) elects the same committee as pref_voting's stv_wig.

    Convention differences: pref_voting transfers every surplus of the candidates
    elected in one stage before electing anyone who reaches the quota meanwhile
    (who thus keeps receiving transfers); govkit, like the Scottish rules, elects a
    candidate as soon as a transfer brings it to the quota. The two agree whenever
    at most one surplus awaits transfer at a time, so only such counts are compared.
    pref_voting also breaks ties by candidate number; counts with ties are skipped.
    """
    found, compared = mismatches(
        random_cases(seed=6, count=1500, candidates=(3, 6), voters=(2, 7), weights=(1, 300)),
        lambda seats: Stv(seats=seats, backwards_tie_break=False),
        lambda p, seats: pv_stv.stv_wig(p, num_seats=seats, quota_rule="droop"),
        comparable=_one_surplus_at_a_time,
    )

    assert found == []
    assert compared >= 700


def test_stv_meek_agrees_with_pref_voting_meek() -> None:
    """STV (Meek) elects the same committee as pref_voting's stv_meek.

    pref_voting iterates in floats to a tolerance of 1e-10; govkit rounds keep values
    up to nine decimals and computes votes exactly. Counts with ties are skipped.
    """
    found, compared = mismatches(
        random_cases(seed=6, count=1500, candidates=(3, 6), voters=(2, 7), weights=(1, 300))[:160],
        lambda seats: Stv(seats=seats, transfer="meek", backwards_tie_break=False),
        lambda p, seats: pv_stv.stv_meek(p, num_seats=seats),
        comparable=_without_ties,
    )

    assert found == []
    assert compared >= 150
