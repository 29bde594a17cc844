"""Runs: an item moving through a procedure, as a pure fold over its events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cached_property, partial
from typing import Any

from attrs import field, frozen

from govkit.config import FrozenMap
from govkit.consultation._participation import (
    EVENT_HANDLERS,
    TRIGGER_ONLY,
    Finish,
    Handler,
    may,
    new_step,
    replace_state,
    role_refusal,
    stage_handlers,
    state_builder,
)
from govkit.consultation._procedure import TRIGGERS, Procedure, Stage, Transition
from govkit.errors import RuleError
from govkit.events import Event, Step, refuse
from govkit.voting import Choice, Decision, Roll

__all__ = ["EVENT_KINDS", "RunState", "Runs", "Snapshot", "replay", "start"]

TRIGGER_SET = frozenset(TRIGGERS)

EVENT_KINDS = (
    "submitted",
    "supported",
    "commented",
    "ballots_cast",
    "objection_filed",
    "time_passed",
    "vote_closed",
    "stage_closed",
    "objection_upheld",
    "withdrawn",
)
"""Every event a run understands, in the order a run usually meets them."""


def _roles(value: Mapping[str, Iterable[str]] | None) -> FrozenMap[str, frozenset[str]]:
    return FrozenMap({actor: frozenset(roles) for actor, roles in (value or {}).items()})


def _rolls(value: Mapping[str, Roll]) -> FrozenMap[str, Roll]:
    return FrozenMap(value)


@frozen(kw_only=True)
class Snapshot:
    """
    What an item runs under, fixed when it starts: editing a preset later changes nothing.

    Parameters
    ----------
    item : str
        The item's title (or id), for the minutes and the notices.
    procedure : Procedure
        The procedure, with its calendar and decision rules.
    roll : Roll or None
        Who may vote, with their measures, in every vote stage without its own roll.
    rolls : mapping of str to Roll
        A roll per vote stage, when different bodies vote (四议两公开).
    roles : mapping of str to set of str
        Each actor's roles (``{"ann": {"resident"}}``).
    """

    item: str
    procedure: Procedure
    roll: Roll | None = None
    rolls: FrozenMap[str, Roll] = field(factory=FrozenMap, converter=_rolls)
    roles: FrozenMap[str, frozenset[str]] = field(factory=FrozenMap, converter=_roles)

    @cached_property
    def _voters(self) -> dict[str, frozenset[str] | None]:
        return {}

    @cached_property
    def _tables(self) -> _Tables:
        """Return what every run under this procedure shares (compiled on first use)."""
        tables = self.procedure._run_memo.get("tables")
        if tables is None:
            tables = self.procedure._run_memo["tables"] = _Tables(self.procedure)
        return tables

    @cached_property
    def _handlers(self) -> dict[str, dict[str, Handler]]:
        """Return the compiled handlers: by stage, then by event kind (read on every event)."""
        return self._tables.handlers

    @cached_property
    def _allowed(self) -> dict[frozenset[str], frozenset[str]]:
        """Return, for each stage's roles, the actors who hold one of them (shared)."""
        return self._tables.allowed_under(self.roles)

    @cached_property
    def _voting(self) -> dict[str, frozenset[str] | None]:
        """Return `voters` of every stage (shared by the snapshots with equal rolls)."""
        return self._tables.voters_under(self)

    @cached_property
    def role_sets(self) -> dict[str, frozenset[str]]:
        """Return the roles as a plain dict (read on every event)."""
        return dict(self.roles)

    def roll_for(self, stage: str) -> Roll | None:
        """Return the roll of *stage*: its own, or the run's."""
        own = self.rolls.get(stage)
        return self.roll if own is None else own

    def voters(self, stage: str) -> frozenset[str] | None:
        """Return the ids on the roll of *stage* (None without a roll)."""
        cache = self._voters
        if stage not in cache:
            roll = self.roll_for(stage)
            cache[stage] = None if roll is None else frozenset(m.id for m in roll.members)
        return cache[stage]


