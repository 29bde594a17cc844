"""
Condorcet methods: decided by the head-to-head (pairwise) counts of ranked ballots.

Each elects the Condorcet winner (the candidate who beats every other head
to head) when there is one, and differs in how it resolves majority cycles.
The pairwise counts are computed once per profile, per distinct ballot.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import ClassVar

import attrs
from attrs import field, frozen

from govkit.errors import RuleError
from govkit.voting._method import (
    METHODS,
    ElectionResult,
    Profile,
    by_score,
    choice,
    ranked,
)
from govkit.voting._profile import RankedProfile, Weight

__all__ = [
    "KEMENY_LIMIT",
    "Copeland",
    "Kemeny",
    "Minimax",
    "RankedPairs",
    "Schulze",
    "Strength",
]

KEMENY_LIMIT = 10
"""Kemeny-Young refuses profiles with more candidates than this (its cost doubles with each)."""


class Strength(enum.Enum):
    """How strong a head-to-head win of a over b is."""

    MARGIN = "margin"
    """Ballots ranking a above b minus ballots ranking b above a."""
    WINNING_VOTES = "winning_votes"
    """Ballots ranking a above b (when a wins)."""


def _to_strength(value: Strength | str) -> Strength:
    return choice(Strength, "strength", value)


def _defeats(profile: RankedProfile, strength: Strength) -> dict[tuple[str, str], Weight]:
    """Every head-to-head win (a beats b) with its strength."""
    wins: dict[tuple[str, str], Weight] = {}
    for a in profile.candidates:
        for b in profile.candidates:
            if a != b and profile.margin(a, b) > 0:
                by_margin = strength is Strength.MARGIN
                wins[a, b] = profile.margin(a, b) if by_margin else profile.support(a, b)
    return wins


@METHODS.register("copeland")
@frozen
class Copeland:
    """
    Copeland's method: the candidate with the most head-to-head wins, less losses, wins.

    Formally, a candidate's score is the number of candidates it beats head
    to head minus the number it loses to (a head-to-head tie counts for
    neither). The highest score wins; a tie is TIED.

    Examples
    --------
    >>> from govkit.voting._profile import RankedProfile
    >>> tennessee = RankedProfile.from_counts({
    ...     ("memphis", "nashville", "chattanooga", "knoxville"): 42,
    ...     ("nashville", "chattanooga", "knoxville", "memphis"): 26,
    ...     ("chattanooga", "knoxville", "nashville", "memphis"): 15,
    ...     ("knoxville", "chattanooga", "nashville", "memphis"): 17,
    ... })
    >>> result = Copeland().elect(tennessee)
    >>> result.summary(), result.scores["nashville"]
    ('elected: nashville (Copeland)', 3)

    References
    ----------
    - A. H. Copeland, "A 'reasonable' social welfare function", seminar on
      applications of mathematics to social sciences, University of Michigan, 1951.
    - "Condorcet method", Wikipedia (the Tennessee capital example).
    """

    kind: ClassVar[str]

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the candidate with the best record of head-to-head wins."""
        ballots = ranked(profile, "Copeland")
        scores: dict[str, Weight] = dict.fromkeys(ballots.candidates, 0)
        for a in ballots.candidates:
            for b in ballots.candidates:
                if a != b:
                    margin = ballots.margin(a, b)
                    scores[a] += (margin > 0) - (margin < 0)
        return by_score(self.kind, "Copeland", ballots.candidates, scores)


