"""Case lifecycles: a state machine of case states, the events that move them, and the clocks."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

import networkx as nx
from attrs import field, frozen, validators

from govkit.cases._parts import ident
from govkit.config import Citation, FrozenMap, document, to_frozenmap
from govkit.errors import ConfigError, PathPart
from govkit.events import stuck_and_unreachable

__all__ = ["CLOCKS", "CaseLifecycle", "ClockSpec", "LifecycleState"]

CLOCKS = ("response", "resolution")
"""The clocks a lifecycle can run: signing for a case, and resolving it."""

if TYPE_CHECKING:
    StateGraph = nx.MultiDiGraph[str]
else:  # attrs evaluates the annotation; networkx classes are not subscriptable at run time
    StateGraph = nx.MultiDiGraph


@frozen(kw_only=True)
class LifecycleState:
    """
    One state of a case (registered, dispatched, handling, ...) and the events that leave it.

    Parameters
    ----------
    id : str
        The state's snake_case name, unique in the lifecycle.
    title : str or None
        Its name for people (``立案 (registered)``).
    next : mapping of str to str
        Event kind → the state it leads to (``{signed_for: handling, returned: returned}``).
    terminal : bool, default False
        The case ends here (closed, duplicate, not responsible).
    resolves : bool, default False
        Reaching it means the problem was solved: it counts for containment
        (only terminal states may resolve).
    pauses : bool, default False
        Running clocks stop counting while the case is here (parked, awaiting a
        resident's reply); they resume where they were when it leaves.
    open311 : str or None
        The Open311 GeoReport v2 status (``open`` or ``closed``); default: ``closed``
        for terminal states, ``open`` otherwise.
    """

    id: str = field(validator=ident)
    title: str | None = None
    next: FrozenMap[str, str] = field(factory=FrozenMap, converter=to_frozenmap)
    terminal: bool = False
    resolves: bool = False
    pauses: bool = False
    open311: str | None = field(
        default=None, validator=validators.optional(validators.in_(("open", "closed")))
    )

    @property
    def name(self) -> str:
        """Return the title, or the id when there is none."""
        return self.title or self.id

    @property
    def open311_status(self) -> str:
        """Return the Open311 status of a case in this state."""
        if self.open311 is not None:
            return self.open311
        return "closed" if self.terminal else "open"


@frozen(kw_only=True)
class ClockSpec:
    """
    When a clock runs: from entering one of ``starts`` until entering one of ``stops``.

    Re-entering a start state after the clock stopped (a reopened case) starts it
    afresh; entering a pausing state pauses it.

    Parameters
    ----------
    name : str
        ``response`` (sign for the case) or ``resolution`` (solve it).
    starts, stops : set of str
        State ids.
    """

    name: str = field(validator=validators.in_(CLOCKS))
    starts: frozenset[str]
    stops: frozenset[str]


@document("case_lifecycle")
@frozen(kw_only=True)
class CaseLifecycle:
    """
    The states a case passes through, as a state machine checked when loaded.

    Every state is reachable from ``start`` and can reach a terminal state; every
    event leads to a known state; terminal states have no way out; clocks start
    and stop in known states. The packaged presets are the digital city-management
    loop (``city_management_loop``), the 12345 hotline loop (``hotline_12345_loop``)
    and the Open311 statuses (``open311_loop``).

    Parameters
    ----------
    id : str or None
        How case systems refer to it.
    title : str or None
        A human-readable name.
    source : Citation or None
        Where the loop comes from (standard, local rules).
    verified : bool, default False
        Whether the states were checked against the text in force.
    start : str
        The state a reported case enters.
    states : tuple of LifecycleState
        The states, each once.
    clocks : tuple of ClockSpec
        When the response and resolution clocks run.
    notes : str or None
        Anything a reader should know.

    Examples
    --------
    >>> from govkit.config import load_preset
    >>> loop = load_preset("city_management_loop")
    >>> loop.start, loop.state("dispatched").next["signed_for"]
    ('reported', 'handling')
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    start: str
    states: tuple[LifecycleState, ...] = field(validator=validators.min_len(1))
    clocks: tuple[ClockSpec, ...] = ()
    notes: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = _check(self)
        if problems:
            raise ConfigError([p for error in problems for p in error.problems])

    @cached_property
    def state_map(self) -> dict[str, LifecycleState]:
        """Return the states by id."""
        return {state.id: state for state in self.states}

    def state(self, state_id: str) -> LifecycleState:
        """Return state *state_id* (KeyError if there is none)."""
        return self.state_map[state_id]

    @cached_property
    def event_kinds(self) -> frozenset[str]:
        """Return every event kind that moves a case in this lifecycle."""
        return frozenset(kind for state in self.states for kind in state.next)

    @cached_property
    def clock_map(self) -> dict[str, ClockSpec]:
        """Return the clocks by name."""
        return {clock.name: clock for clock in self.clocks}

    @cached_property
    def graph(self) -> StateGraph:
        """Return the state graph (frozen): one edge per event, labelled with it."""
        graph: StateGraph = nx.MultiDiGraph()
        for state in self.states:
            graph.add_node(state.id, terminal=state.terminal)
        for state in self.states:
            for event, target in state.next.items():
                if target in self.state_map:
                    graph.add_edge(state.id, target, event=event)
        nx.freeze(graph)
        return graph

    @property
    def terminals(self) -> tuple[str, ...]:
        """Return the ids of the terminal states, in order."""
        return tuple(state.id for state in self.states if state.terminal)


def _check(lifecycle: CaseLifecycle) -> list[ConfigError]:
    problems: list[ConfigError] = []

    def report(path: tuple[PathPart, ...], message: str, hint: str | None = None) -> None:
        problems.append(ConfigError.at(path, message, hint=hint))

    seen: dict[str, int] = {}
    for index, state in enumerate(lifecycle.states):
        if state.id in seen:
            report(("states", index, "id"), f"state {state.id!r} is defined twice")
        seen.setdefault(state.id, index)
    known = ", ".join(seen)
    if lifecycle.start not in seen:
        report(("start",), f"start state {lifecycle.start!r} is not a state; states: {known}")
    for index, state in enumerate(lifecycle.states):
        _check_state(state, ("states", index), seen, report)
    names: set[str] = set()
    for index, clock in enumerate(lifecycle.clocks):
        if clock.name in names:
            report(("clocks", index, "name"), f"clock {clock.name!r} is defined twice")
        names.add(clock.name)
        for part in ("starts", "stops"):
            for state_id in sorted(getattr(clock, part) - set(seen)):
                report(("clocks", index, part), f"unknown state {state_id!r}; states: {known}")
    if problems:
        return problems
    _check_shape(lifecycle, report)
    return problems


def _check_shape(lifecycle: CaseLifecycle, report: Any) -> None:
    unreachable, stuck = stuck_and_unreachable(
        lifecycle.graph, lifecycle.start, lifecycle.terminals
    )
    for index, state in enumerate(lifecycle.states):
        if state.id in unreachable:
            report(
                ("states", index),
                f"state {state.id!r} cannot be reached from the start {lifecycle.start!r}",
                "add an event leading into it or remove it",
            )
        if state.id in stuck:
            report(
                ("states", index),
                f"state {state.id!r} cannot reach a terminal state: a case could stay forever",
                "add an event leading to a terminal state (closed, not_responsible, ...)",
            )


def _check_state(
    state: LifecycleState, path: tuple[PathPart, ...], seen: dict[str, int], report: Any
) -> None:
    if state.terminal and state.next:
        report((*path, "next"), f"terminal state {state.id!r} has ways out")
    if not state.terminal and not state.next:
        report(
            (*path, "next"),
            f"state {state.id!r} has no ways out and is not terminal",
            "add events under 'next', or mark it 'terminal: true'",
        )
    if state.resolves and not state.terminal:
        report((*path, "resolves"), f"only a terminal state resolves a case: {state.id!r}")
    for event, target in state.next.items():
        if not isinstance(event, str) or not event.isidentifier() or event != event.lower():
            report((*path, "next", event), f"an event kind is snake_case, got {event!r}")
        if target not in seen:
            report((*path, "next", event), f"event {event!r} leads to unknown state {target!r}")
