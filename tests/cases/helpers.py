"""Shared fixtures for the case tests: the example system, a clock, an event maker."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import govkit
from govkit.cases import Case, CaseSystem, Report, open_case
from govkit.events import Event

CST = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)  # a Monday
"""09:00 on Monday 2 March 2026, China Standard Time."""


@cache
def district() -> CaseSystem:
    """Return the example case system (hotline loop, 12345 limits, street whistle)."""
    system = govkit.load_all("examples/cases_district.yaml")["jianwai_cases_system"]
    assert isinstance(system, CaseSystem)
    return system


def at(hours: float) -> dt.datetime:
    """Return the moment *hours* after T0."""
    return T0 + dt.timedelta(hours=hours)


def event(kind: str, hours: float, actor: str = "operator", **payload: Any) -> Event:
    """Return an event *hours* after T0."""
    return Event(kind=kind, actor=actor, at=at(hours), payload=payload)


def new_case(
    category: str = "sanitation",
    unit: str = "yonganli_g1",
    system: CaseSystem | None = None,
    **fields: Any,
) -> Case:
    """Return a case opened in the example system (not yet reported)."""
    report = Report(id=fields.pop("id", "c1"), category=category, unit=unit, **fields)
    return open_case(system or district(), report)


def drive(case: Case, *events: Event) -> tuple[Case, list[str]]:
    """Apply *events*, asserting each is accepted; return the case and every effect."""
    effects: list[str] = []
    for item in events:
        step = case.apply(item)
        assert step.accepted, f"{item.kind} refused: {step.why}"
        effects.extend(step.effects)
        case = step.state
    return case, effects
