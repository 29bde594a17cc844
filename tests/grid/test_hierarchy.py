"""Hierarchy: loading nested and flat YAML, validation of every problem at once, queries."""

from __future__ import annotations

import datetime as dt
import pickle
from fractions import Fraction

import networkx as nx
import pytest

import govkit
from govkit.errors import ConfigError, GraphError
from govkit.grid import (
    CodeScheme,
    Hierarchy,
    Level,
    LevelScheme,
    Unit,
    Units,
    diff,
)

NESTED = """\
govkit: 1
kind: hierarchy
id: chaoyang_demo
scheme: standard_grid_levels
units:
  - id: d1
    level: district
    name: 朝阳区
    code: "110105"
    units:
      - id: s1
        level: street
        name: 建外街道
        code: "110105001"
        units:
          - id: c1
            level: community
            name: 永安里社区
            code: "110105001001"
            units:
              - id: g1
                level: grid
                code: "110105001001001"
                measures: {households: 320, residents: 800}
              - id: g2
                level: grid
                units:
                  - {id: b1, level: building, measures: {households: 150}}
                  - {id: b2, level: building, measures: {households: 140.5}}
          - id: c2
            level: community
            name: 永安里社区
            units:
              - {id: g3, level: grid, measures: {households: 610}}
"""


@pytest.fixture(scope="module")
def tree() -> Hierarchy:
    return govkit.load(NESTED, Hierarchy)


def _flat(*rows: tuple[str, str | None, str]) -> list[Unit]:
    return [Unit(id=i, parent=p, level=lvl, measures={"households": 300}) for i, p, lvl in rows]


def test_nested_yaml_loads_with_parents_implied(tree: Hierarchy) -> None:
    """Nesting sets each unit's parent; the root is the one unit with none."""
    assert tree.root == "d1"
    assert tree.parent("g1") == "c1"
    assert tree.unit("b2").parent == "g2"
    assert len(tree) == 9


def test_dump_then_load_keeps_nesting_and_equality(tree: Hierarchy) -> None:
    """A nested hierarchy dumps nested and loads back equal."""
    text = govkit.dump(tree)

    assert "  units:\n" in text
    assert govkit.load(text) == tree


def test_flat_and_nested_forms_are_equal(tree: Hierarchy) -> None:
    """The same units written flat (with parent:) make an equal hierarchy."""
    flat = Hierarchy(id=tree.id, scheme=tree.scheme, units=list(tree.units))

    assert flat == tree
    assert not flat.units.nested
    assert govkit.load(govkit.dump(flat)) == flat


def test_ancestors_and_path(tree: Hierarchy) -> None:
    """Ancestors run from the root down; the path adds the unit itself."""
    assert tree.ancestors("b1") == ("d1", "s1", "c1", "g2")
    assert tree.ancestors("d1") == ()
    assert tree.path("g3") == ("d1", "s1", "c2", "g3")
    assert tree.depth("b1") == 4


def test_subtree_descendants_children_siblings(tree: Hierarchy) -> None:
    """Subtrees come in pre-order; descendants can be filtered by level."""
    assert tree.subtree("c1") == ("c1", "g1", "g2", "b1", "b2")
    assert tree.descendants("s1", "grid") == ("g1", "g2", "g3")
    assert tree.children("c1") == ("g1", "g2")
    assert tree.siblings("g1") == ("g2",)
    assert tree.siblings("d1") == ()
    assert tree.at_level("community") == ("c1", "c2")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [("b1", "g1", "c1"), ("b2", "g3", "s1"), ("g2", "b1", "g2"), ("d1", "b1", "d1")],
)
def test_common_superior(tree: Hierarchy, first: str, second: str, expected: str) -> None:
    """The lowest common superior of two units is the lowest unit containing both."""
    assert tree.common_superior(first, second) == expected


def test_find_by_code_and_name(tree: Hierarchy) -> None:
    """Codes are unique keys; names may repeat and can be narrowed to a subtree."""
    assert tree.find_code("110105001001") == "c1"
    assert tree.find_code("999") is None
    assert tree.find_name("永安里社区") == ("c1", "c2")
    assert tree.find_name("永安里社区", within="c2") == ("c2",)
    assert tree.superior("b1", "community") == "c1"
    assert tree.superior("c1", "grid") is None


