"""Case-flow simulation: the same objects run live and simulated, deterministically."""

from __future__ import annotations

import datetime as dt
import sys
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govkit
from govkit.calendar import TimeSpan
from govkit.cases import (
    CaseSystem,
    LimitRule,
    Match,
    Report,
    TimeLimits,
    open_case,
    replay_case,
)
from govkit.cases._flow import (
    Arrival,
    CaseFlow,
    Distribution,
    DistributionShape,
    Handling,
    MixEntry,
    Staffing,
)
from govkit.cases._kpi import FlowResult
from govkit.cases._milestones import milestones
from govkit.cases._model import Model
from govkit.cases._sim import draw_workload, run, simulate
from govkit.config import load_preset
from govkit.errors import ConfigError, MissingExtraError

EXAMPLE = "examples/case_flow_district.yaml"


@cache
def example() -> CaseFlow:
    """Return the example flow (a month in one street)."""
    flow = govkit.load_all(EXAMPLE)["jianwai_flow"]
    assert isinstance(flow, CaseFlow)
    return flow


def small(flow: CaseFlow, **changes: Any) -> CaseFlow:
    """Return *flow* changed (a shorter horizon by default, for speed)."""
    return attrs.evolve(flow, **{"days": 10, **changes})


def live_and_simulated(
    result: FlowResult, case: int
) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """Return what the live machine and the simulator say about case *case*."""
    record = result.record(case)
    report = Report(
        id=f"c{case}",
        category=record.category,
        subcategory=record.subcategory,
        priority=record.priority,
        unit=record.unit,
    )
    system = result.model.system
    live = replay_case(open_case(system, report), result.events(case))
    response, resolution = live.clock("response"), live.clock("resolution")
    live_view = (
        live.closed_tier,
        live.depth,
        live.whistled,
        live.resolved,
        live.is_closed,
        None if response is None else response.met,
        None if resolution is None else resolution.met,
        len(live.summons) > 0,
    )
    simulated = (
        record.closed_tier,
        record.depth,
        record.whistled,
        record.resolved,
        record.resolved,
        record.response_met if record.signed is not None else None,
        record.resolution_met if record.replied is not None else None,
        record.whistled,
    )
    return live_view, simulated


WORKING_LIMITS = TimeLimits(
    rules=(LimitRule(response=TimeSpan(working_hours=3), resolution=TimeSpan(working_days=2)),)
)
PLACE_LIMITS = TimeLimits(
    rules=(
        LimitRule(
            when=Match(within=frozenset({"yonganli"})),
            response=TimeSpan(minutes=20),
            resolution=TimeSpan(days=3),
        ),
        LimitRule(when=Match(category=frozenset({"noise"})), resolution=TimeSpan(days=2)),
        LimitRule(response=TimeSpan(hours=2), resolution=TimeSpan(days=7)),
    )
)


def _variant(name: str) -> CaseFlow:
    flow = example()
    system: CaseSystem = flow.system
    if name == "city_management_loop":
        system = attrs.evolve(system, lifecycle=load_preset("city_management_loop"))
    if name == "working_time_limits":
        system = attrs.evolve(system, limits=WORKING_LIMITS)
    if name == "limits_by_place":
        system = attrs.evolve(system, limits=PLACE_LIMITS)
    if name == "around_the_clock":
        return small(flow, around_the_clock=True, days=20)
    return small(flow, system=system, days=20)


@pytest.mark.parametrize(
    "variant",
    [
        "example",
        "city_management_loop",
        "working_time_limits",
        "limits_by_place",
        "around_the_clock",
    ],
)
def test_live_cases_replay_to_what_the_simulator_recorded(variant: str) -> None:
    """Each simulated case's events, replayed by the live machine, end where the simulator says."""
    result = simulate(_variant(variant))

    views = [(case, *live_and_simulated(result, case)) for case in range(min(result.arrived, 200))]
    disagreements = [view for view in views if view[1] != view[2]]

    assert result.arrived >= 100
    assert disagreements == []


