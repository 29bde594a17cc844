"""
Adapters for bench_tally.py: how each library is given the ballots and asked for a winner.

Every adapter has a ``build`` step (input form -> the library's profile or
ballot objects) and a ``count`` step (profile -> winners). The benchmark times
them separately, each count on a freshly built profile so that no library
profits from a cache filled by an earlier run.

The ballots reach an adapter in one of two forms, both prepared untimed:

- ``rows``: one row per voter, an (n, 10) int array of candidate indices;
- ``counts``: the distinct rows and how many voters cast each (numpy.unique).

Each library gets the form it is fastest with (see FORMS): govkit, pref_voting
and votekit take counts; pyrankvote and svvamp only take one ballot per voter.
govkit is also run from the rows (``govkit_rows``), so that the peers given
rows are compared with govkit given the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "ADAPTERS",
    "FORMS",
    "LIBRARIES",
    "METHODS",
    "OURS",
    "Adapter",
    "Ballots",
    "candidate_names",
]

IntArray = npt.NDArray[np.int64]

METHODS = ("plurality", "borda", "irv", "stv", "stv_meek", "schulze", "copeland")
"""Methods benchmarked; STV elects 3 seats with the Droop quota."""

SEATS = 3


def candidate_names(count: int) -> tuple[str, ...]:
    """Return the candidate names used by every library: c0, c1, ..."""
    return tuple(f"c{index}" for index in range(count))


@dataclass(frozen=True)
class Ballots:
    """The same ballots in both input forms."""

    rows: IntArray
    distinct: IntArray
    counts: IntArray

    @property
    def candidates(self) -> tuple[str, ...]:
        return candidate_names(int(self.rows.shape[1]))


@dataclass(frozen=True)
class Adapter:
    """How one library builds its input and counts one method."""

    build: Callable[[Ballots], Any]
    count: Callable[[Any], Any]
    winners: Callable[[Any, tuple[str, ...]], tuple[str, ...]]
    call: str
    renew: Callable[[Any], Any] | None = None
    """A cheap copy of a built profile with nothing cached (else the benchmark rebuilds)."""


# ---------------------------------------------------------------- govkit


def _govkit_build(ballots: Ballots) -> Any:
    from govkit.voting._profile import RankedProfile

    return RankedProfile.from_array(
        ballots.distinct, candidates=ballots.candidates, counts=ballots.counts
    )


def _govkit_method(method: str) -> Any:
    from govkit.voting._condorcet import Copeland, Schulze
    from govkit.voting._runoff import InstantRunoff
    from govkit.voting._scoring import Borda, Plurality
    from govkit.voting._stv import Stv

    return {
        "plurality": Plurality(),
        "borda": Borda(),
        "irv": InstantRunoff(),
        "stv": Stv(seats=SEATS),
        "stv_meek": Stv(seats=SEATS, transfer="meek"),
        "schulze": Schulze(),
        "copeland": Copeland(),
    }[method]


def _govkit_build_rows(ballots: Ballots) -> Any:
    from govkit.voting._profile import RankedProfile

    return RankedProfile.from_array(ballots.rows, candidates=ballots.candidates)


def _govkit_renew(profile: Any) -> Any:
    from govkit.voting._profile import RankedProfile

    # A new profile, caches empty: adding an empty array profile copies the arrays.
    nothing = np.zeros((0, len(profile.candidates)), dtype=np.int64)
    return profile + RankedProfile.from_array(nothing, candidates=profile.candidates)


def _govkit_winners(result: Any, _: tuple[str, ...]) -> tuple[str, ...]:
    status = result.status.value
    if status == "tied":
        return (*result.winners, *(f"tied:{name}" for name in result.tied))
    return tuple(result.winners)


def _govkit(method: str) -> Adapter:
    rule = _govkit_method(method)
    return Adapter(
        build=_govkit_build,
        count=rule.elect,
        winners=_govkit_winners,
        renew=_govkit_renew,
        call=f"{type(rule).__name__}(...).elect(RankedProfile.from_array(distinct, counts=...))",
    )


def _govkit_rows(method: str) -> Adapter:
    rule = _govkit_method(method)
    return Adapter(
        build=_govkit_build_rows,
        count=rule.elect,
        winners=_govkit_winners,
        renew=_govkit_renew,
        call=f"{type(rule).__name__}(...).elect(RankedProfile.from_array(rows))",
    )


# ---------------------------------------------------------------- pref_voting


def _pref_voting_build(ballots: Ballots) -> Any:
    from pref_voting.profiles import Profile

    return Profile(ballots.distinct, rcounts=ballots.counts.tolist())


def _pref_voting(method: str) -> Adapter | None:
    from pref_voting.c1_methods import copeland
    from pref_voting.iterative_methods import instant_runoff
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.proportional_methods import stv_meek, stv_wig
    from pref_voting.scoring_methods import borda, plurality

    calls: dict[str, tuple[Callable[[Any], Any], str]] = {
        "plurality": (plurality, "plurality(profile)"),
        "borda": (borda, "borda(profile)"),
        "irv": (instant_runoff, "instant_runoff(profile)"),
        "stv": (
            lambda profile: stv_wig(profile, num_seats=SEATS, quota_rule="droop"),
            "stv_wig(profile, num_seats=3, quota_rule='droop')",
        ),
        "stv_meek": (
            lambda profile: stv_meek(profile, num_seats=SEATS),
            "stv_meek(profile, num_seats=3)",
        ),
        "schulze": (beat_path, "beat_path(profile) (Schulze)"),
        "copeland": (copeland, "copeland(profile)"),
    }
    count, call = calls[method]
    return Adapter(
        build=_pref_voting_build,
        count=count,
        winners=lambda found, names: tuple(names[int(index)] for index in found),
        call=f"{call} on Profile(distinct, rcounts=counts)",
    )


# ---------------------------------------------------------------- votekit


def _votekit_build(ballots: Ballots) -> Any:
    from votekit.ballot import RankBallot
    from votekit.pref_profile import RankProfile

    names = ballots.candidates
    singles = [frozenset({name}) for name in names]
    return RankProfile(
        ballots=[
            RankBallot(ranking=tuple(singles[index] for index in row), weight=count)
            for row, count in zip(ballots.distinct.tolist(), ballots.counts.tolist(), strict=True)
        ],
        candidates=names,
        max_ranking_length=len(names),
    )


def _votekit(method: str) -> Adapter | None:
    from votekit.elections import Borda, FastSTV, Plurality, Schulze
    from votekit.elections.election_types.ranking.stv.stv import FastIRV

    calls: dict[str, tuple[Callable[[Any], Any], str]] = {
        "plurality": (lambda profile: Plurality(profile, n_seats=1), "Plurality(profile)"),
        "borda": (lambda profile: Borda(profile, n_seats=1), "Borda(profile)"),
        "irv": (FastIRV, "FastIRV(profile)"),
        "stv": (lambda profile: FastSTV(profile, n_seats=SEATS), "FastSTV(profile, n_seats=3)"),
        "schulze": (lambda profile: Schulze(profile, n_seats=1), "Schulze(profile)"),
    }
    if method not in calls:
        return None
    count, call = calls[method]
    return Adapter(
        build=_votekit_build,
        count=count,
        winners=lambda election, _: tuple(
            sorted(name for group in election.get_elected() for name in group)
        ),
        call=f"{call} on RankProfile(ballots=[RankBallot(ranking, weight=count) per distinct])",
    )


# ---------------------------------------------------------------- pyrankvote


def _pyrankvote_build(ballots: Ballots) -> Any:
    import pyrankvote

    people = [pyrankvote.Candidate(name) for name in ballots.candidates]
    return people, [
        pyrankvote.Ballot(ranked_candidates=[people[index] for index in row])
        for row in ballots.rows.tolist()
    ]


def _pyrankvote(method: str) -> Adapter | None:
    import pyrankvote

    calls: dict[str, tuple[Callable[[Any], Any], str]] = {
        "irv": (
            lambda built: pyrankvote.instant_runoff_voting(*built),
            "instant_runoff_voting(candidates, ballots)",
        ),
        "stv": (
            lambda built: pyrankvote.single_transferable_vote(*built, number_of_seats=SEATS),
            "single_transferable_vote(candidates, ballots, number_of_seats=3)",
        ),
    }
    if method not in calls:
        return None
    count, call = calls[method]
    return Adapter(
        build=_pyrankvote_build,
        count=count,
        winners=lambda result, _: tuple(sorted(person.name for person in result.get_winners())),
        call=f"{call}, one Ballot per voter",
    )


# ---------------------------------------------------------------- svvamp


def _svvamp_build(ballots: Ballots) -> Any:
    import svvamp

    return svvamp.Profile(preferences_rk=ballots.rows)


def _svvamp(method: str) -> Adapter | None:
    import svvamp

    rules: dict[str, Any] = {
        "plurality": svvamp.RulePlurality,
        "borda": svvamp.RuleBorda,
        "irv": svvamp.RuleIRV,
        "schulze": svvamp.RuleSchulze,
        "copeland": svvamp.RuleCopeland,
    }
    if method not in rules:
        return None
    rule = rules[method]

    def count(profile: Any) -> Any:
        result = rule()(profile)
        _ = result.w_  # svvamp computes lazily: ask for the winner inside the timed call
        return result

    return Adapter(
        build=_svvamp_build,
        count=count,
        winners=lambda result, names: (names[int(result.w_)],),
        call=f"{rule.__name__}()(Profile(preferences_rk=rows)).w_",
    )


LIBRARIES = ("govkit", "govkit_rows", "pref_voting", "votekit", "pyrankvote", "svvamp")
"""``govkit_rows`` is govkit given the rows, the form pyrankvote and svvamp get."""
DISTRIBUTIONS = {
    "govkit": "govkit",
    "govkit_rows": "govkit",
    "pref_voting": "pref_voting",
    "votekit": "votekit",
    "pyrankvote": "pyrankvote",
    "svvamp": "svvamp",
}
FORMS = {
    "govkit": "counts",
    "govkit_rows": "rows",
    "pref_voting": "counts",
    "votekit": "counts",
    "pyrankvote": "rows",
    "svvamp": "rows",
}
"""The input form each library is given: the fastest it accepts."""

OURS = {"counts": "govkit", "rows": "govkit_rows"}
"""The govkit contender given each input form: a peer is compared with the one in its form."""

ADAPTERS: dict[str, Callable[[str], Adapter | None]] = {
    "govkit": _govkit,
    "govkit_rows": _govkit_rows,
    "pref_voting": _pref_voting,
    "votekit": _votekit,
    "pyrankvote": _pyrankvote,
    "svvamp": _svvamp,
}
"""For each library, the adapter of a method, or None when it does not offer it."""
