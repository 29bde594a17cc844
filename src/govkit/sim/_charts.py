"""Charts for analysts (the ``plot`` extra): grid sizes, containment, backlog over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govkit._extras import require
from govkit.errors import RuleError

if TYPE_CHECKING:
    import matplotlib.figure

    from govkit.cases import FlowResult
    from govkit.grid import Hierarchy

__all__ = ["grid_sizes", "plot_backlog", "plot_containment", "plot_grid_sizes"]


def grid_sizes(
    hierarchy: Hierarchy, *, level: str = "grid", measure: str = "households"
) -> dict[str, int]:
    """
    Return the size of every unit on *level*: the total of *measure* in its subtree.

    Sizes are whole numbers (households, residents); a fractional total is an error.

    Examples
    --------
    >>> import govkit
    >>> tree = govkit.load_all("examples/grid_community.yaml")["jianwai_street"]
    >>> grid_sizes(tree)
    {'yonganli_g1': 355, 'yonganli_g2': 160, 'yonganli_g3': 130, 'jianguoli_g1': 880}
    """
    if level not in hierarchy.scheme.level_ids:
        known = ", ".join(hierarchy.scheme.level_ids)
        msg = f"unknown level {level!r}; levels: {known}"
        raise RuleError(msg)
    totals = hierarchy.aggregate(measure)
    sizes: dict[str, int] = {}
    for unit in hierarchy.at_level(level):
        total = totals[unit]
        if total.denominator != 1:
            msg = f"{measure} of {unit} is {total}, not a whole number"
            raise RuleError(msg)
        sizes[unit] = int(total)
    return sizes


def plot_grid_sizes(
    hierarchy: Hierarchy,
    *,
    level: str = "grid",
    measure: str = "households",
    bins: int = 20,
    band: tuple[int, int] | None = (300, 500),
    title: str | None = None,
) -> matplotlib.figure.Figure:
    """
    Plot a histogram of the sizes of the units on *level* (see `grid_sizes`).

    ``band`` shades a norm's range (default 300-500 households, the commonly cited
    urban grid size; None for no band). The figure is built without pyplot on
    the Agg canvas: save it with ``figure.savefig(...)``.

    Raises
    ------
    MissingExtraError
        When matplotlib is not installed (``pip install 'govkit[plot]'``).
    """
    require("matplotlib", "plots of grid sizes (govkit.sim.plot_grid_sizes)")
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    sizes = list(grid_sizes(hierarchy, level=level, measure=measure).values())
    figure = Figure(figsize=(6.4, 4.0), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if band is not None:
        axes.axvspan(
            band[0], band[1], color="tab:green", alpha=0.15, label=f"norm {band[0]}-{band[1]}"
        )
    axes.hist(sizes, bins=bins, color="tab:blue")
    axes.set_xlabel(f"{measure} per {level}")
    axes.set_ylabel(f"{level} units")
    if band is not None:
        axes.legend()
    axes.set_title(title or f"{len(sizes)} {level} units by {measure}")
    return figure


def plot_containment(result: FlowResult, *, title: str | None = None) -> matplotlib.figure.Figure:
    """
    Plot resolved cases by the tier that closed them, with the cumulative share above each bar.

    The Fengqiao figure ("小事不出村、大事不出镇") is the cumulative share: cases closed at
    or below each tier. Built without pyplot on the Agg canvas.

    Raises
    ------
    MissingExtraError
        When matplotlib is not installed (``pip install 'govkit[plot]'``).
    """
    require("matplotlib", "plots of case flows (govkit.sim.plot_containment)")
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    tiers = list(result.closed_at)
    counts = [result.closed_at[tier] for tier in tiers]
    cumulative = result.contained_at_or_below
    figure = Figure(figsize=(6.4, 4.0), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bars = axes.bar(tiers, counts, color="tab:blue")
    for bar, tier in zip(bars, tiers, strict=True):
        share = cumulative.get(tier)
        if share is not None:
            axes.annotate(
                f"{float(share):.0%} at or below",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
            )
    axes.set_xlabel("tier that resolved the case")
    axes.set_ylabel("cases resolved")
    axes.set_title(title or f"{result.resolved} of {result.arrived} cases resolved")
    return figure


def plot_backlog(result: FlowResult, *, title: str | None = None) -> matplotlib.figure.Figure:
    """
    Plot open cases at the end of each day, with the cases arriving and resolved that day.

    Built without pyplot on the Agg canvas.

    Raises
    ------
    MissingExtraError
        When matplotlib is not installed (``pip install 'govkit[plot]'``).
    """
    require("matplotlib", "plots of case flows (govkit.sim.plot_backlog)")
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    figure = Figure(figsize=(6.4, 4.0), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    days = [day for day, _ in result.backlog]
    axes.plot(days, [open_ for _, open_ in result.backlog], marker="o", label="open at day's end")
    axes.plot(days, [row[1] for row in result.throughput], label="arrived")
    axes.plot(days, [row[2] for row in result.throughput], label="resolved")
    axes.set_xlabel("day")
    axes.set_ylabel("cases")
    axes.legend()
    axes.set_title(title or "backlog over time")
    return figure
