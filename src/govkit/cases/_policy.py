"""Escalation policies: ordered steps (remind, escalate, whistle, report) on conditions."""

from __future__ import annotations

import enum

from attrs import field, frozen, validators

from govkit.calendar import TimeSpan
from govkit.cases._parts import Target, ident
from govkit.config import Citation, document
from govkit.errors import ConfigError, PathPart

__all__ = [
    "CLOCK_OF",
    "EVENT_OF",
    "Action",
    "Condition",
    "EscalationPolicy",
    "EscalationStep",
    "Repeat",
    "Summons",
]


class Condition(enum.Enum):
    """What must still hold, a delay after it began, for a step to fire."""

    NOT_SIGNED_FOR = "not_signed_for"
    """The response clock runs: nobody signed for the case since it was dispatched."""
    NOT_RESOLVED = "not_resolved"
    """The resolution clock runs: the case is not resolved."""
    VERIFICATION_FAILED = "verification_failed"
    """The last verification failed and the case is still open."""
    DISSATISFIED = "dissatisfied"
    """The resident said they were not satisfied and the case is still open."""


CLOCK_OF: dict[Condition, str] = {
    Condition.NOT_SIGNED_FOR: "response",
    Condition.NOT_RESOLVED: "resolution",
}
"""The clock whose running is the condition; the other conditions start with an event."""

EVENT_OF: dict[Condition, str] = {
    Condition.VERIFICATION_FAILED: "verification_failed",
    Condition.DISSATISFIED: "evaluated",
}
"""The lifecycle event that starts each event condition."""


class Action(enum.Enum):
    """What a step does when it fires."""

    REMIND = "remind"
    """Remind the current holder (or the target)."""
    ESCALATE = "escalate"
    """Move the case to the target: a higher tier, a department or a role."""
    WHISTLE = "whistle"
    """Summon several departments at once, each with its own deadlines (吹哨报到)."""
    REPORT = "report"
    """Report the case to the target (a supervisor), without moving it."""


@frozen(kw_only=True)
class Repeat:
    """
    Fire again ``times`` more times, ``every`` apart, while the condition holds.

    Parameters
    ----------
    times : int
        How many more times, at least 1: an escalation never repeats unbounded.
    every : TimeSpan
        The interval.
    """

    times: int = field(validator=validators.ge(1))
    every: TimeSpan


@frozen(kw_only=True)
class Summons:
    """
    One department a whistle summons, with its deadlines counted from the whistle.

    Parameters
    ----------
    department : str
        The department (declared by the case system).
    sign : TimeSpan or None
        Sign for the summons (报到) within this.
    contact : TimeSpan or None
        Contact the resident or the site within this.
    report : TimeSpan or None
        Report the result within this.
    """

    department: str
    sign: TimeSpan | None = None
    contact: TimeSpan | None = None
    report: TimeSpan | None = None

    def deadlines(self) -> tuple[tuple[str, TimeSpan], ...]:
        """Return the (duty, span) pairs that are set: sign, contact, report."""
        pairs = (("sign", self.sign), ("contact", self.contact), ("report", self.report))
        return tuple((duty, span) for duty, span in pairs if span is not None)


@frozen(kw_only=True)
class EscalationStep:
    """
    One step: when ``when`` has held for ``after``, do ``action``.

    Parameters
    ----------
    id : str
        The step's snake_case name, unique in the policy.
    when : Condition
        ``not_signed_for``, ``not_resolved``, ``verification_failed`` or ``dissatisfied``.
    after : TimeSpan
        The delay, counted from when the condition began (the clock's start for
        the clock conditions, and extended by the clock's pauses).
    action : Action
        ``remind``, ``escalate``, ``whistle`` or ``report``.
    to : Target or None
        Whom to escalate or report to (required for those), whom to remind (default: the holder).
    summon : tuple of Summons
        The departments a whistle summons (required for ``whistle``).
    repeat : Repeat or None
        Fire again, a bounded number of times.
    note : str or None
        Where the step comes from.
    """

    id: str = field(validator=ident)
    when: Condition
    after: TimeSpan
    action: Action
    to: Target | None = None
    summon: tuple[Summons, ...] = ()
    repeat: Repeat | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.action in (Action.ESCALATE, Action.REPORT) and self.to is None:
            msg = f"step {self.id!r} must say whom to {self.action.value} to ('to:')"
            raise ConfigError.at(("to",), msg, hint="e.g. to: {level: street}")
        if self.action is Action.WHISTLE and not self.summon:
            msg = f"whistle step {self.id!r} must summon at least one department ('summon:')"
            raise ConfigError.at(("summon",), msg)
        if self.action is not Action.WHISTLE and self.summon:
            msg = f"only a whistle summons departments; step {self.id!r} is a {self.action.value}"
            raise ConfigError.at(("summon",), msg)
        if self.action is Action.ESCALATE and self.repeat is not None:
            msg = f"escalate step {self.id!r} cannot repeat: the case would climb in a loop"
            raise ConfigError.at(("repeat",), msg, hint="add another step for the next tier")


@document("escalation_policy")
@frozen(kw_only=True)
class EscalationPolicy:
    """
    Ordered escalation steps; a case keeps the version it started under.

    Checked when loaded: step ids are unique; escalation on one condition never
    returns to a target it already left (a cycle); repeats are bounded. A case
    system checks the rest against its hierarchy: tiers climb, departments and
    roles exist, the lifecycle has the clocks the conditions need.

    Parameters
    ----------
    id : str or None
        How case systems refer to it.
    title : str or None
        A human-readable name.
    source : Citation or None
        Where the steps come from.
    verified : bool, default False
        Whether they were checked against the text in force.
    version : str or None
        The policy's version, recorded with every case that starts under it.
    steps : tuple of EscalationStep
        The steps.
    notes : str or None
        Anything a reader should know.
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    version: str | None = None
    steps: tuple[EscalationStep, ...] = field(validator=validators.min_len(1))
    notes: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[ConfigError] = []
        seen: set[str] = set()
        climbed: dict[Condition, list[str]] = {}
        for index, step in enumerate(self.steps):
            path: tuple[PathPart, ...] = ("steps", index)
            if step.id in seen:
                problems.append(ConfigError.at((*path, "id"), f"step {step.id!r} is defined twice"))
            seen.add(step.id)
            if step.action is Action.ESCALATE and step.to is not None:
                targets = climbed.setdefault(step.when, [])
                here = str(step.to)
                if here in targets:
                    msg = (
                        f"step {step.id!r} escalates back to {here}, which the case already "
                        f"left ({' -> '.join([*targets[targets.index(here) :], here])}): a cycle"
                    )
                    problems.append(ConfigError.at((*path, "to"), msg))
                targets.append(here)
            departments = [summons.department for summons in step.summon]
            for number, name in enumerate(departments):
                if departments.index(name) != number:
                    msg = f"department {name!r} is summoned twice"
                    problems.append(ConfigError.at((*path, "summon", number), msg))
        if problems:
            raise ConfigError([p for error in problems for p in error.problems])

    def step(self, step_id: str) -> EscalationStep:
        """Return step *step_id*."""
        for step in self.steps:
            if step.id == step_id:
                return step
        msg = f"no step {step_id!r}"
        raise KeyError(msg)
