"""Queries agree with networkx, used as an oracle, on random trees."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.grid import Hierarchy, Level, LevelScheme, Unit, diff

DEPTH = 7
SCHEME = LevelScheme(
    levels=tuple(Level(id=f"l{k}", parents=tuple(f"l{j}" for j in range(k))) for k in range(DEPTH))
)
"""Any level may sit under any level above it, so trees take every shape up to DEPTH."""


@st.composite
def trees(draw: Any) -> Hierarchy:
    """A random valid tree of up to 40 units with random households."""
    size = draw(st.integers(1, 40))
    rows: list[tuple[str, str | None, int]] = [("u0", None, 0)]
    for number in range(1, size):
        candidates = [row for row in rows if row[2] < DEPTH - 1]
        parent = draw(st.sampled_from(candidates))
        level = draw(st.integers(parent[2] + 1, DEPTH - 1))
        rows.append((f"u{number}", parent[0], level))
    households = draw(st.lists(st.integers(0, 50), min_size=size, max_size=size))
    units = [
        Unit(id=ident, parent=parent, level=f"l{level}", measures={"households": amount})
        for (ident, parent, level), amount in zip(rows, households, strict=True)
    ]
    order = draw(st.permutations(range(size)))  # file order need not put parents first
    return Hierarchy(scheme=SCHEME, units=[units[i] for i in order])


@settings(max_examples=60, deadline=None)
@given(tree=trees(), data=st.data())
def test_queries_match_networkx(tree: Hierarchy, data: st.DataObject) -> None:
    """Ancestors, subtrees, lowest common superiors and totals agree with networkx."""
    graph = nx.DiGraph(tree.graph)
    ids = list(tree.units.ids)
    first = data.draw(st.sampled_from(ids))
    second = data.draw(st.sampled_from(ids))
    totals = tree.aggregate("households")

    assert set(tree.ancestors(first)) == nx.ancestors(graph, first)
    assert list(tree.ancestors(first)) == nx.shortest_path(graph, tree.root, first)[:-1]
    assert set(tree.subtree(first)) == nx.descendants(graph, first) | {first}
    assert tree.common_superior(first, second) == nx.lowest_common_ancestor(graph, first, second)
    assert tree.is_within(second, first) == (second in tree.subtree(first))
    assert totals[first] == sum(
        (tree.measure(unit, "households") or Fraction(0) for unit in tree.subtree(first)),
        Fraction(0),
    )


@settings(max_examples=30, deadline=None)
@given(tree=trees())
def test_a_tree_differs_from_itself_in_nothing(tree: Hierarchy) -> None:
    """diff(x, x) is empty; and every unit is added relative to a one-unit tree."""
    root_only = Hierarchy(scheme=SCHEME, units=[Unit(id=tree.root, level=tree.level(tree.root))])

    assert not diff(tree, tree)
    assert len(diff(root_only, tree).added) == len(tree) - 1
