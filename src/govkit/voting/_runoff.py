"""
Runoff methods: instant runoff (the alternative vote) and the two-round (contingent) vote.

Both count ranked ballots in rounds and record every round. Ties their own
definitions cannot break are explored, never broken by a hidden order: see
`govkit.voting.ElectionStatus.TIED`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar

import attrs
from attrs import frozen

from govkit.voting._condition import format_amount
from govkit.voting._method import (
    METHODS,
    Chooser,
    ElectionResult,
    ElectionRound,
    Profile,
    break_by_earlier_rounds,
    explore,
    ranked,
)
from govkit.voting._profile import RankedProfile, Ranking, Weight

if TYPE_CHECKING:
    from govkit.voting._array_count import RunoffPiles

__all__ = ["InstantRunoff", "TwoRound"]


class _Piles:
    """
    Which ballots count for whom, updated as candidates are excluded.

    A ballot counts for the continuing candidates of its highest rank that
    has any, split equally among them. Only the ballots of an excluded
    candidate are looked at again, so a whole count costs about one pass
    over the distinct ballots.
    """

    def __init__(self, profile: RankedProfile) -> None:
        self.rankings: list[Ranking] = list(profile.ballots)
        self.weights: list[Weight] = list(profile.ballots.values())
        self.position = [0] * len(self.rankings)
        self.alive = set(profile.candidates)
        self.counts: dict[str, Weight] = dict.fromkeys(profile.candidates, 0)
        self.piles: dict[str, list[int]] = {name: [] for name in profile.candidates}
        self.exhausted: Weight = 0
        for index, ranking in enumerate(self.rankings):
            top = ranking[0]
            share = _share(self.weights[index], len(top))
            for name in top:
                self.counts[name] += share
                self.piles[name].append(index)

    def exclude(self, excluded: list[str]) -> dict[str, Weight]:
        """Exclude candidates, pass their ballots on, and return what each candidate got."""
        before = dict(self.counts)
        alive_before = set(self.alive)
        self.alive.difference_update(excluded)
        touched = dict.fromkeys(index for name in excluded for index in self.piles.pop(name))
        for name in excluded:
            del self.counts[name]
        for index in touched:
            ranking, weight, position = (
                self.rankings[index],
                self.weights[index],
                self.position[index],
            )
            held = [name for name in ranking[position] if name in alive_before]
            old_share = _share(weight, len(held))
            for name in held:
                if name in self.alive:
                    self.counts[name] -= old_share
            while position < len(ranking):
                members = [name for name in ranking[position] if name in self.alive]
                if members:
                    break
                position += 1
            else:
                self.exhausted += weight
                self.position[index] = position
                continue
            share = _share(weight, len(members))
            for name in members:
                self.counts[name] += share
                if position != self.position[index]:
                    self.piles[name].append(index)
            self.position[index] = position
        transfers = {name: self.counts[name] - before[name] for name in self.counts}
        return {name: amount for name, amount in transfers.items() if amount}


def _piles(profile: RankedProfile) -> _Piles | RunoffPiles:
    """Piles over the profile's ballots, or over its arrays when it has them (same results)."""
    if profile._array is None:
        return _Piles(profile)
    from govkit.voting._array_count import RunoffPiles  # noqa: PLC0415 - needs numpy

    return RunoffPiles(profile._array, profile.candidates)


def _share(weight: Weight, ways: int) -> Weight:
    return weight if ways == 1 else Fraction(weight, ways)


def _in_order(candidates: tuple[str, ...], names: set[str]) -> list[str]:
    return [name for name in candidates if name in names]


