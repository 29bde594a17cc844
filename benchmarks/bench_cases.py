"""
How fast does govkit simulate case flows? The same flow in SimPy and in govkit, one process.

The flow: a city (under a province and a country) of 4 districts, 20 streets,
100 communities and 400 grids (``national_grid_levels``), 10 cases a day reported
in every grid around the clock and routed to the grid; a five-level escalation
policy moves a case not resolved in time from the grid to the community (1 day),
the street (3 days), the district (6 days) and a city-level department (10 days),
with reminders, a street whistle and a report on a dissatisfied resident. Handlers
have a few servers per unit (first come, first served), exponential, log-normal and
uniform handling times and a resolution probability per tier; the city department
resolves every case it handles.

Both engines run the same compiled model (`govkit.cases` routing, limits, policy and
calendar, memoised) on the same workload: arrivals, kinds, sign-for delays and
handling draws are drawn once from the flow's seed (untimed) and fed to both, and the
two must agree on every indicator. SimPy (4.x) models each case as a process: a
`simpy.Resource` per handler, `timeout` for delays, a request raced against the next
escalation (``request | timeout``), cancelled or released when the case moves on.

Targets (issue 8): govkit at least 5 times faster than SimPy on the same workload,
and 1,000,000 cases through the five-level policy in under 20 s (drawing included).

Run ``python benchmarks/bench_cases.py`` (``--help`` for the options).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import sys
import time
from typing import Any

import govkit
from _common import Timing, environment, measure, time_once
from govkit.cases._flow import CaseFlow
from govkit.cases._kpi import FlowResult
from govkit.cases._model import Model, split_chance
from govkit.cases._sim import Workload, draw_workload, run

SPEEDUP_TARGET = 5.0
"""govkit must be at least this many times faster than SimPy."""
MILLION_TARGET = 20.0
"""Seconds for 1,000,000 cases, drawing included."""

GRIDS = 400
PER_GRID_DAY = 10


def flow_yaml(days: int, seed: int = 20261122) -> str:
    """Return the YAML of the benchmark's hierarchy, routing, case system and flow."""
    lines = ["govkit: 1", "kind: hierarchy", "id: bench_city", "scheme: national_grid_levels"]
    lines += ["units:"]
    grids = 0

    def unit(depth: int, ident: str, level: str, leaf: bool = False) -> None:
        pad = "  " * (2 * depth)
        if leaf:
            lines.append(f"{pad}- {{id: {ident}, level: {level}, measures: {{households: 400}}}}")
        else:
            lines.extend([f"{pad}- id: {ident}", f"{pad}  level: {level}", f"{pad}  units:"])

    unit(0, "country", "country")
    unit(1, "province", "province")
    unit(2, "city", "city")
    for d in range(4):
        unit(3, f"d{d}", "district")
        for s in range(5):
            unit(4, f"d{d}s{s}", "street")
            for c in range(5):
                unit(5, f"d{d}s{s}c{c}", "community")
                for g in range(4):
                    unit(6, f"d{d}s{s}c{c}g{g}", "grid", leaf=True)
                    grids += 1
    assert grids == GRIDS, grids
    lines += [
        "---",
        "govkit: 1",
        "kind: routing",
        "id: bench_routing",
        "categories: {sanitation: [], noise: [], road: []}",
        "fallback: grid",
        "---",
        "govkit: 1",
        "kind: time_limits",
        "id: bench_limits",
        "rules:",
        "  - {when: {priority: [urgent]}, response: {hours: 1}, resolution: {days: 1}}",
        "  - {response: {hours: 2}, resolution: {days: 7}}",
        "---",
        "govkit: 1",
        "kind: escalation_policy",
        "id: five_levels",
        "version: bench",
        "steps:",
        "  - {id: remind, when: not_signed_for, after: {hours: 1}, action: remind,",
        "     repeat: {times: 2, every: {hours: 1}}}",
        "  - {id: to_community, when: not_resolved, after: {days: 1}, action: escalate,",
        "     to: community}",
        "  - {id: to_street, when: not_resolved, after: {days: 3}, action: escalate, to: street}",
        "  - {id: whistle, when: not_resolved, after: {days: 5}, action: whistle,",
        "     summon: [{department: city_office, sign: {hours: 1}}]}",
        "  - {id: to_district, when: not_resolved, after: {days: 6}, action: escalate,",
        "     to: district}",
        "  - {id: to_city, when: not_resolved, after: {days: 10}, action: escalate,",
        "     to: {department: city_office}}",
        "  - {id: report, when: dissatisfied, after: {minutes: 0}, action: report,",
        "     to: {level: street}}",
        "---",
        "govkit: 1",
        "kind: case_system",
        "id: bench_system",
        "hierarchy: bench_city",
        "lifecycle: hotline_12345_loop",
        "routing: bench_routing",
        "limits: bench_limits",
        "escalation: five_levels",
        "tiers:",
        "  - {id: grid, levels: [grid]}",
        "  - {id: community, levels: [community]}",
        "  - {id: street, levels: [street]}",
        "  - {id: district, levels: [district]}",
        "  - {id: city, levels: [city]}",
        "departments: [{id: city_office, tier: city}]",
        "---",
        "govkit: 1",
        "kind: case_flow",
        "id: bench_flow",
        "system: bench_system",
        "start: '2026-03-02T00:00:00+08:00'",
        f"days: {days}",
        f"arrivals: [{{level: grid, per_day: {PER_GRID_DAY}}}]",
        "mix:",
        "  - {category: sanitation, weight: 5}",
        "  - {category: noise, weight: 3}",
        "  - {category: road, priority: urgent, weight: 1}",
        "staffing:",
        "  - {tier: grid, servers: 2}",
        "  - {tier: community, servers: 5}",
        "  - {tier: street, servers: 8}",
        "  - {tier: district, servers: 10}",
        "  - {department: city_office, servers: 20}",
        "handling:",
        "  - {tier: grid, time: {distribution: exponential, mean: 3}, resolves: '7/10'}",
        "  - {tier: community, time: {distribution: exponential, mean: 6}, resolves: '3/4'}",
        "  - {tier: street, time: {distribution: lognormal, median: 8, sigma: 0.5},",
        "     resolves: '4/5'}",
        "  - {tier: district, time: {distribution: exponential, mean: 12}, resolves: '9/10'}",
        "  - {tier: city, time: {distribution: uniform, low: 4, high: 48}, resolves: 1}",
        "sign_for: {distribution: exponential, mean: 0.75}",
        "satisfied: '17/20'",
        "around_the_clock: true",
        f"seed: {seed}",
    ]
    return "\n".join(lines) + "\n"


