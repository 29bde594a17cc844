"""
The run machine as it was before it was compiled for speed: the naive reference.

`apply` here is the plain reading of the rules: look the stage and the handler up,
check, copy the state with `attrs.evolve`, then try the transitions with each guard's
own ``is_met``. ``test_fast_path.py`` checks that `RunState.apply` gives the same steps.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from govkit.consultation import EVENT_KINDS, TRIGGERS, Action, Decided, Procedure, RunState, Stage
from govkit.errors import RuleError
from govkit.events import Event, Step, refuse
from govkit.voting import Choice, MotionTally

_CHOICES = {choice.value: choice for choice in Choice}
TRIGGER_ONLY = frozenset({"stage_closed", "objection_upheld", "withdrawn"})

Result = tuple[RunState, str] | str


def apply(state: RunState, event: Event) -> Step[RunState]:
    """Apply *event* to *state*, the naive way."""
    try:
        return _apply_checked(state, event)
    except RuleError as exc:
        return refuse(state, str(exc))


def _apply_checked(state: RunState, event: Event) -> Step[RunState]:  # noqa: PLR0911
    if state.now is not None and event.at < state.now:
        return refuse(state, f"events come in time order: {event.at} is before {state.now}")
    procedure = state.procedure
    if state.stage is None:
        if event.kind != "submitted":
            return refuse(state, "the item has not been submitted yet")
        first = procedure.stage_map[procedure.start]
        if not _may(state, first.roles, event.actor):
            return refuse(state, _role_refusal(first.roles, event.actor, "submit"))
        earliest, closes = _bounds(procedure, first, event.at)
        opened = attrs.evolve(
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
    procedure = state.procedure
    current = procedure.stage_map[state.stage or procedure.start]
    if all(t.event is not None for t in current.transitions) and event.kind not in TRIGGERS:
        return Step(state, True, why)
    waits = all(t.event is not None or isinstance(t.when, Decided) for t in current.transitions)
    if waits and state.decision is None and event.kind not in TRIGGERS:
        return Step(state, True, why)
    effects: list[str] = []
    trigger: str | None = event.kind
    for _ in range(len(procedure.stages)):
        stage = procedure.stage_map[state.stage or procedure.start]
        if stage.terminal or not _minimum_done(state):
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
        if minimum is not None and not _minimum_done(state):
            end = state.period_end(minimum.days, working_days=minimum.working_days)
            return refuse(before, f"{stage.name} runs at least {minimum} (until {end})")
        ways = "; ".join(f"{t.outcome}: {t.describe()}" for t in stage.transitions)
        return refuse(before, f"nothing in {stage.name} answers {event.kind} (ways out: {ways})")
    return Step(state, True, why, tuple(effects))


def _minimum_done(state: RunState) -> bool:
    return state.earliest_exit is None or (
        state.now is not None and state.now >= state.earliest_exit
    )


def _bounds(
    procedure: Procedure, stage: Stage, at: dt.datetime | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    low, high = stage.min_duration, stage.max_duration
    if at is None:
        return None, None
    return (
        None if low is None else procedure.elapsed_at(at, low.days, working_days=low.working_days),
        None
        if high is None
        else procedure.elapsed_at(at, high.days, working_days=high.working_days),
    )


def _may(state: RunState, roles: frozenset[str], actor: str) -> bool:
    return not roles or not roles.isdisjoint(state.snapshot.roles.get(actor, ()))


def _role_refusal(roles: frozenset[str], actor: str, what: str) -> str:
    return f"{actor!r} may not {what} here: only {', '.join(sorted(roles))} may"


def _voters(state: RunState, stage: Stage) -> frozenset[str] | None:
    roll = state.snapshot.roll_for(stage.id)
    return None if roll is None else frozenset(member.id for member in roll.members)


def _open_for(
    state: RunState, stage: Stage, action: Action, actor: str | None, at: dt.datetime
) -> str | None:
    if action not in stage.allows:
        allowed = ", ".join(sorted(a.value for a in stage.allows)) or "nothing"
        return f"{stage.name} does not allow {action.value} (allows: {allowed})"
    if actor is not None and not _may(state, stage.roles, actor):
        return _role_refusal(stage.roles, actor, action.value)
    closes = state.closes_at
    if closes is not None and at >= closes:
        last_day = closes.date() - dt.timedelta(days=1)
        return f"{stage.name} closed on {last_day} (at most {stage.max_duration})"
    return None


def _supported(state: RunState, stage: Stage, event: Event) -> Result:
    refusal = _open_for(state, stage, Action.SUPPORT, event.actor, event.at)
    if refusal:
        return refusal
    if event.actor in state.supporters:
        return f"{event.actor!r} already supports the item"
    supporters = state.supporters | {event.actor}
    new = attrs.evolve(state, now=event.at, supporters=supporters)
    return new, f"{event.actor} supports ({len(supporters)} supporters)"


def _commented(state: RunState, stage: Stage, event: Event) -> Result:
    refusal = _open_for(state, stage, Action.COMMENT, event.actor, event.at)
    if refusal:
        return refusal
    return attrs.evolve(state, now=event.at), f"{event.actor} commented"


def _objection_filed(state: RunState, stage: Stage, event: Event) -> Result:
    refusal = _open_for(state, stage, Action.OBJECT, event.actor, event.at)
    if refusal:
        return refusal
    count = state.objections + 1
    return attrs.evolve(state, now=event.at, objections=count), f"objection {count} filed"


def _time_passed(state: RunState, _stage: Stage, event: Event) -> Result:
    return attrs.evolve(state, now=event.at), f"time passed to {event.at.isoformat()}"


def _ballots_cast(state: RunState, stage: Stage, event: Event) -> Result:  # noqa: PLR0911
    refusal = _open_for(state, stage, Action.VOTE, None, event.at)
    if refusal:
        return refusal
    if state.decision is not None:
        return "the vote is closed"
    payload = event.payload
    if "ballots" not in payload:
        return _own_ballot(state, stage, event)
    raw = payload.get("ballots")
    chairs = state.procedure.chairs
    if raw is not None and not _may(state, chairs, event.actor):
        return _role_refusal(chairs, event.actor, "record ballots")
    entries = raw if raw is not None else ({"voter": event.actor, "choice": payload.get("choice")},)
    if not isinstance(entries, tuple) or not all(isinstance(e, Mapping) for e in entries):
        return "ballots is a list of {voter, choice} mappings"
    voters = _voters(state, stage)
    already = {voter for voter, _ in state.ballots}
    ballots: list[tuple[str, Choice]] = []
    for entry in entries:
        voter, choice = entry.get("voter"), _CHOICES.get(str(entry.get("choice")))
        if choice is None:
            return f"a ballot's choice is one of {', '.join(_CHOICES)}, got {entry.get('choice')!r}"
        if not isinstance(voter, str):
            return f"a ballot names its voter, got {voter!r}"
        if voters is not None and voter not in voters:
            return f"voter {voter!r} is not on the roll"
        if voters is None and not _may(state, stage.roles, voter):
            return _role_refusal(stage.roles, voter, "vote")
        if voter in already:
            return f"voter {voter!r} already voted"
        already.add(voter)
        ballots.append((voter, choice))
    new = attrs.evolve(state, now=event.at, ballots=state.ballots + tuple(ballots))
    return new, f"{len(ballots)} ballot(s) cast ({len(new.ballots)} in all)"


def _own_ballot(state: RunState, stage: Stage, event: Event) -> Result:
    voter = event.actor
    got = event.payload.get("choice")
    choice = _CHOICES.get(str(got))
    if choice is None:
        return f"a ballot's choice is one of {', '.join(_CHOICES)}, got {got!r}"
    voters = _voters(state, stage)
    if voters is not None and voter not in voters:
        return f"voter {voter!r} is not on the roll"
    if voters is None and not _may(state, stage.roles, voter):
        return _role_refusal(stage.roles, voter, "vote")
    if any(earlier == voter for earlier, _ in state.ballots):
        return f"voter {voter!r} already voted"
    new = attrs.evolve(state, now=event.at, ballots=(*state.ballots, (voter, choice)))
    return new, f"{voter} voted ({len(new.ballots)} ballots in all)"


def _vote_closed(state: RunState, stage: Stage, event: Event) -> Result:
    chairs = state.procedure.chairs
    if not _may(state, chairs, event.actor):
        return _role_refusal(chairs, event.actor, "close the vote")
    if stage.rule is None:
        return f"{stage.name} holds no vote"
    if state.decision is not None:
        return "the vote is already closed"
    payload = event.payload
    seed = payload.get("seed")
    try:
        tally = MotionTally.count_votes(
            state.ballots,
            roll=state.snapshot.roll_for(stage.id),
            present=payload.get("present"),
            expected=payload.get("expected"),
        )
        decision = stage.rule.decide(
            tally,
            casting_vote=_CHOICES.get(str(payload.get("casting_vote"))),
            rng=random.Random(seed) if isinstance(seed, int) else None,
        )
    except (RuleError, TypeError, ValueError) as exc:
        return f"the vote cannot be decided: {exc}"
    return attrs.evolve(state, now=event.at, decision=decision), decision.summary()


def _control(what: str) -> Callable[[RunState, Stage, Event], Result]:
    def handler(state: RunState, _stage: Stage, event: Event) -> Result:
        chairs = state.procedure.chairs
        withdrawing = what == "withdrawn" and event.actor == state.proposer
        if not withdrawing and not _may(state, chairs, event.actor):
            return _role_refusal(chairs, event.actor, what.replace("_", " "))
        return attrs.evolve(state, now=event.at), f"{event.actor}: {what.replace('_', ' ')}"

    return handler


def _submitted(_state: RunState, _stage: Stage, _event: Event) -> Result:
    return "the item was already submitted"


HANDLERS: dict[str, Callable[[RunState, Stage, Event], Any]] = {
    "submitted": _submitted,
    "supported": _supported,
    "commented": _commented,
    "ballots_cast": _ballots_cast,
    "objection_filed": _objection_filed,
    "time_passed": _time_passed,
    "vote_closed": _vote_closed,
    "stage_closed": _control("stage_closed"),
    "objection_upheld": _control("objection_upheld"),
    "withdrawn": _control("withdrawn"),
}
