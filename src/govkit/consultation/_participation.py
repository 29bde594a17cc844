"""What participants do in a stage: support, comment, object, vote, close; each checked."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from govkit.consultation._procedure import Action, Stage
from govkit.errors import RuleError
from govkit.events import Event
from govkit.voting import Choice, MotionTally

if TYPE_CHECKING:
    from govkit.consultation._run import RunState

__all__ = ["HANDLERS", "TRIGGER_ONLY", "may", "replace_state", "role_refusal"]

_CHOICES = {choice.value: choice for choice in Choice}
_SUPPORT, _COMMENT, _OBJECT, _VOTE = (
    Action.SUPPORT.value,
    Action.COMMENT.value,
    Action.OBJECT.value,
    Action.VOTE.value,
)


def replace_state(state: RunState, **changes: Any) -> RunState:
    """
    Return a copy of *state* with *changes*, fast: RunState has no validators to rerun.

    Replaying a log creates one state per event; `attrs.evolve` costs three times this.
    """
    new = _NEW(type(state))
    get = changes.get
    _SET(new, "snapshot", state.snapshot)
    _SET(new, "stage", get("stage", state.stage))
    _SET(new, "opened_at", get("opened_at", state.opened_at))
    _SET(new, "now", get("now", state.now))
    _SET(new, "supporters", get("supporters", state.supporters))
    _SET(new, "objections", get("objections", state.objections))
    _SET(new, "ballots", get("ballots", state.ballots))
    _SET(new, "decision", get("decision", state.decision))
    _SET(new, "path", get("path", state.path))
    _SET(new, "proposer", get("proposer", state.proposer))
    _SET(new, "earliest_exit", get("earliest_exit", state.earliest_exit))
    _SET(new, "closes_at", get("closes_at", state.closes_at))
    return new


def _at(state: RunState, now: dt.datetime) -> RunState:
    """Return *state* at time *now* and otherwise unchanged (the most common step)."""
    new = _NEW(type(state))
    _SET(new, "snapshot", state.snapshot)
    _SET(new, "stage", state.stage)
    _SET(new, "opened_at", state.opened_at)
    _SET(new, "now", now)
    _SET(new, "supporters", state.supporters)
    _SET(new, "objections", state.objections)
    _SET(new, "ballots", state.ballots)
    _SET(new, "decision", state.decision)
    _SET(new, "path", state.path)
    _SET(new, "proposer", state.proposer)
    _SET(new, "earliest_exit", state.earliest_exit)
    _SET(new, "closes_at", state.closes_at)
    return new


_NEW = object.__new__
_SET = object.__setattr__


def may(state: RunState, roles: frozenset[str], actor: str) -> bool:
    return not roles or not roles.isdisjoint(state.snapshot.role_sets.get(actor, ()))


def role_refusal(state: RunState, roles: frozenset[str], actor: str, what: str) -> str:
    return f"{actor!r} may not {what} here: only {', '.join(sorted(roles))} may"


def _open_for(
    state: RunState, stage: Stage, action: str, actor: str | None, at: dt.datetime
) -> str | None:
    """Return why *actor* may not do *action* at *at*, or None (no role check without actor)."""
    if action not in stage.allowed:
        allowed = ", ".join(sorted(a.value for a in stage.allows)) or "nothing"
        return f"{stage.name} does not allow {action} (allows: {allowed})"
    if actor is not None and not may(state, stage.roles, actor):
        return role_refusal(state, stage.roles, actor, action)
    closes = state.closes_at
    if closes is not None and at >= closes:
        last_day = closes.date() - dt.timedelta(days=1)
        return f"{stage.name} closed on {last_day} (at most {stage.max_duration})"
    return None


Result = tuple["RunState", str] | str


def _supported(state: RunState, stage: Stage, event: Event) -> Result:
    refusal = _open_for(state, stage, _SUPPORT, event.actor, event.at)
    if refusal:
        return refusal
    if event.actor in state.supporters:
        return f"{event.actor!r} already supports the item"
    supporters = state.supporters | {event.actor}
    new = replace_state(state, now=event.at, supporters=supporters)
    return new, f"{event.actor} supports ({len(supporters)} supporters)"


def _commented(state: RunState, stage: Stage, event: Event) -> Result:
    refusal = _open_for(state, stage, _COMMENT, event.actor, event.at)
    if refusal:
        return refusal
    return _at(state, event.at), f"{event.actor} commented"


def _objection_filed(state: RunState, stage: Stage, event: Event) -> Result:
    refusal = _open_for(state, stage, _OBJECT, event.actor, event.at)
    if refusal:
        return refusal
    count = state.objections + 1
    return replace_state(state, now=event.at, objections=count), f"objection {count} filed"


def _time_passed(state: RunState, _stage: Stage, event: Event) -> Result:
    return _at(state, event.at), f"time passed to {event.at.isoformat()}"


def _ballots_cast(state: RunState, stage: Stage, event: Event) -> Result:  # noqa: PLR0911
    """Record ballots: the actor's own (``choice``), or several recorded by a chair (``ballots``).

    Voters are checked against the stage's roll when there is one, else against its roles.
    """
    refusal = _open_for(state, stage, _VOTE, None, event.at)
    if refusal:
        return refusal
    if state.decision is not None:
        return "the vote is closed"
    payload = event.payload
    if "ballots" not in payload:
        return _own_ballot(state, stage, event)
    raw = payload.get("ballots")
    chairs = state.snapshot.procedure.chairs
    if raw is not None and not may(state, chairs, event.actor):
        return role_refusal(state, chairs, event.actor, "record ballots")
    entries = raw if raw is not None else ({"voter": event.actor, "choice": payload.get("choice")},)
    if not isinstance(entries, tuple) or not all(isinstance(e, Mapping) for e in entries):
        return "ballots is a list of {voter, choice} mappings"
    voters = state.snapshot.voters(stage.id)
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
        if voters is None and not may(state, stage.roles, voter):
            return role_refusal(state, stage.roles, voter, "vote")
        if voter in already:
            return f"voter {voter!r} already voted"
        already.add(voter)
        ballots.append((voter, choice))
    new = replace_state(state, now=event.at, ballots=state.ballots + tuple(ballots))
    return new, f"{len(ballots)} ballot(s) cast ({len(new.ballots)} in all)"


def _own_ballot(state: RunState, stage: Stage, event: Event) -> Result:
    """Record the actor's own ballot (the common case, kept short for replays)."""
    voter = event.actor
    choice = _CHOICES.get(str(event.payload.get("choice")))
    if choice is None:
        got = event.payload.get("choice")
        return f"a ballot's choice is one of {', '.join(_CHOICES)}, got {got!r}"
    voters = state.snapshot.voters(stage.id)
    if voters is not None and voter not in voters:
        return f"voter {voter!r} is not on the roll"
    if voters is None and not may(state, stage.roles, voter):
        return role_refusal(state, stage.roles, voter, "vote")
    ballots = state.ballots
    for earlier, _ in ballots:
        if earlier == voter:
            return f"voter {voter!r} already voted"
    new = replace_state(state, now=event.at, ballots=(*ballots, (voter, choice)))
    return new, f"{voter} voted ({len(ballots) + 1} ballots in all)"


