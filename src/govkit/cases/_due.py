"""What falls due between events: warnings, breaches, escalation steps, summons deadlines."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from govkit.cases._clock import Clock
from govkit.cases._parts import Handler
from govkit.cases._policy import CLOCK_OF, Action, Condition, EscalationStep
from govkit.cases._summons import Summoned
from govkit.cases._system import CaseSystem
from govkit.errors import RuleError

if TYPE_CHECKING:
    from govkit.cases._case import Case

__all__ = ["catch_up"]


def catch_up(case: Case, until: dt.datetime, effects: list[str]) -> Case:
    """Apply, in time order, every warning, breach, step and summons deadline due by *until*."""
    for _ in range(10_000):  # every item is applied once; the bound only guards a bug
        item = _next_due(case, until)
        if item is None:
            return case
        case = item[1](case, effects)
    msg = "too many escalation items fell due at once"  # pragma: no cover
    raise RuleError(msg)  # pragma: no cover


def _next_due(case: Case, until: dt.datetime) -> tuple[dt.datetime, Any] | None:
    if case.is_closed:
        return None
    calendar = case.system.effective_calendar
    best: tuple[dt.datetime, Any] | None = None

    def offer(at: dt.datetime | None, apply: Any) -> None:
        nonlocal best
        if at is not None and at <= until and (best is None or at < best[0]):
            best = (at, apply)

    for clock in case.clocks:
        if not clock.active:
            continue
        warn = clock.warn_at(calendar)
        if not clock.warned and warn is not None and clock.running:
            offer(warn, _warned(clock, warn))
        if not clock.breached and (
            clock.paused_since is None or clock.paused_since >= clock.deadline
        ):
            offer(clock.deadline, _breached(clock))
    policy = case.system.escalation
    if policy is not None:
        for step in policy.steps:
            found = _step_due(case, step)
            if found is not None:
                offer(*found)
    for summoned in case.summons:
        for duty, deadline in summoned.open_deadlines():
            offer(deadline, _summons_missed(summoned, duty, deadline))
    return best


def _replace_clock(case: Case, old: Clock, new: Clock) -> Case:
    return attrs.evolve(case, clocks=tuple(new if c is old else c for c in case.clocks))


def _warned(clock: Clock, at: dt.datetime) -> Any:
    def apply(case: Case, effects: list[str]) -> Case:
        effects.append(
            f"{at.isoformat()}: warning, {clock.name} limit runs out at {clock.deadline}"
        )
        return _replace_clock(case, clock, attrs.evolve(clock, warned=True))

    return apply


def _breached(clock: Clock) -> Any:
    def apply(case: Case, effects: list[str]) -> Case:
        at = clock.deadline
        effects.append(f"{at.isoformat()}: {clock.name} limit of {clock.limit} breached")
        changed = _replace_clock(case, clock, attrs.evolve(clock, breached=True, warned=True))
        return attrs.evolve(changed, breaches=(*case.breaches, (clock.name, at)))

    return apply


def _since(case: Case, condition: Condition) -> tuple[dt.datetime, Clock | None] | None:
    name = CLOCK_OF.get(condition)
    if name is not None:
        clock = case.clock(name)
        return None if clock is None or not clock.active else (clock.started_at, clock)
    at = case.failed_at if condition is Condition.VERIFICATION_FAILED else case.dissatisfied_at
    return None if at is None else (at, None)


def _step_due(case: Case, step: EscalationStep) -> tuple[dt.datetime, Any] | None:
    since = _since(case, step.when)
    if since is None:
        return None
    start, clock = since
    times = 0
    for fired_id, fired_since, count in case.fired:
        if fired_id == step.id and fired_since == start:
            times = count
    if times > (0 if step.repeat is None else step.repeat.times):
        return None
    calendar = case.system.effective_calendar
    due = (
        clock.due(step.after, calendar) if clock is not None else step.after.after(start, calendar)
    )
    if due is None:  # the clock paused or stopped before the step fell due
        return None
    if times and step.repeat is not None:
        for _ in range(times):
            due = step.repeat.every.after(due, calendar)
    return due, _fire(step, start, times, due)


def _fire(step: EscalationStep, since: dt.datetime, times: int, due: dt.datetime) -> Any:
    def apply(case: Case, effects: list[str]) -> Case:  # noqa: PLR0911 - one outcome per action
        fired = tuple(f for f in case.fired if not (f[0] == step.id and f[1] == since))
        case = attrs.evolve(case, fired=(*fired, (step.id, since, times + 1)))
        reason = f"{step.when.value.replace('_', ' ')} after {step.after}"
        stamp = f"{due.isoformat()}: {step.id}"
        system = case.system
        if step.action is Action.WHISTLE:
            calendar = system.effective_calendar
            called = tuple(Summoned.call(summons, due, calendar) for summons in step.summon)
            names = ", ".join(summons.department for summons in step.summon)
            effects.append(f"{stamp}: whistle, summoned {names} ({reason})")
            return attrs.evolve(case, summons=(*case.summons, *called))
        try:
            whom = (
                case.holder
                if step.to is None
                else system.resolve(step.to, case.file.report.unit, case.holder)
            )
        except RuleError as exc:  # e.g. a township step for a case in a street's community
            effects.append(f"{stamp}: skipped, {exc} ({reason})")
            return case
        if step.action is Action.REMIND:
            effects.append(f"{stamp}: reminded {whom} ({reason})")
            return case
        if step.action is Action.REPORT:
            effects.append(f"{stamp}: reported to {whom} ({reason})")
            return case
        holder = case.holder
        if whom is None or whom == holder:
            effects.append(f"{stamp}: already with {whom} ({reason})")
            return case
        if holder is not None and _rank(system, whom) <= _rank(system, holder):
            effects.append(f"{stamp}: stays with {holder}, on a tier above {whom} ({reason})")
            return case
        effects.append(f"{stamp}: escalated from {case.holder} to {whom} ({reason})")
        handlers = (whom, *(h for h in case.handlers[1:] if h != whom))
        return attrs.evolve(case, holder=whom, handlers=handlers, depth=case.depth + 1)

    return apply


def _rank(system: CaseSystem, handler: Handler) -> int:
    """Return the rank of *handler*'s tier (-1 when it stands on none)."""
    return system.tier_rank.get(handler.tier or "", -1)


def _summons_missed(summoned: Summoned, duty: str, deadline: dt.datetime) -> Any:
    def apply(case: Case, effects: list[str]) -> Case:
        index = case.summons.index(summoned)
        missed = summoned.missed(duty)
        effects.append(f"{deadline.isoformat()}: {summoned.department} missed its {duty} deadline")
        summons = (*case.summons[:index], missed, *case.summons[index + 1 :])
        what = f"summons {summoned.department} {duty}"
        return attrs.evolve(case, summons=summons, breaches=(*case.breaches, (what, deadline)))

    return apply