def load_flow(cases: int) -> CaseFlow:
    """Return the benchmark flow with a horizon that brings about *cases* cases."""
    days = max(1, math.ceil(cases / (GRIDS * PER_GRID_DAY)))
    flow: CaseFlow = govkit.load_all(flow_yaml(days))["bench_flow"]
    return flow


# -- the same model in SimPy ---------------------------------------------------------------


def simpy_run(model: Model, workload: Workload) -> dict[str, Any]:  # noqa: PLR0915 - one model
    """Simulate *workload* with SimPy processes and resources; return the indicators."""
    import simpy

    env = simpy.Environment()
    count = len(workload)
    arrival, units, mixes = workload.arrival, workload.unit, workload.mix
    signs, draws = workload.sign, workload.draws
    per_case = workload.attempts
    resources: dict[int, Any] = {}
    depth = [0] * count
    signed = [math.inf] * count
    replied = [math.inf] * count
    closed_rank = [-1] * count
    escalated = [0] * len(model.steps)
    working = model.working
    inf = math.inf

    def resource(pool: int) -> Any:
        found = resources.get(pool)
        if found is None:
            capacity = min(model.pool_servers[pool], 1 << 30)
            found = resources[pool] = simpy.Resource(env, capacity=capacity)
        return found

    def case(number: int) -> Any:  # noqa: PLR0912, PLR0915 - one case's whole life
        started = arrival[number]
        unit = units[number]
        pool, kind = model.route(mixes[number], unit)
        sign_at = started + signs[number]
        plan = [
            (started + offset, step)
            for offset, step, condition in model.timers[kind]
            if condition == 1 or started + offset <= sign_at
        ]
        k, last = 0, len(plan)

        def fire() -> bool:
            nonlocal k, pool
            _, step = plan[k]
            k += 1
            escalated[step] += 1
            target = model.escalate(step, unit, pool)
            if target == pool:
                return False
            depth[number] += 1
            pool = target
            return True

        while k < last and plan[k][0] <= sign_at:
            yield env.timeout(plan[k][0] - env.now)
            fire()
        yield env.timeout(sign_at - env.now)
        signed[number] = env.now
        attempt = 0
        while True:
            res = resource(pool)
            request = res.request()
            moved = False
            while True:
                if k < last:
                    got = yield request | env.timeout(plan[k][0] - env.now)
                    if request in got:
                        break
                    if fire():
                        request.cancel() if not request.triggered else res.release(request)
                        moved = True
                        break
                else:
                    yield request
                    break
            if moved:
                continue
            rank = model.pool_rank[pool]
            chance, share = draws[number * per_case + attempt], model.resolves[rank]
            work = model.samplers[rank](split_chance(chance, share))
            resolved = chance < share
            attempt += 1
            finish = env.now + work if working is None else working.finish(env.now, work)
            done = env.timeout(finish - env.now) if finish < inf else env.event()
            while True:
                if k < last:
                    got = yield done | env.timeout(plan[k][0] - env.now)
                    if done in got:
                        break
                    if fire():
                        res.release(request)
                        moved = True
                        break
                else:
                    yield done
                    break
            if moved:
                continue
            res.release(request)
            if resolved:
                replied[number] = env.now
                closed_rank[number] = rank
                return
            while k < last:
                yield env.timeout(plan[k][0] - env.now)
                if fire():
                    moved = True
                    break
            if not moved:
                return  # nobody will move it again: open at the horizon

    def source() -> Any:
        for number in range(count):
            yield env.timeout(arrival[number] - env.now)
            env.process(case(number))

    env.process(source())
    env.run(until=model.horizon)
    return indicators(count, depth, signed, replied, closed_rank, escalated, model.horizon)


