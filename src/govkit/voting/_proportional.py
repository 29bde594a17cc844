"""
Proportional multi-winner methods: PAV, sequential Phragmén and cumulative voting.

PAV and sequential Phragmén read approval ballots and give large groups of
voters a share of the seats in proportion to their size; cumulative voting
reads score ballots whose points a voter spreads among candidates.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from itertools import combinations
from math import comb, lcm
from typing import ClassVar

from attrs import field, frozen

from govkit.errors import RuleError
from govkit.voting._condition import format_amount
from govkit.voting._method import (
    METHODS,
    Chooser,
    ElectionResult,
    ElectionRound,
    ElectionStatus,
    Profile,
    approvals,
    by_score,
    check_seats,
    explore,
    scored,
)
from govkit.voting._profile import ScoreProfile, Weight

__all__ = ["COMMITTEE_LIMIT", "CumulativeVoting", "ProportionalApproval", "SequentialPhragmen"]

COMMITTEE_LIMIT = 200_000
"""The most committees `ProportionalApproval` compares before refusing the count."""


def _seats_text(seats: int) -> str:
    return f"{seats} seat" + ("" if seats == 1 else "s")


def _in_order(candidates: tuple[str, ...], names: set[str] | frozenset[str]) -> tuple[str, ...]:
    return tuple(name for name in candidates if name in names)


@METHODS.register("proportional_approval")
@frozen(kw_only=True)
class ProportionalApproval:
    """
    Proportional approval voting (PAV): the committee with the highest harmonic score wins.

    Formally, a committee *W* of ``seats`` candidates scores
    ``sum(weight(A) * H(|A ∩ W|))`` over the approval ballots *A*, where
    ``H(k) = 1 + 1/2 + ... + 1/k`` and ``H(0) = 0``: a voter's first
    approved member is worth 1, the second 1/2, and so on. The committee with
    the highest score is elected; scores are compared as exact fractions. If
    several committees share the highest score, the result is TIED: the
    winners are the candidates in every optimal committee, the tied the
    others in some optimal committee. With no more candidates than seats,
    all are elected (SEATS_UNFILLED when fewer).

    Every committee is compared (there is no polynomial-time method: finding
    the PAV committee is NP-hard), so a count with more than
    ``COMMITTEE_LIMIT`` (200,000) possible committees is refused with a
    RuleError; ``sequential_phragmen`` is a proportional method that scales.

    ``ElectionResult.scores`` holds each candidate's approvals; the note gives
    the elected committee's PAV score.

    Parameters
    ----------
    seats : int
        How many to elect.

    Examples
    --------
    Approval voting would elect ``ann`` and ``bo``; PAV gives the two
    ``cy`` voters a seat.

    >>> from govkit.voting._profile import ApprovalProfile
    >>> profile = ApprovalProfile.from_counts(
    ...     {("ann", "bo"): 3, ("ann",): 1, ("cy",): 2}, candidates=("ann", "bo", "cy"))
    >>> result = ProportionalApproval(seats=2).elect(profile)
    >>> result.summary(), result.note
    ('elected: ann, cy (proportional approval voting, 2 seats)', 'PAV score 6')

    References
    ----------
    - T. N. Thiele, "Om Flerfoldsvalg", *Oversigt over det Kongelige Danske
      Videnskabernes Selskabs Forhandlinger*, 1895, 415-441.
    - H. Aziz, M. Brill, V. Conitzer, E. Elkind, R. Freeman and T. Walsh,
      "Justified representation in approval-based committee voting",
      *Social Choice and Welfare* 48(2), 2017, 461-485.
    - M. Lackner and P. Skowron, *Multi-Winner Voting with Approval
      Preferences*, Springer, 2023.
    """

    kind: ClassVar[str]
    seats: int = field(validator=check_seats)

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the committee of ``seats`` candidates with the highest PAV score."""
        label = f"proportional approval voting, {_seats_text(self.seats)}"
        ballots = approvals(profile, "proportional approval voting")
        candidates = ballots.candidates
        if len(candidates) <= self.seats:
            return by_score(
                self.kind, label, candidates, ballots.approvals, seats=self.seats
            )  # everyone is elected
        committees = comb(len(candidates), self.seats)
        if committees > COMMITTEE_LIMIT:
            msg = (
                f"proportional approval voting compares every committee, and "
                f"{len(candidates)} candidates for {self.seats} seats make {committees:,} "
                f"(more than the limit of {COMMITTEE_LIMIT:,}); "
                f"use sequential_phragmen for a count this large"
            )
            raise RuleError(msg)
        # H(k) x scale is a whole number, so committees are compared without fractions.
        scale = lcm(*range(1, self.seats + 1))
        harmonic = [0]
        for k in range(1, self.seats + 1):
            harmonic.append(harmonic[-1] + scale // k)
        bit = {name: 1 << index for index, name in enumerate(candidates)}
        masks = [
            (sum(bit[name] for name in marked), weight)
            for marked, weight in ballots.ballots.items()
        ]
        best: Weight = -1
        optimal: list[tuple[int, ...]] = []
        for committee in combinations(range(len(candidates)), self.seats):
            chosen = sum(1 << index for index in committee)
            score = sum(weight * harmonic[(mask & chosen).bit_count()] for mask, weight in masks)
            if score > best:
                best, optimal = score, [committee]
            elif score == best:
                optimal.append(committee)
        pav_score = Fraction(best) / scale
        sure = set.intersection(*({candidates[i] for i in c} for c in optimal))
        possible = set().union(*({candidates[i] for i in c} for c in optimal))
        note = f"PAV score {format_amount(pav_score)}"
        if len(optimal) > 1:
            score_text = format_amount(pav_score)
            note = f"{len(optimal)} committees tie for the highest PAV score, {score_text}"
        return ElectionResult(
            kind=self.kind,
            label=label,
            seats=self.seats,
            status=ElectionStatus.ELECTED if len(optimal) == 1 else ElectionStatus.TIED,
            winners=_in_order(candidates, sure),
            tied=_in_order(candidates, possible - sure),
            scores=ballots.approvals,
            note=note,
        )


@METHODS.register("sequential_phragmen")
@frozen(kw_only=True)
class SequentialPhragmen:
    """
    Phragmén's sequential method: seats are filled one by one, spreading the load evenly.

    Formally, each seat is a load of 1 shared by the voters approving the
    candidate elected to it; every ballot starts with load 0. In each round,
    for every candidate *c* not yet elected and approved by some ballot, let
    ``s(c)`` be the weight of the ballots approving *c* and compute the load
    those ballots would carry if *c* were elected::

        load(c) = (1 + sum(weight(A) * load(A) for ballots A approving c)) / s(c)

    The candidate with the smallest ``load(c)`` is elected and each ballot
    approving it now carries ``load(c)``. Loads are exact fractions. A tie
    for the smallest load is not broken: every way is tried, and if they
    elect different committees the result is TIED (winners: those elected
    every way). Once no candidate left is approved by anyone, the remaining
    seats are a tie between all remaining candidates (each set of them is
    tried once). Trying every way is bounded like every govkit count: past
    2,000 ways the result is TIED among all still in contention at the first
    tie, and the note says so. With no more
    candidates than seats, all are elected (SEATS_UNFILLED when fewer).

    Each round's ``counts`` holds ``load(c)`` for the candidates approved by
    someone; ``ElectionResult.scores`` holds each candidate's approvals.

    Parameters
    ----------
    seats : int
        How many to elect.

    Examples
    --------
    >>> from govkit.voting._profile import ApprovalProfile
    >>> profile = ApprovalProfile.from_counts(
    ...     {("ann", "bo"): 3, ("ann",): 1, ("cy",): 2}, candidates=("ann", "bo", "cy"))
    >>> result = SequentialPhragmen(seats=2).elect(profile)
    >>> result.summary()
    'elected: ann, cy (sequential Phragmén, 2 seats, 2 rounds)'
    >>> [str(load) for load in result.rounds[1].counts.values()]  # loads of bo, cy
    ['7/12', '1/2']

    References
    ----------
    - E. Phragmén, "Sur une méthode nouvelle pour réaliser, dans les
      élections, la représentation proportionnelle des partis", *Öfversigt
      af Kongl. Vetenskaps-Akademiens Förhandlingar* 51(3), 1894, 133-137.
    - M. Brill, R. Freeman, S. Janson and M. Lackner, "Phragmén's voting
      methods and justified representation", *Proceedings of the AAAI
      Conference on Artificial Intelligence* 31, 2017, 406-413.
    - S. Janson, "Phragmén's and Thiele's election methods", arXiv:1611.08826, 2016.
    """

    kind: ClassVar[str]
    seats: int = field(validator=check_seats)

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect ``seats`` candidates one by one, each time the one minimising the maximal load."""
        label = f"sequential Phragmén, {_seats_text(self.seats)}"
        ballots = approvals(profile, "sequential Phragmén")
        candidates = ballots.candidates
        support = ballots.approvals
        if len(candidates) <= self.seats:
            return by_score(self.kind, label, candidates, support, seats=self.seats)
        marked_by = {
            name: [marked for marked in ballots.ballots if name in marked] for name in candidates
        }

        def count(chooser: Chooser) -> tuple[str, ...]:
            load: dict[frozenset[str], Fraction] = dict.fromkeys(ballots.ballots, Fraction(0))
            elected: list[str] = []
            for number in range(1, self.seats + 1):
                remaining = [name for name in candidates if name not in elected]
                loads = {
                    name: Fraction(1 + sum(ballots.ballots[a] * load[a] for a in marked_by[name]))
                    / support[name]
                    for name in remaining
                    if support[name] > 0
                }
                pending = ElectionRound(number=number, counts=loads)
                if loads:
                    least = min(loads.values())
                    lowest = [name for name in remaining if loads.get(name) == least]
                    reason = f"{', '.join(lowest)} tied at the lowest load, {format_amount(least)}"
                else:  # any of the rest will do: offer them in ballot order, each set once
                    least, lowest = Fraction(0), _next_in_order(candidates, elected, support)
                    lowest = lowest[: len(lowest) - (self.seats - number)]
                    reason = f"nobody approves any of {', '.join(remaining)}"
                if len(lowest) == 1:
                    winner = lowest[0]
                else:
                    winner = chooser.choose(lowest, reason, pending=pending, contenders=remaining)
                for marked in marked_by[winner]:
                    load[marked] = least
                elected.append(winner)
                chooser.rounds.append(ElectionRound(number=number, counts=loads, elected=(winner,)))
            return tuple(elected)

        return explore(
            count,
            kind=self.kind,
            label=label,
            candidates=candidates,
            seats=self.seats,
            scores=lambda _: support,
        )


def _next_in_order(
    candidates: tuple[str, ...], elected: list[str], support: Mapping[str, Weight]
) -> list[str]:
    """Return the unelected candidates after the last one elected without approvals."""
    start = 0
    if elected and support[elected[-1]] == 0:
        start = candidates.index(elected[-1]) + 1
    return [name for name in candidates[start:] if name not in elected]


@METHODS.register("cumulative")
@frozen(kw_only=True)
class CumulativeVoting:
    """
    Cumulative voting: each voter spreads up to ``votes`` points among the candidates.

    Formally, a ballot gives each candidate a whole number of points, at most
    ``votes`` in all (a ballot giving more is invalid: RuleError naming it),
    and may give one candidate several. A candidate's score is the weighted
    sum of its points; the ``seats`` highest scores are elected, and a tie at
    the last seat is TIED (those above the tie are elected). With fewer
    candidates than seats, all are elected and the status is SEATS_UNFILLED.

    Ballots are read from a score profile; its ``max_score`` caps the points
    one candidate may get.

    Parameters
    ----------
    seats : int
        How many to elect.
    votes : int
        How many points a ballot may give in all (usually ``seats``).

    Examples
    --------
    >>> from govkit.voting._profile import ScoreProfile
    >>> profile = ScoreProfile.from_counts(
    ...     [({"ann": 3}, 4), ({"bo": 2, "cy": 1}, 5), ({"cy": 3}, 2)], max_score=3)
    >>> result = CumulativeVoting(seats=2, votes=3).elect(profile)
    >>> result.summary(), dict(result.scores)
    ('elected: ann, cy (cumulative voting, 3 votes for 2 seats)', {'ann': 12, 'bo': 10, 'cy': 11})

    References
    ----------
    - R. H. Glazer, B. Grofman and G. Owen, "A model of cumulative voting",
      *Public Choice* 62(3), 1989, 245-258.
    - A. Reynolds, B. Reilly and A. Ellis, *Electoral System Design: The
      New International IDEA Handbook*, International IDEA, 2005.
    """

    kind: ClassVar[str]
    seats: int = field(validator=check_seats)
    votes: int = field(validator=check_seats)

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the ``seats`` candidates with the most points."""
        votes = f"{self.votes} vote" + ("" if self.votes == 1 else "s")
        label = f"cumulative voting, {votes} for {_seats_text(self.seats)}"
        ballots = scored(profile, "cumulative voting")
        _check_points(ballots, self.votes)
        return by_score(self.kind, label, ballots.candidates, ballots.totals, seats=self.seats)


def _check_points(ballots: ScoreProfile, votes: int) -> None:
    for points in ballots.ballots:
        given = sum(points.values())
        if given > votes:
            msg = (
                f"cumulative voting allows at most {votes} points per ballot; "
                f"ballot {dict(points)!r} gives {given}"
            )
            raise RuleError(msg)
