"""Grid norms: size and staffing rules from YAML, violations, rebalancing, staffing."""

from __future__ import annotations

from fractions import Fraction

import pytest

import govkit
from govkit.config import load_preset, presets
from govkit.errors import ConfigError
from govkit.grid import (
    Assignment,
    Assignments,
    Confidence,
    GridNorms,
    Hierarchy,
    Level,
    LevelScheme,
    Merge,
    Range,
    Role,
    Severity,
    SizeRule,
    Split,
    StaffingRule,
    Unit,
    check_sizes,
    check_staffing,
    suggest_rebalancing,
)

SCHEME = LevelScheme(
    levels=(
        Level(id="street"),
        Level(id="community", parents=("street",)),
        Level(id="grid", parents=("community",)),
        Level(id="building", parents=("grid",)),
    )
)


def _grid(ident: str, community: str, households: int) -> Unit:
    return Unit(id=ident, level="grid", parent=community, measures={"households": households})


@pytest.fixture(scope="module")
def tree() -> Hierarchy:
    units = [
        Unit(id="s1", level="street"),
        Unit(id="c1", level="community", parent="s1"),
        Unit(id="c2", level="community", parent="s1"),
        _grid("g1", "c1", 400),
        _grid("g2", "c1", 120),
        _grid("g3", "c1", 160),
        _grid("g4", "c1", 900),
        _grid("g5", "c2", 250),
        _grid("g6", "c2", 450),
        Unit(id="b1", level="building", parent="g6", measures={"households": 30}),
    ]
    return Hierarchy(scheme=SCHEME, units=units)


@pytest.fixture(scope="module")
def norms() -> GridNorms:
    found = load_preset("urban_grid_norms", GridNorms)
    assert isinstance(found, GridNorms)
    return found


def test_the_preset_carries_provenance_and_confidence(norms: GridNorms) -> None:
    """The urban norms are secondary-source numbers, marked unverified with confidence labels."""
    info = next(p for p in presets("grid_norms") if p.id == "urban_grid_norms")

    assert not info.verified
    assert norms.confidence is Confidence.MEDIUM
    assert norms.sizes[0].target == Range(at_least=300, at_most=500)
    assert [norms.confidence_of(rule) for rule in norms.staffing] == [
        Confidence.MEDIUM,
        Confidence.LOW,
    ]
    assert norms.source is not None
    assert "Beijing" in (norms.source.note or "")


def test_size_findings_grade_warnings_and_violations(tree: Hierarchy, norms: GridNorms) -> None:
    """Inside the target is fine; inside the warning range a warning; beyond it a violation."""
    found = {f.unit: f.severity for f in check_sizes(tree, norms)}

    assert found == {
        "g2": Severity.VIOLATION,
        "g3": Severity.WARNING,
        "g4": Severity.VIOLATION,
        "g5": Severity.WARNING,
    }


def test_size_finding_text_names_the_numbers(tree: Hierarchy, norms: GridNorms) -> None:
    """The text of a finding can go straight into a report."""
    texts = [f.text() for f in check_sizes(tree, norms)]

    assert "violation: grid 'g4' has 900 households; target 300-500, medium confidence" in texts
    assert "warning: grid 'g6' has 480 households" not in texts  # 450 + 30 = 480 is in target


def test_rebalancing_splits_and_merges_within_a_community(
    tree: Hierarchy, norms: GridNorms
) -> None:
    """Over-size grids split; under-size grids of the same community merge, smallest first."""
    suggestions = suggest_rebalancing(tree, norms)

    assert Split(unit="g4", parts=2, reason="900 households > 500") in suggestions
    merges = [s for s in suggestions if isinstance(s, Merge)]
    assert [m.units for m in merges] == [("g2", "g3")]
    assert all(s.unit != "g5" for s in suggestions if isinstance(s, Split))


def test_a_lone_small_grid_is_offered_to_a_sibling() -> None:
    """An under-size grid with no under-size sibling merges into the smallest that fits."""
    units = [
        Unit(id="s1", level="street"),
        Unit(id="c1", level="community", parent="s1"),
        _grid("g1", "c1", 100),
        _grid("g2", "c1", 350),
        _grid("g3", "c1", 420),
    ]
    tree = Hierarchy(scheme=SCHEME, units=units)
    rule = SizeRule(level="grid", measure="households", target=Range(at_least=300, at_most=500))

    suggestions = suggest_rebalancing(tree, GridNorms(sizes=(rule,)))

    assert [s.units for s in suggestions if isinstance(s, Merge)] == [("g1", "g2")]


