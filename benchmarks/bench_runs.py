"""
How fast do event-sourced runs replay? A 1,000,000-event log across 10,000 items.

Each item runs the ``liquidfeedback_issue`` preset (no holiday package needed):
submitted, ten supporters (admitted), comments, the discussion period passing,
ten supporters again (verification), the verification period passing, ballots
one by one, the vote closed (approved): 100 events an item. The log interleaves
the items round-robin, as a shared database log would; replaying it folds each
event into its item's state with `RunState.apply`, keeping one state per item.

Events are built before timing (a real replay reads them from storage, which
this benchmark does not measure); 50 calendars-worth of start dates vary the
periods that are counted.

Before timing, the final states are checked: every item ends approved with all its
ballots counted, and for a sample of items the interleaved replay equals
the generic `govkit.events.fold` of that item's own events with the `Runs` machine.

Target (consultation issue, point 10): at least 200,000 events/s on one core. The
machine's load average is printed with the figures: on a shared machine the wall
clock counts time spent waiting for a core; the CPU time does not.

Run ``python benchmarks/bench_runs.py`` (``--help`` for the options).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import os
import pstats
import sys
import time

from _common import Timing, environment, measure
from govkit.config import load_preset
from govkit.consultation import Procedure, Runs, RunState, start
from govkit.events import Event, fold
from govkit.voting import Member, Roll, Status

TARGET = 200_000
"""Events per second the replay must reach."""

EVENTS_PER_ITEM = 100
TEMPLATES = 50
ZONE = dt.timezone(dt.timedelta(hours=8))


def item_events(first_day: dt.datetime) -> list[Event]:
    """Return the 100 events of one item that runs to approval, starting on *first_day*."""
    members = [f"m{n:02d}" for n in range(1, 31)]
    at = first_day
    plan: list[tuple[str, str, dict[str, object], dt.timedelta]] = [
        ("submitted", "m01", {}, dt.timedelta(0))
    ]
    plan += [("supported", m, {}, dt.timedelta(minutes=5)) for m in members[:10]]
    plan += [
        ("commented", members[i % 30], {"text": f"comment {i}"}, dt.timedelta(hours=1))
        for i in range(45)
    ]
    plan += [("time_passed", "clock", {}, dt.timedelta(days=20))]
    plan += [("supported", m, {}, dt.timedelta(minutes=5)) for m in members[:10]]
    plan += [("time_passed", "clock", {}, dt.timedelta(days=12))]
    choices = ["for", "for", "against", "abstain"]
    plan += [
        ("ballots_cast", m, {"choice": choices[i % 4]}, dt.timedelta(minutes=2))
        for i, m in enumerate(members)
    ]
    plan += [("commented", "m02", {"text": "thanks"}, dt.timedelta(minutes=1))]
    plan += [("vote_closed", "m01", {}, dt.timedelta(minutes=1))]
    assert len(plan) == EVENTS_PER_ITEM, len(plan)
    events = []
    for kind, actor, payload, wait in plan:
        at += wait
        events.append(Event(kind=kind, actor=actor, at=at, payload=payload))
    return events


def make_log(items: int) -> tuple[list[RunState], list[tuple[int, Event]]]:
    """Return the initial state of each item and the interleaved log of (item, event)."""
    procedure = load_preset("liquidfeedback_issue", Procedure)
    roll = Roll(members=tuple(Member(id=f"m{n:02d}") for n in range(1, 31)))
    roles = {f"m{n:02d}": ["member"] for n in range(1, 31)}
    base = dt.datetime(2026, 1, 5, 9, 0, tzinfo=ZONE)
    templates = [item_events(base + dt.timedelta(days=3 * t)) for t in range(TEMPLATES)]
    states = [
        start(procedure, item=f"issue {number}", roll=roll, roles=roles) for number in range(items)
    ]
    log = [
        (number, templates[number % TEMPLATES][position])
        for position in range(EVENTS_PER_ITEM)
        for number in range(items)
    ]
    return states, log


def replay(states: list[RunState], log: list[tuple[int, Event]]) -> list[RunState]:
    """Fold every event into its item's state; return the final states."""
    current = list(states)
    for number, event in log:
        current[number] = current[number].apply(event).state
    return current


def check(
    states: list[RunState], log: list[tuple[int, Event]], final: list[RunState]
) -> str | None:
    """Return what is wrong with the *final* states of a replay of *log*, or None."""
    for number, state in enumerate(final):
        counted = state.decision is not None and state.decision.status is Status.ADOPTED
        if state.stage != "approved" or len(state.ballots) != 30 or not counted:
            return f"item {number} should end approved with 30 ballots, got {state.to_dict()}"
    for number in range(0, len(states), max(1, len(states) // 25)):  # 25 items, spread
        own = [event for _, event in log[number :: len(states)]]  # the log is round-robin
        if fold(Runs(), states[number], own) != final[number]:
            return f"item {number}: the interleaved replay differs from replaying its own events"
    return None


def cpu_seconds(states: list[RunState], log: list[tuple[int, Event]]) -> float:
    """Return the CPU time of one replay (unlike wall time, not inflated by other processes)."""
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        replay(states, log)
        return time.process_time() - started
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--profile", action="store_true", help="print a profile of one replay")
    args = parser.parse_args(argv)

    states, log = make_log(args.items)
    problem = check(states, log, replay(states, log))
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(replay, states, log)
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(15)
        print(text.getvalue())
    load_before = os.getloadavg()[0]
    timing: Timing = measure({"replay": lambda: replay(states, log)}, repeat=args.repeat)["replay"]
    rate = len(log) / timing.best
    cpu = cpu_seconds(states, log)
    load = (round(load_before, 2), round(os.getloadavg()[0], 2))
    result = {
        "events": len(log),
        "items": args.items,
        "best_seconds": round(timing.best, 3),
        "median_seconds": round(timing.median, 3),
        "events_per_second": round(rate),
        "cpu_seconds": round(cpu, 3),
        "events_per_cpu_second": round(len(log) / cpu),
        "target_events_per_second": TARGET,
        "meets_target": rate >= TARGET,
        "load_average_before_after": load,
        "environment": environment("attrs", "networkx"),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"replayed {len(log):,} events across {args.items:,} items")
        print(f"best {timing.best:.3f} s, median {timing.median:.3f} s (wall clock)")
        print(
            f"one replay took {cpu:.3f} s of CPU time: {len(log) / cpu:,.0f} events per CPU second"
        )
        print(f"{rate:,.0f} events/s (target {TARGET:,}): {'met' if rate >= TARGET else 'NOT met'}")
        cores = os.cpu_count()
        print(f"load average (1 min) before and after: {load[0]} and {load[1]}, {cores} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
