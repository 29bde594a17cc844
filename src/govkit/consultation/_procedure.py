"""Procedures: a directed graph of named stages, guarded transitions, named terminal states."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

import networkx as nx
from attrs import field, frozen, validators

from govkit.calendar import WorkingCalendar
from govkit.config import Citation, document
from govkit.consultation._guard import (
    Decided,
    Guard,
    ObjectionsAtLeast,
    ObjectionsFewerThan,
    SupportAtLeast,
    TimeElapsed,
    compile_guard,
    flatten,
)
from govkit.errors import ConfigError, PathPart
from govkit.events import stuck_and_unreachable
from govkit.voting import DecisionRule

__all__ = ["TRIGGERS", "Action", "Duration", "Procedure", "Stage", "Transition"]

_IDENT = re.compile(r"[a-z][a-z0-9_]*")

TRIGGERS = ("stage_closed", "vote_closed", "objection_upheld", "withdrawn")
"""Events that may trigger a transition by name (``event: withdrawn``)."""

_DEFAULT_CALENDAR = WorkingCalendar()

if TYPE_CHECKING:
    StageGraph = nx.MultiDiGraph[str]
else:  # attrs evaluates the annotation; networkx classes are not subscriptable at run time
    StageGraph = nx.MultiDiGraph


class Action(enum.Enum):
    """What participants may do in a stage."""

    SUBMIT = "submit"
    SUPPORT = "support"
    COMMENT = "comment"
    VOTE = "vote"
    OBJECT = "object"


def _ident(_: object, attribute: Any, value: str) -> None:
    if not isinstance(value, str) or not _IDENT.fullmatch(value):
        msg = f"{attribute.name} is a snake_case name such as 'notice', got {value!r}"
        raise ConfigError.at((attribute.name,), msg)


@frozen(kw_only=True)
class Duration:
    """
    A length of time in days, counted the Civil Code way (start day not counted).

    Parameters
    ----------
    days : int
        Number of days, at least 0.
    working_days : bool, default False
        Count working days of the procedure's calendar (otherwise calendar days).
    """

    days: int = field(validator=validators.ge(0))
    working_days: bool = False

    def __str__(self) -> str:
        return f"{self.days} {'working days' if self.working_days else 'days'}"


@frozen(kw_only=True)
class Transition:
    """
    A labelled way out of a stage: to another stage, when a guard holds or an event comes.

    Parameters
    ----------
    to : str
        The stage it leads to.
    outcome : str
        What leaving this way means (``passed``, ``failed``, ``objection_sustained``).
    when : Guard or None
        The condition that must hold; checked after every event.
    event : str or None
        An event that triggers it: stage_closed, vote_closed, objection_upheld or withdrawn
        (``on`` would read as a boolean in YAML).
    """

    to: str = field(validator=_ident)
    outcome: str = field(validator=_ident)
    when: Guard | None = None
    event: str | None = None

    def describe(self) -> str:
        """Return the guard and trigger in words."""
        parts = []
        if self.event is not None:
            parts.append(f"on {self.event.replace('_', ' ')}")
        if self.when is not None:
            parts.append(self.when.describe())
        return ", ".join(parts)


@frozen(kw_only=True)
class Stage:
    """
    One named stage of a procedure.

    Parameters
    ----------
    id : str
        The stage's snake_case name, unique in the procedure.
    title : str or None
        Its name in the minutes (议题征集, Notice of meeting).
    allows : set of Action
        What participants may do: submit, support, comment, vote, object.
    roles : set of str
        Roles whose members may act in the stage (empty: anyone).
    min_duration, max_duration : Duration or None
        The stage cannot end before the minimum (a notice or publicity period);
        participation is refused after the maximum.
    rule : DecisionRule or None
        The rule a vote in this stage is decided by (inline, a document id or a preset id).
    discloses : str or None
        The public notice published when the stage opens (``resolution``).
    terminal : bool, default False
        An end state (archived, rejected, implemented); it has no transitions.
    transitions : tuple of Transition
        The ways out, tried in order; the first that holds is taken.
    """

    id: str = field(validator=_ident)
    title: str | None = None
    allows: frozenset[Action] = frozenset()
    roles: frozenset[str] = frozenset()
    min_duration: Duration | None = None
    max_duration: Duration | None = None
    rule: DecisionRule | None = None
    discloses: str | None = None
    terminal: bool = False
    transitions: tuple[Transition, ...] = ()

    @property
    def name(self) -> str:
        """Return the title, or the id when there is none."""
        return self.title or self.id

    @cached_property
    def listening(self) -> frozenset[str] | None:
        """
        Return the events that may move an item out of this stage (None: any event may).

        A stage with a guard-only transition (``when:`` without ``event:``) may move
        after any event, since any event advances the clock or the counts.
        """
        if any(transition.event is None for transition in self.transitions):
            return None
        return frozenset(TRIGGERS)

    @cached_property
    def waits_for_decision(self) -> bool:
        """Return whether every guard-only transition waits for a vote's decision."""
        return all(t.event is not None or isinstance(t.when, Decided) for t in self.transitions)

    @cached_property
    def allowed(self) -> frozenset[str]:
        """Return the values of the allowed actions (``{"submit", "support"}``)."""
        return frozenset(action.value for action in self.allows)

    @cached_property
    def _checks(self) -> tuple[tuple[str | None, Callable[..., bool] | None, Transition], ...]:
        """Return each transition with its trigger and its compiled guard, in order (for runs)."""
        return tuple(
            (t.event, None if t.when is None else compile_guard(t.when), t)
            for t in self.transitions
        )