def test_aggregation_is_exact_and_covers_every_unit(tree: Hierarchy) -> None:
    """A measure sums up the tree exactly, decimals included."""
    totals = tree.aggregate("households")

    assert totals["g2"] == Fraction(5810, 20)
    assert totals["d1"] == 320 + 150 + Fraction(281, 2) + 610
    assert len(totals) == len(tree)
    assert tree.aggregate("nothing")["d1"] == 0
    assert tree.measure("g1", "residents") == 800
    assert tree.measure("d1", "residents") is None


def test_unknown_unit_suggests_a_close_id(tree: Hierarchy) -> None:
    """Asking for a unit that does not exist names the closest one."""
    with pytest.raises(KeyError, match=r"no unit 'g11'.*did you mean 'g1'"):
        tree.ancestors("g11")


BROKEN = """\
govkit: 1
kind: hierarchy
scheme: standard_grid_levels
units:
  - {id: d1, level: district, code: "110105"}
  - {id: s1, level: street, parent: d1, code: "120105001"}
  - {id: g0, level: grid, parent: s1}
  - {id: c1, level: comunity, parent: s1}
  - {id: c2, level: community, parent: x9}
  - {id: d2, level: district}
  - {id: s1, level: street, parent: d1}
  - {id: a, level: community, parent: b}
  - {id: b, level: community, parent: a}
  - {id: c3, level: community, parent: d1, code: "110105"}
"""


def test_every_problem_is_reported_at_once_with_lines() -> None:
    """Several roots, cycles, orphans, duplicates, wrong levels and bad codes: one error."""
    with pytest.raises(ConfigError) as caught:
        govkit.load(BROKEN)

    found = [(problem.line, problem.message.split(":")[0]) for problem in caught.value.problems]
    assert (
        6,
        "code '120105001' does not start with '110105', the code of its superior 'd1' (110105)",
    ) in found
    assert (7, "a grid sits under a 'community' or 'village', not under a street ('s1')") in found
    assert any(line == 8 and "unknown level 'comunity'" in text for line, text in found)
    assert (9, "orphan") in found
    assert (10, "several roots") in found
    assert any(line == 11 and "duplicate unit id 's1'" in text for line, text in found)
    assert (12, "cycle") in found
    assert any(line == 14 and text.startswith("duplicate code '110105'") for line, text in found)
    assert "did you mean 'community'?" in str(caught.value)


def test_an_empty_grid_is_reported() -> None:
    """A grid with no households, nor any below it, is empty."""
    text = NESTED.replace("{households: 610}", "{residents: 3}")

    with pytest.raises(ConfigError, match=r"empty grid: no households"):
        govkit.load(text)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("11010500100A001", "digits only"),
        ("1101050010010010", "does not fit"),
        ("110105001001", "does not fit"),
        ("110105001002001", "does not start with '110105001001'"),
    ],
)
def test_grid_codes_follow_the_scheme(code: str, message: str) -> None:
    """A 15-digit grid code is digits, the right length, and extends its community's code."""
    with pytest.raises(ConfigError, match=message):
        govkit.load(NESTED.replace('"110105001001001"', f'"{code}"'))


def test_nested_unit_naming_another_parent_is_refused() -> None:
    """A nested unit cannot also claim a different parent."""
    text = NESTED.replace("- id: g2\n", "- id: g2\n                parent: c2\n")

    with pytest.raises(ConfigError, match="nested under 'c1' but names parent 'c2'"):
        govkit.load(text)


def test_level_scheme_checks_its_levels() -> None:
    """Levels may only sit under levels listed before them; exactly one root level."""
    with pytest.raises(ConfigError, match="'grid' is listed after it"):
        LevelScheme(levels=(Level(id="community", parents=("grid",)), Level(id="grid")))
    with pytest.raises(ConfigError, match="exactly one level may have no parents"):
        LevelScheme(levels=(Level(id="a"), Level(id="b")))
    with pytest.raises(ConfigError, match="not a level"):
        LevelScheme(
            levels=(Level(id="a"),),
            codes=CodeScheme(name="x", length=6, digits={"b": 2}),
        )


