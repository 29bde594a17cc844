"""Properties of the case machine on random event sequences, and of the case documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.cases import EXTRA_EVENTS, Case, replay_case, to_dot, to_mermaid, to_open311
from govkit.config import load_preset
from govkit.events import Event
from tests.cases.helpers import T0, district, new_case
from tests.cases.strategies import lifecycles, policies, routings

KINDS = sorted(district().lifecycle.event_kinds | set(EXTRA_EVENTS) | {"reported", "bogus"})
PAYLOADS: st.SearchStrategy[dict[str, Any]] = st.sampled_from(
    [
        {},
        {"satisfied": True},
        {"satisfied": False},
        {"department": "housing"},
        {"units": ["yonganli_g1", "jianguoli_g1"]},
        {"to": {"level": "street"}},
        {"to": [{"department": "housing"}]},
        {"by": {"working_days": 1}},
        {"by": {"parsecs": 1}},
    ]
)


@st.composite
def event_sequences(draw: st.DrawFn) -> list[Event]:
    """Random events, mostly in time order, with random payloads."""
    minutes = 0
    events = [Event(kind="reported", actor="resident", at=T0)]
    for _ in range(draw(st.integers(0, 25))):
        minutes += draw(st.integers(-30, 3000))
        events.append(
            Event(
                kind=draw(st.sampled_from(KINDS)),
                actor="x",
                at=T0 + dt.timedelta(minutes=minutes),
                payload=draw(PAYLOADS),
            )
        )
    return events


@settings(max_examples=150, deadline=None)
@given(event_sequences(), st.sampled_from(["sanitation", "road", "property", "noise"]))
def test_random_events_never_crash_and_replay_reproduces(
    events: list[Event], category: str
) -> None:
    """Every event is accepted or refused; the state stays in the lifecycle; replay agrees."""
    lifecycle = district().lifecycle
    case: Case = new_case(category, subcategory="elevator" if category == "property" else None)
    accepted = []
    for event in events:
        step = case.apply(event)
        if not step.accepted:
            assert step.state is case
            assert step.why
            continue
        accepted.append(event)
        case = step.state
        assert case.state in lifecycle.state_map
        assert case.path[-1] == case.state
        assert all(effect[:4].isdigit() for effect in step.effects)
        assert case.depth >= 0
        assert case.closed_tier is None or case.resolved
    assert (
        replay_case(
            new_case(category, subcategory="elevator" if category == "property" else None), events
        )
        == case
    )
    assert to_open311(case)["service_request_id"] == "c1"
    stamps = [at for _, at in case.breaches]
    assert stamps == sorted(stamps)


@settings(max_examples=60, deadline=None)
@given(st.one_of(lifecycles(), routings(), policies()))
def test_every_drawable_document_draws(document: object) -> None:
    """Mermaid and DOT come out for any valid lifecycle, routing or policy."""
    mermaid, dot = to_mermaid(document), to_dot(document)  # type: ignore[arg-type]
    assert mermaid.startswith(("stateDiagram-v2\n", "flowchart TD\n"))
    assert dot.startswith("digraph ")
    assert dot.endswith("}\n")


def test_preset_diagrams_name_every_state() -> None:
    """Each preset lifecycle's Mermaid diagram has an edge for every event of every state."""
    for name in ("city_management_loop", "hotline_12345_loop", "open311_loop"):
        lifecycle = load_preset(name)
        text = to_mermaid(lifecycle)
        for state in lifecycle.states:
            for event, target in state.next.items():
                assert f"    {state.id} --> {target} : {event}" in text