@document("procedure")
@frozen(kw_only=True)
class Procedure:
    """
    A procedure: a directed graph of stages from ``start`` to named terminal stages.

    Checked when loaded, each problem located at its YAML line: every stage is
    reachable from the start and can reach a terminal stage; every transition
    leads to a known stage and has a guard or a trigger event; a vote stage
    names a decision rule; durations are consistent (min ≤ max, and every
    ``time_elapsed`` guard within them).

    Parameters
    ----------
    id : str or None
        How other documents and the CLI refer to the procedure.
    title : str or None
        A human-readable name.
    source : Citation or None
        Where the procedure comes from (statute, local regulation, rulebook).
    verified : bool, default False
        Whether the periods and steps were checked against the text in force.
    start : str
        The stage a submitted item enters.
    calendar : WorkingCalendar or None
        The working calendar periods are counted on (default: monday to friday).
    chairs : set of str
        Roles that may close stages and votes and uphold objections (empty: anyone).
    stages : tuple of Stage
        The stages, each once.
    notes : str or None
        Anything a reader should know.
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    start: str
    calendar: WorkingCalendar | None = None
    chairs: frozenset[str] = frozenset()
    stages: tuple[Stage, ...] = field(validator=validators.min_len(1))
    notes: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = _check(self)
        if problems:
            raise ConfigError([p for error in problems for p in error.problems])

    @cached_property
    def stage_map(self) -> dict[str, Stage]:
        """Return the stages by id."""
        return {stage.id: stage for stage in self.stages}

    def __getitem__(self, stage_id: str) -> Stage:
        return self.stage_map[stage_id]

    @cached_property
    def graph(self) -> StageGraph:
        """Return the stage graph (frozen): one edge per transition, with its outcome."""
        graph: StageGraph = nx.MultiDiGraph()
        for stage in self.stages:
            graph.add_node(stage.id, terminal=stage.terminal)
        for stage in self.stages:
            for transition in stage.transitions:
                if transition.to in self.stage_map:
                    graph.add_edge(stage.id, transition.to, outcome=transition.outcome)
        nx.freeze(graph)
        return graph

    @property
    def terminals(self) -> tuple[str, ...]:
        """Return the ids of the terminal stages, in order."""
        return tuple(stage.id for stage in self.stages if stage.terminal)

    @property
    def effective_calendar(self) -> WorkingCalendar:
        """Return the calendar periods are counted on."""
        return self.calendar if self.calendar is not None else _DEFAULT_CALENDAR

    @cached_property
    def _period_ends(self) -> dict[tuple[dt.date, int, bool], dt.date]:
        return {}

    @cached_property
    def _run_memo(self) -> dict[str, Any]:
        """Return the memo of the runs under this procedure (their compiled tables)."""
        return {}

    @cached_property
    def _elapsed_at(self) -> dict[tuple[dt.datetime, int, bool], dt.datetime]:
        return {}

    def elapsed_at(self, opened: dt.datetime, days: int, *, working_days: bool) -> dt.datetime:
        """
        Return the moment a period opened at *opened* has run out (memoised per procedure).

        That is the start of the day after the period's last day, in the time zone
        of *opened*: the Civil Code period ends at the end of its last day.
        """
        key = (opened, days, working_days)
        cache = self._elapsed_at
        moment = cache.get(key)
        if moment is None:
            end = self.period_end(opened.date(), days, working_days=working_days)
            moment = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), opened.tzinfo)
            cache[key] = moment
        return moment

    def period_end(self, opened: dt.date, days: int, *, working_days: bool) -> dt.date:
        """Return the last day of a period opened on *opened* (memoised per procedure)."""
        key = (opened, days, working_days)
        cache = self._period_ends
        end = cache.get(key)
        if end is None:
            calendar = self.effective_calendar
            end = cache[key] = calendar.period_end(opened, days, working_days=working_days)
        return end


def _check(procedure: Procedure) -> list[ConfigError]:
    problems: list[ConfigError] = []

    def report(path: tuple[PathPart, ...], message: str, hint: str | None = None) -> None:
        problems.append(ConfigError.at(path, message, hint=hint))

    seen: dict[str, int] = {}
    for index, stage in enumerate(procedure.stages):
        if stage.id in seen:
            report(("stages", index, "id"), f"stage {stage.id!r} is defined twice", None)
        seen.setdefault(stage.id, index)
    if procedure.start not in seen:
        known = ", ".join(seen)
        report(("start",), f"start stage {procedure.start!r} is not a stage; stages: {known}")
    for index, stage in enumerate(procedure.stages):
        _check_stage(stage, ("stages", index), seen, report)
    if problems:
        return problems
    unreachable, stuck = stuck_and_unreachable(
        procedure.graph, procedure.start, procedure.terminals
    )
    for index, stage in enumerate(procedure.stages):
        if stage.id in unreachable:
            report(
                ("stages", index),
                f"stage {stage.id!r} cannot be reached from the start {procedure.start!r}",
                "add a transition into it or remove it",
            )
        if stage.id in stuck:
            report(
                ("stages", index),
                f"stage {stage.id!r} cannot reach a terminal stage: an item could stay forever",
                "add a transition to a terminal stage (archived, rejected, ...)",
            )
    start = procedure.stage_map[procedure.start]
    if Action.SUBMIT not in start.allows:
        report(("start",), f"the start stage {start.id!r} must allow submit")
    return problems


def _check_stage(
    stage: Stage, path: tuple[PathPart, ...], stages: dict[str, int], report: Any
) -> None:
    if stage.terminal and stage.transitions:
        report((*path, "transitions"), f"terminal stage {stage.id!r} has transitions")
    if not stage.terminal and not stage.transitions:
        report(
            (*path, "transitions"),
            f"stage {stage.id!r} has no transitions and is not terminal",
            "add transitions, or mark it 'terminal: true'",
        )
    if Action.VOTE in stage.allows and stage.rule is None:
        report(path, f"vote stage {stage.id!r} needs a decision rule ('rule:')")
    low, high = stage.min_duration, stage.max_duration
    if low is not None and high is not None:
        if low.working_days != high.working_days:
            report((*path, "max_duration"), "min_duration and max_duration count different days")
        elif low.days > high.days:
            report(
                (*path, "max_duration"), f"max_duration ({high}) is less than min_duration ({low})"
            )
    for number, transition in enumerate(stage.transitions):
        where = (*path, "transitions", number)
        if transition.to not in stages:
            report((*where, "to"), f"transition to unknown stage {transition.to!r}")
        if transition.when is None and transition.event is None:
            report(where, "a transition needs a guard ('when:') or an event ('event:')")
        if transition.event is not None and transition.event not in TRIGGERS:
            known = ", ".join(TRIGGERS)
            report((*where, "event"), f"unknown trigger event {transition.event!r}; known: {known}")
        for guard in flatten(transition.when):
            _check_guard(stage, guard, (*where, "when"), report)


def _check_guard(stage: Stage, guard: Guard, path: tuple[PathPart, ...], report: Any) -> None:
    if isinstance(guard, Decided) and stage.rule is None:
        report(path, f"guard 'decided' in stage {stage.id!r}, which has no decision rule")
    if isinstance(guard, SupportAtLeast) and Action.SUPPORT not in stage.allows:
        report(
            path, f"guard 'support_at_least' in stage {stage.id!r}, which does not allow support"
        )
    if isinstance(guard, (ObjectionsAtLeast, ObjectionsFewerThan)) and (
        Action.OBJECT not in stage.allows
    ):
        report(path, f"objection guard in stage {stage.id!r}, which does not allow object")
    if isinstance(guard, TimeElapsed):
        low, high = stage.min_duration, stage.max_duration
        for bound, word in ((low, "min_duration"), (high, "max_duration")):
            if bound is not None and bound.working_days != guard.working_days:
                report(path, f"time_elapsed counts other days than the stage's {word}")
                return
        if low is not None and guard.days < low.days:
            report(path, f"time_elapsed ({guard.days} days) ends before min_duration ({low})")
        if high is not None and guard.days > high.days:
            report(path, f"time_elapsed ({guard.days} days) ends after max_duration ({high})")
