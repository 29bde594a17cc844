"""
Scoring methods: each ballot gives candidates points; the highest totals win.

Plurality, Borda and Dowdall read ranked ballots; approval, block and limited
voting read approval ballots; score voting and STAR read score ballots.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from math import lcm
from typing import ClassVar

import attrs
from attrs import field, frozen

from govkit.errors import ConfigError, RuleError
from govkit.voting._condition import format_amount
from govkit.voting._method import (
    METHODS,
    Chooser,
    ElectionResult,
    ElectionRound,
    Profile,
    approvals,
    by_score,
    check_seats,
    explore,
    ranked,
    scored,
)
from govkit.voting._profile import Ranking, Weight

__all__ = [
    "ApprovalVoting",
    "BlockVoting",
    "Borda",
    "Dowdall",
    "LimitedVoting",
    "Plurality",
    "ScoreVoting",
    "Star",
]


def _half(value: Weight) -> Weight:
    if isinstance(value, int) and value % 2 == 0:
        return value // 2
    return Fraction(value) / 2


@METHODS.register("plurality")
@frozen
class Plurality:
    """
    The candidate with the most first preferences wins (first past the post).

    Formally, the score of candidate *c* is the total weight of ballots
    ranking *c* first; a ballot ranking *k* candidates equal first gives each
    1/k. The candidates with the highest score win; if there are several,
    the result is TIED between them. Later preferences are ignored.

    Examples
    --------
    The Tennessee capital example : 42% Memphis, 26% Nashville, 15%
    Chattanooga and 17% Knoxville first preferences.

    >>> from govkit.voting._profile import RankedProfile
    >>> tennessee = RankedProfile.from_counts({
    ...     ("memphis", "nashville", "chattanooga", "knoxville"): 42,
    ...     ("nashville", "chattanooga", "knoxville", "memphis"): 26,
    ...     ("chattanooga", "knoxville", "nashville", "memphis"): 15,
    ...     ("knoxville", "chattanooga", "nashville", "memphis"): 17,
    ... })
    >>> Plurality().elect(tennessee).summary()
    'elected: memphis (plurality)'

    References
    ----------
    - W. S. Zwicker, "Introduction to the theory of voting", in F. Brandt
      et al. (eds.), *Handbook of Computational Social Choice*, Cambridge
      University Press, 2016, ch. 2.
    - "Condorcet method", Wikipedia (the Tennessee capital example).
    """

    kind: ClassVar[str]

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the candidate with the most first preferences."""
        ballots = ranked(profile, "plurality")
        scores = ballots.first_preferences
        return by_score(self.kind, "plurality", ballots.candidates, scores)