def indicators(  # noqa: PLR0917 - the flat lists both engines fill
    count: int,
    depth: list[int],
    signed: list[float],
    replied: list[float],
    closed_rank: list[int],
    escalated: list[int],
    horizon: float,
) -> dict[str, Any]:
    """Return what both engines must agree on."""
    tiers: dict[int, int] = {}
    for rank in closed_rank:
        if rank >= 0:
            tiers[rank] = tiers.get(rank, 0) + 1
    depths: dict[int, int] = {}
    for value in depth:
        depths[value] = depths.get(value, 0) + 1
    return {
        "arrived": count,
        "signed": sum(1 for at in signed if at <= horizon),
        "resolved": sum(tiers.values()),
        "closed_at": dict(sorted(tiers.items())),
        "depths": dict(sorted(depths.items())),
        "escalated": list(escalated),
    }


def govkit_indicators(result: FlowResult) -> dict[str, Any]:
    """Return the same indicators from govkit's result."""
    return indicators(
        result.arrived,
        result._depth,
        result._signed,
        result._replied,
        result._closed_rank,
        result._escalated,
        result.model.horizon,
    )


def race(cases: int, repeat: int) -> dict[str, Any] | None:
    """Time SimPy and govkit on one workload of about *cases* cases; None if they disagree."""
    flow = load_flow(cases)
    model = Model(flow)
    workload = draw_workload(model)
    ours = govkit_indicators(run(model, workload))
    theirs = simpy_run(model, workload)
    if ours != theirs:
        print("govkit and SimPy disagree:", ours, theirs, sep="\n", file=sys.stderr)
        return None
    timings: dict[str, Timing] = measure(
        {"simpy": lambda: simpy_run(model, workload), "govkit": lambda: run(model, workload)},
        repeat=repeat,
    )
    ratio = timings["simpy"].best / timings["govkit"].best
    return {
        "cases": len(workload),
        "days": flow.days,
        "simpy_best_seconds": round(timings["simpy"].best, 3),
        "simpy_median_seconds": round(timings["simpy"].median, 3),
        "govkit_best_seconds": round(timings["govkit"].best, 3),
        "govkit_median_seconds": round(timings["govkit"].median, 3),
        "simpy_cases_per_second": round(len(workload) / timings["simpy"].best),
        "govkit_cases_per_second": round(len(workload) / timings["govkit"].best),
        "speedup": round(ratio, 2),
        "meets_speedup_target": ratio >= SPEEDUP_TARGET,
        "indicators": {key: str(value) for key, value in ours.items()},
    }