@METHODS.register("schulze")
@frozen(kw_only=True)
class Schulze:
    """
    The Schulze (beatpath) method.

    Formally, the strength of a path a = x0, x1, ..., xk = b of head-to-head
    wins is its weakest win; p(a, b) is the strength of the strongest path
    from a to b (0 if none). a beats b by paths when p(a, b) > p(b, a). The
    winners are the candidates no one beats by paths; more than one is TIED
    (Schulze's own random tie-break is not applied).

    ``ElectionResult.scores`` holds, per candidate, how many it beats by paths.

    Parameters
    ----------
    strength : {"margin", "winning_votes"}, default "margin"
        How strong a head-to-head win is (see `Strength`); Schulze (2011)
        uses winning votes.

    Examples
    --------
    The 45-voter example of the Wikipedia article "Schulze method" :

    >>> from govkit.voting._profile import RankedProfile
    >>> votes = {"ACBED": 5, "ADECB": 5, "BEDAC": 8, "CABED": 3,
    ...          "CAEBD": 7, "CBADE": 2, "DCEBA": 7, "EBADC": 8}
    >>> profile = RankedProfile.from_counts([(tuple(order), n) for order, n in votes.items()])
    >>> Schulze(strength="winning_votes").elect(profile).summary()
    'elected: E (Schulze)'

    References
    ----------
    - M. Schulze, "A new monotonic, clone-independent, reversal symmetric,
      and Condorcet-consistent single-winner election method", *Social
      Choice and Welfare* 36(2), 2011, 267-303.
    - "Schulze method", Wikipedia (the 45-voter example).
    """

    kind: ClassVar[str]
    strength: Strength = field(default=Strength.MARGIN, converter=_to_strength)

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the candidates no one beats by strongest paths."""
        ballots = ranked(profile, "Schulze")
        names = ballots.candidates
        wins = _defeats(ballots, self.strength)
        path = {(a, b): wins.get((a, b), 0) for a in names for b in names if a != b}
        for k in names:  # Floyd-Warshall for widest paths
            for a in names:
                if a == k or not path[a, k]:
                    continue
                for b in names:
                    if b not in (a, k):
                        via = min(path[a, k], path[k, b])
                        path[a, b] = max(path[a, b], via)
        scores: dict[str, Weight] = {
            a: sum(path[a, b] > path[b, a] for b in names if b != a) for a in names
        }
        unbeaten: dict[str, Weight] = {
            a: int(all(path[b, a] <= path[a, b] for b in names if b != a)) for a in names
        }
        return attrs.evolve(by_score(self.kind, "Schulze", names, unbeaten), scores=scores)


@METHODS.register("ranked_pairs")
@frozen(kw_only=True)
class RankedPairs:
    """
    Ranked pairs (Tideman's method).

    Formally, take the head-to-head wins from strongest to weakest and lock
    each one in unless it would close a cycle with those already locked. The
    winner is the candidate no locked win points to. Wins of equal strength
    may be taken in any order: every order is tried, and if different
    orders give different winners (or a head-to-head tie leaves several
    unbeaten) the result is TIED between all of them, as in pref_voting.

    ``ElectionResult.scores`` holds, per candidate, how many candidates it is
    locked above whatever the order of equal wins (the minimum over orders).

    Parameters
    ----------
    strength : {"margin", "winning_votes"}, default "margin"
        How wins are ordered (see `Strength`).

    Examples
    --------
    >>> from govkit.voting._profile import RankedProfile
    >>> profile = RankedProfile.from_counts({("a", "b", "c"): 4, ("b", "c", "a"): 3,
    ...                                      ("c", "a", "b"): 2})
    >>> RankedPairs().elect(profile).summary()
    'elected: a (ranked pairs)'

    References
    ----------
    - T. N. Tideman, "Independence of clones as a criterion for voting
      rules", *Social Choice and Welfare* 4(3), 1987, 185-206.
    """

    kind: ClassVar[str]
    strength: Strength = field(default=Strength.MARGIN, converter=_to_strength)

    def elect(self, profile: Profile) -> ElectionResult:
        """Lock in wins from strongest to weakest, skipping those closing a cycle."""
        ballots = ranked(profile, "ranked pairs")
        names = ballots.candidates
        wins = _defeats(ballots, self.strength)
        groups: dict[Weight, list[tuple[str, str]]] = {}
        for pair, strength in wins.items():
            groups.setdefault(strength, []).append(pair)
        states: set[frozenset[tuple[str, str]]] = {frozenset()}
        for strength in sorted(groups, reverse=True):
            states = {done for state in states for done in _lock_group(state, groups[strength])}
        winners = {name for state in states for name in _unbeaten(names, state)}
        scores: dict[str, Weight] = {
            name: min(len(_reachable(name, state)) for state in states) for name in names
        }
        unbeaten: dict[str, Weight] = {name: int(name in winners) for name in names}
        result = by_score(self.kind, "ranked pairs", names, unbeaten)
        return attrs.evolve(result, scores=scores)


def _reachable(start: str, locked: frozenset[tuple[str, str]]) -> set[str]:
    seen: set[str] = set()
    frontier = [start]
    while frontier:
        node = frontier.pop()
        for a, b in locked:
            if a == node and b not in seen:
                seen.add(b)
                frontier.append(b)
    return seen


def _unbeaten(names: tuple[str, ...], locked: frozenset[tuple[str, str]]) -> list[str]:
    beaten = {b for _, b in locked}
    return [name for name in names if name not in beaten]


def _lock_group(
    locked: frozenset[tuple[str, str]], group: list[tuple[str, str]]
) -> set[frozenset[tuple[str, str]]]:
    """Every locked set that taking the equally strong *group* in some order can give."""
    if all(a not in _reachable(b, locked | set(group)) for a, b in group):
        return {locked | frozenset(group)}  # no cycle whatever the order
    memo: dict[
        tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]],
        set[frozenset[tuple[str, str]]],
    ] = {}

    def take(
        done: frozenset[tuple[str, str]], left: frozenset[tuple[str, str]]
    ) -> set[frozenset[tuple[str, str]]]:
        if not left:
            return {done}
        key = (done, left)
        if key not in memo:
            out: set[frozenset[tuple[str, str]]] = set()
            for a, b in left:
                after = done if a in _reachable(b, done) else done | {(a, b)}
                out |= take(after, left - {(a, b)})
            memo[key] = out
        return memo[key]

    return take(locked, frozenset(group))


@METHODS.register("minimax")
@frozen(kw_only=True)
class Minimax:
    """
    The minimax (Simpson-Kramer) method: the candidate whose worst defeat is mildest wins.

    Formally, a candidate's score is the largest margin by which any other
    candidate beats it head to head (negative if it beats everyone); with
    ``strength: winning_votes``, the largest number of ballots of a
    candidate beating it (0 if unbeaten). The lowest score wins; a tie is TIED.

    Parameters
    ----------
    strength : {"margin", "winning_votes"}, default "margin"
        How a defeat is measured.

    Examples
    --------
    >>> from govkit.voting._profile import RankedProfile
    >>> profile = RankedProfile.from_counts({("a", "b", "c"): 4, ("b", "c", "a"): 3,
    ...                                      ("c", "a", "b"): 2})
    >>> result = Minimax().elect(profile)
    >>> result.summary(), dict(result.scores)
    ('elected: a (minimax)', {'a': 1, 'b': 3, 'c': 5})

    References
    ----------
    - P. B. Simpson, "On defining areas of voter choice: Professor Tullock
      on stable voting", *Quarterly Journal of Economics* 83(3), 1969, 478-490.
    - G. H. Kramer, "A dynamical model of political equilibrium",
      *Journal of Economic Theory* 16(2), 1977, 310-334.
    """

    kind: ClassVar[str]
    strength: Strength = field(default=Strength.MARGIN, converter=_to_strength)

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the candidate whose largest head-to-head defeat is smallest."""
        ballots = ranked(profile, "minimax")
        names = ballots.candidates
        worst: Callable[[str, str], Weight]
        if self.strength is Strength.MARGIN:
            worst = ballots.margin
        else:
            wins = _defeats(ballots, self.strength)
            worst = lambda b, a: wins.get((b, a), 0)  # noqa: E731
        scores: dict[str, Weight] = {
            a: max((worst(b, a) for b in names if b != a), default=0) for a in names
        }
        result = by_score(self.kind, "minimax", names, {a: -scores[a] for a in names})
        return attrs.evolve(result, scores=scores)


@METHODS.register("kemeny")
@frozen
class Kemeny:
    """
    The Kemeny-Young method: the ranking agreeing most with the ballots decides.

    Formally, the agreement of a ranking of all candidates with the ballots
    is the total, over pairs a ranked above b, of the ballots also ranking a
    above b. A Kemeny ranking has the greatest agreement; the winners are
    the candidates that head some Kemeny ranking; more than one is TIED.

    Found by dynamic programming over subsets (time about 2**n * n**2), so
    it refuses more than `KEMENY_LIMIT` candidates with a RuleError.

    ``ElectionResult.scores`` holds, per candidate, the greatest agreement of
    a ranking it heads.

    Examples
    --------
    >>> from govkit.voting._profile import RankedProfile
    >>> profile = RankedProfile.from_counts({("a", "b", "c"): 4, ("b", "c", "a"): 3,
    ...                                      ("c", "a", "b"): 2})
    >>> result = Kemeny().elect(profile)
    >>> result.summary(), dict(result.scores)
    ('elected: a (Kemeny-Young)', {'a': 17, 'b': 15, 'c': 13})

    References
    ----------
    - J. G. Kemeny, "Mathematics without numbers", *Daedalus* 88(4), 1959,
      577-591.
    - H. P. Young and A. Levenglick, "A consistent extension of
      Condorcet's election principle", *SIAM Journal on Applied
      Mathematics* 35(2), 1978, 285-300.
    """

    kind: ClassVar[str]

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the candidates heading a ranking of greatest agreement."""
        ballots = ranked(profile, "Kemeny-Young")
        names = ballots.candidates
        n = len(names)
        if n > KEMENY_LIMIT:
            msg = (
                f"Kemeny-Young counts at most {KEMENY_LIMIT} candidates "
                f"(its cost doubles with each), got {n}"
            )
            raise RuleError(msg)
        support = [[ballots.support(a, b) for b in names] for a in names]
        # against[c][S]: agreement gained by ranking c above every candidate in subset S
        against: list[list[Weight]] = []
        for c in range(n):
            row: list[Weight] = [0] * (1 << n)
            for subset in range(1, 1 << n):
                low = subset & -subset
                row[subset] = row[subset ^ low] + support[c][low.bit_length() - 1]
            against.append(row)
        best: list[Weight] = [0] * (1 << n)  # best[S]: greatest agreement ordering S alone
        for subset in range(1, 1 << n):
            best[subset] = max(
                against[c][subset ^ (1 << c)] + best[subset ^ (1 << c)]
                for c in range(n)
                if subset >> c & 1
            )
        everyone = (1 << n) - 1
        scores: dict[str, Weight] = {
            names[c]: against[c][everyone ^ (1 << c)] + best[everyone ^ (1 << c)] for c in range(n)
        }
        return by_score(self.kind, "Kemeny-Young", names, scores)
