"""Decision rules for motions: a quorum, a threshold and a tie-break chain fixed in advance."""

from __future__ import annotations

import enum
import html
import random
from fractions import Fraction
from typing import Any, ClassVar, Protocol

from attrs import field, frozen

from govkit._registry import Registry
from govkit.config import Citation, FrozenMap, document, register_family
from govkit.voting._condition import Check, Condition, Evaluation, format_amount
from govkit.voting._tally import Choice, MotionTally

__all__ = [
    "TIE_BREAKS",
    "CastingVote",
    "Decision",
    "DecisionRule",
    "Lot",
    "Revote",
    "Status",
    "StatusQuo",
    "TieBreak",
    "TieContext",
]


class Status(enum.Enum):
    """How a motion ended."""

    ADOPTED = "adopted"
    REJECTED = "rejected"
    NO_QUORUM = "no_quorum"
    TIED = "tied"


@frozen(kw_only=True)
class TieContext:
    """What a tie-break step may use: the chair's casting vote, a seeded random source."""

    casting_vote: Choice | None = None
    rng: random.Random | None = None


class TieBreak(Protocol):
    """**Protocol**: one step of a tie-break chain; None passes to the next step."""

    kind: ClassVar[str]

    def settle(self, context: TieContext) -> Choice | None:
        """Return FOR or AGAINST if this step settles the tie, None otherwise."""


TIE_BREAKS: Registry[type[TieBreak]] = Registry("tie break")
"""Every tie-break step YAML may name (``status_quo``, ``casting_vote``, ``lot``, ``revote``)."""


@TIE_BREAKS.register("status_quo")
@frozen
class StatusQuo:
    """A tie fails: the status quo stands (Robert's Rules)."""

    kind: ClassVar[str]

    def settle(self, context: TieContext) -> Choice | None:
        """Return AGAINST: the motion is not adopted."""
        return Choice.AGAINST


@TIE_BREAKS.register("casting_vote")
@frozen
class CastingVote:
    """The chair's casting vote settles the tie, when the chair gives one."""

    kind: ClassVar[str]

    def settle(self, context: TieContext) -> Choice | None:
        """Return the chair's vote if it is for or against, else pass."""
        if context.casting_vote in (Choice.FOR, Choice.AGAINST):
            return context.casting_vote
        return None


@TIE_BREAKS.register("lot")
@frozen
class Lot:
    """Lots are drawn with the random source the caller passes (and records the seed of)."""

    kind: ClassVar[str]

    def settle(self, context: TieContext) -> Choice | None:
        """Draw FOR or AGAINST with the caller's rng; pass when there is none."""
        if context.rng is None:
            return None
        return context.rng.choice([Choice.FOR, Choice.AGAINST])


@TIE_BREAKS.register("revote")
@frozen
class Revote:
    """The tie stands and the motion is voted on again; ends the chain."""

    kind: ClassVar[str]

    def settle(self, context: TieContext) -> Choice | None:
        """Return None: nothing is settled, a re-vote is due."""
        return None


register_family(TieBreak, TIE_BREAKS)


def _plain(value: object) -> Any:
    """JSON-able form: fractions as ints or 'p/q' strings, enums by value."""
    if isinstance(value, Fraction):
        return (
            value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
        )
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _check_dict(check: Check) -> dict[str, Any]:
    return {
        "label": check.label,
        "measure": check.measure,
        "counted": check.counted,
        "base": check.base,
        "comparison": check.comparison.value,
        "share": _plain(check.share),
        "base_amount": _plain(check.base_amount),
        "required": _plain(check.required),
        "achieved": _plain(check.achieved),
        "met": check.met,
        "shortfall": _plain(check.shortfall),
        "unit": check.unit,
        "text": check.text(),
    }


@frozen(kw_only=True)
class Decision:
    """
    What a decision rule decided, and why, in words a secretary can minute.

    Attributes
    ----------
    status : Status
        adopted, rejected, no_quorum or tied.
    rule : str
        The rule's id (or title) applied.
    quorum, threshold : Evaluation or None
        Every check with required vs achieved; ``threshold`` is None without quorum.
    tie_break : str or None
        The tie-break step that settled a tie (``casting_vote``, ``lot``, ...).
    """

    status: Status
    rule: str
    quorum: Evaluation | None
    threshold: Evaluation | None
    tie_break: str | None = None
    note: str | None = None

    def checks(self) -> tuple[Check, ...]:
        """Return every check, quorum first."""
        quorum = self.quorum.checks if self.quorum else ()
        threshold = self.threshold.checks if self.threshold else ()
        return quorum + threshold

    def explanation(self) -> tuple[str, ...]:
        """Return one line per check, then the tie-break, as the minutes record them."""
        lines = [check.text() for check in self.checks()]
        if self.note:
            lines.append(self.note)
        return tuple(lines)

    def summary(self) -> str:
        """
        Return a one-line result fit for the minutes.

        The failing checks are named; for an adopted motion, the threshold checks.
        """
        if self.status is Status.NO_QUORUM and self.quorum is not None:
            failed = [check.text() for check in self.quorum.checks if not check.met]
            return f"no quorum ({self.rule}): " + "; ".join(failed)
        checks = self.threshold.checks if self.threshold else ()
        if self.note and self.note.startswith("tied"):
            ties = ", ".join(f"{c.measure} {format_amount(c.achieved, c.unit)}" for c in checks)
            return f"{self.status.value} ({self.rule}): a tie ({ties} each way); {self.note[6:]}"
        if self.status is Status.REJECTED and self.tie_break is None:
            checks = tuple(check for check in checks if not check.met) or checks
        text = f"{self.status.value} ({self.rule}): " + "; ".join(check.text() for check in checks)
        if self.note:
            text += f"; {self.note}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data: status, summary, every check with exact figures."""
        return {
            "status": self.status.value,
            "rule": self.rule,
            "summary": self.summary(),
            "quorum": None
            if self.quorum is None
            else {"met": self.quorum.met, "checks": [_check_dict(c) for c in self.quorum.checks]},
            "threshold": None
            if self.threshold is None
            else {
                "met": self.threshold.met,
                "checks": [_check_dict(c) for c in self.threshold.checks],
            },
            "tie_break": self.tie_break,
            "note": self.note,
        }

    def _repr_html_(self) -> str:
        rows = "".join(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                html.escape(check.label),
                html.escape(_plain_text(check.achieved)),
                html.escape(_plain_text(check.required)),
                "met" if check.met else "not met",
            )
            for check in self.checks()
        )
        head = f"<p><b>{html.escape(self.status.value)}</b> ({html.escape(self.rule)})</p>"
        table = (
            "<table><tr><th>condition</th><th>achieved</th><th>required</th><th></th></tr>"
            f"{rows}</table>"
        )
        return head + table


