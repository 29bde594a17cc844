"""The grid examples: the numbers their comments promise are what govkit reports."""

from __future__ import annotations

from pathlib import Path

import govkit
from govkit.config import load_preset
from govkit.grid import (
    Hierarchy,
    Severity,
    check_sizes,
    check_staffing,
    suggest_rebalancing,
    to_csv,
)

EXAMPLES = Path(__file__).parent.parent.parent / "examples"


def test_urban_example_against_the_urban_norms() -> None:
    """The example street breaks the 300-500 households norm in three grids."""
    bundle = govkit.load_all(EXAMPLES / "grid_community.yaml")
    tree = bundle["jianwai_street"]
    norms = load_preset("urban_grid_norms")

    sizes = {finding.unit: finding.severity for finding in check_sizes(tree, norms)}
    staffing = check_staffing(tree, norms, bundle["jianwai_team"])

    assert sizes == {
        "yonganli_g2": Severity.WARNING,
        "yonganli_g3": Severity.VIOLATION,
        "jianguoli_g1": Severity.VIOLATION,
    }
    assert [type(s).__name__ for s in suggest_rebalancing(tree, norms)] == ["Split", "Merge"]
    assert "overload: grid_worker 'w002' serves 2 grids; the norm is 1 per person" in (
        staffing.lines()
    )
    assert tree.aggregate("households")["chaoyang"] == 180 + 175 + 160 + 130 + 880


def test_village_example_uses_its_own_scheme() -> None:
    """A file may define a level scheme and use it by id."""
    bundle = govkit.load_all(EXAMPLES / "grid_village.yaml")
    tree = bundle["qiaozhen"]

    assert isinstance(tree, Hierarchy)
    assert tree.scheme is bundle["township_levels"] or tree.scheme == bundle["township_levels"]
    assert [f.unit for f in check_sizes(tree, bundle["rural_grid_norms"])] == ["dongcun_2"]


def test_csv_example_is_the_yaml_example_flattened() -> None:
    """The CSV example holds the same grids and households as the YAML one, micro-grids summed."""
    table = Hierarchy.from_csv(EXAMPLES / "grid_units.csv", scheme="standard_grid_levels")
    tree = govkit.load_all(EXAMPLES / "grid_community.yaml")["jianwai_street"]

    assert table.at_level("grid") == tree.at_level("grid")
    assert all(
        table.aggregate("households")[grid] == tree.aggregate("households")[grid]
        for grid in table.at_level("grid")
    )
    assert to_csv(table) == (EXAMPLES / "grid_units.csv").read_text(encoding="utf-8")
