"""
What participants do in a stage: support, comment, object, vote, close; each checked.

A run replays one event after another, millions of them, so each stage of a
procedure is compiled once (`stage_handlers`, memoised on the procedure) into one
function per event kind. Each function makes the checks in the order below, with
the same texts, then builds the new state and the `Step`, without intermediate
tuples, repeated lookups or method calls; what follows an accepted event (the
stage's transitions) comes in as *finish*. ``tests/consultation/test_fast_path.py``
checks the whole run against the implementation these functions replaced.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from govkit.consultation._procedure import Action, Stage
from govkit.errors import RuleError
from govkit.events import Event, Step
from govkit.voting import Choice, MotionTally

if TYPE_CHECKING:
    from govkit.consultation._run import RunState, Snapshot
    from govkit.voting import Decision

__all__ = [
    "EVENT_HANDLERS",
    "STATE_FIELDS",
    "TRIGGER_ONLY",
    "Finish",
    "Handler",
    "Make",
    "may",
    "new_step",
    "replace_state",
    "role_refusal",
    "stage_handlers",
    "state_builder",
]

_CHOICES = {choice.value: choice for choice in Choice}
_SUPPORT, _COMMENT, _OBJECT, _VOTE = (
    Action.SUPPORT.value,
    Action.COMMENT.value,
    Action.OBJECT.value,
    Action.VOTE.value,
)

TRIGGER_ONLY = frozenset({"stage_closed", "objection_upheld", "withdrawn"})

Handler = Callable[["RunState", Event], Step["RunState"]]
"""Apply one event kind in one stage: the step (a refusal keeps the state as it was)."""

Finish = Callable[["RunState", Event, str, "RunState"], Step["RunState"]]
"""After an accepted event: (new state, event, why, state before) -> the step, moves made."""

Make = Callable[..., "RunState"]
"""Build a state from its twelve fields, positionally, in `STATE_FIELDS` order."""

STATE_FIELDS = (
    "snapshot",
    "stage",
    "opened_at",
    "now",
    "supporters",
    "objections",
    "ballots",
    "decision",
    "path",
    "proposer",
    "earliest_exit",
    "closes_at",
)

_NEW = object.__new__
_SET = object.__setattr__


def state_builder(cls: type[RunState]) -> Make:
    """
    Return a function that builds a *cls* from its twelve fields, positionally.

    RunState has no validators or converters, so a copy needs only its slots
    set; the slots' own setters do that faster than attrs' ``__init__``
    (which goes through ``object.__setattr__``) or `attrs.evolve` (3 times slower).
    """
    if tuple(field.name for field in attrs.fields(cls)) != STATE_FIELDS:  # pragma: no cover
        msg = "RunState's fields changed: update STATE_FIELDS and the handlers"
        raise RuntimeError(msg)
    (
        set_snapshot,
        set_stage,
        set_opened_at,
        set_now,
        set_supporters,
        set_objections,
        set_ballots,
        set_decision,
        set_path,
        set_proposer,
        set_earliest_exit,
        set_closes_at,
    ) = (vars(cls)[name].__set__ for name in STATE_FIELDS)

    def make(  # noqa: PLR0917 - a state's twelve fields, in order
        snapshot: Snapshot,
        stage: str | None,
        opened_at: dt.datetime | None,
        now: dt.datetime | None,
        supporters: frozenset[str],
        objections: int,
        ballots: tuple[tuple[str, Choice], ...],
        decision: Decision | None,
        path: tuple[str, ...],
        proposer: str | None,
        earliest_exit: dt.datetime | None,
        closes_at: dt.datetime | None,
    ) -> RunState:
        state: RunState = _NEW(cls)
        set_snapshot(state, snapshot)
        set_stage(state, stage)
        set_opened_at(state, opened_at)
        set_now(state, now)
        set_supporters(state, supporters)
        set_objections(state, objections)
        set_ballots(state, ballots)
        set_decision(state, decision)
        set_path(state, path)
        set_proposer(state, proposer)
        set_earliest_exit(state, earliest_exit)
        set_closes_at(state, closes_at)
        return state

    return make


def replace_state(state: RunState, **changes: Any) -> RunState:
    """Return a copy of *state* with *changes* (RunState field names), without ``__init__``."""
    new: RunState = _NEW(type(state))
    for name in STATE_FIELDS:
        _SET(new, name, changes[name] if name in changes else getattr(state, name))
    return new


def step_builder() -> Callable[..., Step[RunState]]:
    """
    Return ``step(state, accepted, why, effects=())``: a `Step`, as ``Step(...)`` builds it.

    Every event makes a step; attrs' frozen ``__init__`` sets each field through
    ``object.__setattr__``; the slots' own setters are cheaper.
    """
    set_state, set_accepted, set_why, set_effects = (
        vars(Step)[field.name].__set__ for field in attrs.fields(Step)
    )

    def step(
        state: RunState,
        accepted: bool,
        why: str,
        effects: tuple[str, ...] = (),
    ) -> Step[RunState]:
        made: Step[RunState] = _NEW(Step)
        set_state(made, state)
        set_accepted(made, accepted)
        set_why(made, why)
        set_effects(made, effects)
        return made

    return step


new_step = step_builder()
"""Build a `Step` from (state, accepted, why, effects=()), without attrs' ``__init__``."""