def test_graph_view_is_frozen_and_a_tree(tree: Hierarchy) -> None:
    """The networkx view has an edge per parent link and refuses changes."""
    graph = tree.graph

    assert graph.number_of_edges() == len(tree) - 1
    assert nx.is_frozen(graph)
    assert graph.nodes["c1"]["code"] == "110105001001"
    with pytest.raises(nx.NetworkXError):
        graph.add_edge("x", "y")
    tree.check_graph()


def test_effective_dates_select_a_version() -> None:
    """as_of keeps the units in force on a day; a unit left without its parent is an orphan."""
    scheme = LevelScheme(levels=(Level(id="community"), Level(id="grid", parents=("community",))))
    units = [
        Unit(id="c1", level="community"),
        Unit(id="g1", level="grid", parent="c1", valid_until=dt.date(2025, 12, 31)),
        Unit(id="g2", level="grid", parent="c1", valid_from=dt.date(2026, 1, 1)),
    ]
    tree = Hierarchy(scheme=scheme, units=units)

    assert tree.as_of(dt.date(2025, 6, 1)).children("c1") == ("g1",)
    assert tree.as_of(dt.date(2026, 1, 1)).children("c1") == ("g2",)
    with pytest.raises(ConfigError, match=r"valid_until \(2025-01-01\) is before"):
        Hierarchy(
            scheme=scheme,
            units=[
                Unit(
                    id="c1",
                    level="community",
                    valid_from=dt.date(2026, 1, 1),
                    valid_until=dt.date(2025, 1, 1),
                )
            ],
        )


def test_diff_finds_added_removed_moved_changed(tree: Hierarchy) -> None:
    """Two versions compare unit by unit."""
    units = [unit for unit in tree.units if unit.id != "g3"]
    units = [
        Unit(id="b1", level="building", parent="g1", measures={"households": 151})
        if unit.id == "b1"
        else unit
        for unit in units
    ]
    units.append(Unit(id="g4", level="grid", parent="c2", measures={"households": 300}))
    newer = Hierarchy(scheme=tree.scheme, units=units)

    change = diff(tree, newer)

    assert change.added == ("g4",)
    assert change.removed == ("g3",)
    assert [(m.unit, m.old_parent, m.new_parent) for m in change.moved] == [("b1", "g2", "g1")]
    assert [c.fields for c in change.changed] == [(("measures.households", 150, 151),)]
    assert change.summary() == "1 added, 1 removed, 1 moved, 1 changed"
    assert not diff(tree, tree)


def test_units_pickle_and_hash(tree: Hierarchy) -> None:
    """Hierarchies hash by content and survive pickling (for process pools)."""
    again = pickle.loads(pickle.dumps(tree))

    assert again == tree
    assert hash(again) == hash(tree)
    assert isinstance(again.units, Units)


def test_check_graph_translates_to_graph_error(
    monkeypatch: pytest.MonkeyPatch, tree: Hierarchy
) -> None:
    """networkx errors never reach users."""

    def broken(_: object) -> bool:
        msg = "empty"
        raise nx.NetworkXPointlessConcept(msg)

    monkeypatch.setattr(nx, "is_tree", broken)

    with pytest.raises(GraphError, match="empty"):
        tree.check_graph()


def test_a_hierarchy_needs_a_root() -> None:
    """No units at all is an error, not an empty tree."""
    scheme = LevelScheme(levels=(Level(id="community"),))

    with pytest.raises(ConfigError, match="at least one unit"):
        Hierarchy(scheme=scheme, units=[])


def test_flat_rows_must_have_one_root() -> None:
    """Two parentless units are two roots."""
    scheme = LevelScheme(levels=(Level(id="community"), Level(id="grid", parents=("community",))))

    with pytest.raises(ConfigError, match="several roots"):
        Hierarchy(scheme=scheme, units=_flat(("c1", None, "community"), ("c2", None, "community")))