@METHODS.register("borda")
@frozen
class Borda:
    """
    The Borda count: with *n* candidates, a ballot gives n-1 points to its first, down to 0.

    Formally, a candidate in position *p* (1-based) of a ballot gets
    ``n - p`` points. Candidates ranked equal share the points of the
    positions they occupy (the average), and the candidates a truncated
    ballot leaves out share the points of the bottom positions in the same
    way. Equivalently, a candidate gets one point for every candidate ranked
    below it and half a point for every candidate ranked equal to it, so the
    scores follow from the pairwise counts. The highest total wins; a tie
    for the highest total is TIED.

    Examples
    --------
    >>> from govkit.voting._profile import RankedProfile
    >>> profile = RankedProfile.from_counts({("a", "b", "c"): 3, ("b", "c", "a"): 2})
    >>> result = Borda().elect(profile)
    >>> result.summary(), dict(result.scores)
    ('elected: b (Borda count)', {'a': 6, 'b': 7, 'c': 2})

    References
    ----------
    - J.-C. de Borda, "Mémoire sur les élections au scrutin", *Histoire de
      l'Académie Royale des Sciences*, 1781.
    - W. S. Zwicker, "Introduction to the theory of voting", in *Handbook
      of Computational Social Choice*, Cambridge University Press, 2016, ch. 2.
    """

    kind: ClassVar[str]

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the candidate with the highest Borda score."""
        ballots = ranked(profile, "Borda count")
        n = len(ballots.candidates)
        doubled: dict[str, Weight] = dict.fromkeys(ballots.candidates, 0)
        unranked: Weight = 0  # doubled points every candidate gets from ballots leaving it out
        if ballots._array is not None:  # the same sums, by numpy (see _ranked_array)
            array_points, unranked = ballots._array.borda_doubled()
            doubled = dict(zip(ballots.candidates, array_points, strict=True))
            ranked_ballots: Iterable[tuple[Ranking, Weight]] = ()
        else:
            ranked_ballots = ballots.ballots.items()
        for ranking, weight in ranked_ballots:
            position = 0
            left_out = n - sum(len(rank) for rank in ranking)
            base = left_out - 1  # doubled average points of the left-out candidates
            for rank in ranking:
                size = len(rank)
                points = weight * (2 * n - 2 * position - size - 1 - base)
                for name in rank:
                    doubled[name] += points
                position += size
            unranked += weight * base
        scores = {name: _half(doubled[name] + unranked) for name in ballots.candidates}
        return by_score(self.kind, "Borda count", ballots.candidates, scores)


@METHODS.register("dowdall")
@frozen
class Dowdall:
    """
    The Dowdall (Nauru) count: a ballot gives 1 point to its first, 1/2 to its second, and so on.

    Formally, a candidate in position *p* (1-based) of a ballot gets ``1/p``
    points; candidates ranked equal share the average of the points of the
    positions they occupy; candidates a ballot leaves out get nothing. The
    highest total wins; a tie for the highest total is TIED. Scores are exact
    fractions.

    Examples
    --------
    >>> from govkit.voting._profile import RankedProfile
    >>> profile = RankedProfile.from_counts({("a", "b", "c"): 3, ("b", "c", "a"): 2})
    >>> result = Dowdall().elect(profile)
    >>> result.winners, result.scores["a"], result.scores["b"]
    (('a',), Fraction(11, 3), Fraction(7, 2))

    References
    ----------
    - B. Reilly, "Social choice in the South Seas: electoral innovation and
      the Borda count in the Pacific Island countries", *International
      Political Science Review* 23(4), 2002, 355-372.
    """

    kind: ClassVar[str]

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the candidate with the highest Dowdall score."""
        ballots = ranked(profile, "Dowdall count")
        scale = lcm(*range(1, len(ballots.candidates) + 1))  # points x scale are whole numbers
        scaled: dict[str, Weight] = dict.fromkeys(ballots.candidates, 0)
        for ranking, weight in ballots.ballots.items():
            position = 0
            for rank in ranking:
                size = len(rank)
                if size == 1:
                    points: Weight = scale // (position + 1)
                else:
                    total = sum(
                        scale // place for place in range(position + 1, position + size + 1)
                    )
                    points = Fraction(total, size)
                for name in rank:
                    scaled[name] += weight * points
                position += size
        scores = {name: Fraction(value) / scale for name, value in scaled.items()}
        return by_score(self.kind, "Dowdall count", ballots.candidates, scores)