@frozen(kw_only=True)
class RunState:
    """
    Where an item stands: its stage, since when, and what happened in the stage so far.

    Attributes
    ----------
    snapshot : Snapshot
        The procedure, roll and roles in force since the item started.
    stage : str or None
        The current stage (None until the item is submitted).
    opened_at, now : datetime or None
        When the current stage opened; the time of the last event.
    supporters : frozenset of str
        Who supported the item in this stage.
    objections : int
        Objections filed in this stage.
    ballots : tuple of (str, Choice)
        Ballots of the current vote, or of the last one until another vote
        stage opens: (voter, choice) pairs, in order.
    decision : Decision or None
        The decision of the current vote once closed, or of the last one until
        another vote stage opens (so notices and the final state show it).
    path : tuple of str
        Every stage entered, in order.
    proposer : str or None
        Who submitted the item (who may withdraw it).
    earliest_exit, closes_at : datetime or None
        When the stage's minimum duration has run (nothing leaves before) and
        when its maximum has (participation is refused from then on); None
        without a bound. Computed once, when the stage opens.
    """

    snapshot: Snapshot
    stage: str | None = None
    opened_at: dt.datetime | None = None
    now: dt.datetime | None = None
    supporters: frozenset[str] = frozenset()
    objections: int = 0
    ballots: tuple[tuple[str, Choice], ...] = ()
    decision: Decision | None = None
    path: tuple[str, ...] = ()
    proposer: str | None = None
    earliest_exit: dt.datetime | None = None
    closes_at: dt.datetime | None = None

    @property
    def procedure(self) -> Procedure:
        """Return the procedure in force."""
        return self.snapshot.procedure

    @property
    def is_closed(self) -> bool:
        """Return whether the item has reached a terminal stage."""
        return self.stage is not None and self.procedure.stage_map[self.stage].terminal

    def period_end(self, days: int, *, working_days: bool = False) -> dt.date | None:
        """Return the last day of a period of *days* from the opening of this stage."""
        if self.opened_at is None:
            return None
        return self.procedure.period_end(self.opened_at.date(), days, working_days=working_days)

    def has_elapsed(
        self, days: int, *, working_days: bool = False, at: dt.datetime | None = None
    ) -> bool:
        """Return whether a period of *days* from this stage's opening has run out (by *at*)."""
        now = at if at is not None else self.now
        opened = self.opened_at
        if opened is None or now is None:
            return False
        return now >= self.snapshot.procedure.elapsed_at(opened, days, working_days=working_days)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data: where the item stands and what happened in the stage."""

        def moment(value: dt.datetime | None) -> str | None:
            return None if value is None else value.isoformat()

        stage = None if self.stage is None else self.procedure.stage_map[self.stage]
        return {
            "item": self.snapshot.item,
            "procedure": self.procedure.id,
            "stage": self.stage,
            "stage_title": None if stage is None else stage.name,
            "closed": self.is_closed,
            "opened_at": moment(self.opened_at),
            "now": moment(self.now),
            "proposer": self.proposer,
            "supporters": sorted(self.supporters),
            "objections": self.objections,
            "ballots": [[voter, choice.value] for voter, choice in self.ballots],
            "decision": None if self.decision is None else self.decision.to_dict(),
            "path": list(self.path),
        }

    def apply(self, event: Event) -> Step[RunState]:
        """
        Apply *event*: the new state and why, or a refusal that leaves this state unchanged.

        Examples
        --------
        >>> import datetime as dt
        >>> from govkit.config import load_preset
        >>> members = {"ann": ["member"], "bo": ["member"]}
        >>> state = start(load_preset("roberts_motion"), item="Buy a bike shed", roles=members)
        >>> at = dt.datetime(2026, 3, 2, 19, 0, tzinfo=dt.timezone.utc)
        >>> step = state.apply(Event(kind="supported", actor="bo", at=at))
        >>> step.accepted, step.why
        (False, 'the item has not been submitted yet')
        >>> state = state.apply(Event(kind="submitted", actor="ann", at=at)).state
        >>> step = state.apply(Event(kind="supported", actor="bo", at=at))
        >>> step.state.stage, step.effects
        ('debate', ('Motion made -> Debate (seconded): at least 1 supporter',))
        """
        try:
            now = self.now
            if now is not None and event.at < now:
                return refuse(self, f"events come in time order: {event.at} is before {now}")
            if self.stage is None:
                return _submit(self, event)
            handler = self.snapshot._handlers[self.stage].get(event.kind)
            if handler is None:
                return _unhandled(self, event)
            return handler(self, event)
        except RuleError as exc:  # e.g. a calendar with no holiday data for the year reached
            return refuse(self, str(exc))


if tuple(EVENT_HANDLERS) != EVENT_KINDS:  # pragma: no cover - one handler per event kind
    msg = "EVENT_KINDS and the event handlers differ"
    raise RuntimeError(msg)

_make = state_builder(RunState)


class _Tables:
    """
    What the runs under one procedure share, compiled or memoised once (kept on the procedure).

    ``handlers`` by stage, then event kind; who holds each stage's roles, by roles
    map, and who is on each stage's roll, by rolls: snapshots with equal ones share
    them, so a replay of many items reads the same few objects; ``paths``, the
    stage paths (interned, for the same reason). Like `Procedure.elapsed_at`'s memo,
    these grow with what is looked up (one entry per distinct roles map or rolls) and
    live as long as the procedure.
    """

    __slots__ = ("allowed", "handlers", "paths", "role_sets", "stage_ids", "voting")

    def __init__(self, procedure: Procedure) -> None:
        self.handlers: dict[str, dict[str, Handler]] = {
            stage.id: {}  # terminal: every event is refused, the item is closed
            if stage.terminal
            else stage_handlers(stage, _make, partial(_finisher, stage))
            for stage in procedure.stages
        }
        self.role_sets = {stage.roles for stage in procedure.stages}
        self.stage_ids = tuple(procedure.stage_map)
        self.allowed: dict[FrozenMap[str, frozenset[str]], dict[frozenset[str], frozenset[str]]]
        self.allowed = {}
        self.voting: dict[
            tuple[Roll | None, FrozenMap[str, Roll]], dict[str, frozenset[str] | None]
        ]
        self.voting = {}
        self.paths: dict[tuple[str, ...], tuple[str, ...]] = {}

    def allowed_under(
        self, roles: FrozenMap[str, frozenset[str]]
    ) -> dict[frozenset[str], frozenset[str]]:
        """Return, for each stage's roles, who holds one of them under *roles*: `may`, tabled."""
        table = self.allowed.get(roles)
        if table is None:
            table = self.allowed[roles] = {
                wanted: frozenset(
                    actor for actor, held in roles.items() if not wanted.isdisjoint(held)
                )
                for wanted in self.role_sets
            }
        return table

    def voters_under(self, snapshot: Snapshot) -> dict[str, frozenset[str] | None]:
        """Return `Snapshot.voters` of every stage under the snapshot's rolls."""
        key = (snapshot.roll, snapshot.rolls)
        table = self.voting.get(key)
        if table is None:
            table = self.voting[key] = {stage: snapshot.voters(stage) for stage in self.stage_ids}
        return table


