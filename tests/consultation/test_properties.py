"""Random event sequences never crash, never leave the graph, and replay to the same state."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkit.config import load_preset, presets
from govkit.consultation import EVENT_KINDS, Procedure, RunState, replay, start
from govkit.events import AuditLog, Event
from tests.consultation.drive import MONDAY, roll

pytest.importorskip("chinese_calendar")  # the Chinese presets count on statutory holidays

ACTORS = ["ann", "bo", "cy", "chair", "zed"]
ROLES = [
    "member",
    "chair",
    "resident",
    "council",
    "owners_committee",
    "owner",
    "delegate",
    "party_branch",
    "committee_member",
    "party_member",
    "villager_representative",
    "villagers_committee",
    "villager",
    "resident_representative",
]
PAYLOADS: list[dict[str, Any]] = [
    {},
    {"choice": "for"},
    {"choice": "against"},
    {"choice": "abstain"},
    {"choice": "maybe"},
    {"ballots": [{"voter": "ann", "choice": "for"}, {"voter": "bo", "choice": "against"}]},
    {"expected": {"headcount": 3}},
    {"casting_vote": "for", "seed": 7},
    {"ballots": "ann"},
    {"ballots": [["ann", "for"]]},
    {"present": {"headcount": "x"}},
]
PROCEDURES = [info.id for info in presets("procedure")]

events = st.lists(
    st.tuples(
        st.sampled_from(EVENT_KINDS),
        st.sampled_from(ACTORS),
        st.sampled_from([0, 0, 0, 1, 3, 9, 16, 40]),
        st.sampled_from(PAYLOADS),
    ),
    max_size=40,
)
role_maps = st.dictionaries(
    st.sampled_from(ACTORS), st.lists(st.sampled_from(ROLES), max_size=3), max_size=5
)


def _start(ident: str, roles: dict[str, list[str]]) -> RunState:
    members = roll(
        "ann", "bo", "cy", **{a: {"area": 90, "households": 1} for a in ("ann", "bo", "cy")}
    )
    return start(load_preset(ident, Procedure), item="x", roll=members, roles=roles)


@pytest.mark.parametrize("ident", PROCEDURES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequence=events, roles=role_maps)
def test_random_events_never_crash_and_stay_in_the_graph(
    ident: str, sequence: list[tuple[str, str, int, dict[str, Any]]], roles: dict[str, list[str]]
) -> None:
    """Whatever arrives, each step is accepted or refused, the stage is a node, moves are edges."""
    state = _start(ident, roles)
    initial = state
    procedure = state.procedure
    log = AuditLog(chained=True)
    at = MONDAY
    for kind, actor, days, payload in sequence:
        at += dt.timedelta(days=days, minutes=1)
        event = Event(kind=kind, actor=actor, at=at, payload=payload)
        step = state.apply(event)
        if not step.accepted:
            assert step.state is state
            assert step.why
            continue
        log = log.append(event)
        state = step.state
        assert state.stage in procedure.stage_map
        for before, after in zip(state.path, state.path[1:], strict=False):
            assert procedure.graph.has_edge(before, after)

    assert replay(initial, log.events) == state
    assert replay(initial, AuditLog.from_jsonl(log.to_jsonl()).events) == state
    assert log.verify()


@settings(max_examples=30, deadline=None)
@given(sequence=events)
def test_replaying_every_event_including_refused_ones_gives_the_same_state(
    sequence: list[tuple[str, str, int, dict[str, Any]]],
) -> None:
    """Refused events change nothing, so replaying them too gives the same final state."""
    state = _start("roberts_motion", {"ann": ["member"], "bo": ["member"], "chair": ["chair"]})
    initial = state
    sent = []
    at = MONDAY
    for kind, actor, days, payload in sequence:
        at += dt.timedelta(days=days, minutes=1)
        event = Event(kind=kind, actor=actor, at=at, payload=payload)
        sent.append(event)
        state = state.apply(event).state

    assert replay(initial, sent) == state
