"""The milestones of a lifecycle: which events dispatch, sign for, reply to and close a case."""

from __future__ import annotations

from collections import deque
from typing import Any

from govkit.cases._lifecycle import CaseLifecycle
from govkit.errors import RuleError

__all__ = ["milestones"]


def milestones(
    lifecycle: CaseLifecycle,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """
    Return the lifecycle's events for dispatch, signing for, replying and closing.

    Found from the lifecycle's clocks: the shortest way from the start to a state
    where the clocks start (dispatch), on to a state that stops the response clock
    only (signed for), on to a state that stops the resolution clock (replied), and
    on to a resolving terminal state (closed), with ``evaluated`` before the last
    event when the state allows it.

    Raises
    ------
    RuleError
        When the lifecycle has no such path.
    """
    clocks = lifecycle.clock_map
    response, resolution = clocks.get("response"), clocks.get("resolution")
    starts = set().union(*(spec.starts for spec in clocks.values())) if clocks else set()
    stops_response = response.stops if response is not None else frozenset()
    stops_resolution = resolution.stops if resolution is not None else frozenset()
    state = lifecycle.state

    def usable(name: str) -> bool:
        return not state(name).terminal and not state(name).pauses

    legs: list[tuple[str, ...]] = []
    here = lifecycle.start
    goals = [
        lambda name: name in starts and usable(name),
        lambda name: name in stops_response and name not in stops_resolution and usable(name),
        lambda name: name in stops_resolution and usable(name),
        lambda name: state(name).terminal and state(name).resolves,
    ]
    for number, goal in enumerate(goals):
        if number == 1 and response is None:
            legs.append(())
            continue
        found = _shortest(lifecycle, here, goal)
        if found is None:
            msg = (
                f"the simulator cannot follow lifecycle {lifecycle.id or lifecycle.start!r}: "
                "it needs dispatch, signing for, reply and closing states found by its clocks"
            )
            raise RuleError(msg)
        events, here = found
        legs.append(events)
    close = list(legs[3])
    if close:
        previous = _state_before_last(lifecycle, _last_state(lifecycle, legs), legs[3])
        if "evaluated" in state(previous).next:
            close.insert(len(close) - 1, "evaluated")
    return legs[0], legs[1], legs[2], tuple(close)


def _shortest(
    lifecycle: CaseLifecycle, start: str, goal: Any
) -> tuple[tuple[str, ...], str] | None:
    seen = {start}
    line: deque[tuple[str, tuple[str, ...]]] = deque([(start, ())])
    while line:
        name, events = line.popleft()
        for event, target in lifecycle.state(name).next.items():
            if target in seen:
                continue
            if goal(target):
                return (*events, event), target
            seen.add(target)
            if not lifecycle.state(target).terminal:
                line.append((target, (*events, event)))
    return None


def _last_state(lifecycle: CaseLifecycle, legs: list[tuple[str, ...]]) -> str:
    """Return the state reached after the first three legs (where closing starts)."""
    here = lifecycle.start
    for leg in legs[:3]:
        for event in leg:
            here = lifecycle.state(here).next[event]
    return here


def _state_before_last(lifecycle: CaseLifecycle, here: str, close: tuple[str, ...]) -> str:
    for event in close[:-1]:
        here = lifecycle.state(here).next[event]
    return here