def cpu_seconds(flow: CaseFlow) -> float:
    """Return the CPU time of one end-to-end simulation (not inflated by other processes)."""
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        model = Model(flow)
        run(model, draw_workload(model)).summary()
        return time.process_time() - started
    finally:
        gc.enable()


def million(cases: int, repeat: int) -> dict[str, Any]:
    """Time govkit end to end (compile, draw, run, summary) on about *cases* cases."""
    flow = load_flow(cases)
    phases: dict[str, list[float]] = {"compile+draw": [], "run": [], "summary": [], "total": []}
    summary: dict[str, Any] = {}
    count = 0
    for _ in range(repeat):
        holder: dict[str, Any] = {}

        def compile_and_draw(holder: dict[str, Any] = holder) -> None:
            holder["model"] = Model(flow)
            holder["workload"] = draw_workload(holder["model"])

        def engine(holder: dict[str, Any] = holder) -> None:
            holder["result"] = run(holder["model"], holder["workload"])

        def summarise(holder: dict[str, Any] = holder) -> None:
            holder["summary"] = holder["result"].summary()

        times = [time_once(compile_and_draw), time_once(engine), time_once(summarise)]
        for name, seconds in zip(("compile+draw", "run", "summary"), times, strict=True):
            phases[name].append(seconds)
        phases["total"].append(sum(times))
        summary, count = holder["summary"], len(holder["workload"])
        del holder
        gc.collect()
    best = min(phases["total"])
    cpu = cpu_seconds(flow)
    kept = ("resolved", "open_at_horizon", "on_time", "depths", "containment", "whistle_rate")
    return {
        "million_cases": count,
        "million_days": flow.days,
        "million_best_seconds": round(best, 3),
        "million_runs_seconds": [round(value, 3) for value in phases["total"]],
        "million_cpu_seconds": round(cpu, 3),
        "million_phases_best": {name: round(min(runs), 3) for name, runs in phases.items()},
        "million_cases_per_second": round(count / best),
        "meets_million_target": best < MILLION_TARGET,
        "million_summary": {key: summary[key] for key in kept},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases for the SimPy race")
    parser.add_argument("--million", type=int, default=1_000_000, help="cases for the big run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--no-simpy", action="store_true", help="skip the SimPy race")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    result: dict[str, Any] = {}
    if not args.no_simpy:
        raced = race(args.cases, args.repeat)
        if raced is None:
            return 1
        result.update(raced)
    result.update(million(args.million, args.repeat))
    result["load_average_before"] = [round(value, 2) for value in load_before]
    result["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    result["environment"] = environment("simpy", "attrs", "cattrs")
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    if not args.no_simpy:
        print(f"{result['cases']:,} cases over {result['days']} days, same workload for both:")
        for name in ("simpy", "govkit"):
            print(
                f"  {name:<6} best {result[name + '_best_seconds']:.3f} s, median "
                f"{result[name + '_median_seconds']:.3f} s "
                f"({result[name + '_cases_per_second']:,} cases/s)"
            )
        verdict = "met" if result["meets_speedup_target"] else "NOT met"
        print(
            f"  govkit is {result['speedup']:.1f}x faster (target {SPEEDUP_TARGET:g}x): {verdict}"
        )
    verdict = "met" if result["meets_million_target"] else "NOT met"
    print(
        f"{result['million_cases']:,} cases: best {result['million_best_seconds']:.2f} s end to "
        f"end (runs {result['million_runs_seconds']}; one run took "
        f"{result['million_cpu_seconds']} s of CPU time; best phases "
        f"{result['million_phases_best']}); target < {MILLION_TARGET:g} s: {verdict}"
    )
    print(
        f"load average before {result['load_average_before']}, after {result['load_average_after']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