def test_the_replayed_sample_covers_escalations_whistles_and_open_cases() -> None:
    """The consistency sample is not trivial: cases escalate, get whistled and stay open."""
    records = simulate(_variant("example")).records()[:200]

    assert any(record.depth for record in records)
    assert any(record.whistled for record in records)
    assert any(not record.resolved for record in records)
    assert len({record.closed_tier for record in records if record.resolved}) >= 3


def test_the_example_flow_runs_and_summarises() -> None:
    """The example month gives a summary with every indicator."""
    summary = simulate(example()).summary()

    assert summary["arrived"] == summary["resolved"] + summary["open_at_horizon"]
    assert set(summary["containment"]) == {"grid", "community", "street", "district"}
    assert len(summary["backlog"]) == 30
    assert summary["fired"]["street_takes_over"] > 0


def test_the_workload_is_drawn_once_and_runs_the_same_twice() -> None:
    """Running one drawn workload twice gives identical cases (the engine has no hidden state)."""
    model = Model(small(example()))
    workload = draw_workload(model)

    first, second = run(model, workload), run(model, workload)

    assert first.records() == second.records()


def test_milestones_follow_each_lifecycle_preset() -> None:
    """The simulator finds the dispatch, signing, reply and closing events of both loops."""
    assert milestones(load_preset("hotline_12345_loop")) == (
        ("dispatched",),
        ("signed_for",),
        ("replied",),
        ("evaluated", "closed"),
    )
    assert milestones(load_preset("city_management_loop")) == (
        ("registered", "dispatched"),
        ("signed_for",),
        ("handled",),
        ("verification_requested", "verified", "evaluated", "closed"),
    )


def test_to_pandas_gives_one_row_per_case_and_per_day() -> None:
    """DataFrames of cases, days and containment (the pandas extra)."""
    pytest.importorskip("pandas")
    result = simulate(small(example()))

    cases = result.to_pandas()
    days = result.to_pandas("days")
    containment = result.to_pandas("containment")

    assert len(cases) == result.arrived
    assert list(days["open"]) == [open_cases for _, open_cases in result.backlog]
    assert containment["share"].sum() == pytest.approx(1)


def test_to_pandas_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, the error says which extra to install."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    result = simulate(small(example(), days=2))

    with pytest.raises(MissingExtraError, match=r"govkit\[pandas\]"):
        result.to_pandas()


# -- properties ----------------------------------------------------------------------------

flows = st.builds(
    lambda seed, days, rate, grid, community, servers, clock: small(
        example(),
        seed=seed,
        days=days,
        arrivals=(Arrival(level="grid", per_day=rate),),
        handling=(
            Handling(tier="grid", time=example().handling[0].time, resolves=grid),
            Handling(tier="community", time=example().handling[1].time, resolves=community),
            *example().handling[2:],
        ),
        staffing=(Staffing(tier="grid", servers=servers), *example().staffing[1:]),
        around_the_clock=clock,
    ),
    seed=st.integers(0, 2**32),
    days=st.integers(1, 12),
    rate=st.integers(0, 12),
    grid=st.fractions(0, 1, max_denominator=10),
    community=st.fractions(0, 1, max_denominator=10),
    servers=st.integers(1, 3),
    clock=st.booleans(),
)
quick = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(flow=flows)
def test_same_seed_same_result(flow: CaseFlow) -> None:
    """Simulation is deterministic: the same flow, seed included, gives the same cases."""
    assert simulate(flow).records() == simulate(flow).records()


@quick
@given(flow=flows)
def test_every_case_is_resolved_ended_or_still_open(flow: CaseFlow) -> None:
    """Conservation: arrived = resolved + ended otherwise + open at the horizon, day by day too."""
    result = simulate(flow)
    records = result.records()

    assert result.arrived == result.resolved + result.ended_unresolved + result.open_at_horizon
    assert result.resolved == sum(record.resolved for record in records)
    assert result.backlog[-1][1] == result.open_at_horizon
    assert sum(arrived for _, arrived, _ in result.throughput) == result.arrived
    assert sum(result.depths.values()) == result.arrived


