"""The case documents load, refuse what is wrong at its line, and answer their questions."""

from __future__ import annotations

import pytest

import govkit
from govkit.calendar import TimeSpan
from govkit.cases import (
    Action,
    CaseLifecycle,
    Condition,
    EscalationPolicy,
    EscalationStep,
    LimitRule,
    Match,
    Report,
    Routing,
    RoutingRule,
    Target,
    TimeLimits,
    common_superior,
)
from govkit.config import FrozenMap, load_preset
from govkit.errors import ConfigError
from tests.cases.helpers import district


def problems(text: str) -> list[str]:
    """Return the messages of the problems loading *text* raises."""
    with pytest.raises(ConfigError) as caught:
        govkit.load_all(text)
    return [f"{p.yaml_path}: {p.message}" for p in caught.value.problems]


def test_presets_load_as_their_kinds() -> None:
    """Every case preset loads, and the loops keep their documented shape."""
    loop = load_preset("city_management_loop")
    assert isinstance(loop, CaseLifecycle)
    assert loop.start == "reported"
    assert set(loop.terminals) == {"closed", "duplicate", "not_responsible"}
    assert loop.state("parked").pauses
    assert [state.id for state in loop.states if state.resolves] == ["closed"]
    assert isinstance(load_preset("street_whistle"), EscalationPolicy)
    assert isinstance(load_preset("hotline_12345_limits"), TimeLimits)
    ladder = load_preset("mediation_ladder")
    assert isinstance(ladder, EscalationPolicy)
    assert [str(step.after) for step in ladder.steps] == [
        "0 minutes",
        "30 days",
        "60 days",
        "90 days",
    ]


def test_lifecycle_refuses_dead_ends_and_unreachable_states() -> None:
    """A state that cannot end, and one nobody reaches, are both reported at their lines."""
    found = problems(
        "govkit: 1\nkind: case_lifecycle\nstart: a\nstates:\n"
        "  - {id: a, next: {go: b, stray: c}}\n"
        "  - {id: b, next: {poke: b}}\n"
        "  - {id: c, terminal: true}\n"
        "  - {id: lost, next: {go: c}}\n"
    )
    assert found == [
        "$.states[1]: state 'b' cannot reach a terminal state: a case could stay forever",
        "$.states[3]: state 'lost' cannot be reached from the start 'a'",
    ]


def test_lifecycle_refuses_broken_references() -> None:
    """Unknown targets, terminal states with ways out, and unknown clock states are located."""
    found = problems(
        "govkit: 1\nkind: case_lifecycle\nstart: a\nstates:\n"
        "  - {id: a, next: {go: zz}}\n"
        "  - {id: b, terminal: true, next: {go: a}}\n"
        "  - {id: c, resolves: true, next: {go: b}}\n"
        "clocks:\n  - {name: response, starts: [a], stops: [q]}\n"
    )
    assert found == [
        "$.states[0].next.go: event 'go' leads to unknown state 'zz'",
        "$.states[1].next: terminal state 'b' has ways out",
        "$.states[2].resolves: only a terminal state resolves a case: 'c'",
        "$.clocks[0].stops: unknown state 'q'; states: a, b, c",
    ]


def test_routing_first_match_wins_then_fallback() -> None:
    """Rules are checked in order; the fallback owns what none matches; 'within' needs a tree."""
    routing = Routing(
        rules=(
            RoutingRule(
                when=Match(category=frozenset({"road"}), priority=frozenset({"emergency"})),
                to=(Target(department="roads"), Target(level="street")),
            ),
            RoutingRule(when=Match(category=frozenset({"road"})), to=(Target(level="community"),)),
            RoutingRule(when=Match(within=frozenset({"jianguoli"})), to=(Target(level="street"),)),
        ),
        fallback=Target(level="community"),
    )
    tree = district().hierarchy
    urgent = Report(id="1", category="road", priority="emergency", unit="yonganli_g1")
    assert routing.route(urgent, tree.is_within).targets == (
        Target(department="roads"),
        Target(level="street"),
    )
    plain = Report(id="2", category="road", unit="yonganli_g1")
    assert routing.route(plain, tree.is_within).rule == 1
    there = Report(id="3", category="noise", unit="jianguoli_g1")
    assert routing.route(there, tree.is_within).rule == 2
    elsewhere = Report(id="4", category="noise", unit="yonganli_g1")
    assert routing.route(elsewhere, tree.is_within).rule is None
    with pytest.raises(ValueError, match="is_within"):
        routing.route(elsewhere)


