"""Hypothesis strategies for scenarios: votes, scripted runs and scripted cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from govkit.cases import Report
from govkit.scenarios import Scenario, ScriptedCase, ScriptedEvent, ScriptedRun
from tests.cases.strategies import case_systems

idents = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
zones = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=8))])
json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(idents, inner, max_size=3),
    max_leaves=6,
)
events = st.builds(
    ScriptedEvent,
    kind=idents,
    actor=idents,
    at=st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1), timezones=zones),
    payload=st.dictionaries(idents, json_values, max_size=3),
)


@st.composite
def scripted_cases(draw: Any) -> ScriptedCase:
    """A case in a drawn case system, at one of its units."""
    system = draw(case_systems())
    unit = draw(st.sampled_from(list(system.hierarchy.units.ids)))
    report = Report(id=draw(idents), category=draw(idents), unit=unit)
    return ScriptedCase(
        system=system, report=report, events=tuple(draw(st.lists(events, max_size=3)))
    )


@st.composite
def scenarios(draw: Any) -> Scenario:
    """A scenario with a few votes, runs and cases."""
    from tests.strategies import motion_votes, procedures

    runs = [
        ScriptedRun(
            procedure=draw(procedures()),
            item=draw(st.text(min_size=1, max_size=10)),
            events=tuple(draw(st.lists(events, max_size=3))),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    return Scenario(
        id=draw(st.none() | idents),
        title=draw(st.none() | st.text(min_size=1, max_size=10)),
        votes=tuple(draw(st.lists(motion_votes(), max_size=2))),
        runs=tuple(runs),
        cases=tuple(draw(st.lists(scripted_cases(), max_size=1))),
    )
