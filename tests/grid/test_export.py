"""Exports: GraphML through networkx, DOT and Mermaid text, and pandas as an optional extra."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from govkit.errors import GraphError, MissingExtraError
from govkit.grid import (
    Hierarchy,
    Level,
    LevelScheme,
    Unit,
    to_dot,
    to_graphml,
    to_mermaid,
    to_pandas,
)

SCHEME = LevelScheme(levels=(Level(id="community"), Level(id="grid", parents=("community",))))


@pytest.fixture(scope="module")
def tree() -> Hierarchy:
    return Hierarchy(
        scheme=SCHEME,
        units=[
            Unit(id="c1", level="community", name='东四 "北"', code="110101001001"),
            Unit(id="g1", level="grid", parent="c1", measures={"households": 320}),
            Unit(id="g2", level="grid", parent="c1", measures={"households": 410}),
        ],
    )


def test_graphml_round_trips_through_networkx(tree: Hierarchy, tmp_path: Path) -> None:
    """networkx reads back the same edges and node attributes (missing ones left out)."""
    path = tmp_path / "tree.graphml"

    to_graphml(tree, path)
    graph = nx.read_graphml(path)

    assert sorted(graph.edges) == [("c1", "g1"), ("c1", "g2")]
    assert graph.nodes["c1"]["code"] == "110101001001"
    assert "code" not in graph.nodes["g1"]


def test_dot_escapes_quotes(tree: Hierarchy) -> None:
    """Names with quotes stay valid DOT."""
    text = to_dot(tree)

    assert '"c1" [label="东四 \\"北\\"\\ncommunity"];' in text
    assert text.endswith('"c1" -> "g2";\n}')


def test_mermaid_refuses_big_trees(tree: Hierarchy) -> None:
    """Mermaid is for small trees; past the limit use DOT or GraphML."""
    assert to_mermaid(tree).splitlines()[1] == '  n0["东四 #quot;北#quot; (community)"]'
    with pytest.raises(GraphError, match="more than Mermaid's limit of 2"):
        to_mermaid(tree, limit=2)


def test_pandas_frame_has_a_row_per_unit(tree: Hierarchy) -> None:
    """The DataFrame carries ids, parents, levels and measure columns."""
    pytest.importorskip("pandas")

    frame = to_pandas(tree)

    assert list(frame["id"]) == ["c1", "g1", "g2"]
    assert str(frame["households"].dtype) == "Int64"
    assert frame["households"].isna().tolist() == [True, False, False]
    assert int(frame["households"].sum()) == 730


def test_missing_pandas_names_the_extra(tree: Hierarchy, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, the error says which extra to install."""
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(__import__("sys").modules, "pandas", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pandas)

    with pytest.raises(MissingExtraError, match=r"pip install 'govkit\[pandas\]'"):
        to_pandas(tree)