def may(state: RunState, roles: frozenset[str], actor: str) -> bool:
    return not roles or not roles.isdisjoint(state.snapshot.role_sets.get(actor, ()))


def role_refusal(_state: RunState, roles: frozenset[str], actor: str, what: str) -> str:
    return f"{actor!r} may not {what} here: only {', '.join(sorted(roles))} may"


def _not_allowed(stage: Stage, action: str) -> str | None:
    """Return why *stage* refuses *action* whoever does it, or None (the first check)."""
    if action in stage.allowed:
        return None
    allowed = ", ".join(sorted(a.value for a in stage.allows)) or "nothing"
    return f"{stage.name} does not allow {action} (allows: {allowed})"


def _closed(stage: Stage, closes: dt.datetime) -> str:
    """Return why *stage*, past its maximum since *closes*, refuses participation."""
    last_day = closes.date() - dt.timedelta(days=1)
    return f"{stage.name} closed on {last_day} (at most {stage.max_duration})"


def _refusing(why: str) -> Handler:
    def refuse(state: RunState, _event: Event) -> Step[RunState]:
        return new_step(state, False, why)

    return refuse


# Participation: support, comment, object, let time pass, vote. In order, each checks
# that the stage allows the action, that the actor has one of the stage's roles and
# that the stage's maximum has not run; then what the action itself requires.


def _supported(stage: Stage, make: Make, finish: Finish | None) -> Handler:
    refusal = _not_allowed(stage, _SUPPORT)
    if refusal is not None:
        return _refusing(refusal)
    roles = stage.roles

    def supported(state: RunState, event: Event) -> Step[RunState]:
        actor = event.actor
        if roles and actor not in state.snapshot._allowed[roles]:  # may(), tabled
            return new_step(state, False, role_refusal(state, roles, actor, _SUPPORT))
        at = event.at
        closes = state.closes_at
        if closes is not None and at >= closes:
            return new_step(state, False, _closed(stage, closes))
        supporters = state.supporters
        if actor in supporters:
            return new_step(state, False, f"{actor!r} already supports the item")
        supporters = supporters | {actor}
        new = make(
            state.snapshot,
            state.stage,
            state.opened_at,
            at,
            supporters,
            state.objections,
            state.ballots,
            state.decision,
            state.path,
            state.proposer,
            state.earliest_exit,
            state.closes_at,
        )
        why = f"{actor} supports ({len(supporters)} supporters)"
        earliest = state.earliest_exit  # before the stage's minimum, nothing moves
        if finish is None or (earliest is not None and at < earliest):
            return new_step(new, True, why)
        return finish(new, event, why, state)

    return supported


def _commented(stage: Stage, make: Make, finish: Finish | None) -> Handler:
    refusal = _not_allowed(stage, _COMMENT)
    if refusal is not None:
        return _refusing(refusal)
    roles = stage.roles

    def commented(state: RunState, event: Event) -> Step[RunState]:
        actor = event.actor
        if roles and actor not in state.snapshot._allowed[roles]:  # may(), tabled
            return new_step(state, False, role_refusal(state, roles, actor, _COMMENT))
        at = event.at
        closes = state.closes_at
        if closes is not None and at >= closes:
            return new_step(state, False, _closed(stage, closes))
        new = make(
            state.snapshot,
            state.stage,
            state.opened_at,
            at,
            state.supporters,
            state.objections,
            state.ballots,
            state.decision,
            state.path,
            state.proposer,
            state.earliest_exit,
            state.closes_at,
        )
        why = f"{actor} commented"
        earliest = state.earliest_exit  # before the stage's minimum, nothing moves
        if finish is None or (earliest is not None and at < earliest):
            return new_step(new, True, why)
        return finish(new, event, why, state)

    return commented


