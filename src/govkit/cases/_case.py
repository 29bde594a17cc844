"""Cases: a resident's case moving through its lifecycle, as a pure fold over events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
from attrs import frozen

from govkit.calendar import TimeSpan
from govkit.cases._clock import Clock
from govkit.cases._due import catch_up
from govkit.cases._parts import Handler, Report, Target, handlers_json
from govkit.cases._routing import common_superior
from govkit.cases._summons import Summoned
from govkit.cases._system import CaseSystem
from govkit.config import structure
from govkit.errors import ConfigError, RuleError
from govkit.events import Event, Step, fold, refuse, thaw_payload

__all__ = ["EXTRA_EVENTS", "Case", "CaseFile", "Cases", "open_case", "replay_case"]

EXTRA_EVENTS = (
    "time_passed",
    "escalated",
    "disputed",
    "summons_signed",
    "summons_contacted",
    "summons_reported",
)
"""Events a case understands in any open state, besides its lifecycle's own."""

_SUMMONS_DUTY = {
    "summons_signed": "sign",
    "summons_contacted": "contact",
    "summons_reported": "report",
}


@frozen(kw_only=True)
class CaseFile:
    """
    What a case runs under, fixed when it is opened: later edits change nothing.

    Attributes
    ----------
    report : Report
        What was reported, where.
    system : CaseSystem
        The hierarchy, lifecycle, routing, limits and escalation policy in force.
    """

    report: Report
    system: CaseSystem

    @property
    def policy_version(self) -> str | None:
        """Return the version of the escalation policy the case started under."""
        policy = self.system.escalation
        return None if policy is None else policy.version