@METHODS.register("instant_runoff")
@frozen(kw_only=True)
class InstantRunoff:
    """
    Instant runoff voting (the alternative vote, IRV, "ranked choice").

    Formally, in each round every ballot counts for its highest-ranked
    candidate still in the count (split equally if it ranks several of them
    equal there); a ballot ranking none of them is exhausted. If a
    candidate holds more than half the votes of the ballots not exhausted,
    or is the last one left, that candidate is elected. Otherwise the
    candidate with the fewest votes is excluded and the next round counts.

    Candidates with no votes at all are excluded together (the order among
    them cannot matter). Otherwise, a tie for fewest votes is broken by
    earlier rounds, most recent first ("backwards" tie-breaking: exclude the
    one with fewer votes in the last round where the tied candidates
    differed), when ``backwards_tie_break`` is on. A tie still unbroken is not
    broken by any hidden order: every way of breaking it is counted, and if
    they elect different candidates the result is TIED between those who may
    be elected; if they all elect the same candidate, that candidate is
    elected and the note says the tie did not matter.

    ``ElectionResult.scores`` holds the votes of the last round.

    Parameters
    ----------
    backwards_tie_break : bool, default True
        Break ties for exclusion by earlier rounds first.

    Examples
    --------
    The Tennessee capital example : Memphis leads on first preferences
    but Knoxville wins after Chattanooga and then Nashville are excluded.

    >>> from govkit.voting._profile import RankedProfile
    >>> tennessee = RankedProfile.from_counts({
    ...     ("memphis", "nashville", "chattanooga", "knoxville"): 42,
    ...     ("nashville", "chattanooga", "knoxville", "memphis"): 26,
    ...     ("chattanooga", "knoxville", "nashville", "memphis"): 15,
    ...     ("knoxville", "chattanooga", "nashville", "memphis"): 17,
    ... })
    >>> result = InstantRunoff().elect(tennessee)
    >>> result.summary()
    'elected: knoxville (instant runoff, 3 rounds)'
    >>> [r.eliminated for r in result.rounds]
    [('chattanooga',), ('nashville',), ()]

    References
    ----------
    - T. Hare, *The Election of Representatives, Parliamentary and
      Municipal*, Longman, 1859.
    - J. O'Neill, "Tie-breaking with the single transferable vote",
      *Voting Matters* 18, 2004, 14-17 (backwards tie-breaking).
    - "Condorcet method", Wikipedia (the Tennessee capital example).
    """

    kind: ClassVar[str]
    backwards_tie_break: bool = True

    def elect(self, profile: Profile) -> ElectionResult:
        """Count the ballots round by round until a candidate has a majority."""
        ballots = ranked(profile, "instant runoff")
        candidates = ballots.candidates

        def count(chooser: Chooser) -> tuple[str, ...]:
            piles = _piles(ballots)
            history: list[dict[str, Weight]] = []
            while True:
                continuing = _in_order(candidates, piles.alive)
                counts = {name: piles.counts[name] for name in continuing}
                number = len(history) + 1
                pending = ElectionRound(number=number, counts=counts, exhausted=piles.exhausted)
                active = sum(counts.values(), 0)
                leader = max(continuing, key=counts.__getitem__)
                if len(continuing) == 1 or 2 * counts[leader] > active:
                    chooser.rounds.append(attrs.evolve(pending, elected=(leader,)))
                    return (leader,)
                if not active:
                    winner = chooser.choose(
                        continuing,
                        f"no ballots are left for {', '.join(continuing)}",
                        pending=pending,
                        contenders=continuing,
                    )
                    chooser.rounds.append(attrs.evolve(pending, elected=(winner,)))
                    return (winner,)
                fewest = min(counts.values())
                excluded = [name for name in continuing if counts[name] == fewest]
                note = ""
                if fewest == 0:
                    note = "no votes" if len(excluded) == 1 else "no votes; excluded together"
                elif len(excluded) > 1:
                    tied = excluded
                    if self.backwards_tie_break:
                        excluded = break_by_earlier_rounds(tied, history, lowest=True)
                    if len(excluded) == 1:
                        note = f"{', '.join(tied)} tied with {format_amount(fewest)}; "
                        note += f"{excluded[0]} had fewer votes in an earlier round"
                    else:
                        reason = (
                            f"{', '.join(excluded)} tied for exclusion with {format_amount(fewest)}"
                        )
                        if self.backwards_tie_break and history:
                            reason += " (and in every earlier round)"
                        excluded = [
                            chooser.choose(excluded, reason, pending=pending, contenders=continuing)
                        ]
                history.append(counts)
                transfers = piles.exclude(excluded)
                chooser.rounds.append(
                    attrs.evolve(
                        pending, eliminated=tuple(excluded), transfers=transfers, note=note
                    )
                )

        return explore(
            count,
            kind=self.kind,
            label="instant runoff",
            candidates=candidates,
            scores=_last_counts,
        )