def test_routing_without_fallback_names_what_routes_to_nobody() -> None:
    """A declared category no unconditional rule covers is reported; no match is a LookupError."""
    routing = Routing(
        categories=FrozenMap({"road": frozenset(), "noise": frozenset()}),
        rules=(
            RoutingRule(when=Match(category=frozenset({"road"})), to=(Target(level="street"),)),
            RoutingRule(
                when=Match(category=frozenset({"noise"}), priority=frozenset({"emergency"})),
                to=(Target(level="street"),),
            ),
        ),
    )
    assert routing.unrouted() == ("noise",)
    with pytest.raises(LookupError, match="no fallback"):
        routing.route(Report(id="1", category="noise", unit="g"))


def test_routing_checks_codes_against_its_taxonomy() -> None:
    """Rules may only name declared categories and their subcategories."""
    found = problems(
        "govkit: 1\nkind: routing\ncategories: {road: [pothole]}\nfallback: community\nrules:\n"
        "  - {when: {category: [roads], subcategory: [pothol]}, to: [street]}\n"
    )
    assert found == [
        "$.rules[0].when.category: unknown category 'roads'; categories: road",
        "$.rules[0].when.subcategory: unknown subcategory 'pothol' for category roads",
    ]


def test_disputes_go_to_the_lowest_common_superior() -> None:
    """Two grids of one community: the community; grids of two communities: the street."""
    tree = district().hierarchy
    assert common_superior(tree, ("yonganli_g1", "yonganli_g2")) == "yonganli"
    assert common_superior(tree, ("yonganli_g1", "jianguoli_g1", "yonganli_g2")) == "jianwai"
    assert common_superior(tree, ("jianguoli_g1",)) == "jianguoli_g1"
    with pytest.raises(ValueError, match="at least one"):
        common_superior(tree, ())


def test_limits_first_rule_setting_each_clock_wins() -> None:
    """An emergency rule may set only the response limit; a later rule sets the resolution."""
    limits = TimeLimits(
        rules=(
            LimitRule(when=Match(priority=frozenset({"emergency"})), response=TimeSpan(hours=1)),
            LimitRule(response=TimeSpan(hours=4), resolution=TimeSpan(working_days=5)),
        )
    )
    urgent = Report(id="1", category="road", priority="emergency", unit="g")
    response, resolution = limits.limit(urgent, "response"), limits.limit(urgent, "resolution")
    assert response is not None
    assert str(response.span) == "1 hour"
    assert response.rule == 0
    assert resolution is not None
    assert str(resolution.span) == "5 working days"
    assert resolution.rule == 1
    with pytest.raises(ConfigError, match="sets a response limit"):
        LimitRule()