@frozen(kw_only=True)
class Case:
    """
    Where a case stands: its state, who holds it, its clocks, escalations and summons.

    Attributes
    ----------
    file : CaseFile
        The report and the rules in force since the case was opened.
    state : str or None
        The lifecycle state (None until ``reported``).
    holder : Handler or None
        Who has the case now (the lead handler).
    handlers : tuple of Handler
        Everyone it was dispatched to, the lead first.
    clocks : tuple of Clock
        The response and resolution clocks started so far (latest of each name).
    fired : tuple of (str, datetime, int)
        Escalation steps fired: step id, the start of the condition they fired on, times.
    summons : tuple of Summoned
        Departments summoned by a whistle, with their deadlines.
    depth : int
        How many times the case was escalated.
    breaches : tuple of (str, datetime)
        Limits missed: what, and when it ran out.
    failed_at, dissatisfied_at : datetime or None
        The last failed verification and the last dissatisfied evaluation.
    opened_at, now, closed_at : datetime or None
        When it was reported, the time of the last event, when it ended.
    resolved : bool
        It ended in a resolving state.
    closed_tier : str or None
        The tier of the holder when it was resolved (containment).
    path : tuple of str
        Every state entered, in order.
    """

    file: CaseFile
    state: str | None = None
    holder: Handler | None = None
    handlers: tuple[Handler, ...] = ()
    clocks: tuple[Clock, ...] = ()
    fired: tuple[tuple[str, dt.datetime, int], ...] = ()
    summons: tuple[Summoned, ...] = ()
    depth: int = 0
    breaches: tuple[tuple[str, dt.datetime], ...] = ()
    failed_at: dt.datetime | None = None
    dissatisfied_at: dt.datetime | None = None
    opened_at: dt.datetime | None = None
    now: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    resolved: bool = False
    closed_tier: str | None = None
    path: tuple[str, ...] = ()

    @property
    def system(self) -> CaseSystem:
        """Return the case system in force."""
        return self.file.system

    @property
    def is_closed(self) -> bool:
        """Return whether the case reached a terminal state."""
        return self.state is not None and self.system.lifecycle.state(self.state).terminal

    @property
    def whistled(self) -> bool:
        """Return whether a whistle summoned departments for this case."""
        return bool(self.summons)

    def clock(self, name: str) -> Clock | None:
        """Return the latest clock called *name*, or None."""
        for clock in reversed(self.clocks):
            if clock.name == name:
                return clock
        return None

    def apply(self, event: Event) -> Step[Case]:
        """
        Apply *event*: the new case and why, or a refusal that leaves this case unchanged.

        Before the event itself, everything that fell due up to its time is
        applied in time order: warnings, breaches, escalation steps and missed
        summons deadlines (each an effect stamped with the moment it fell due).
        """
        try:
            return _apply(self, event)
        except (RuleError, ConfigError) as exc:
            return refuse(self, str(exc))

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data: state, holder, clocks, escalations, summons."""

        def moment(value: dt.datetime | None) -> str | None:
            return None if value is None else value.isoformat()

        return {
            "report": self.file.report.to_dict(),
            "policy_version": self.file.policy_version,
            "state": self.state,
            "closed": self.is_closed,
            "resolved": self.resolved,
            "holder": None if self.holder is None else self.holder.to_dict(),
            "handlers": handlers_json(self.handlers),
            "clocks": [clock.to_dict() for clock in self.clocks],
            "depth": self.depth,
            "summons": [summoned.to_dict() for summoned in self.summons],
            "breaches": [[what, at.isoformat()] for what, at in self.breaches],
            "opened_at": moment(self.opened_at),
            "now": moment(self.now),
            "closed_at": moment(self.closed_at),
            "closed_tier": self.closed_tier,
            "path": list(self.path),
        }


def open_case(system: CaseSystem, report: Report) -> Case:
    """
    Return a new case for *report* under *system*, before its ``reported`` event.

    The system (hierarchy, lifecycle, routing, limits, policy and its version)
    is snapshotted here.

    Raises
    ------
    ValueError
        When the report's unit is not in the hierarchy.
    """
    if report.unit not in system.hierarchy:
        msg = f"unit {report.unit!r} of case {report.id!r} is not in the hierarchy"
        raise ValueError(msg)
    return Case(file=CaseFile(report=report, system=system))


class Cases:
    """The case machine (`govkit.events.Machine`): ``Cases().apply(case, event)``."""

    def apply(self, state: Case, event: Event) -> Step[Case]:
        """Apply *event* to *state*."""
        return state.apply(event)


def replay_case(case: Case, events: Iterable[Event]) -> Case:
    """Fold *events* over *case* (refused events change nothing)."""
    return fold(Cases(), case, events)


# -- applying one event -------------------------------------------------------------------


def _apply(case: Case, event: Event) -> Step[Case]:  # noqa: PLR0911 - one refusal per rule
    if case.now is not None and event.at < case.now:
        return refuse(case, f"events come in time order: {event.at} is before {case.now}")
    lifecycle = case.system.lifecycle
    if case.state is None:
        if event.kind != "reported":
            return refuse(case, "the case has not been reported yet")
        opened = attrs.evolve(case, opened_at=event.at, now=event.at)
        entered = _enter(opened, lifecycle.start, event.at)
        return Step(entered, True, f"reported in {case.file.report.unit}")
    effects: list[str] = []
    caught = catch_up(case, event.at, effects)
    if caught.is_closed:
        return refuse(case, f"the case is closed: it ended in {caught.state}")
    current = lifecycle.state(caught.state or lifecycle.start)
    kind = event.kind
    target = current.next.get(kind)
    if target is None and kind not in EXTRA_EVENTS:
        allowed = ", ".join([*current.next, *EXTRA_EVENTS])
        return refuse(case, f"{kind!r} cannot happen in {current.name}; allowed: {allowed}")
    result = _side_effect(caught, event)
    if isinstance(result, str):
        return refuse(case, result)
    changed, why = result
    changed = attrs.evolve(changed, now=event.at)
    if target is not None:
        changed = _enter(changed, target, event.at)
        moved = f"{current.name} -> {lifecycle.state(target).name}"
        why = f"{why}; {moved}" if why else moved
    changed = catch_up(changed, event.at, effects)  # what the event itself made due now
    return Step(changed, True, why or kind.replace("_", " "), tuple(effects))


Outcome = tuple[Case, str] | str
"""What an event's own handler made of it: the changed case and why, or a refusal."""


def _side_effect(case: Case, event: Event) -> Outcome:
    handler = _HANDLERS.get(event.kind)
    if handler is not None:
        return handler(case, event)
    duty = _SUMMONS_DUTY.get(event.kind)
    if duty is not None:
        return _summons_done(case, event, duty)
    return case, ""


def _dispatched(case: Case, event: Event) -> Outcome:
    system, unit = case.system, case.file.report.unit
    targets = event.payload.get("to")
    if targets is None:
        route = system.routing.route(case.file.report, system.hierarchy.is_within)
        chosen, why = route.targets, f"dispatched by {route.why}"
    else:
        chosen = _targets(targets)
        why = "dispatched to " + ", ".join(str(target) for target in chosen)
    handlers = tuple(system.resolve(target, unit) for target in chosen)
    return attrs.evolve(case, handlers=handlers, holder=handlers[0]), why


def _evaluated(case: Case, event: Event) -> Outcome:
    satisfied = event.payload.get("satisfied")
    if not isinstance(satisfied, bool):
        return "an evaluation says whether the resident is satisfied: payload {satisfied: true}"
    if satisfied:
        return attrs.evolve(case, dissatisfied_at=None), "the resident is satisfied"
    return attrs.evolve(case, dissatisfied_at=event.at), "the resident is not satisfied"