def _head_to_head(ballots: RankedProfile, a: str, b: str) -> dict[str, Weight]:
    """Count, in one pass, the ballots ranking *a* above *b* and those ranking *b* above *a*."""
    votes: dict[str, Weight] = {a: 0, b: 0}
    pair = {a, b}
    for ranking, weight in ballots.ballots.items():
        for rank in ranking:
            if len(rank) == 1:
                if rank[0] in pair:
                    votes[rank[0]] += weight
                    break
            elif pair.intersection(rank):
                if not pair.issubset(rank):
                    votes[a if a in rank else b] += weight
                break
    return votes


def _last_counts(chooser: Chooser) -> dict[str, Weight]:
    return dict(chooser.rounds[-1].counts) if chooser.rounds else {}


@METHODS.register("two_round")
@frozen
class TwoRound:
    """
    The two-round system, with the second round read from ranked ballots (contingent vote).

    Formally, round one counts first preferences (a ballot ranking *k*
    candidates equal first gives each 1/k). A candidate with more than half
    of them is elected. Otherwise the two candidates with the most first
    preferences go to a runoff, decided by the ranked ballots: each ballot
    counts for the finalist it ranks higher; a ballot ranking them equal (or
    neither) is exhausted. The finalist with more votes is elected.

    A tie for a place in the runoff, or a tied runoff, is not broken by any
    hidden order: every way is tried, and if they elect different
    candidates the result is TIED.

    ``ElectionResult.scores`` holds the first-round counts.

    Examples
    --------
    >>> from govkit.voting._profile import RankedProfile
    >>> tennessee = RankedProfile.from_counts({
    ...     ("memphis", "nashville", "chattanooga", "knoxville"): 42,
    ...     ("nashville", "chattanooga", "knoxville", "memphis"): 26,
    ...     ("chattanooga", "knoxville", "nashville", "memphis"): 15,
    ...     ("knoxville", "chattanooga", "nashville", "memphis"): 17,
    ... })
    >>> result = TwoRound().elect(tennessee)
    >>> result.summary(), dict(result.rounds[1].counts)
    ('elected: nashville (two-round system, 2 rounds)', {'memphis': 42, 'nashville': 58})

    References
    ----------
    - A. Reynolds, B. Reilly and A. Ellis, *Electoral System Design: The
      New International IDEA Handbook*, International IDEA, 2005 (two-round
      system; contingent vote).
    """

    kind: ClassVar[str]

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect a majority winner, or the winner of a runoff between the top two."""
        ballots = ranked(profile, "two-round system")
        candidates = ballots.candidates
        first = dict(ballots.first_preferences)
        total = ballots.total_weight

        def count(chooser: Chooser) -> tuple[str, ...]:
            opening = ElectionRound(number=1, counts=first)
            leader = max(candidates, key=first.__getitem__)
            if len(candidates) == 1 or 2 * first[leader] > total:
                chooser.rounds.append(attrs.evolve(opening, elected=(leader,)))
                return (leader,)
            finalists: list[str] = []
            remaining = list(candidates)
            while len(finalists) < 2:
                best = max(first[name] for name in remaining)
                top = [name for name in remaining if first[name] == best]
                if len(top) > 2 - len(finalists):
                    best_text = format_amount(best)
                    reason = f"{', '.join(top)} tied with {best_text} for a place in the runoff"
                    top = [
                        chooser.choose(top, reason, pending=opening, contenders=[*finalists, *top])
                    ]
                finalists.extend(top)
                remaining = [name for name in remaining if name not in top]
            a, b = finalists
            out = tuple(name for name in candidates if name not in finalists)
            chooser.rounds.append(attrs.evolve(opening, eliminated=out))
            votes = _head_to_head(ballots, a, b)
            runoff = ElectionRound(number=2, counts=votes, exhausted=total - votes[a] - votes[b])
            if votes[a] == votes[b]:
                reason = f"runoff tied between {a} and {b} with {format_amount(votes[a])} each"
                winner = chooser.choose((a, b), reason, pending=runoff, contenders=(a, b))
            else:
                winner = a if votes[a] > votes[b] else b
            chooser.rounds.append(attrs.evolve(runoff, elected=(winner,)))
            return (winner,)

        return explore(
            count,
            kind=self.kind,
            label="two-round system",
            candidates=candidates,
            scores=lambda _: first,
        )