def start(
    procedure: Procedure,
    *,
    item: str,
    roll: Roll | None = None,
    rolls: Mapping[str, Roll] | None = None,
    roles: Mapping[str, Iterable[str]] | None = None,
) -> RunState:
    """
    Return the state of a new item under *procedure*, before it is submitted.

    The procedure (with its rules and calendar), the roll and the roles are
    snapshotted here: later edits to a preset or a roll do not reach this item.
    """
    unknown = sorted(set(rolls or {}) - set(procedure.stage_map))
    if unknown:
        msg = f"rolls given for unknown stages: {', '.join(unknown)}"
        raise ValueError(msg)
    snapshot = Snapshot(
        item=item, procedure=procedure, roll=roll, rolls=FrozenMap(rolls or {}), roles=roles
    )
    return RunState(snapshot=snapshot)


class Runs:
    """The consultation run machine (`govkit.events.Machine`): ``Runs().apply(state, event)``."""

    def apply(self, state: RunState, event: Event) -> Step[RunState]:
        """Apply *event* to *state*."""
        return state.apply(event)


def replay(state: RunState, events: Iterable[Event]) -> RunState:
    """Fold *events* over *state* (refused events change nothing)."""
    for event in events:  # `govkit.events.fold` with the Runs machine, one call less per event
        state = state.apply(event).state
    return state


def _submit(state: RunState, event: Event) -> Step[RunState]:
    """Apply *event* to an item not yet submitted: only ``submitted`` is accepted."""
    if event.kind != "submitted":
        return refuse(state, "the item has not been submitted yet")
    procedure = state.snapshot.procedure
    first = procedure.stage_map[procedure.start]
    if not may(state, first.roles, event.actor):
        return refuse(state, role_refusal(state, first.roles, event.actor, "submit"))
    earliest, closes = _bounds(procedure, first, event.at)
    opened = replace_state(
        state,
        stage=first.id,
        opened_at=event.at,
        now=event.at,
        path=state.snapshot._tables.paths.setdefault(path := (first.id,), path),
        proposer=event.actor,
        earliest_exit=earliest,
        closes_at=closes,
    )
    return _advance(opened, event, f"submitted to {first.name}", state)


def _unhandled(state: RunState, event: Event) -> Step[RunState]:
    """Refuse an event in a terminal stage, or of a kind no stage handles."""
    stage = state.snapshot.procedure.stage_map[state.stage or ""]
    if stage.terminal:
        return refuse(state, f"the item is closed: it ended in {stage.name}")
    known = ", ".join(EVENT_KINDS)
    return refuse(state, f"unknown event kind {event.kind!r}; known kinds: {known}")