def _verification_failed(case: Case, event: Event) -> Outcome:
    return attrs.evolve(case, failed_at=event.at), "verification failed"


def _escalated(case: Case, event: Event) -> Outcome:
    targets = event.payload.get("to")
    if targets is None:
        return "an escalation says where to: payload {to: {level: street}}"
    target = _targets((targets,))[0]
    holder = case.system.resolve(target, case.file.report.unit, case.holder)
    moved = attrs.evolve(case, holder=holder, depth=case.depth + 1)
    return moved, f"escalated by {event.actor} to {holder}"


def _disputed(case: Case, event: Event) -> Outcome:
    system = case.system
    units = event.payload.get("units")
    if not isinstance(units, tuple) or not units or not all(u in system.hierarchy for u in units):
        return "a dispute names the disputing hierarchy units: payload {units: [a, b]}"
    settler = common_superior(system.hierarchy, units)
    holder = Handler("unit", settler, None, system.tier_of_unit(settler))
    why = f"dispute between {', '.join(units)} settled by {settler}"
    return attrs.evolve(case, holder=holder), why


def _targets(value: Any) -> tuple[Target, ...]:
    if not isinstance(value, tuple) or not value:
        msg = "targets are a non-empty list such as [{department: roads}]"
        raise RuleError(msg)
    return tuple(structure(_thaw(item), Target) for item in value)


def _thaw(value: Any) -> Any:
    """Return a payload value as plain data the converter reads (frozen mappings to dicts)."""
    return thaw_payload(value) if isinstance(value, Mapping) else value


def _extension(case: Case, event: Event) -> Outcome:
    payload = event.payload
    by = payload.get("by")
    if by is None:
        return case, "extension granted"
    span = structure(_thaw(by), TimeSpan)
    name = payload.get("clock", "resolution")
    clock = case.clock(name)
    if clock is None or not clock.active:
        return f"no running {name} clock to extend"
    extended = clock.extend(span, case.system.effective_calendar)
    clocks = tuple(extended if c is clock else c for c in case.clocks)
    return attrs.evolve(
        case, clocks=clocks
    ), f"{name} limit extended by {span} to {extended.deadline}"


def _summons_done(case: Case, event: Event, duty: str) -> tuple[Case, str] | str:
    department = event.payload.get("department")
    for index, summoned in enumerate(case.summons):
        if summoned.department == department:
            done = summoned.done(duty, event.at)
            summons = (*case.summons[:index], done, *case.summons[index + 1 :])
            late = " (late)" if done.late(duty) else ""
            return attrs.evolve(case, summons=summons), f"{department}: {duty} done{late}"
    known = ", ".join(s.department for s in case.summons) or "none"
    return f"department {department!r} was not summoned; summoned: {known}"


_HANDLERS: dict[str, Callable[[Case, Event], Outcome]] = {
    "dispatched": _dispatched,
    "evaluated": _evaluated,
    "verification_failed": _verification_failed,
    "extension_granted": _extension,
    "escalated": _escalated,
    "disputed": _disputed,
}


# -- entering a state ---------------------------------------------------------------------


def _enter(case: Case, state_id: str, at: dt.datetime) -> Case:
    system = case.system
    lifecycle = system.lifecycle
    state = lifecycle.state(state_id)
    calendar = system.effective_calendar
    clocks = list(case.clocks)
    for spec in lifecycle.clocks:
        latest = case.clock(spec.name)
        if latest is not None and latest.active and (state_id in spec.stops or state.terminal):
            clocks[clocks.index(latest)] = latest.stop(at)
        elif state_id in spec.starts and (latest is None or not latest.active):
            limit = (
                None
                if system.limits is None
                else system.limits.limit(case.file.report, spec.name, system.hierarchy.is_within)
            )
            if limit is not None:
                started = Clock.start(spec.name, limit.span, at, calendar, limit.warn_before)
                clocks.append(started)
    clocks = [clock.pause(at) if state.pauses else clock.resume(at, calendar) for clock in clocks]
    changed = attrs.evolve(case, state=state_id, clocks=tuple(clocks), path=(*case.path, state_id))
    if state.terminal:
        # a case resolved without a holder (answered directly) was resolved where it happened
        holder = case.holder
        tier = holder.tier if holder is not None else system.tier_of_unit(case.file.report.unit)
        closed_tier = tier if state.resolves else None
        changed = attrs.evolve(
            changed, closed_at=at, resolved=state.resolves, closed_tier=closed_tier
        )
    return changed