def _plain_text(value: Fraction) -> str:
    return format_amount(value)


@document("decision_rule")
@frozen(kw_only=True)
class DecisionRule:
    """
    A rule that decides a motion: an optional quorum, a threshold, a tie-break chain.

    The quorum is checked first (no quorum: nothing is decided); then the
    threshold. A tie (for equals against in every measure the threshold uses,
    and the threshold not met) goes through the tie-break chain in order; the
    first step that settles it is recorded. Without a chain, or when no step
    settles it, the status is ``tied``.

    Parameters
    ----------
    id : str or None
        How presets, procedures and the CLI refer to the rule.
    title : str or None
        A human-readable name.
    source : Citation or None
        Where the rule comes from (law, version, article).
    verified : bool, default False
        Whether the numbers were checked against the text in force.
    quorum : Condition or None
        Participation that must be reached before anything is decided.
    threshold : Condition
        What adopts the motion.
    tie_break : tuple of TieBreak
        Steps tried in order when the motion is tied.
    units : mapping of str to str
        Units of measures for the minutes, e.g. ``{area: m²}``.
    notes : str or None
        Anything a reader should know.

    Examples
    --------
    >>> from govkit.voting import Share, MotionBallot, MotionTally, Choice
    >>> rule = DecisionRule(threshold=Share(count="for", of="cast", more_than="1/2"))
    >>> tally = MotionTally.count([MotionBallot(choice=Choice.FOR)] * 6
    ...                           + [MotionBallot(choice=Choice.AGAINST)] * 4)
    >>> decision = rule.decide(tally)
    >>> decision.status
    <Status.ADOPTED: 'adopted'>
    >>> print(decision.summary())
    adopted (decision rule): headcount for: 6 of 10 cast (60.0%); needs more than 1/2 (5, so 6): met
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    quorum: Condition | None = None
    threshold: Condition
    tie_break: tuple[TieBreak, ...] = ()
    units: FrozenMap[str, str] = field(factory=FrozenMap)
    notes: str | None = None

    def decide(
        self,
        tally: MotionTally,
        *,
        casting_vote: Choice | None = None,
        rng: random.Random | None = None,
    ) -> Decision:
        """
        Apply the rule to *tally*.

        Parameters
        ----------
        tally : MotionTally
            The counted ballots, per measure.
        casting_vote : Choice, optional
            The chair's casting vote, used by a ``casting_vote`` tie-break step.
        rng : random.Random, optional
            Seeded by the caller, used by a ``lot`` tie-break step.

        Raises
        ------
        RuleError
            When the tally lacks a measure or figure the rule needs.
        """
        name = self.id or self.title or "decision rule"
        quorum = self.quorum.evaluate(tally, self.units) if self.quorum is not None else None
        if quorum is not None and not quorum.met:
            return Decision(status=Status.NO_QUORUM, rule=name, quorum=quorum, threshold=None)
        threshold = self.threshold.evaluate(tally, self.units)
        if threshold.met:
            return Decision(status=Status.ADOPTED, rule=name, quorum=quorum, threshold=threshold)
        if not _is_tie(tally, threshold):
            return Decision(status=Status.REJECTED, rule=name, quorum=quorum, threshold=threshold)
        return self._break_tie(
            name, quorum, threshold, TieContext(casting_vote=casting_vote, rng=rng)
        )

    def _break_tie(
        self, name: str, quorum: Evaluation | None, threshold: Evaluation, context: TieContext
    ) -> Decision:
        for step in self.tie_break:
            settled = step.settle(context)
            if settled is None:
                if isinstance(step, Revote):
                    break
                continue
            status = Status.ADOPTED if settled is Choice.FOR else Status.REJECTED
            note = f"tied; settled by {step.kind.replace('_', ' ')}: {settled.value}"
            return Decision(
                status=status,
                rule=name,
                quorum=quorum,
                threshold=threshold,
                tie_break=step.kind,
                note=note,
            )
        tried = ", ".join(step.kind for step in self.tie_break) or "no tie-break steps"
        note = f"tied; not settled ({tried})"
        return Decision(
            status=Status.TIED, rule=name, quorum=quorum, threshold=threshold, note=note
        )


def _is_tie(tally: MotionTally, threshold: Evaluation) -> bool:
    measures = {check.measure for check in threshold.checks}
    return bool(measures) and all(
        tally[m].for_ == tally[m].against and tally[m].for_ > 0 for m in measures
    )