def test_staffing_vacancies_and_overloads(tree: Hierarchy, norms: GridNorms) -> None:
    """One grid worker per grid; one building head per 20 households (rounded up)."""
    team = Assignments(
        people=(
            Assignment(person="w1", role=Role.GRID_WORKER, units=("g1", "g2")),
            Assignment(person="w2", role=Role.GRID_WORKER, units=("c2",)),
            Assignment(person="h1", role=Role.BUILDING_HEAD, units=("b1",)),
        )
    )

    report = check_staffing(tree, norms, team)

    vacant = {(v.unit, v.rule.role) for v in report.vacancies}
    assert (("g3", Role.GRID_WORKER) in vacant, ("g1", Role.GRID_WORKER) in vacant) == (True, False)
    assert [(o.person, int(o.load)) for o in report.overloads] == [
        ("w1", 2),
        ("w2", 2),
        ("h1", 30),
    ]
    heads = next(
        v for v in report.vacancies if v.unit == "g6" and v.rule.role is Role.BUILDING_HEAD
    )
    assert (heads.required, heads.assigned, heads.confidence) == (24, 1, Confidence.LOW)
    assert "overload: building_head 'h1' serves 30 households; the norm is 20 per person" in (
        report.lines()
    )


def test_staffing_refuses_unknown_units(tree: Hierarchy, norms: GridNorms) -> None:
    """Assignments naming units that do not exist are configuration errors, all listed."""
    team = Assignments(
        people=(Assignment(person="w1", role=Role.GRID_WORKER, units=("g1", "g99", "g98")),)
    )

    with pytest.raises(ConfigError) as caught:
        check_staffing(tree, norms, team)

    assert [p.yaml_path for p in caught.value.problems] == [
        "$.people[0].units[1]",
        "$.people[0].units[2]",
    ]


def test_norms_load_from_yaml_and_validate() -> None:
    """Rules check their own fields."""
    text = """\
govkit: 1
kind: grid_norms
sizes:
  - {level: grid, measure: households, target: {at_least: 500, at_most: 300}}
staffing:
  - {role: grid_worker, level: grid}
  - {role: building_head, level: grid, measure: households, per_person: 0}
  - {role: mediatr, level: grid, per_unit: 1}
"""
    with pytest.raises(ConfigError) as caught:
        govkit.load(text)

    messages = [p.message for p in caught.value.problems]
    assert messages[0] == "'at_most' (300) is below 'at_least' (500)"
    assert messages[1] == "give either 'per_unit' or both 'measure' and 'per_person'"
    assert messages[2] == "'per_person' must be > 0: 0"
    assert "'mediator'" in str(caught.value)


def test_assignments_validate_and_select_by_date() -> None:
    """One entry per person and role; dates select who is in post."""
    import datetime as dt

    with pytest.raises(ConfigError, match="already a grid_worker"):
        Assignments(
            people=(
                Assignment(person="w1", role=Role.GRID_WORKER, units=("g1",)),
                Assignment(person="w1", role=Role.GRID_WORKER, units=("g2",)),
            )
        )
    with pytest.raises(ConfigError, match="at least one unit"):
        Assignment(person="w1", role=Role.MEDIATOR, units=())
    team = Assignments(
        people=(
            Assignment(
                person="w1", role=Role.GRID_WORKER, units=("g1",), until=dt.date(2025, 12, 31)
            ),
            Assignment(
                person="w2", role=Role.GRID_WORKER, units=("g1",), since=dt.date(2026, 1, 1)
            ),
        )
    )

    assert team.as_of(dt.date(2026, 3, 1)).serving(Role.GRID_WORKER, "g1") == ("w2",)


def test_range_bounds_are_inclusive() -> None:
    """以上 and 以下 include the number itself."""
    target = Range(at_least=300, at_most=500)

    assert (target.contains(Fraction(300)), target.contains(Fraction(500))) == (True, True)
    assert not target.contains(Fraction(501))
    assert str(Range(at_least=3)) == "at least 3"
    with pytest.raises(ConfigError, match="needs 'at_least', 'at_most' or both"):
        Range()


def test_staffing_rule_required_rounds_up() -> None:
    """One building head per 20 households: 41 households need 3."""
    rule = StaffingRule(role=Role.BUILDING_HEAD, level="grid", measure="households", per_person=20)

    assert rule.required(Fraction(41)) == 3
    assert rule.required(Fraction(40)) == 2
