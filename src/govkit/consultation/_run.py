"""Runs: an item moving through a procedure, as a pure fold over its events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

import attrs
from attrs import field, frozen

from govkit.config import FrozenMap
from govkit.consultation._participation import (
    HANDLERS,
    TRIGGER_ONLY,
    may,
    replace_state,
    role_refusal,
)
from govkit.consultation._procedure import TRIGGERS, Procedure, Stage
from govkit.errors import RuleError
from govkit.events import Event, Step, fold, refuse
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
            return _apply_checked(self, event)
        except RuleError as exc:  # e.g. a calendar with no holiday data for the year reached
            return refuse(self, str(exc))


if len(attrs.fields(RunState)) != 12:  # pragma: no cover - _replace sets each field
    msg = "RunState's fields changed: update replace_state"
    raise RuntimeError(msg)


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
        return _apply(state, event)


def replay(state: RunState, events: Iterable[Event]) -> RunState:
    """Fold *events* over *state* (refused events change nothing)."""
    return fold(Runs(), state, events)


def _apply(state: RunState, event: Event) -> Step[RunState]:
    try:
        return _apply_checked(state, event)
    except RuleError as exc:  # e.g. a calendar with no holiday data for the year reached
        return refuse(state, str(exc))


def _apply_checked(state: RunState, event: Event) -> Step[RunState]:  # noqa: PLR0911
    if state.now is not None and event.at < state.now:
        return refuse(state, f"events come in time order: {event.at} is before {state.now}")
    procedure = state.snapshot.procedure
    if state.stage is None:
        if event.kind != "submitted":
            return refuse(state, "the item has not been submitted yet")
        first = procedure.stage_map[procedure.start]
        if not may(state, first.roles, event.actor):
            return refuse(state, role_refusal(state, first.roles, event.actor, "submit"))
        earliest, closes = _bounds(procedure, first, event.at)
        opened = replace_state(
            state,
            stage=first.id,
            opened_at=event.at,
            now=event.at,
            path=(first.id,),
            proposer=event.actor,
            earliest_exit=earliest,
            closes_at=closes,
        )
        return _advance(opened, event, f"submitted to {first.name}", state)
    stage = procedure.stage_map[state.stage]
    if stage.terminal:
        return refuse(state, f"the item is closed: it ended in {stage.name}")
    handler = HANDLERS.get(event.kind)
    if handler is None:
        known = ", ".join(EVENT_KINDS)
        return refuse(state, f"unknown event kind {event.kind!r}; known kinds: {known}")
    result = handler(state, stage, event)
    if isinstance(result, str):
        return refuse(state, result)
    new, why = result
    return _advance(new, event, why, state)


def _advance(state: RunState, event: Event, why: str, before: RunState) -> Step[RunState]:
    """Take the first transition that holds, repeatedly; refuse a trigger nothing answers."""
    procedure = state.snapshot.procedure
    kind = event.kind
    current = procedure.stage_map[state.stage or procedure.start]
    listening = current.listening
    if listening is not None and kind not in listening:
        return Step(state, True, why)  # nothing in this stage can fire: the common case
    if current.waits_for_decision and state.decision is None and kind not in TRIGGER_SET:
        return Step(state, True, why)  # a vote stage before its vote is closed
    effects: list[str] = []
    trigger: str | None = kind
    for _ in range(len(procedure.stages)):
        stage = procedure.stage_map[state.stage or procedure.start]
        if stage.terminal or not _minimum_done(state, stage):
            break
        taken = None
        for transition in stage.transitions:
            if transition.event is not None and transition.event != trigger:
                continue
            if transition.when is not None and not transition.when.is_met(state):
                continue
            taken = transition
            break
        if taken is None:
            break
        target = procedure.stage_map[taken.to]
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
            path=(*state.path, target.id),
            proposer=state.proposer,
            ballots=() if target.rule is not None else state.ballots,
            decision=None if target.rule is not None else state.decision,
        )
        trigger = None
    if event.kind in TRIGGER_ONLY and not effects:
        stage = procedure.stage_map[state.stage or procedure.start]
        minimum = stage.min_duration
        if minimum is not None and not _minimum_done(state, stage):
            end = state.period_end(minimum.days, working_days=minimum.working_days)
            return refuse(before, f"{stage.name} runs at least {minimum} (until {end})")
        ways = "; ".join(f"{t.outcome}: {t.describe()}" for t in stage.transitions)
        return refuse(before, f"nothing in {stage.name} answers {event.kind} (ways out: {ways})")
    return Step(state, True, why, tuple(effects))


def _minimum_done(state: RunState, _stage: Stage) -> bool:
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