@METHODS.register("approval")
@frozen(kw_only=True)
class ApprovalVoting:
    """
    Approval voting: each ballot marks any number of candidates; the most marked win.

    Formally, a candidate's score is the total weight of ballots marking it.
    The ``seats`` candidates with the highest scores are elected; if candidates
    tie at the last seat, the result is TIED between them (those above the
    tie are elected).

    Parameters
    ----------
    seats : int, default 1
        How many to elect (with more than one: multi-winner approval voting).

    Examples
    --------
    >>> from govkit.voting._profile import ApprovalProfile
    >>> profile = ApprovalProfile.from_ballots([{"ann", "bo"}, {"bo"}, {"cy", "ann"}, {"bo"}])
    >>> ApprovalVoting().elect(profile).summary()
    'elected: bo (approval voting)'

    References
    ----------
    - S. J. Brams and P. C. Fishburn, "Approval voting", *American
      Political Science Review* 72(3), 1978, 831-847.
    """

    kind: ClassVar[str]
    seats: int = field(default=1, validator=check_seats)

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the ``seats`` most approved candidates."""
        ballots = approvals(profile, "approval voting")
        return by_score(
            self.kind, "approval voting", ballots.candidates, ballots.approvals, seats=self.seats
        )


def _marks_within(profile: Profile, label: str, limit: int) -> Mapping[str, Weight]:
    ballots = approvals(profile, label)
    for marked in ballots.ballots:
        if len(marked) > limit:
            names = ", ".join(name for name in ballots.candidates if name in marked)
            msg = f"{label} allows at most {limit} marks per ballot; a ballot marks {names}"
            raise RuleError(msg)
    return ballots.approvals


@METHODS.register("block")
@frozen(kw_only=True)
class BlockVoting:
    """
    Block voting (plurality-at-large): each voter marks up to ``seats`` candidates.

    Formally, each ballot marks at most ``seats`` candidates (a ballot marking
    more is invalid: RuleError); a candidate's score is the weight of ballots
    marking it; the ``seats`` highest scores are elected, and a tie at the last
    seat is TIED. With fewer candidates than seats, all are elected and the
    status is SEATS_UNFILLED.

    Parameters
    ----------
    seats : int
        How many to elect, and how many marks a ballot may make.

    Examples
    --------
    >>> from govkit.voting._profile import ApprovalProfile
    >>> profile = ApprovalProfile.from_ballots(
    ...     [{"ann", "bo"}, {"ann", "bo"}, {"cy", "di"}, {"ann", "cy"}])
    >>> BlockVoting(seats=2).elect(profile).summary()
    'elected: ann; tied for 1 seat: bo, cy (block voting, 2 seats)'

    References
    ----------
    - A. Reynolds, B. Reilly and A. Ellis, *Electoral System Design: The
      New International IDEA Handbook*, International IDEA, 2005.
    """

    kind: ClassVar[str]
    seats: int = field(validator=check_seats)

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the ``seats`` candidates marked most often."""
        label = f"block voting, {self.seats} seats"
        scores = _marks_within(profile, "block voting", self.seats)
        return by_score(self.kind, label, profile.candidates, scores, seats=self.seats)


@METHODS.register("limited")
@frozen(kw_only=True)
class LimitedVoting:
    """
    Limited voting: each voter marks up to ``votes`` candidates, fewer than the ``seats``.

    Counted as block voting, but a ballot may mark at most ``votes`` < ``seats``
    candidates, which lets a large minority win some seats.

    Parameters
    ----------
    seats : int
        How many to elect.
    votes : int
        How many marks a ballot may make; less than ``seats``.

    Examples
    --------
    >>> from govkit.voting._profile import ApprovalProfile
    >>> profile = ApprovalProfile.from_counts({("ann", "bo"): 6, ("cy", "di"): 4})
    >>> LimitedVoting(seats=3, votes=2).elect(profile).winners
    ('ann', 'bo')
    >>> LimitedVoting(seats=3, votes=3)
    Traceback (most recent call last):
    ...
    govkit.errors.ConfigError: votes must be fewer than seats (3), got 3 @ $.votes

    References
    ----------
    - A. Reynolds, B. Reilly and A. Ellis, *Electoral System Design: The
      New International IDEA Handbook*, International IDEA, 2005.
    """

    kind: ClassVar[str]
    seats: int = field(validator=check_seats)
    votes: int = field(validator=check_seats)

    def __attrs_post_init__(self) -> None:
        if self.votes >= self.seats:
            msg = f"votes must be fewer than seats ({self.seats}), got {self.votes}"
            raise ConfigError.at(("votes",), msg)

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the ``seats`` candidates marked most often."""
        votes = f"{self.votes} vote" + ("" if self.votes == 1 else "s")
        label = f"limited voting, {votes} for {self.seats} seats"
        scores = _marks_within(profile, "limited voting", self.votes)
        return by_score(self.kind, label, profile.candidates, scores, seats=self.seats)


@METHODS.register("score")
@frozen
class ScoreVoting:
    """
    Score (range) voting: the highest total score wins.

    Formally, a candidate's score is the weighted sum of the scores ballots
    give it (a candidate a ballot leaves out scores 0). The highest total
    wins; a tie for the highest total is TIED.

    Examples
    --------
    >>> from govkit.voting._profile import ScoreProfile
    >>> profile = ScoreProfile.from_ballots([{"ann": 5, "bo": 3}, {"bo": 4, "cy": 1}])
    >>> ScoreVoting().elect(profile).summary()
    'elected: bo (score voting)'

    References
    ----------
    - C. Hillinger, "The case for utilitarian voting", *Homo Oeconomicus*
      22(3), 2005, 295-321.
    """

    kind: ClassVar[str]

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the candidate with the highest total score."""
        ballots = scored(profile, "score voting")
        return by_score(self.kind, "score voting", ballots.candidates, ballots.totals)