def _finisher(stage: Stage, kind: str) -> Finish | None:
    """
    Return `_advance` for events of *kind* in *stage*, with its static checks done now.

    None when nothing in *stage* can move on *kind* (the step is then the new state,
    accepted, as `_advance` would return it).
    """
    listening = stage.listening
    if listening is not None and kind not in listening:
        return None
    waits = stage.waits_for_decision and kind not in TRIGGER_SET
    if waits and kind == "ballots_cast":
        return None  # an accepted ballot leaves the decision None: a closed vote refuses ballots
    quiet = kind not in TRIGGER_ONLY  # when nothing moves, accepted (else: refused, and why)
    checks = stage._checks

    def finish(state: RunState, event: Event, why: str, before: RunState) -> Step[RunState]:
        if waits and state.decision is None:
            return new_step(state, True, why)  # a vote stage before its vote is closed
        earliest = state.earliest_exit
        if earliest is None or (state.now is not None and state.now >= earliest):
            for on, is_met, transition in checks:  # _first_open, inlined
                if on is not None and on != kind:
                    continue
                if is_met is not None and not is_met(state):
                    continue
                return _move(state, why, transition)
        return new_step(state, True, why) if quiet else _unanswered(state, event, before)

    return finish


def _advance(state: RunState, event: Event, why: str, before: RunState) -> Step[RunState]:
    """Take the first transition that holds, repeatedly; refuse a trigger nothing answers."""
    procedure = state.snapshot.procedure
    kind = event.kind
    current = procedure.stage_map[state.stage or procedure.start]
    listening = current.listening
    if listening is not None and kind not in listening:
        return new_step(state, True, why)  # nothing in this stage can fire: the common case
    if current.waits_for_decision and state.decision is None and kind not in TRIGGER_SET:
        return new_step(state, True, why)  # a vote stage before its vote is closed
    if not current.terminal and _minimum_done(state):
        taken = _first_open(current, state, kind)
        if taken is not None:
            return _move(state, why, taken)
    if kind in TRIGGER_ONLY:
        return _unanswered(state, event, before)
    return new_step(state, True, why)


def _first_open(stage: Stage, state: RunState, trigger: str | None) -> Transition | None:
    """Return the first transition out of *stage* that *trigger* and *state* let through."""
    for on, is_met, transition in stage._checks:
        if on is not None and on != trigger:
            continue
        if is_met is not None and not is_met(state):
            continue
        return transition
    return None


def _move(state: RunState, why: str, taken: Transition) -> Step[RunState]:
    """Take *taken*, then in each stage reached the first transition that holds, in turn."""
    procedure = state.snapshot.procedure
    stage_map = procedure.stage_map
    paths = state.snapshot._tables.paths
    effects: list[str] = []
    limit = len(procedure.stages)
    for moved in range(1, limit + 1):
        stage = stage_map[state.stage or procedure.start]
        target = stage_map[taken.to]
        effects.append(
            f"{stage.name} -> {target.name} ({taken.outcome}): {taken.describe() or 'always'}"
        )
        if target.discloses:
            effects.append(f"notice: {target.discloses.replace('_', ' ')} ({target.name})")
        earliest, closes = _bounds(procedure, target, state.now)
        state = RunState(
            snapshot=state.snapshot,
            earliest_exit=earliest,
            closes_at=closes,
            stage=target.id,
            opened_at=state.now,
            now=state.now,
            path=paths.setdefault(path := (*state.path, target.id), path),
            proposer=state.proposer,
            ballots=() if target.rule is not None else state.ballots,
            decision=None if target.rule is not None else state.decision,
        )
        if moved == limit or target.terminal or not _minimum_done(state):
            break
        following = _first_open(target, state, None)
        if following is None:
            break
        taken = following
    return new_step(state, True, why, tuple(effects))


def _unanswered(state: RunState, event: Event, before: RunState) -> Step[RunState]:
    """Refuse a trigger that moved nothing: the stage's minimum, or its ways out."""
    procedure = state.snapshot.procedure
    stage = procedure.stage_map[state.stage or procedure.start]
    minimum = stage.min_duration
    if minimum is not None and not _minimum_done(state):
        end = state.period_end(minimum.days, working_days=minimum.working_days)
        return refuse(before, f"{stage.name} runs at least {minimum} (until {end})")
    ways = "; ".join(f"{t.outcome}: {t.describe()}" for t in stage.transitions)
    return refuse(before, f"nothing in {stage.name} answers {event.kind} (ways out: {ways})")


def _minimum_done(state: RunState) -> bool:
    earliest = state.earliest_exit
    return earliest is None or (state.now is not None and state.now >= earliest)


def _bounds(
    procedure: Procedure, stage: Stage, at: dt.datetime | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Return when a stage opened at *at* may end, and when it closes to participation."""
    low, high = stage.min_duration, stage.max_duration
    if at is None:
        return None, None
    return (
        None if low is None else procedure.elapsed_at(at, low.days, working_days=low.working_days),
        None
        if high is None
        else procedure.elapsed_at(at, high.days, working_days=high.working_days),
    )
