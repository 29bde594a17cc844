"""What a case-flow simulation found: per-case records, indicators, and the events of any case."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

from govkit._extras import require
from govkit.cases._milestones import milestones
from govkit.cases._policy import Action, Condition
from govkit.errors import RuleError
from govkit.events import Event

if TYPE_CHECKING:
    from govkit.cases._model import Model, _Span
    from govkit.cases._sim import Workload

__all__ = ["CaseRecord", "FlowResult", "OnTime"]

_DAY = 1440.0
_CLOCKS = ("response", "resolution")


class CaseRecord(NamedTuple):
    """
    One simulated case, as a plain tuple (times in minutes since the flow's start).

    Attributes
    ----------
    case : int
        The case's number, in arrival order.
    unit, category, subcategory, priority : str
        Where it happened and what it was (subcategory may be None).
    arrived : float
        When it was reported and dispatched.
    routed_tier : str
        The tier of the handler routing sent it to.
    holder : str
        Who held it last.
    depth : int
        How many times the escalation policy moved it.
    signed, replied : float or None
        When it was signed for and replied to (None: not within the horizon).
    resolved : bool
        It was resolved (replied to, evaluated and closed) within the horizon.
    closed_tier : str or None
        The tier of the holder that resolved it.
    response_met, resolution_met : bool or None
        The clock stopped in time (True), late or overdue at the horizon (False), or
        has no limit or is still running before its deadline (None).
    whistled : bool
        A whistle step summoned departments for it.
    satisfied : bool or None
        The resident's evaluation (None when not resolved).
    """

    case: int
    unit: str
    category: str
    subcategory: str | None
    priority: str
    arrived: float
    routed_tier: str
    holder: str
    depth: int
    signed: float | None
    replied: float | None
    resolved: bool
    closed_tier: str | None
    response_met: bool | None
    resolution_met: bool | None
    whistled: bool
    satisfied: bool | None


class OnTime(NamedTuple):
    """
    How one clock did: stopped in time, stopped late, overdue and still running at the horizon.

    ``rate`` is ``met / (met + late + overdue)``, None when nothing was due.
    """

    met: int
    late: int
    overdue: int

    @property
    def rate(self) -> Fraction | None:
        """Return the on-time rate, in [0, 1], or None when no clock was due."""
        due = self.met + self.late + self.overdue
        return None if due == 0 else Fraction(self.met, due)


def _fired(first: float, every: float | None, times: int, until: float) -> int:
    """Return how often a step first due at *first*, repeating, fires by *until*."""
    if first > until:
        return 0
    if every is None:
        return 1
    if every <= 0:
        return times + 1
    return min(times + 1, int((until - first) // every) + 1)


class FlowResult:
    """
    The result of `simulate`: every case, and the indicators a Fengqiao review asks for.

    Attributes
    ----------
    arrived : int
        Cases reported within the horizon.
    resolved : int
        Cases resolved (closed in a resolving state) within the horizon.
    ended_unresolved : int
        Cases that ended otherwise (always 0 in the current model: a case not
        resolved waits for the policy to move it).
    open_at_horizon : int
        Cases still open when the horizon ends (the final backlog).
    response, resolution : OnTime
        How the two clocks did.
    depths : dict of int to int
        How many cases were escalated 0, 1, 2, ... times.
    closed_at : dict of str to int
        Resolved cases per tier of the holder that resolved them, every tier listed.
    whistled : int
        Cases a whistle step summoned departments for.
    satisfied : int
        Resolved cases whose resident was satisfied.
    fired : dict of str to int
        How often each escalation step fired, over all cases.
    backlog : tuple of (int, int)
        Open cases at the end of each day: (day, open), day 1 first.
    throughput : tuple of (int, int, int)
        Per day: (day, arrived, resolved).
    """

    def __init__(
        self,
        *,
        model: Model,
        workload: Workload,
        pool: list[int],
        depth: list[int],
        signed: list[float],
        replied: list[float],
        closed_rank: list[int],
        kinds: list[int],
        escalated: list[int],
    ) -> None:
        self.model = model
        self.workload = workload
        self._pool = pool
        self._depth = depth
        self._signed = signed
        self._replied = replied
        self._closed_rank = closed_rank
        self._escalated = escalated
        self._kinds = kinds
        horizon = model.horizon
        count = len(workload)
        self.arrived = count
        self.ended_unresolved = 0
        self.depths = dict(sorted(Counter(depth).items()))
        self._indicators(horizon)
        days = model.flow.days
        arrival = workload.arrival
        arrived_by = [bisect_left(arrival, (day + 1) * _DAY) for day in range(days)]
        backlog: list[tuple[int, int]] = []
        throughput: list[tuple[int, int, int]] = []
        for day in range(days):
            arrived = arrived_by[day] - (arrived_by[day - 1] if day else 0)
            resolved = self._resolved_on[day]
            open_cases = (backlog[-1][1] if backlog else 0) + arrived - resolved
            backlog.append((day + 1, open_cases))
            throughput.append((day + 1, arrived, resolved))
        self.backlog = tuple(backlog)
        self.throughput = tuple(throughput)

    def _indicators(self, horizon: float) -> None:  # noqa: PLR0912, PLR0915 - one pass
        model, workload = self.model, self.workload
        count = len(workload)
        deadline = model.deadline
        # per kind: each clock's limit (a constant offset, or a span for working time)
        # and the steps that fire without moving the case, by condition
        clocks: list[tuple[_Span | None, _Span | None, float | None, float | None]] = []
        for kind in range(len(model.kinds)):
            response_limit, resolution_limit = model.limits[kind]
            clocks.append(
                (
                    response_limit,
                    resolution_limit,
                    None if response_limit is None else response_limit.offset,
                    None if resolution_limit is None else resolution_limit.offset,
                )
            )
        plans = [_step_plan(model, kind) for kind in range(len(model.kinds))]
        fired = list(self._escalated)
        response, resolution = [0, 0, 0], [0, 0, 0]
        met_response: list[bool | None] = [None] * count
        met_resolution: list[bool | None] = [None] * count
        whistled = [False] * count
        arrival, kinds, satisfied = workload.arrival, self._kinds, workload.satisfied
        signed, replied, closed_rank = self._signed, self._replied, self._closed_rank
        closed = [0] * len(model.tiers)
        happy = 0
        days = model.flow.days
        resolved_on = [0] * days
        for case in range(count):
            started = arrival[case]
            kind = kinds[case]
            sign_at = signed[case]
            reply_at = replied[case]
            rank = closed_rank[case]
            if rank >= 0:
                closed[rank] += 1
                happy += satisfied[case]
                day = int(reply_at // _DAY)
                resolved_on[day if day < days else days - 1] += 1
            response_span, resolution_span, response_offset, resolution_offset = clocks[kind]
            if response_span is not None:
                if response_offset is not None:
                    due = started + response_offset
                else:
                    due = deadline(response_span, started)
                if sign_at <= horizon:
                    if sign_at <= due:
                        response[0] += 1
                        met_response[case] = True
                    else:
                        response[1] += 1
                        met_response[case] = False
                elif due <= horizon:
                    response[2] += 1
                    met_response[case] = False
            if resolution_span is not None:
                if resolution_offset is not None:
                    due = started + resolution_offset
                else:
                    due = deadline(resolution_span, started)
                if reply_at <= horizon:
                    if reply_at <= due:
                        resolution[0] += 1
                        met_resolution[case] = True
                    else:
                        resolution[1] += 1
                        met_resolution[case] = False
                elif due <= horizon:
                    resolution[2] += 1
                    met_resolution[case] = False
            for step, condition, offset, every, times, whistle in plans[kind]:
                if condition == 0:
                    until = sign_at if sign_at < horizon else horizon
                elif condition == 1:
                    until = reply_at if reply_at < horizon else horizon
                elif reply_at <= horizon and not satisfied[case]:
                    until = reply_at  # closed at the instant of the evaluation
                    first = until + (offset or 0.0)
                    if first <= until:
                        fired[step] += _fired(first, every, times, until)
                        whistled[case] = whistled[case] or whistle
                    continue
                else:
                    continue
                if offset is not None:
                    first = started + offset
                else:
                    first = deadline(model.step_after[step], started)
                if first <= until:
                    fired[step] += _fired(first, every, times, until)
                    if whistle:
                        whistled[case] = True
        self.closed_at = {tier: closed[rank] for rank, tier in enumerate(model.tiers)}
        self.resolved = sum(closed)
        self.open_at_horizon = count - self.resolved - self.ended_unresolved
        self.satisfied = happy
        self._resolved_on = resolved_on
        self.response = OnTime(*response)
        self.resolution = OnTime(*resolution)
        self._met = {"response": met_response, "resolution": met_resolution}
        self._whistled = whistled
        self.whistled = sum(whistled)
        self.fired = {step.id: fired[index] for index, step in enumerate(model.steps)}

    # -- summaries -----------------------------------------------------------------------

    @property
    def containment(self) -> dict[str, Fraction]:
        """Return the share of resolved cases closed at each tier (they sum to 1)."""
        if not self.resolved:
            return {}
        return {tier: Fraction(count, self.resolved) for tier, count in self.closed_at.items()}

    @property
    def contained_at_or_below(self) -> dict[str, Fraction]:
        """Return the share of resolved cases closed at each tier or below (小事不出村)."""
        shares, total = {}, Fraction(0)
        for tier, share in self.containment.items():
            total += share
            shares[tier] = total
        return shares

    @property
    def whistle_rate(self) -> Fraction | None:
        """Return the share of arrived cases that a whistle was blown for."""
        return None if not self.arrived else Fraction(self.whistled, self.arrived)

    @property
    def satisfaction(self) -> Fraction | None:
        """Return the share of resolved cases whose resident was satisfied."""
        return None if not self.resolved else Fraction(self.satisfied, self.resolved)

    def summary(self) -> dict[str, Any]:
        """Return the indicators as JSON data (rates as floats, None when undefined)."""

        def number(value: Fraction | None) -> float | None:
            return None if value is None else float(value)

        return {
            "arrived": self.arrived,
            "resolved": self.resolved,
            "ended_unresolved": self.ended_unresolved,
            "open_at_horizon": self.open_at_horizon,
            "on_time": {
                "response": number(self.response.rate),
                "resolution": number(self.resolution.rate),
            },
            "depths": {str(depth): count for depth, count in self.depths.items()},
            "containment": {tier: float(share) for tier, share in self.containment.items()},
            "whistle_rate": number(self.whistle_rate),
            "satisfaction": number(self.satisfaction),
            "fired": dict(self.fired),
            "backlog": [list(pair) for pair in self.backlog],
        }

    # -- records -------------------------------------------------------------------------

    def record(self, case: int) -> CaseRecord:
        """Return the record of case number *case*."""
        model, workload = self.model, self.workload
        horizon = model.horizon
        facts = model.mix[workload.mix[case]]
        routed = model.pool_rank[model.route(workload.mix[case], workload.unit[case])[0]]
        signed, replied = self._signed[case], self._replied[case]
        rank = self._closed_rank[case]
        return CaseRecord(
            case=case,
            unit=model.unit_names[workload.unit[case]],
            category=facts.category,
            subcategory=facts.subcategory,
            priority=facts.priority,
            arrived=workload.arrival[case],
            routed_tier=model.tiers[routed],
            holder=str(model.pools[self._pool[case]]),
            depth=self._depth[case],
            signed=signed if signed <= horizon else None,
            replied=replied if replied <= horizon else None,
            resolved=rank >= 0,
            closed_tier=model.tiers[rank] if rank >= 0 else None,
            response_met=self._met["response"][case],
            resolution_met=self._met["resolution"][case],
            whistled=self._whistled[case],
            satisfied=workload.satisfied[case] if rank >= 0 else None,
        )

    def records(self) -> list[CaseRecord]:
        """Return every case's record, in arrival order."""
        return [self.record(case) for case in range(self.arrived)]

    def to_pandas(self, table: str = "cases") -> Any:
        """
        Return a DataFrame: ``cases`` (one row per case), ``days`` or ``containment``.

        Raises
        ------
        MissingExtraError
            When pandas (the ``pandas`` extra) is not installed.
        ValueError
            For an unknown *table*.
        """
        pandas = require("pandas", "case-flow DataFrames (to_pandas)")
        if table == "cases":
            return pandas.DataFrame(self.records(), columns=list(CaseRecord._fields))
        if table == "days":
            days = [
                (day, arrived, resolved, backlog)
                for (day, arrived, resolved), (_, backlog) in zip(
                    self.throughput, self.backlog, strict=True
                )
            ]
            return pandas.DataFrame(days, columns=["day", "arrived", "resolved", "open"])
        if table == "containment":
            shares = self.containment
            below = self.contained_at_or_below
            rows = [
                (tier, count, float(shares.get(tier, 0)), float(below.get(tier, 0)))
                for tier, count in self.closed_at.items()
            ]
            return pandas.DataFrame(rows, columns=["tier", "resolved", "share", "at_or_below"])
        msg = f"unknown table {table!r}; tables: cases, days, containment"
        raise ValueError(msg)

    # -- events --------------------------------------------------------------------------

    def events(self, case: int) -> tuple[Event, ...]:
        """
        Return the events of case number *case*, as a live case would record them.

        Reported and dispatched at arrival (dispatch names no target: the live case
        routes itself), signed for, replied to, evaluated and closed as simulated,
        along the lifecycle's own event names; a case still open at the horizon ends
        with ``time_passed`` at the horizon. Escalations are not events: the live
        case's policy fires them itself, which is what a replay checks.
        """
        model, workload = self.model, self.workload
        horizon = model.horizon
        dispatch, sign, reply, close = milestones(model.system.lifecycle)
        moment = model.moment
        arrived = workload.arrival[case]
        signed, replied = self._signed[case], self._replied[case]
        out = [Event(kind="reported", actor="resident", at=moment(arrived))]
        out += [Event(kind=kind, actor="dispatcher", at=moment(arrived)) for kind in dispatch]
        if signed <= horizon:
            out += [Event(kind=kind, actor="handler", at=moment(signed)) for kind in sign]
        if replied <= horizon:
            at = moment(replied)
            out += [Event(kind=kind, actor="handler", at=at) for kind in reply]
            for kind in close:
                payload = {"satisfied": workload.satisfied[case]} if kind == "evaluated" else {}
                out.append(Event(kind=kind, actor="hotline", at=at, payload=payload))
        else:
            out.append(Event(kind="time_passed", actor="system", at=moment(horizon)))
        return tuple(out)


def _step_plan(
    model: Model, kind: int
) -> list[tuple[int, int, float | None, float | None, int, bool]]:
    """Return the steps of *kind* that fire without moving a case (remind, report, whistle)."""
    response, resolution = model.limits[kind]
    plan = []
    for index, step in enumerate(model.steps):
        if step.action is Action.ESCALATE:
            continue
        if step.when is Condition.NOT_SIGNED_FOR and response is not None:
            condition = 0
        elif step.when is Condition.NOT_RESOLVED and resolution is not None:
            condition = 1
        elif step.when is Condition.DISSATISFIED:
            condition = 2
        else:
            continue
        every = model.step_every[index]
        if every is not None and every.offset is None:
            msg = f"step {step.id!r} repeats in working time; the simulator needs calendar units"
            raise RuleError(msg)
        plan.append(
            (
                index,
                condition,
                model.step_after[index].offset,
                None if every is None else every.offset,
                0 if step.repeat is None else step.repeat.times,
                step.action is Action.WHISTLE,
            )
        )
    return plan
