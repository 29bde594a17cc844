"""Exports of a hierarchy: GraphML (via networkx), DOT and Mermaid text, a pandas DataFrame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from govkit._extras import require
from govkit.errors import GraphError
from govkit.grid._hierarchy import Hierarchy, UnitGraph

__all__ = ["MERMAID_LIMIT", "to_dot", "to_graphml", "to_mermaid", "to_pandas"]

MERMAID_LIMIT = 500
"""Mermaid renderers choke on big diagrams; `to_mermaid` refuses more units than this."""


def to_graphml(hierarchy: Hierarchy, path: str | Path) -> None:
    """Write the hierarchy as GraphML (edges parent -> child; level, name, code on nodes)."""
    graph: UnitGraph = nx.DiGraph()
    for node, data in hierarchy.graph.nodes(data=True):
        graph.add_node(node, **{key: value for key, value in data.items() if value is not None})
    graph.add_edges_from(hierarchy.graph.edges)
    try:
        nx.write_graphml(graph, str(path))
    except nx.NetworkXError as exc:
        msg = f"cannot write GraphML: {exc}"
        raise GraphError(msg) from None


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(hierarchy: Hierarchy) -> str:
    r"""
    Return the hierarchy in Graphviz DOT: one node per unit labelled with its name, top down.

    Examples
    --------
    >>> from govkit.grid import Level, LevelScheme, Unit
    >>> scheme = LevelScheme(levels=(Level(id="community"),
    ...                              Level(id="grid", parents=("community",))))
    >>> tree = Hierarchy(scheme=scheme, units=[Unit(id="c1", level="community", name="东四"),
    ...                                        Unit(id="g1", level="grid", parent="c1")])
    >>> print(to_dot(tree))
    digraph hierarchy {
      rankdir=TB;
      "c1" [label="东四\ncommunity"];
      "g1" [label="g1\ngrid"];
      "c1" -> "g1";
    }
    """
    units = hierarchy.units
    lines = ["digraph hierarchy {", "  rankdir=TB;"]
    for ident, name, level in zip(units.ids, units.names, units.levels, strict=True):
        label = _quote(f"{name or ident}\n{level}").replace("\n", "\\n")
        lines.append(f"  {_quote(ident)} [label={label}];")
    lines.extend(
        f"  {_quote(parent)} -> {_quote(ident)};"
        for ident, parent in zip(units.ids, units.parents, strict=True)
        if parent is not None
    )
    lines.append("}")
    return "\n".join(lines)


def to_mermaid(hierarchy: Hierarchy, *, limit: int = MERMAID_LIMIT) -> str:
    """
    Return the hierarchy as a Mermaid flowchart, for small trees (at most *limit* units).

    Raises
    ------
    GraphError
        When the hierarchy has more than *limit* units (use `to_dot` or `to_graphml`).

    Examples
    --------
    >>> from govkit.grid import Level, LevelScheme, Unit
    >>> scheme = LevelScheme(levels=(Level(id="community"),
    ...                              Level(id="grid", parents=("community",))))
    >>> tree = Hierarchy(scheme=scheme, units=[Unit(id="c1", level="community", name="东四"),
    ...                                        Unit(id="g1", level="grid", parent="c1")])
    >>> print(to_mermaid(tree))
    flowchart TD
      n0["东四 (community)"]
      n1["g1 (grid)"]
      n0 --> n1
    """
    units = hierarchy.units
    if len(units) > limit:
        msg = (
            f"the hierarchy has {len(units)} units, more than Mermaid's limit of {limit}; "
            "use to_dot or to_graphml, or pass a larger limit"
        )
        raise GraphError(msg)
    number = {ident: f"n{row}" for row, ident in enumerate(units.ids)}
    lines = ["flowchart TD"]
    for ident, name, level in zip(units.ids, units.names, units.levels, strict=True):
        label = f"{name or ident} ({level})".replace('"', "#quot;")
        lines.append(f'  {number[ident]}["{label}"]')
    lines.extend(
        f"  {number[parent]} --> {number[ident]}"
        for ident, parent in zip(units.ids, units.parents, strict=True)
        if parent is not None
    )
    return "\n".join(lines)


def to_pandas(hierarchy: Hierarchy) -> Any:
    """
    Return a pandas DataFrame with one row per unit: id, parent, level, name, code, measures.

    A measure column is a nullable ``Int64`` when every amount is whole, else an
    ``object`` column of exact Fractions.

    Raises
    ------
    MissingExtraError
        When pandas is not installed (``pip install 'govkit[pandas]'``).
    """
    pandas = require("pandas", "govkit.grid.to_pandas")
    units = hierarchy.units
    data: dict[str, Any] = {
        "id": list(units.ids),
        "parent": list(units.parents),
        "level": list(units.levels),
        "name": list(units.names),
        "code": list(units.codes),
        "valid_from": list(units.valid_from),
        "valid_until": list(units.valid_until),
    }
    for measure in units.measure_names:
        values = units.measure(measure)
        whole = all(value is None or isinstance(value, int) for value in values)
        data[measure] = pandas.array(values, dtype="Int64" if whole else object)
    return pandas.DataFrame(data)