def _vote_closed(state: RunState, stage: Stage, event: Event) -> Result:
    procedure = state.snapshot.procedure
    if not may(state, procedure.chairs, event.actor):
        return role_refusal(state, procedure.chairs, event.actor, "close the vote")
    if stage.rule is None:
        return f"{stage.name} holds no vote"
    if state.decision is not None:
        return "the vote is already closed"
    payload = event.payload
    casting = _CHOICES.get(str(payload.get("casting_vote")))
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
            casting_vote=casting,
            rng=random.Random(seed) if isinstance(seed, int) else None,
        )
    except (RuleError, TypeError, ValueError) as exc:
        return f"the vote cannot be decided: {exc}"
    return replace_state(state, now=event.at, decision=decision), decision.summary()


def _control(what: str) -> Callable[[RunState, Stage, Event], Result]:
    def handler(state: RunState, _stage: Stage, event: Event) -> Result:
        chairs = state.snapshot.procedure.chairs
        if what == "withdrawn" and event.actor == state.proposer:
            pass
        elif not may(state, chairs, event.actor):
            return role_refusal(state, chairs, event.actor, what.replace("_", " "))
        return _at(state, event.at), f"{event.actor}: {what.replace('_', ' ')}"

    return handler


def _submitted(state: RunState, _stage: Stage, _event: Event) -> Result:
    return "the item was already submitted"


HANDLERS: dict[str, Callable[[RunState, Stage, Event], Result]] = {
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
TRIGGER_ONLY = frozenset({"stage_closed", "objection_upheld", "withdrawn"})
