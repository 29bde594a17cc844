"""
The case-flow engine: an event heap over the same routing, limits and policy a live case uses.

The flow is compiled once (`Model`: routing, limits, escalation targets and calendar
spans, memoised per distinct key), its random part drawn once (`Workload`), and the
run keeps per-case state in flat lists indexed by case number, with time as float
minutes since the flow's start.
"""

from __future__ import annotations

import heapq
import math
import random
from array import array
from bisect import bisect_right
from collections import deque

from govkit.cases._flow import CaseFlow
from govkit.cases._kpi import FlowResult
from govkit.cases._model import DAY, Model, split_chance

__all__ = ["Workload", "draw_workload", "run", "simulate"]

_DAY = DAY
_INF = math.inf
# event kinds, in the order they apply at one instant: an escalation due at the very
# moment a case is signed for or handled fires first, as the live case's catch-up does
_ESCALATE, _SIGN, _DONE = 0, 1, 2
# case status
_UNSIGNED, _QUEUED, _SERVING, _WAITING, _REPLIED = 0, 1, 2, 3, 4


class Workload:
    """
    The random part of a flow, drawn once in arrival order from one seeded generator.

    Attributes
    ----------
    arrival : list of float
        Arrival minutes since the start, ascending.
    unit, mix : list of int
        The unit and the kind of each case (indexes into `Model`'s tables).
    sign : list of float
        The delay to signing for, in minutes.
    satisfied : list of bool
        Whether the resident will be satisfied with a reply.
    draws : array of float
        One uniform number per handling attempt per case, ``attempts`` a case: it
        decides whether the attempt resolves the case and, rescaled, how long it takes.
    attempts : int
        Handling attempts drawn per case (one more than the policy's escalate steps).
    """

    __slots__ = ("arrival", "attempts", "draws", "mix", "satisfied", "sign", "unit")

    def __init__(self, attempts: int) -> None:
        self.arrival: list[float] = []
        self.unit: list[int] = []
        self.mix: list[int] = []
        self.sign: list[float] = []
        self.satisfied: list[bool] = []
        self.draws: array[float] = array("d")
        self.attempts = attempts

    def __len__(self) -> int:
        return len(self.arrival)


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def draw_workload(model: Model) -> Workload:
    """
    Draw every case of *model*'s flow: arrivals, kinds, delays and handling draws.

    One `random.Random` seeded with the flow's seed is consumed in a fixed order
    (arrival times, then units, kinds, sign-for delays, evaluations and handling
    draws, each for all cases in arrival order), so the same flow always gives the
    same workload, and two engines fed the same workload simulate the same cases.
    """
    flow = model.flow
    rng = random.Random(flow.seed)
    rnd = rng.random
    workload = Workload(model.attempts)
    rates = [rate for _, rate in model.units]
    total_rate = sum(rates)
    if total_rate <= 0:
        return workload
    # the last bound is infinite: a uniform number times the total never falls past it
    unit_bounds = [*_cumulative(rates)[:-1], _INF]
    mix_weights = [float(entry.weight) for entry in flow.mix]
    mix_bounds = [*_cumulative(mix_weights)[:-1], _INF]
    mix_total = sum(mix_weights)
    scale = -_DAY / total_rate  # minutes: exponential gaps of a Poisson process
    horizon = model.horizon
    log = math.log
    arrival = workload.arrival
    append = arrival.append
    at = scale * log(1.0 - rnd())
    while at < horizon:
        append(at)
        at += scale * log(1.0 - rnd())
    count = len(arrival)
    workload.unit = [bisect_right(unit_bounds, rnd() * total_rate) for _ in range(count)]
    workload.mix = [bisect_right(mix_bounds, rnd() * mix_total) for _ in range(count)]
    sign = model.sign_sampler
    workload.sign = [0.0] * count if sign is None else [sign(rnd()) for _ in range(count)]
    satisfied = model.satisfied
    workload.satisfied = [rnd() < satisfied for _ in range(count)]
    workload.draws = array("d", [rnd() for _ in range(model.attempts * count)])
    return workload


