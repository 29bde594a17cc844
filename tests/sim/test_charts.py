"""Charts of a territory: grid sizes and their histogram."""

from __future__ import annotations

import pytest

import govkit
from govkit.errors import RuleError
from govkit.grid import Hierarchy
from govkit.sim import grid_sizes, plot_grid_sizes


def tree() -> Hierarchy:
    """Return the example street."""
    hierarchy = govkit.load_all("examples/grid_community.yaml")["jianwai_street"]
    assert isinstance(hierarchy, Hierarchy)
    return hierarchy


def test_grid_sizes_sum_their_subtrees() -> None:
    """A grid's size counts the households of its micro-grids too."""
    sizes = grid_sizes(tree())
    assert sizes["yonganli_g1"] == 180 + 175
    assert sum(sizes.values()) == tree().aggregate("households")["chaoyang"]
    assert grid_sizes(tree(), level="community") == {"yonganli": 645, "jianguoli": 880}
    with pytest.raises(RuleError, match="unknown level 'grids'"):
        grid_sizes(tree(), level="grids")


def test_plot_grid_sizes_draws_a_histogram() -> None:
    """One bar per bin, the norm band shaded, axes labelled."""
    figure = plot_grid_sizes(tree(), bins=4)
    (axes,) = figure.axes
    assert axes.get_xlabel() == "households per grid"
    assert len(axes.patches) >= 4
    assert axes.get_title() == "4 grid units by households"


def test_case_flow_charts() -> None:
    """Containment bars carry the cumulative share; the backlog plot has one point a day."""
    from govkit.cases import CaseFlow, simulate
    from govkit.sim import plot_backlog, plot_containment

    flow = govkit.load_all("examples/case_flow_district.yaml")["jianwai_flow"]
    assert isinstance(flow, CaseFlow)
    result = simulate(flow)
    bars = plot_containment(result).axes[0]
    heights = [patch.get_height() for patch in bars.patches]  # type: ignore[attr-defined]
    assert heights == list(result.closed_at.values())
    assert bars.texts[-1].get_text() == "100% at or below"
    backlog = plot_backlog(result).axes[0]
    opened, arrived, resolved = backlog.lines
    assert len(opened.get_xdata()) == flow.days  # type: ignore[arg-type]
    assert sum(arrived.get_ydata()) == result.arrived  # type: ignore[arg-type]
    assert sum(resolved.get_ydata()) == result.resolved  # type: ignore[arg-type]
    assert backlog.get_legend() is not None
