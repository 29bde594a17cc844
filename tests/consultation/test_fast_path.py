"""The compiled run machine gives exactly the steps of the naive reference (reference.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkit.config import load_preset, presets
from govkit.consultation import (
    EVENT_KINDS,
    Action,
    Duration,
    Procedure,
    RunState,
    Stage,
    SupportAtLeast,
    Transition,
    replay,
    start,
)
from govkit.events import Event, Step
from tests.consultation import reference
from tests.consultation.drive import MONDAY, roll
from tests.consultation.test_properties import ACTORS, PAYLOADS, ROLES
from tests.strategies import procedures

pytest.importorskip("chinese_calendar")  # the Chinese presets count on statutory holidays

PROCEDURES = [info.id for info in presets("procedure")]

# (kind, actor, days to wait, payload, at midnight): periods end at midnight, so some
# events land exactly on a stage's earliest exit or closing time.
Sent = tuple[str, str, int, dict[str, Any], bool]
events = st.lists(
    st.tuples(
        st.sampled_from([*EVENT_KINDS, "dance"]),
        st.sampled_from(ACTORS),
        st.sampled_from([0, 0, 0, 1, 2, 3, 8, 9, 15, 16, 40]),
        st.sampled_from(PAYLOADS),
        st.booleans(),
    ),
    max_size=40,
)
role_maps = st.dictionaries(
    st.sampled_from(ACTORS), st.lists(st.sampled_from(ROLES), max_size=3), max_size=5
)


def _check(state: RunState, event: Event) -> RunState:
    """Apply *event* both ways, check the steps are the same, return the new state."""
    fast = state.apply(event)
    naive = reference.apply(state, event)

    assert (fast.accepted, fast.why, fast.effects) == (naive.accepted, naive.why, naive.effects)
    assert fast.state == naive.state
    assert (fast.state is state) is not fast.accepted
    return fast.state


def _walk_the_boundaries(state: RunState) -> None:
    """From submission on, send every kind of event just before, at and after each period end."""
    everyone_acts = [("ann", {"choice": "for"}), ("bo", {"choice": "against"}), ("chair", {})]
    state = _check(state, Event(kind="submitted", actor="ann", at=MONDAY))
    for _ in range(6):
        moments = sorted({m for m in (state.earliest_exit, state.closes_at) if m is not None})
        for moment in moments:
            for minutes in (-1, 0, 1):
                at = moment + dt.timedelta(minutes=minutes)
                for kind in EVENT_KINDS:
                    for actor, payload in everyone_acts:
                        _check(state, Event(kind=kind, actor=actor, at=at, payload=payload))
        at = moments[-1] if moments else (state.now or MONDAY) + dt.timedelta(days=1)
        for kind in ("ballots_cast", "vote_closed", "stage_closed", "time_passed"):
            for actor, payload in everyone_acts:
                state = _check(state, Event(kind=kind, actor=actor, at=at, payload=payload))


@pytest.mark.parametrize("ident", PROCEDURES)
def test_events_at_period_ends_step_like_the_reference(ident: str) -> None:
    """Periods end at midnight: events just before, at and after it step like the reference."""
    roles = dict.fromkeys(ACTORS, ROLES) | {"bo": ["guest"]}  # bo may do nothing
    _walk_the_boundaries(_run(load_preset(ident, Procedure), roles))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(procedure=procedures())
def test_random_procedures_at_period_ends_step_like_the_reference(procedure: Procedure) -> None:
    """The same at the period ends of random procedures, everyone but bo holding every role."""
    held = sorted({role for stage in procedure.stages for role in stage.roles} | procedure.chairs)
    _walk_the_boundaries(_run(procedure, dict.fromkeys(ACTORS, held) | {"bo": ["guest"]}))


def _same_steps(state: RunState, sequence: list[Sent]) -> None:
    """Drive *state* with the compiled machine and check every step against the reference."""
    initial = state
    sent: list[Event] = []
    at = MONDAY
    for kind, actor, days, payload, midnight in sequence:
        at += dt.timedelta(days=days, minutes=1)
        if midnight:
            at = at.replace(hour=0, minute=0)
        event = Event(kind=kind, actor=actor, at=at, payload=payload)
        step = state.apply(event)
        assert type(step) is Step
        assert type(step.state) is RunState
        state = _check(state, event)
        sent.append(event)

    assert attrs.evolve(state) == state
    assert replay(initial, sent) == state


def _run(procedure: Procedure, roles: dict[str, list[str]]) -> RunState:
    members = roll(
        "ann", "bo", "cy", **{a: {"area": 90, "households": 1} for a in ("ann", "bo", "cy")}
    )
    return start(procedure, item="x", roll=members, roles=roles)


@pytest.mark.parametrize("ident", PROCEDURES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequence=events, roles=role_maps)
def test_every_preset_steps_like_the_reference(
    ident: str, sequence: list[Sent], roles: dict[str, list[str]]
) -> None:
    """Whatever arrives, accepted or not, why, effects and the new state are the reference's."""
    _same_steps(_run(load_preset(ident, Procedure), roles), sequence)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(procedure=procedures(), sequence=events, data=st.data())