def _objection_filed(stage: Stage, make: Make, finish: Finish | None) -> Handler:
    refusal = _not_allowed(stage, _OBJECT)
    if refusal is not None:
        return _refusing(refusal)
    roles = stage.roles

    def objection_filed(state: RunState, event: Event) -> Step[RunState]:
        actor = event.actor
        if roles and actor not in state.snapshot._allowed[roles]:  # may(), tabled
            return new_step(state, False, role_refusal(state, roles, actor, _OBJECT))
        at = event.at
        closes = state.closes_at
        if closes is not None and at >= closes:
            return new_step(state, False, _closed(stage, closes))
        count = state.objections + 1
        new = make(
            state.snapshot,
            state.stage,
            state.opened_at,
            at,
            state.supporters,
            count,
            state.ballots,
            state.decision,
            state.path,
            state.proposer,
            state.earliest_exit,
            state.closes_at,
        )
        why = f"objection {count} filed"
        earliest = state.earliest_exit  # before the stage's minimum, nothing moves
        if finish is None or (earliest is not None and at < earliest):
            return new_step(new, True, why)
        return finish(new, event, why, state)

    return objection_filed


def _time_passed(_stage: Stage, make: Make, finish: Finish | None) -> Handler:
    def time_passed(state: RunState, event: Event) -> Step[RunState]:
        at = event.at
        new = make(
            state.snapshot,
            state.stage,
            state.opened_at,
            at,
            state.supporters,
            state.objections,
            state.ballots,
            state.decision,
            state.path,
            state.proposer,
            state.earliest_exit,
            state.closes_at,
        )
        why = f"time passed to {at.isoformat()}"
        earliest = state.earliest_exit  # before the stage's minimum, nothing moves
        if finish is None or (earliest is not None and at < earliest):
            return new_step(new, True, why)
        return finish(new, event, why, state)

    return time_passed


def _ballots_cast(stage: Stage, make: Make, finish: Finish | None) -> Handler:
    """
    Record ballots: the actor's own (``choice``), or several recorded by a chair (``ballots``).

    Voters are checked against the stage's roll when there is one, else against its roles.
    """
    refusal = _not_allowed(stage, _VOTE)
    if refusal is not None:
        return _refusing(refusal)
    roles, stage_id = stage.roles, stage.id
    pairs: dict[str, dict[str, tuple[str, Choice]]] = {key: {} for key in _CHOICES}

    def ballots_cast(state: RunState, event: Event) -> Step[RunState]:  # noqa: PLR0911
        at = event.at
        closes = state.closes_at
        if closes is not None and at >= closes:
            return new_step(state, False, _closed(stage, closes))
        if state.decision is not None:
            return new_step(state, False, "the vote is closed")
        payload = event.payload
        if "ballots" in payload:
            return _recorded(stage, make, finish, state, event)
        # The actor's own ballot: the common case, kept short.
        voter = event.actor
        got = payload.get("choice")
        key = str(got)
        choice = _CHOICES.get(key)
        if choice is None:
            why = f"a ballot's choice is one of {', '.join(_CHOICES)}, got {got!r}"
            return new_step(state, False, why)
        snapshot = state.snapshot
        voters = snapshot._voting[stage_id]  # snapshot.voters(stage_id), tabled
        if voters is not None:
            if voter not in voters:
                return new_step(state, False, f"voter {voter!r} is not on the roll")
        elif roles and voter not in snapshot._allowed[roles]:
            return new_step(state, False, role_refusal(state, roles, voter, "vote"))
        ballots = state.ballots
        for earlier, _ in ballots:
            if earlier == voter:
                return new_step(state, False, f"voter {voter!r} already voted")
        by_voter = pairs[key]  # the same (voter, choice) pair for every item: fewer objects
        pair = by_voter.get(voter)
        if pair is None:
            pair = by_voter[voter] = (voter, choice)
        new = make(
            state.snapshot,
            state.stage,
            state.opened_at,
            at,
            state.supporters,
            state.objections,
            (*ballots, pair),
            state.decision,
            state.path,
            state.proposer,
            state.earliest_exit,
            state.closes_at,
        )
        why = f"{voter} voted ({len(ballots) + 1} ballots in all)"
        return new_step(new, True, why) if finish is None else finish(new, event, why, state)

    return ballots_cast


