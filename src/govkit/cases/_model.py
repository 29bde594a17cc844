"""
A case flow compiled for the engine: routes, limits, steps, pools and working time, memoised.

Everything the live objects say is looked up here, once per distinct key: routing per
(kind of case, unit) through `Routing.route` and `CaseSystem.resolve`, limits per kind of
case through `TimeLimits.limit`, escalation targets per (step, unit, holder) through
`CaseSystem.resolve`, calendar spans as minutes (working-time spans through
`TimeSpan.after` on the system calendar), and the calendar's working time as tables.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Any

from govkit.calendar import TimeSpan, WorkingCalendar
from govkit.cases._flow import CaseFlow
from govkit.cases._parts import Handler, Report
from govkit.cases._policy import Action, Condition, EscalationStep
from govkit.errors import RuleError

__all__ = ["DAY", "Model", "split_chance"]

DAY = 1440.0
"""Minutes in a day: the engine counts time in float minutes since the flow's start."""
_DAY = DAY
_INF = math.inf


def _minutes(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 60.0


class _Span:
    """A time span compiled to minutes after a moment (calendar units: a constant offset)."""

    __slots__ = ("offset", "span")

    def __init__(self, span: TimeSpan) -> None:
        self.span = span
        self.offset: float | None = None if span.is_working_time else _minutes(span.to_timedelta())


class Model:
    """
    A case flow compiled for the engine: tables of routes, limits, steps, pools and draws.

    Built once by `simulate` (or by a benchmark that drives its own engine on the same
    tables); every lookup of the live objects happens here, memoised per key.

    Parameters
    ----------
    flow : CaseFlow
        The flow to compile.
    """

    def __init__(self, flow: CaseFlow) -> None:
        system = flow.system
        self.flow = flow
        self.system = system
        self.calendar: WorkingCalendar = system.effective_calendar
        self.start = flow.start
        self.horizon = flow.days * _DAY
        self.units = flow.rates()
        self.unit_names = tuple(unit for unit, _ in self.units)
        self.mix = tuple(
            Report(
                id=f"m{index}",
                category=entry.category,
                subcategory=entry.subcategory,
                priority=entry.priority,
                unit=self.unit_names[0] if self.unit_names else "",
            )
            for index, entry in enumerate(flow.mix)
        )
        self.tiers = tuple(tier.id for tier in system.effective_tiers)
        handling = {entry.tier: entry for entry in flow.handling}
        self.samplers = tuple(handling[tier].time.sampler() for tier in self.tiers)
        self.resolves = tuple(float(handling[tier].resolves) for tier in self.tiers)
        self.sign_sampler: Callable[[float], float] | None = (
            None if flow.sign_for is None else flow.sign_for.sampler()
        )
        self.satisfied = float(flow.satisfied)
        self.pools: list[Handler] = []
        self.pool_of: dict[Handler, int] = {}
        self.pool_rank: list[int] = []
        self.pool_servers: list[int] = []
        staffing_tier = {s.tier: s.servers for s in flow.staffing if s.tier is not None}
        staffing_department = {
            s.department: s.servers for s in flow.staffing if s.department is not None
        }
        self._servers = (staffing_tier, staffing_department)
        policy = system.escalation
        self.steps: tuple[EscalationStep, ...] = () if policy is None else policy.steps
        self.step_after = tuple(_Span(step.after) for step in self.steps)
        self.step_every = tuple(
            None if step.repeat is None else _Span(step.repeat.every) for step in self.steps
        )
        self.escalations = sum(1 for step in self.steps if step.action is Action.ESCALATE)
        self.attempts = 1 + self.escalations
        self._escalate_to: dict[tuple[int, str, int], int] = {}
        self._routes: dict[int, tuple[int, int]] = {}
        limits = system.limits
        # limits that name units make a case's limits depend on its unit too
        self._limits_by_unit = limits is not None and any(rule.when.within for rule in limits.rules)
        self._kind_of: dict[tuple[int, int], int] = {}
        self.kinds: list[tuple[int, int]] = []
        """Each kind of case: (index into ``mix``, unit index or -1 when limits ignore it)."""
        self.limits: list[tuple[_Span | None, _Span | None]] = []
        """Each kind's response and resolution limits (None: no such clock)."""
        self.timers: list[tuple[tuple[float, int, int], ...]] = []
        """Each kind's escalate steps: (offset, step index, condition), by offset."""
        if not self._limits_by_unit:
            for mix in range(len(self.mix)):
                self.kind(mix, 0)
        self.working = None if flow.around_the_clock else _WorkingTime(self)

    # -- compiling -------------------------------------------------------------------------

    def kind(self, mix: int, unit: int) -> int:
        """Return the kind number of a case of *mix* in *unit* (limits and steps compiled)."""
        key = (mix, unit if self._limits_by_unit else -1)
        found = self._kind_of.get(key)
        if found is not None:
            return found
        facts = self.mix[mix]
        report = Report(
            id="sim",
            category=facts.category,
            subcategory=facts.subcategory,
            priority=facts.priority,
            unit=self.unit_names[unit] if self.unit_names else "",
        )
        limits = self._limits(report, self.system.lifecycle.clock_map)
        number = len(self.kinds)
        self.kinds.append(key)
        self.limits.append(limits)
        self.timers.append(self._timers(limits))
        self._kind_of[key] = number
        return number

    def _limits(self, report: Report, clocks: Any) -> tuple[_Span | None, _Span | None]:
        limits = self.system.limits
        spans: list[_Span | None] = []
        for clock in ("response", "resolution"):
            limit = None
            if limits is not None and clock in clocks:
                limit = limits.limit(report, clock, self.system.hierarchy.is_within)
            spans.append(None if limit is None else _Span(limit.span))
        return spans[0], spans[1]

    def _timers(
        self, limits: tuple[_Span | None, _Span | None]
    ) -> tuple[tuple[float, int, int], ...]:
        """Return the escalate steps under *limits*: (offset, step, condition), by offset."""
        response, resolution = limits
        timers = []
        for index, step in enumerate(self.steps):
            if step.action is not Action.ESCALATE:
                continue
            if step.when is Condition.NOT_SIGNED_FOR and response is not None:
                condition = 0
            elif step.when is Condition.NOT_RESOLVED and resolution is not None:
                condition = 1
            else:
                continue
            offset = self.step_after[index].offset
            if offset is None:
                msg = (
                    f"step {step.id!r} counts working time ({step.after}); the simulator "
                    "needs calendar units (minutes, hours, days) for escalation delays"
                )
                raise RuleError(msg)
            timers.append((offset, index, condition))
        return tuple(sorted(timers))

    def pool(self, handler: Handler) -> int:
        """Return the pool number of *handler* (a new pool on first sight)."""
        number = self.pool_of.get(handler)
        if number is not None:
            return number
        if handler.tier is None or handler.tier not in self.tiers:
            msg = f"handler {handler} stands on no tier of the case system"
            raise RuleError(msg)
        staffing_tier, staffing_department = self._servers
        if handler.kind == "department" and handler.id in staffing_department:
            servers = staffing_department[handler.id]
        else:
            servers = staffing_tier.get(handler.tier, 1 << 62)
        number = len(self.pools)
        self.pools.append(handler)
        self.pool_of[handler] = number
        self.pool_rank.append(self.tiers.index(handler.tier))
        self.pool_servers.append(servers)
        return number

    def route(self, mix: int, unit: int) -> tuple[int, int]:
        """Return the pool of the lead handler and the kind of a case of *mix* in *unit*."""
        key = mix * len(self.units) + unit
        found = self._routes.get(key)
        if found is None:
            system = self.system
            name = self.unit_names[unit]
            facts = self.mix[mix]
            report = Report(
                id="sim",
                category=facts.category,
                subcategory=facts.subcategory,
                priority=facts.priority,
                unit=name,
            )
            route = system.routing.route(report, system.hierarchy.is_within)
            found = (self.pool(system.resolve(route.targets[0], name)), self.kind(mix, unit))
            self._routes[key] = found
        return found

    def escalate(self, step: int, unit: int, pool: int) -> int:
        """Return the pool escalation step *step* moves a case in *unit*, held by *pool*, to."""
        name = self.unit_names[unit]
        key = (step, name, pool)
        found = self._escalate_to.get(key)
        if found is None:
            target = self.steps[step].to
            if target is None:  # pragma: no cover - checked when the policy loads
                msg = f"step {self.steps[step].id!r} names no target"
                raise RuleError(msg)
            found = self.pool(self.system.resolve(target, name, self.pools[pool]))
            if self.pool_rank[found] <= self.pool_rank[pool]:
                found = pool  # a case never escalates down or across: it stays where it is
            self._escalate_to[key] = found
        return found

    def deadline(self, span: _Span, at: float) -> float:
        """Return the deadline *span* after minute *at* (exact on the calendar)."""
        if span.offset is not None:
            return at + span.offset
        moment = self.start + dt.timedelta(minutes=at)
        return _minutes(span.span.after(moment, self.calendar) - self.start)

    def moment(self, minutes: float) -> dt.datetime:
        """Return the instant *minutes* after the start (to the microsecond)."""
        return self.start + dt.timedelta(microseconds=round(minutes * 60_000_000))


class _WorkingTime:
    """Working minutes of the system calendar over the horizon, as tables for bisection."""

    def __init__(self, model: Model) -> None:
        calendar, start = model.calendar, model.start
        periods = [
            (_clock(period.start), _clock(period.end)) for period in calendar.working_hours
        ] or [(0, 1440)]
        first = start.date() - dt.timedelta(days=1)
        starts: list[float] = []
        ends: list[float] = []
        for number in range(int(model.horizon // _DAY) + 3):
            day = first + dt.timedelta(days=number)
            if not calendar.is_working_day(day):
                continue
            midnight = dt.datetime(day.year, day.month, day.day, tzinfo=start.tzinfo)
            base = _minutes(midnight - start)
            for begin, end in periods:
                if starts and ends[-1] == base + begin:
                    ends[-1] = base + end
                else:
                    starts.append(base + begin)
                    ends.append(base + end)
        self.starts = starts
        self.ends = ends
        self.before: list[float] = []  # working minutes before each period
        self.after: list[float] = []  # working minutes up to the end of each period
        total = 0.0
        for opens, closes in zip(starts, ends, strict=True):
            self.before.append(total)
            total += closes - opens
            self.after.append(total)

    def finish(self, at: float, work: float) -> float:
        """Return when *work* working minutes started at minute *at* are done."""
        index = bisect_right(self.starts, at) - 1
        if index < 0:
            done = work
        else:
            done = self.before[index] + min(
                at - self.starts[index], self.ends[index] - self.starts[index]
            )
            done += work
        period = bisect_left(self.after, done)
        if period >= len(self.after):
            return _INF
        end = self.starts[period] + (done - self.before[period])
        return end if end > at else at


def split_chance(chance: float, share: float) -> float:
    """
    Return the uniform number *chance* leaves once it decided an event of probability *share*.

    One uniform number decides both whether an attempt resolves the case (``chance <
    share``) and how long it takes: given either outcome, the rescaled number is again
    uniform on [0, 1) and independent of the outcome.
    """
    return chance / share if chance < share else (chance - share) / (1.0 - share)


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)
