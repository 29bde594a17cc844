"""
Grading and consent: majority judgment on a scale of grades, and sociocratic consent.

Majority judgment reads score ballots as grades on an ordered scale; consent
reads approval ballots as "no paramount objection" to each option.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from fractions import Fraction
from itertools import accumulate
from math import lcm
from typing import ClassVar

import attrs
from attrs import field, frozen

from govkit.config import FrozenMap
from govkit.errors import ConfigError, RuleError
from govkit.voting._condition import format_amount
from govkit.voting._method import (
    METHODS,
    ElectionResult,
    ElectionStatus,
    Profile,
    approvals,
    by_score,
    check_seats,
    scored,
)
from govkit.voting._profile import Weight

__all__ = ["Consent", "MajorityJudgment"]


def _to_grades(value: Sequence[str]) -> tuple[str, ...]:
    return tuple(value)


def _check_grades(_: object, attribute: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(word, str) for word in value):
        msg = f"grades must be a list of words, lowest grade first, got {value!r}"
        raise ConfigError.at((attribute.name,), msg)
    if len(set(value)) != len(value):
        msg = f"grades must be different words, got {list(value)!r}"
        raise ConfigError.at((attribute.name,), msg)


def majority_values(counts: Sequence[int]) -> Iterator[int]:
    """
    Yield a candidate's majority grade, then the next after removing it, and so on.

    *counts* gives how many voters gave each grade, lowest grade first. The
    majority grade is the lower median; removing it and taking the lower
    median of the rest, again and again, gives Balinski and Laraki's
    "majority value" (one grade per voter).

    Examples
    --------
    Grades 1, 2, 3, 4 (one voter each) are read in the order 2, 3, 1, 4:

    >>> list(majority_values([0, 1, 1, 1, 1]))
    [2, 3, 1, 4]
    """
    voters = sum(counts)
    if voters == 0:
        return
    cumulative = list(accumulate(counts))

    def grade_at(position: int) -> int:  # position 1 = the lowest grade given
        return bisect_left(cumulative, position)

    middle = (voters + 1) // 2
    yield grade_at(middle)
    below, above = middle - 1, voters - middle  # grades not yet removed on each side
    while below or above:
        if below >= above:
            yield grade_at(below)
            below -= 1
        else:
            yield grade_at(voters - above + 1)
            above -= 1


@METHODS.register("majority_judgment")
@frozen(kw_only=True)
class MajorityJudgment:
    """
    Majority judgment: the candidate with the highest majority grade wins.

    Each ballot grades candidates on an ordered scale, here the whole scores
    0 to ``max_score`` of a `ScoreProfile` (0 is the lowest grade). A
    candidate a ballot leaves ungraded gets the lowest grade, 0.

    Formally, with *n* voters, a candidate's grades sorted from lowest to
    highest are g(1) <= ... <= g(n). Its **majority grade** is the lower
    median g(ceil(n/2)): the highest grade that a majority of the voters
    give it or better than it. The candidate with the highest majority grade
    wins. If several share it, Balinski and Laraki's tie-break applies: one
    majority grade is removed from each tied candidate's grades and the
    majority grades of what remains are compared; those with a lower one drop
    out; this is repeated until one candidate is left (its sequence of
    majority grades, the "majority value", is the highest in lexicographic
    order). Candidates whose grades are identical remain tied: TIED.

    ``ElectionResult.scores`` holds each candidate's majority grade (an
    int on the 0 to ``max_score`` scale; the note names it in the words of
    ``grades`` if given); the note also records each tie-break step.

    Parameters
    ----------
    grades : list of str, optional
        Words for the grades, lowest first, one per score from 0 to
        ``max_score`` (e.g. ``["reject", "poor", "acceptable", "good",
        "very good", "excellent"]`` with ``max_score`` 5), used in the note.

    Notes
    -----
    Majority judgment counts voters. Exact fractional ballot weights are
    scaled to whole numbers by their common denominator (a weight of 1/2
    counts as half a voter); this leaves the majority grades unchanged, and
    the tie-break then removes one scaled voter's grade at a time.

    A ballot grading every candidate 0 is not stored in a `ScoreProfile`,
    so a voter who gives every candidate the lowest grade is not counted:
    the majority grades are those of the voters who graded some candidate
    above the lowest grade.

    Examples
    --------
    >>> from govkit.voting._profile import ScoreProfile
    >>> profile = ScoreProfile.from_counts([
    ...     ({"ann": 5, "bo": 3}, 2),
    ...     ({"ann": 1, "bo": 3}, 2),
    ...     ({"ann": 2, "bo": 4}, 1),
    ... ])
    >>> words = ["reject", "poor", "acceptable", "good", "very good", "excellent"]
    >>> result = MajorityJudgment(grades=words).elect(profile)
    >>> result.summary(), dict(result.scores)
    ('elected: bo (majority judgment)', {'ann': 2, 'bo': 3})
    >>> result.note
    'majority grades: ann acceptable, bo good'

    References
    ----------
    - M. Balinski and R. Laraki, *Majority Judgment: Measuring, Ranking,
      and Electing*, MIT Press, 2011.
    - M. Balinski and R. Laraki, "A theory of measuring, electing, and
      ranking", *PNAS* 104(21), 2007, 8720-8725.
    """

    kind: ClassVar[str]
    grades: tuple[str, ...] = field(default=(), converter=_to_grades, validator=_check_grades)

    def elect(self, profile: Profile) -> ElectionResult:
        """Elect the candidate with the highest majority grade (majority value in a tie)."""
        ballots = scored(profile, "majority judgment")
        if self.grades and len(self.grades) != ballots.max_score + 1:
            msg = (
                f"majority judgment has {len(self.grades)} grades, but the ballots score "
                f"0 to {ballots.max_score} ({ballots.max_score + 1} grades)"
            )
            raise RuleError(msg)
        counts: dict[str, list[int]] = {
            name: [0] * (ballots.max_score + 1) for name in ballots.candidates
        }
        scale = lcm(*(Fraction(weight).denominator for weight in ballots.ballots.values()))
        voters = 0
        for scores, weight in ballots.ballots.items():
            whole = int(weight * scale)
            voters += whole
            for name, score in scores.items():
                counts[name][score] += whole
        for grade_counts in counts.values():
            grade_counts[0] = voters - sum(grade_counts[1:])
        values = {name: majority_values(counts[name]) for name in ballots.candidates}
        majority = {name: next(values[name], 0) for name in ballots.candidates}
        notes = [
            "majority grades: "
            + ", ".join(f"{name} {self._word(majority[name])}" for name in ballots.candidates)
        ]
        best = max(majority.values(), default=0)
        remaining = [name for name in ballots.candidates if majority[name] == best]
        removed = 0
        while len(remaining) > 1 and len({tuple(counts[name]) for name in remaining}) > 1:
            removed += 1
            step = {name: next(values[name]) for name in remaining}
            top = max(step.values())
            out = [name for name in remaining if step[name] < top]
            if out:
                grades = ", ".join(f"{name} {self._word(step[name])}" for name in remaining)
                notes.append(
                    f"after removing {removed} majority grade{'s' if removed > 1 else ''} "
                    f"from each tied candidate: {grades}; {', '.join(out)} out"
                )
                remaining = [name for name in remaining if name not in out]
        status, winners, tied = ElectionStatus.ELECTED, tuple(remaining), tuple[str, ...]()
        if len(remaining) > 1:
            notes.append(f"{', '.join(remaining)} have identical grades")
            status, winners, tied = ElectionStatus.TIED, (), tuple(remaining)
        return ElectionResult(
            kind=self.kind,
            label="majority judgment",
            status=status,
            winners=winners,
            tied=tied,
            scores=majority,
            note="; ".join(notes),
        )

    def _word(self, grade: int) -> str:
        return self.grades[grade] if self.grades else str(grade)


def _check_objections(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{attribute.name} must be a whole number of at least 0, got {value!r}"
        raise ConfigError.at((attribute.name,), msg)


def _check_optional_seats(
    instance: object, attribute: attrs.Attribute[int], value: int | None
) -> None:
    if value is not None:
        check_seats(instance, attribute, value)


@METHODS.register("consent")
@frozen(kw_only=True)
class Consent:
    """
    Consent decision (sociocracy): an option passes when *at most* ``max_objections`` object.

    This is a decision-making convention, not an election count: in consent
    decision making (sociocracy, Sociocracy 3.0) a proposal is adopted when
    no one present has a *paramount* (blocking) objection to it, that is, a
    reasoned objection that it would harm the group's aim.

    Formally, the candidates are the options (one proposal, or several). A
    ballot marks the options its voter consents to (has no paramount
    objection to); the objections to an option are the voters not marking
    it: ``participants`` minus its consents, or, if ``participants`` is not
    given, the number (weight) of ballots minus its consents. An option
    passes when its objections are at most ``max_objections`` (default 0:
    every voter consents). With ``seats`` unset, every passing option is
    adopted; with ``seats`` = *k*, the *k* passing options with the fewest
    objections are adopted, and a tie at the last place is TIED. When fewer
    options pass than are wanted (or none passes), the status is
    SEATS_UNFILLED and the note names the objections. ``ElectionResult.scores``
    holds each option's consents.

    Parameters
    ----------
    max_objections : int, default 0
        How many objections an option may have and still pass.
    seats : int, optional
        How many passing options to adopt; unset, all that pass.
    participants : int, optional
        How many took part, when some did not hand in a ballot (they object to
        every option). A ballot marking no option is kept by `ApprovalProfile`
        and counts as an objection to every option.

    Examples
    --------
    >>> from govkit.voting._profile import ApprovalProfile
    >>> round_ = ApprovalProfile.from_ballots(
    ...     [{"plan a", "plan b"}, {"plan a", "plan b"}, {"plan b"}],
    ...     candidates=["plan a", "plan b"])
    >>> Consent().elect(round_).summary()
    'elected: plan b (consent)'
    >>> Consent(participants=4).elect(round_).note
    'no option passes: plan a 2 objections, plan b 1 objection (at most 0 allowed)'

    References
    ----------
    - G. Endenburg, *Sociocracy: The Organization of Decision-Making*,
      Eburon, 1998.
    - B. Bockelbrink, J. Priest and L. David, "Consent decision making",
      *Sociocracy 3.0: A Practical Guide*, sociocracy30.org.
    """

    kind: ClassVar[str]
    max_objections: int = field(default=0, validator=_check_objections)
    seats: int | None = field(default=None, validator=_check_optional_seats)
    participants: int | None = field(
        default=None, validator=attrs.validators.optional(_check_objections)
    )

    def elect(self, profile: Profile) -> ElectionResult:
        """Adopt the options with no standing blocking objection."""
        ballots = approvals(profile, "consent")
        cast = ballots.total_weight
        if self.participants is not None and self.participants < cast:
            ballots_text = format_amount(cast)
            msg = f"consent has {ballots_text} ballots but only {self.participants} participants"
            raise RuleError(msg)
        voters: Weight = cast if self.participants is None else self.participants
        consents = ballots.approvals
        objections = {name: voters - consents[name] for name in ballots.candidates}
        passing = [name for name in ballots.candidates if objections[name] <= self.max_objections]
        failing = [name for name in ballots.candidates if name not in passing]
        label = "consent"
        if self.max_objections:
            label += f", at most {self.max_objections} objection"
            label += "" if self.max_objections == 1 else "s"
        blocked = ", ".join(f"{name} {_objections(objections[name])}" for name in failing)
        allowed = f"(at most {self.max_objections} allowed)"
        if not passing:
            return ElectionResult(
                kind=self.kind,
                label=label,
                status=ElectionStatus.SEATS_UNFILLED,
                seats=self.seats or 1,
                scores=consents,
                note=f"no option passes: {blocked} {allowed}",
            )
        note = f"blocked: {blocked} {allowed}" if failing else ""
        seats = len(passing) if self.seats is None else self.seats
        result = by_score(
            self.kind,
            label,
            passing,
            {name: consents[name] for name in passing},
            seats=seats,
            note=note,
        )
        return attrs.evolve(result, scores=FrozenMap(consents))


def _objections(count: Weight) -> str:
    return f"{format_amount(count)} objection" + ("" if count == 1 else "s")