def _recorded(  # noqa: PLR0911
    stage: Stage, make: Make, finish: Finish | None, state: RunState, event: Event
) -> Step[RunState]:
    """Record several ballots (``ballots``), by a chair; `_ballots_cast` made the first checks."""
    payload = event.payload
    raw = payload.get("ballots")
    chairs = state.snapshot.procedure.chairs
    if raw is not None and not may(state, chairs, event.actor):
        return new_step(state, False, role_refusal(state, chairs, event.actor, "record ballots"))
    entries = raw if raw is not None else ({"voter": event.actor, "choice": payload.get("choice")},)
    if not isinstance(entries, tuple) or not all(isinstance(e, Mapping) for e in entries):
        return new_step(state, False, "ballots is a list of {voter, choice} mappings")
    voters = state.snapshot.voters(stage.id)
    already = {voter for voter, _ in state.ballots}
    ballots: list[tuple[str, Choice]] = []
    for entry in entries:
        voter, choice = entry.get("voter"), _CHOICES.get(str(entry.get("choice")))
        if choice is None:
            why = f"a ballot's choice is one of {', '.join(_CHOICES)}, got {entry.get('choice')!r}"
            return new_step(state, False, why)
        if not isinstance(voter, str):
            return new_step(state, False, f"a ballot names its voter, got {voter!r}")
        if voters is not None and voter not in voters:
            return new_step(state, False, f"voter {voter!r} is not on the roll")
        if voters is None and not may(state, stage.roles, voter):
            return new_step(state, False, role_refusal(state, stage.roles, voter, "vote"))
        if voter in already:
            return new_step(state, False, f"voter {voter!r} already voted")
        already.add(voter)
        ballots.append((voter, choice))
    new = make(
        state.snapshot,
        state.stage,
        state.opened_at,
        event.at,
        state.supporters,
        state.objections,
        state.ballots + tuple(ballots),
        state.decision,
        state.path,
        state.proposer,
        state.earliest_exit,
        state.closes_at,
    )
    why = f"{len(ballots)} ballot(s) cast ({len(new.ballots)} in all)"
    return new_step(new, True, why) if finish is None else finish(new, event, why, state)


# Chairs: close the vote, close the stage, uphold an objection; the proposer may withdraw.


def _vote_closed(stage: Stage, make: Make, finish: Finish | None) -> Handler:
    def vote_closed(state: RunState, event: Event) -> Step[RunState]:
        procedure = state.snapshot.procedure
        if not may(state, procedure.chairs, event.actor):
            refusal = role_refusal(state, procedure.chairs, event.actor, "close the vote")
            return new_step(state, False, refusal)
        if stage.rule is None:
            return new_step(state, False, f"{stage.name} holds no vote")
        if state.decision is not None:
            return new_step(state, False, "the vote is already closed")
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
            return new_step(state, False, f"the vote cannot be decided: {exc}")
        new = make(
            state.snapshot,
            state.stage,
            state.opened_at,
            event.at,
            state.supporters,
            state.objections,
            state.ballots,
            decision,
            state.path,
            state.proposer,
            state.earliest_exit,
            state.closes_at,
        )
        why = decision.summary()
        return new_step(new, True, why) if finish is None else finish(new, event, why, state)

    return vote_closed


def _control(what: str) -> Callable[[Stage, Make, Finish | None], Handler]:
    words = what.replace("_", " ")

    def compile_control(_stage: Stage, make: Make, finish: Finish | None) -> Handler:
        def control(state: RunState, event: Event) -> Step[RunState]:
            chairs = state.snapshot.procedure.chairs
            if what == "withdrawn" and event.actor == state.proposer:
                pass
            elif not may(state, chairs, event.actor):
                return new_step(state, False, role_refusal(state, chairs, event.actor, words))
            new = make(
                state.snapshot,
                state.stage,
                state.opened_at,
                event.at,
                state.supporters,
                state.objections,
                state.ballots,
                state.decision,
                state.path,
                state.proposer,
                state.earliest_exit,
                state.closes_at,
            )
            why = f"{event.actor}: {words}"
            return new_step(new, True, why) if finish is None else finish(new, event, why, state)

        return control

    return compile_control


def _submitted(_stage: Stage, _make: Make, _finish: Finish | None) -> Handler:
    return _refusing("the item was already submitted")


EVENT_HANDLERS: dict[str, Callable[[Stage, Make, Finish | None], Handler]] = {
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
"""What compiles each event kind's handler for a stage (once started, events after submitted)."""


def stage_handlers(
    stage: Stage, make: Make, finish_for: Callable[[str], Finish | None]
) -> dict[str, Handler]:
    """
    Return the handler of every event kind in *stage* (not terminal).

    *finish_for(kind)* gives what follows an accepted event of that kind (the
    stage's transitions), or None when nothing in the stage can move on it.
    """
    return {kind: build(stage, make, finish_for(kind)) for kind, build in EVENT_HANDLERS.items()}