def test_random_procedures_step_like_the_reference(
    procedure: Procedure, sequence: list[Sent], data: st.DataObject
) -> None:
    """Random stage graphs, guards, durations and roles: the same steps as the reference."""
    held = sorted({role for stage in procedure.stages for role in stage.roles} | procedure.chairs)
    roles = data.draw(
        st.dictionaries(
            st.sampled_from(ACTORS), st.lists(st.sampled_from(held or ["x"]), max_size=2)
        )
    )
    _same_steps(_run(procedure, roles), sequence)


def test_the_benchmark_item_steps_like_the_reference() -> None:
    """One item of benchmarks/bench_runs.py, event by event: the reference's steps."""
    members = [f"m{n:02d}" for n in range(1, 31)]
    plan: list[Sent] = [("submitted", "m01", 0, {}, False)]
    plan += [("supported", m, 0, {}, False) for m in members[:10]]
    plan += [("commented", members[i % 30], 0, {"text": f"c{i}"}, False) for i in range(45)]
    plan += [("time_passed", "clock", 20, {}, False)]
    plan += [("supported", m, 0, {}, False) for m in members[:10]]
    plan += [("time_passed", "clock", 12, {}, False)]
    choices = ("for", "against")
    plan += [
        ("ballots_cast", m, 0, {"choice": choices[i % 2]}, False) for i, m in enumerate(members)
    ]
    plan += [("commented", "m02", 0, {}, False), ("vote_closed", "m01", 0, {}, False)]
    procedure = load_preset("liquidfeedback_issue", Procedure)
    state = start(
        procedure,
        item="x",
        roll=roll(*members),
        roles={m: ["member"] for m in members},
    )

    _same_steps(state, plan)


def _guarded(guard: Any) -> Procedure:
    return Procedure(
        start="open",
        stages=(
            Stage(
                id="open",
                allows=frozenset({Action.SUBMIT, Action.SUPPORT}),
                max_duration=Duration(days=9),
                transitions=(Transition(to="done", outcome="passed", when=guard),),
            ),
            Stage(id="done", terminal=True),
        ),
    )


@attrs.frozen(kw_only=True)
class _TwoSupportersAtLeast(SupportAtLeast):
    """A subclass that changes the condition: the compiled path must ask it."""

    def is_met(self, state: RunState) -> bool:
        return len(state.supporters) >= 2 * self.count


def test_a_guard_of_another_class_is_asked_itself() -> None:
    """Only the built-in guard classes are compiled; a subclass keeps its own is_met."""
    state = start(_guarded(_TwoSupportersAtLeast(count=1)), item="x")
    for kind, actor in [("submitted", "a"), ("supported", "b")]:
        state = state.apply(Event(kind=kind, actor=actor, at=MONDAY)).state
    assert state.stage == "open"

    state = state.apply(Event(kind="supported", actor="c", at=MONDAY)).state

    assert state.stage == "done"


def test_items_with_other_roles_and_rolls_do_not_share_answers() -> None:
    """Tables shared by items with equal roles do not leak to items with other roles."""
    procedure = load_preset("roberts_motion", Procedure)
    member = start(procedure, item="x", roles={"ann": ["member"], "bo": ["member"]})
    outsider = start(procedure, item="y", roles={"ann": ["member"], "bo": ["guest"]})
    at = MONDAY
    submitted = Event(kind="submitted", actor="ann", at=at)
    supported = Event(kind="supported", actor="bo", at=at)

    first = member.apply(submitted).state.apply(supported)
    second = outsider.apply(submitted).state.apply(supported)

    assert first.accepted
    assert (second.accepted, second.why) == (False, "'bo' may not support here: only member may")
