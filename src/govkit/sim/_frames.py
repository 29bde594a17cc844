"""DataFrames (the ``pandas`` extra) and plots (the ``plot`` extra: matplotlib) for analysts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from govkit._extras import require
from govkit.config import to_fraction
from govkit.errors import RuleError

if TYPE_CHECKING:
    import matplotlib.figure

    from govkit.sim._estimate import DecisionProbabilities
    from govkit.sim._sweep import SweepResult

__all__ = ["plot_sweep", "probabilities_frame", "rows_frame"]


def rows_frame(rows: list[dict[str, Any]]) -> Any:
    """Return a DataFrame of flat rows (columns in first-seen order)."""
    pandas = require("pandas", "DataFrames of simulation results (to_pandas)")
    columns = list(dict.fromkeys(name for row in rows for name in row))
    return pandas.DataFrame(rows, columns=columns)


def probabilities_frame(result: DecisionProbabilities) -> Any:
    """Return one row per status: status, probability, low, high, count, trials, exact, method."""
    from govkit.sim._estimate import STATUSES  # noqa: PLC0415 - avoid an import cycle

    rows = []
    for status in STATUSES:
        estimate = result.estimate(status)
        rows.append(
            {
                "status": status.value,
                "probability": estimate.probability,
                "low": estimate.low,
                "high": estimate.high,
                "count": estimate.count,
                "trials": result.trials,
                "exact": estimate.exact,
                "method": result.method,
            }
        )
    return rows_frame(rows)


def plot_sweep(
    result: SweepResult[Any],
    *,
    x: str,
    y: Sequence[str] = ("adopted",),
    by: str | None = None,
    title: str | None = None,
) -> matplotlib.figure.Figure:
    """
    Plot columns *y* of a sweep's rows against parameter *x*, one line per column (and *by*).

    Where the rows have ``<column>_low`` and ``<column>_high`` (the Wilson
    intervals of `DecisionProbabilities`), the interval is drawn as a band.
    The figure is built without pyplot (no global state, nothing shown) on the
    Agg canvas: save it with ``figure.savefig(...)`` or display it in a notebook.

    Parameters
    ----------
    result : SweepResult
        A sweep whose rows have a column *x* and the columns *y*.
    x : str
        The parameter on the horizontal axis (e.g. ``turnout``).
    y : sequence of str, default ("adopted",)
        The columns to plot, e.g. ``("adopted", "no_quorum")``.
    by : str, optional
        A second parameter: one line per value.
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, with one axes.

    Raises
    ------
    MissingExtraError
        When matplotlib is not installed (``pip install 'govkit[plot]'``).
    RuleError
        When a column is missing from the rows.
    """
    if isinstance(y, str):
        y = (y,)
    require("matplotlib", "plots of sweeps (govkit.sim.plot_sweep)")
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    rows = result.rows()
    for column in (x, *y, *((by,) if by else ())):
        if rows and column not in rows[0]:
            msg = f"the sweep has no column {column!r}; it has: {', '.join(rows[0])}"
            raise RuleError(msg)
    figure = Figure(figsize=(6.4, 4.0), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    series: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        series.setdefault(row[by] if by else None, []).append(row)
    for key, unsorted in series.items():
        members = sorted(unsorted, key=lambda row: _number(row[x]))
        xs = [_number(row[x]) for row in members]
        for column in y:
            label = column if by is None else f"{column}, {by}={key}"
            (line,) = axes.plot(xs, [row[column] for row in members], marker="o", label=label)
            if f"{column}_low" in members[0] and f"{column}_high" in members[0]:
                axes.fill_between(
                    xs,
                    [row[f"{column}_low"] for row in members],
                    [row[f"{column}_high"] for row in members],
                    color=line.get_color(),
                    alpha=0.2,
                )
    axes.set_xlabel(x)
    axes.set_ylabel(
        "probability" if all(column in _STATUS_COLUMNS for column in y) else ", ".join(y)
    )
    if all(column in _STATUS_COLUMNS for column in y):
        axes.set_ylim(-0.02, 1.02)
    axes.legend()
    if title:
        axes.set_title(title)
    return figure


def _number(value: Any) -> float:
    """Return a parameter value as a float: numbers, and exact shares written ``"3/5"``."""
    if isinstance(value, str):
        return float(to_fraction(value))
    return float(value)


_STATUS_COLUMNS = frozenset({"adopted", "rejected", "tied", "no_quorum"})