@quick
@given(flow=flows)
def test_shares_and_rates_are_shares(flow: CaseFlow) -> None:
    """Containment shares sum to 1; on-time, whistle and satisfaction rates lie in [0, 1]."""
    result = simulate(flow)
    rates = [
        result.response.rate,
        result.resolution.rate,
        result.whistle_rate,
        result.satisfaction,
    ]

    if result.resolved:
        assert sum(result.containment.values()) == 1
        assert list(result.contained_at_or_below.values())[-1] == 1
    assert all(0 <= rate <= 1 for rate in rates if rate is not None)


@quick
@given(u=st.floats(0, 1, exclude_max=True), shape=st.sampled_from(list(DistributionShape)))
def test_durations_are_never_negative(u: float, shape: DistributionShape) -> None:
    """Every distribution maps a uniform number to a duration >= 0."""
    parameters = {
        DistributionShape.FIXED: {"hours": 2},
        DistributionShape.EXPONENTIAL: {"mean": 2},
        DistributionShape.LOGNORMAL: {"median": 2, "sigma": Fraction(1, 2)},
        DistributionShape.UNIFORM: {"low": 1, "high": 3},
    }[shape]

    assert Distribution(distribution=shape, **parameters).from_uniform(u) >= 0  # type: ignore[arg-type]


# -- what YAML authors get wrong -------------------------------------------------------------


def _flow_text(**replace: str) -> str:
    lines = {
        "system": "system: jianwai_flow_system",
        "start": 'start: "2026-03-02T00:00:00+08:00"',
        "days": "days: 5",
        "arrivals": "arrivals: [{level: grid, per_day: 3}]",
        "mix": "mix: [{category: noise, weight: 1}]",
        "handling": (
            "handling: ["
            + ", ".join(
                f"{{tier: {tier}, time: {{distribution: fixed, hours: 1}}, resolves: 1}}"
                for tier in ("grid", "community", "street", "district")
            )
            + "]"
        ),
    }
    lines.update(replace)
    text = Path(EXAMPLE).read_text(encoding="utf-8").split("kind: case_flow")[0]
    return text + "kind: case_flow\nid: f\n" + "\n".join(lines.values()) + "\n"


def test_a_valid_flow_text_loads() -> None:
    """The minimal flow used by the error tests is itself valid."""
    flow = govkit.load_all(_flow_text())["f"]

    assert isinstance(flow, CaseFlow)
    assert flow.start == dt.datetime(2026, 3, 2, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        ({"mix": "mix: [{category: noise, weight: 0.5}]"}, "exact"),
        ({"mix": "mix: [{category: nose, weight: 1}]"}, "unknown category 'nose'"),
        ({"arrivals": "arrivals: [{unit: nowhere, per_day: 1}]"}, "unit 'nowhere' is not in"),
        ({"handling": "handling: []"}, "no handling for tier"),
        ({"start": 'start: "2026-03-02T00:00:00"'}, "time zone"),
        (
            {"handling": "handling: [{tier: grid, time: {distribution: exponential}}]"},
            "needs mean",
        ),
        ({"days": "days: 0"}, "'days' must be >= 1"),
    ],
    ids=[
        "float-weight",
        "unknown-category",
        "unknown-unit",
        "no-handling",
        "naive-start",
        "missing-parameter",
        "no-days",
    ],
)
def test_invalid_flows_are_refused_with_a_reason(replace: dict[str, str], message: str) -> None:
    """Each mistake is reported in words, at its place."""
    with pytest.raises(ConfigError, match=message):
        govkit.load_all(_flow_text(**replace))


def test_mix_weights_are_exact() -> None:
    """Weights are fractions: 1/3 stays a third."""
    entry = MixEntry(category="noise", weight="1/3")

    assert entry.weight == Fraction(1, 3)