def simulate(flow: CaseFlow) -> FlowResult:
    """
    Simulate *flow*: draw its cases from its seed and run them through its case system.

    Deterministic: the same flow (seed included) gives the same result. Routing,
    limits, escalation and the calendar are the case system's own objects, used as
    live cases use them (see `CaseFlow` for the model of a case).

    Examples
    --------
    >>> import govkit
    >>> flow = govkit.load_all("examples/case_flow_district.yaml")["jianwai_flow"]
    >>> result = simulate(flow)
    >>> result.arrived == result.resolved + result.ended_unresolved + result.open_at_horizon
    True
    """
    model = Model(flow)
    return run(model, draw_workload(model))


def run(model: Model, workload: Workload) -> FlowResult:  # noqa: PLR0912, PLR0915 - the event loop
    """
    Run *workload* through *model*: the event loop. Returns the result with every case.

    The heap holds signings, ends of handling and the head of each escalation line;
    arrivals come from the workload in order. At one instant, a case's escalation
    applies before its signing or end of handling (as a live case fires what fell due
    before the event); different cases at one instant go in case order.
    """
    count = len(workload)
    horizon = model.horizon
    arrival, units, mixes = workload.arrival, workload.unit, workload.mix
    signs, draws = workload.sign, workload.draws
    per_case = workload.attempts
    route, escalate = model.route, model.escalate
    samplers, resolves = model.samplers, model.resolves
    pool_rank, pool_servers = model.pool_rank, model.pool_servers
    working = model.working
    finish = None if working is None else working.finish
    split = split_chance
    free: list[int] = []
    queues: list[deque[tuple[int, int]]] = []

    pool = [0] * count
    status = [_UNSIGNED] * count
    attempt = [0] * count
    ticket = [0] * count
    depth = [0] * count
    signed = [_INF] * count
    replied = [_INF] * count
    closed_rank = [-1] * count
    kinds = [0] * count
    escalated = [0] * len(model.steps)

    heap: list[tuple[float, int, int]] = []
    push, pop = heapq.heappush, heapq.heappop

    def grow() -> None:
        while len(free) < len(pool_servers):
            free.append(pool_servers[len(free)])
            queues.append(deque())

    def serve(case: int, where: int, at: float) -> None:
        number = attempt[case]
        attempt[case] = number + 1
        status[case] = _SERVING
        rank = pool_rank[where]
        work = samplers[rank](split(draws[case * per_case + number], resolves[rank]))
        done = at + work if finish is None else finish(at, work)
        push(heap, (done, case * 4 + _DONE, number))

    def enqueue(case: int, where: int, at: float) -> None:
        pool[case] = where
        if free[where] > 0:
            free[where] -= 1
            serve(case, where, at)
        else:
            status[case] = _QUEUED
            number = ticket[case] + 1
            ticket[case] = number
            queues[where].append((case, number))

    def release(where: int, at: float) -> None:
        waiting = queues[where]
        while waiting:
            case, number = waiting.popleft()
            if status[case] == _QUEUED and ticket[case] == number and pool[case] == where:
                serve(case, where, at)
                return
        free[where] += 1

    # escalate steps wait in one first-in first-out line per (kind of case, step). A case
    # joins the line of its first step on each condition when it arrives, and the line of
    # the next step on that condition when a step fires: lines fill in arrival order and a
    # step's delay is the same for all, so each line is in due order and only its head
    # needs a place in the heap
    lines: list[deque[int]] = []
    line_plan: list[tuple[float, int, int]] = []
    line_next: list[int] = []
    lines_of: list[tuple[int, ...]] = []

    def add_lines() -> None:  # for the kinds of case compiled since the last call
        for plan in model.timers[len(lines_of) :]:
            heads: dict[int, int] = {}
            last: dict[int, int] = {}
            for timer in plan:
                number = len(lines)
                lines.append(deque())
                line_plan.append(timer)
                line_next.append(-1)
                condition = timer[2]
                if condition in last:
                    line_next[last[condition]] = number
                else:
                    heads[condition] = number
                last[condition] = number
            lines_of.append(tuple(sorted(heads.values())))

    add_lines()
    routes: dict[int, tuple[int, int]] = {}
    unit_count = len(model.units)

    index = 0
    next_arrival = arrival[0] if count else _INF
    while True:
        if heap and heap[0][0] <= next_arrival:
            at, code, extra = pop(heap)
            if at > horizon:
                break
            case = code >> 2
            kind = code & 3
            if kind == _DONE:
                if status[case] != _SERVING or attempt[case] != extra + 1:
                    continue  # it moved on (escalated) while being handled
                where = pool[case]
                waiting = queues[where]
                while waiting:  # the server takes the next case in line
                    other, number = waiting.popleft()
                    if (
                        status[other] == _QUEUED
                        and ticket[other] == number
                        and pool[other] == where
                    ):
                        serve(other, where, at)
                        break
                else:
                    free[where] += 1
                rank = pool_rank[where]
                if draws[case * per_case + extra] < resolves[rank]:
                    status[case] = _REPLIED
                    replied[case] = at
                    closed_rank[case] = rank
                else:
                    status[case] = _WAITING
            elif kind == _SIGN:
                signed[case] = at
                where = pool[case]
                if free[where] > 0:
                    free[where] -= 1
                    status[case] = _SERVING
                    number = attempt[case]
                    attempt[case] = number + 1
                    rank = pool_rank[where]
                    chance = draws[case * per_case + number]
                    share = resolves[rank]
                    work = samplers[rank](
                        chance / share if chance < share else (chance - share) / (1.0 - share)
                    )
                    done = at + work if finish is None else finish(at, work)
                    push(heap, (done, code + 1, number))  # code + 1: this case's _DONE
                else:
                    status[case] = _QUEUED
                    number = ticket[case] + 1
                    ticket[case] = number
                    queues[where].append((case, number))
            else:  # an escalate step falls due: the head of line *extra*
                line = lines[extra]
                line.popleft()
                offset, step, condition = line_plan[extra]
                # cases whose condition already stopped (signed for, replied) leave the line
                # now, without a trip through the heap: it never holds again for them
                while line:
                    following = line[0]
                    if status[following] == _REPLIED or (
                        condition == 0 and status[following] != _UNSIGNED
                    ):
                        line.popleft()
                        continue
                    push(heap, (arrival[following] + offset, following * 4 + _ESCALATE, extra))
                    break
                state = status[case]
                if (state == _UNSIGNED) if condition == 0 else (state != _REPLIED):
                    number = line_next[extra]
                    if number >= 0:  # on to the next step on this condition
                        offset, _, _ = line_plan[number]
                        if condition == 1 or offset <= signs[case]:
                            line = lines[number]
                            if not line:
                                due = arrival[case] + offset
                                push(heap, (due, case * 4 + _ESCALATE, number))
                            line.append(case)
                    escalated[step] += 1
                    where = pool[case]
                    target = escalate(step, units[case], where)
                    if target != where:
                        if target >= len(free):
                            grow()
                        depth[case] += 1
                        if state == _UNSIGNED:
                            pool[case] = target
                        else:
                            if state == _SERVING:
                                release(where, at)
                            enqueue(case, target, at)
        elif index < count:
            case = index
            at = next_arrival
            index += 1
            next_arrival = arrival[index] if index < count else _INF
            mix = mixes[case]
            unit = units[case]
            key = mix * unit_count + unit
            found = routes.get(key)
            if found is None:
                found = routes[key] = route(mix, unit)
                grow()
                add_lines()
            where, kind_number = found
            pool[case] = where
            kinds[case] = kind_number
            delay = signs[case]
            for number in lines_of[kind_number]:
                offset, _, condition = line_plan[number]
                # a not_signed_for step fires only if due before the (pre-drawn) signing,
                # as a live case's response clock stops then (later ones have longer delays)
                if condition == 0 and offset > delay:
                    continue
                line = lines[number]
                if not line:
                    push(heap, (at + offset, case * 4 + _ESCALATE, number))
                line.append(case)
            if delay > 0:
                push(heap, (at + delay, case * 4 + _SIGN, 0))
            else:
                signed[case] = at
                enqueue(case, where, at)
        else:
            break

    return FlowResult(
        model=model,
        workload=workload,
        pool=pool,
        depth=depth,
        signed=signed,
        replied=replied,
        closed_rank=closed_rank,
        kinds=kinds,
        escalated=escalated,
    )
