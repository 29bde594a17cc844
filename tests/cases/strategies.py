"""Hypothesis strategies for the case documents: lifecycles, routing, limits, policies, systems."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from govkit.calendar import TimeSpan
from govkit.cases import (
    Action,
    CaseLifecycle,
    CaseSystem,
    ClockSpec,
    Condition,
    Department,
    EscalationPolicy,
    EscalationStep,
    LifecycleState,
    LimitRule,
    Match,
    Repeat,
    Routing,
    RoutingRule,
    Summons,
    Target,
    TimeLimits,
)
from govkit.config import FrozenMap
from tests.grid.strategies import hierarchies

idents = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
titles = st.none() | st.text(min_size=1, max_size=12)
UNITS = ("minutes", "hours", "days", "working_hours", "working_days")


@st.composite
def spans(draw: Any, *, positive: bool = False) -> TimeSpan:
    """A time span in one of the five units."""
    unit = draw(st.sampled_from(UNITS))
    return TimeSpan(**{unit: draw(st.integers(1 if positive else 0, 400))})


@st.composite
def lifecycles(draw: Any, *, both_clocks: bool = False) -> CaseLifecycle:
    """A valid lifecycle: a chain of states, each able to end, with extra edges and clocks."""
    names = draw(st.lists(idents, min_size=2, max_size=7, unique=True))
    chain, terminals = names[:-1], [names[-1]]
    events = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)
    states = []
    for index, name in enumerate(chain):
        following = chain[index + 1] if index + 1 < len(chain) else terminals[0]
        next_ = {draw(events): following}
        for _ in range(draw(st.integers(0, 2))):
            next_.setdefault(draw(events), draw(st.sampled_from(names)))
        states.append(
            LifecycleState(
                id=name,
                title=draw(titles),
                next=FrozenMap(next_),
                pauses=draw(st.booleans()),
                open311=draw(st.sampled_from([None, "open", "closed"])),
            )
        )
    states.append(LifecycleState(id=terminals[0], terminal=True, resolves=draw(st.booleans())))
    clock_names = (
        ["response", "resolution"]
        if both_clocks
        else draw(st.lists(st.sampled_from(["response", "resolution"]), unique=True))
    )
    clocks = tuple(
        ClockSpec(
            name=name,
            starts=frozenset(draw(st.sets(st.sampled_from(names), max_size=2))),
            stops=frozenset(draw(st.sets(st.sampled_from(names), max_size=2))),
        )
        for name in clock_names
    )
    return CaseLifecycle(
        id=draw(st.none() | idents),
        title=draw(titles),
        verified=draw(st.booleans()),
        start=chain[0],
        states=tuple(draw(st.permutations(states))),
        clocks=clocks,
    )


def _matches(categories: list[str]) -> st.SearchStrategy[Match]:
    codes = st.sampled_from(categories) if categories else idents
    return st.builds(
        Match,
        category=st.frozensets(codes, max_size=2),
        priority=st.frozensets(st.sampled_from(["emergency", "normal", "complex"]), max_size=2),
    )


@st.composite
def routings(draw: Any, *, levels: tuple[str, ...] = ("community", "street")) -> Routing:
    """A routing with a fallback, on the given levels."""
    categories = draw(st.lists(idents, max_size=4, unique=True))
    targets = st.sampled_from(levels).map(lambda level: Target(level=level))
    rules = draw(
        st.lists(
            st.builds(RoutingRule, when=_matches(categories), to=st.tuples(targets)), max_size=4
        )
    )
    return Routing(
        id=draw(st.none() | idents),
        title=draw(titles),
        categories=FrozenMap({code: frozenset() for code in categories}),
        rules=tuple(rules),
        fallback=draw(targets),
    )


@st.composite
def time_limits(draw: Any) -> TimeLimits:
    """Limits with at least one rule, each setting one clock or both."""
    rules = []
    for _ in range(draw(st.integers(1, 4))):
        response = draw(st.none() | spans(positive=True))
        resolution = (
            draw(spans(positive=True))
            if response is None
            else draw(st.none() | spans(positive=True))
        )
        rules.append(
            LimitRule(
                when=draw(_matches([])),
                response=response,
                resolution=resolution,
                warn_before=draw(st.none() | spans()),
            )
        )
    return TimeLimits(id=draw(st.none() | idents), title=draw(titles), rules=tuple(rules))


@st.composite
def policies(
    draw: Any,
    *,
    levels: tuple[str, ...] = ("community", "street", "district"),
    departments: tuple[str, ...] = ("roads", "housing"),
    conditions: tuple[Condition, ...] = tuple(Condition),
) -> EscalationPolicy:
    """A policy whose escalations climb *levels* (lowest first) per condition."""
    steps = []
    climbed: dict[Condition, int] = {}
    for number in range(draw(st.integers(1, 5))):
        when = draw(st.sampled_from(conditions))
        action = draw(st.sampled_from(list(Action)))
        to = None
        summon: tuple[Summons, ...] = ()
        repeat = None
        if action is Action.ESCALATE:
            rank = climbed.get(when, -1) + 1
            if rank >= len(levels):
                action = Action.REMIND
            else:
                to = Target(level=levels[rank])
                climbed[when] = rank
        if action is Action.REPORT:
            to = Target(department=draw(st.sampled_from(departments)))
        if action is Action.WHISTLE:
            chosen = draw(st.lists(st.sampled_from(departments), min_size=1, unique=True))
            summon = tuple(
                Summons(
                    department=name,
                    sign=draw(st.none() | spans()),
                    report=draw(st.none() | spans()),
                )
                for name in chosen
            )
        if action is not Action.ESCALATE and draw(st.booleans()):
            repeat = Repeat(times=draw(st.integers(1, 3)), every=draw(spans(positive=True)))
        steps.append(
            EscalationStep(
                id=f"step_{number}",
                when=when,
                after=draw(spans()),
                action=action,
                to=to,
                summon=summon,
                repeat=repeat,
            )
        )
    return EscalationPolicy(
        id=draw(st.none() | idents),
        title=draw(titles),
        version=draw(st.none() | st.sampled_from(["2026-01", "v2"])),
        steps=tuple(steps),
    )


@st.composite
def case_systems(draw: Any) -> CaseSystem:
    """A consistent case system on a drawn hierarchy: targets on its levels, climbing."""
    hierarchy = draw(hierarchies())
    levels = tuple(reversed(hierarchy.scheme.level_ids))  # lowest first: the default tiers
    departments = ("roads", "housing")
    return CaseSystem(
        id=draw(st.none() | idents),
        title=draw(titles),
        hierarchy=hierarchy,
        lifecycle=draw(lifecycles(both_clocks=True)),
        routing=draw(routings(levels=levels)),
        limits=draw(st.none() | time_limits()),
        escalation=draw(
            st.none()
            | policies(
                levels=levels,
                departments=departments,
                conditions=(Condition.NOT_SIGNED_FOR, Condition.NOT_RESOLVED),
            )
        ),
        departments=tuple(Department(id=name) for name in departments),
    )


CASE_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "case_lifecycle": lifecycles(),
    "routing": routings(),
    "time_limits": time_limits(),
    "escalation_policy": policies(),
    "case_system": case_systems(),
}
"""One strategy per case document kind."""