@METHODS.register("star")
@frozen
class Star:
    """
    STAR voting (Score Then Automatic Runoff).

    Formally: the two candidates with the highest total scores are the
    finalists; the finalist scored higher than the other on more ballots
    (by weight) wins; ballots scoring them equal count for neither. If the
    runoff is tied, the finalist with the higher total score wins, as STAR's
    rules say. A tie that decides who the finalists are is not broken: every
    way of breaking it is tried, and if they elect different candidates the
    result is TIED (STAR's published tie-break protocol, such as comparing
    the tied candidates head to head and then by lot, is a tie-break chain
    to apply afterwards).

    ``ElectionResult.scores`` holds the total scores; the rounds hold the
    scoring round and the runoff (its ``exhausted`` is the weight of ballots
    with no preference between the finalists).

    Examples
    --------
    >>> from govkit.voting._profile import ScoreProfile
    >>> profile = ScoreProfile.from_counts([
    ...     ({"ann": 5, "bo": 4}, 3),
    ...     ({"bo": 5, "cy": 2}, 2),
    ...     ({"cy": 5, "ann": 1}, 2),
    ... ])
    >>> result = Star().elect(profile)
    >>> result.summary(), dict(result.rounds[1].counts)
    ('elected: ann (STAR, 2 rounds)', {'bo': 2, 'ann': 5})

    References
    ----------
    - M. Wolk, J. Quinn and M. Ogren, "STAR voting, equality of voice, and
      voter satisfaction", *Constitutional Political Economy* 34, 2023, 310-334.
    - Equal Vote Coalition, "STAR Voting: official rules", starvoting.org.
    """

    kind: ClassVar[str]

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the STAR winner."""
        ballots = scored(profile, "STAR")
        totals = ballots.totals
        candidates = ballots.candidates

        def count(chooser: Chooser) -> tuple[str, ...]:
            scoring = ElectionRound(number=1, counts=totals)
            finalists = _top_two(candidates, totals, chooser, scoring)
            chooser.rounds.append(scoring)
            if len(finalists) == 1:
                return finalists
            a, b = finalists
            prefer_a: Weight = 0
            prefer_b: Weight = 0
            neither: Weight = 0
            for scores, weight in ballots.ballots.items():
                score_a, score_b = scores.get(a, 0), scores.get(b, 0)
                if score_a > score_b:
                    prefer_a += weight
                elif score_b > score_a:
                    prefer_b += weight
                else:
                    neither += weight
            runoff = ElectionRound(number=2, counts={a: prefer_a, b: prefer_b}, exhausted=neither)
            note = ""
            if prefer_a != prefer_b:
                winner = a if prefer_a > prefer_b else b
            elif totals[a] != totals[b]:
                winner = a if totals[a] > totals[b] else b
                note = (
                    f"runoff tied at {format_amount(prefer_a)}; {winner} has the higher total score"
                )
            else:
                reason = f"runoff and total scores tied between {a} and {b}"
                winner = chooser.choose((a, b), reason, pending=runoff, contenders=(a, b))
            chooser.rounds.append(attrs.evolve(runoff, elected=(winner,), note=note))
            return (winner,)

        return explore(
            count,
            kind=self.kind,
            label="STAR",
            candidates=candidates,
            scores=lambda _: totals,
        )


def _top_two(
    candidates: tuple[str, ...],
    totals: Mapping[str, Weight],
    chooser: Chooser,
    scoring: ElectionRound,
) -> tuple[str, ...]:
    """Pick the two finalists, asking the chooser when a tie decides who they are."""
    finalists: list[str] = []
    remaining = list(candidates)
    while len(finalists) < 2 and remaining:
        best = max(totals[name] for name in remaining)
        top = [name for name in remaining if totals[name] == best]
        if len(top) <= 2 - len(finalists):
            finalists.extend(top)
        else:
            picked = chooser.choose(
                top,
                f"{', '.join(top)} tied at {format_amount(best)} points for a place in the runoff",
                pending=scoring,
                contenders=[*finalists, *top],
            )
            finalists.append(picked)
            top = [picked]
        remaining = [name for name in remaining if name not in top]
    return tuple(finalists)