def test_policy_refuses_cycles_and_unbounded_or_malformed_steps() -> None:
    """Escalating back to a target already left is a cycle; repeats need a bound."""
    found = problems(
        "govkit: 1\nkind: escalation_policy\nsteps:\n"
        "  - {id: up, when: not_resolved, after: {days: 1}, action: escalate, to: street}\n"
        "  - {id: top, when: not_resolved, after: {days: 2}, action: escalate, to: district}\n"
        "  - {id: back, when: not_resolved, after: {days: 3}, action: escalate, to: street}\n"
        "  - {id: up, when: dissatisfied, after: {days: 1}, action: escalate, to: street}\n"
    )
    assert found == [
        "$.steps[2].to: step 'back' escalates back to level street, which the case already "
        "left (level street -> level district -> level street): a cycle",
        "$.steps[3].id: step 'up' is defined twice",
    ]
    assert problems(
        "govkit: 1\nkind: escalation_policy\nsteps:\n"
        "  - {id: nag, when: not_resolved, after: {days: 1}, action: remind,"
        " repeat: {every: {hours: 1}}}\n"
    ) == ["$.steps[0].repeat: missing required key 'times'"]
    with pytest.raises(ConfigError, match="must summon"):
        EscalationStep(
            id="w", when=Condition.NOT_RESOLVED, after=TimeSpan(days=1), action=Action.WHISTLE
        )
    with pytest.raises(ConfigError, match="cannot repeat"):
        load_preset("street_whistle").steps[0].__class__(
            id="x",
            when=Condition.NOT_RESOLVED,
            after=TimeSpan(days=1),
            action=Action.ESCALATE,
            to=Target(level="street"),
            repeat=load_preset("street_whistle").steps[0].repeat,
        )


def test_case_system_checks_every_reference_against_the_tree() -> None:
    """Unknown departments, tiers, roles and units, and descending escalation, are located."""
    text = (
        "govkit: 1\nkind: case_system\n"
        "hierarchy: {scheme: standard_grid_levels, units: [{id: d, level: district, units: "
        "[{id: s, level: street, units: [{id: c, level: community, units: "
        "[{id: g, level: grid, measures: {households: 300}}]}]}]}]}\n"
        "lifecycle: hotline_12345_loop\n"
        "routing:\n"
        "  rules:\n"
        "    - {when: {category: [road], within: [nowhere]}, to: [{department: roadz}]}\n"
        "    - {when: {category: [noise]}, to: [{role: mediatorr}, {unit: q}]}\n"
        "  fallback: {level: communty}\n"
        "escalation:\n"
        "  steps:\n"
        "    - {id: a, when: not_resolved, after: {days: 1}, action: escalate, to: street}\n"
        "    - {id: b, when: not_resolved, after: {days: 2}, action: escalate, to: community}\n"
        "departments: [roads]\n"
    )
    assert problems(text) == [
        "$.routing.rules[0].when.within: unit 'nowhere' is not in the hierarchy",
        "$.routing.rules[0].to[0].department: unknown department 'roadz'",
        "$.routing.rules[1].to[0].role: unknown role 'mediatorr'; roles: building_head, "
        "community_secretary, department_handler, grid_worker, mediator, street_dispatcher",
        "$.routing.rules[1].to[1].unit: unit 'q' is not in the hierarchy",
        "$.routing.fallback.level: unknown tier or level 'communty'; tiers: building, "
        "community, district, grid, micro_grid, street, township, village",
        "$.escalation.steps[1].to: step 'b' escalates from street down or across to community: "
        "escalation on one condition must climb",
    ]


def test_case_system_resolves_tiers_levels_roles_and_departments() -> None:
    """A tier covers several levels; roles serve at the current holder's unit."""
    system = district()
    assert [tier.id for tier in system.effective_tiers] == [
        "grid",
        "community",
        "street",
        "district",
    ]
    street = system.resolve(Target(level="street"), "yonganli_g1")
    assert (street.id, street.tier) == ("jianwai", "street")
    grid = system.resolve(Target(level="grid"), "yonganli_g1")
    assert (grid.id, grid.tier) == ("yonganli_g1", "grid")
    department = system.resolve(Target(department="housing"), "yonganli_g1")
    assert (department.kind, department.tier) == ("department", "district")
    role = system.resolve(Target(role="mediator"), "yonganli_g1", grid)
    assert (role.kind, role.unit, str(role)) == ("role", "yonganli_g1", "mediator of yonganli_g1")
    assert system.resolve(Target(unit="jianguoli"), "yonganli_g1").tier == "community"
    assert system.resolve(Target(level="district"), "yonganli_g1").id == "chaoyang"
