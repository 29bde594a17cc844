"""Sweeps: grid order, per-point seeds, and identical results on every executor."""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.errors import MissingExtraError, RuleError
from govkit.sim import (
    ChoiceModel,
    DecisionProbabilities,
    Mallows,
    SweepResult,
    decision_probabilities,
    generate_rows,
    plot_sweep,
    point_seed,
    sweep,
)

# A module-level function of govkit's own: process pools and Dask workers can pickle it.
CHANCES = functools.partial(
    decision_probabilities,
    "roberts_majority",
    25,
    choices=ChoiceModel(0.55, 0.35, 0.1),
    method="monte_carlo",
    trials=300,
)
GRID = {"turnout": [0.3, 0.5, 0.7], "confidence": [0.9, 0.99]}


def _echo(*, seed: int, **point: Any) -> dict[str, Any]:
    return {"echo": dict(point), "got": seed}


def test_the_grid_is_every_combination_in_order() -> None:
    """A mapping grid is itertools.product of its values, the last parameter fastest."""
    result = sweep(_echo, {"a": [1, 2], "b": ["x", "y"]}, seed=1)

    assert result.parameters == ("a", "b")
    assert [dict(point) for point in result.points] == [
        {"a": 1, "b": "x"},
        {"a": 1, "b": "y"},
        {"a": 2, "b": "x"},
        {"a": 2, "b": "y"},
    ]


def test_each_point_gets_its_own_derived_seed() -> None:
    """Point i is called with point_seed(seed, i); the seed is not a grid parameter."""
    result = sweep(_echo, [{"a": 1}, {"a": 1, "b": 2}], seed=99)

    assert [row["got"] for row in result.results] == [point_seed(99, 0), point_seed(99, 1)]
    assert result.seeds == (point_seed(99, 0), point_seed(99, 1))
    assert result.parameters == ("a", "b")
    assert len({point_seed(99, index) for index in range(1000)}) == 1000


@settings(max_examples=30)
@given(seed=st.integers(-(2**70), 2**70), index=st.integers(0, 10**6))
def test_point_seeds_fit_a_signed_64_bit_integer(seed: int, index: int) -> None:
    """Derived seeds are non-negative and below 2**63 (NumPy and random.Random accept them)."""
    assert 0 <= point_seed(seed, index) < 2**63


def test_rows_and_dataframes_flatten_results() -> None:
    """Rows hold the parameters, the point's seed, then the result's own columns."""
    result = sweep(CHANCES, {"turnout": [0.4, 0.8]}, seed=3)
    frame = result.to_pandas()
    plain = sweep(_echo, {"a": [1]}, seed=3).rows()
    scalar = sweep(lambda *, seed, a: a * 2, {"a": [5]}, seed=3).rows()

    assert list(frame.columns[:4]) == ["turnout", "seed", "adopted", "adopted_low"]
    assert list(frame["turnout"]) == [0.4, 0.8]
    assert plain == [{"a": 1, "seed": point_seed(3, 0), "echo": {"a": 1}, "got": point_seed(3, 0)}]
    assert scalar[0]["result"] == 10


def test_a_parameter_cannot_be_called_seed() -> None:
    """sweep passes the seed itself; a grid parameter of that name is an error."""
    with pytest.raises(RuleError, match="cannot be called 'seed'"):
        sweep(_echo, {"seed": [1, 2]}, seed=0)


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        ({"a": "xyz"}, r"grid\['a'\] must be a list of values"),
        ("a", "grid must map parameters to lists of values"),
        ([{"a": 1}, 2], r"grid\[1\] must map parameter names to values"),
    ],
)
def test_malformed_grids_are_refused(grid: Any, message: str) -> None:
    """A string of values, or a point that is not a mapping, is a mistake."""
    with pytest.raises(RuleError, match=message):
        sweep(_echo, grid, seed=0)


@pytest.fixture(scope="module")
def in_process() -> SweepResult[DecisionProbabilities]:
    """The reference: the sweep run here, point after point."""
    return sweep(CHANCES, GRID, seed=2026)


@contextlib.contextmanager
def _thread_pool() -> Iterator[Executor]:
    with ThreadPoolExecutor(max_workers=2) as executor:
        yield executor


@contextlib.contextmanager
def _process_pool() -> Iterator[Executor]:
    # spawn: no fork of a process that may be running threads (Dask's, the thread pool's).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as executor:
        yield executor


@contextlib.contextmanager
def _dask() -> Iterator[Executor]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as client:
        yield client.get_executor()


@pytest.mark.parametrize("executor_factory", [_thread_pool, _process_pool, _dask])
def test_results_do_not_depend_on_the_executor(
    executor_factory: Callable[[], contextlib.AbstractContextManager[Executor]],
    in_process: SweepResult[DecisionProbabilities],
) -> None:
    """Thread pool, process pool and a Dask cluster give exactly the in-process results."""
    with executor_factory() as executor:
        result = sweep(CHANCES, GRID, seed=2026, executor=executor)

    assert result == in_process
    assert len(result) == 6


def test_a_different_master_seed_gives_other_results(
    in_process: SweepResult[DecisionProbabilities],
) -> None:
    """The master seed matters: another seed, other Monte Carlo counts."""
    other = sweep(CHANCES, GRID, seed=2027)

    assert other.results != in_process.results


def test_plots_show_probabilities_against_a_parameter(
    in_process: SweepResult[DecisionProbabilities],
) -> None:
    """plot_sweep returns a Figure with one line per column and value of *by*, and bands."""
    from matplotlib.figure import Figure

    figure = plot_sweep(in_process, x="turnout", y=("adopted", "no_quorum"), by="confidence")
    same = in_process.plot("turnout")
    axes = figure.axes[0]

    assert isinstance(figure, Figure)
    assert isinstance(same, Figure)
    assert len(axes.lines) == 4
    assert len(axes.collections) == 4
    assert axes.get_xlabel() == "turnout"
    assert axes.get_ylabel() == "probability"


def test_plotting_a_missing_column_is_an_error(
    in_process: SweepResult[DecisionProbabilities],
) -> None:
    """Naming a column the rows do not have says which columns there are."""
    with pytest.raises(RuleError, match="the sweep has no column 'passed'; it has: turnout"):
        plot_sweep(in_process, x="turnout", y=("passed",))


def test_plots_without_matplotlib_name_the_extra(
    monkeypatch: pytest.MonkeyPatch, in_process: SweepResult[DecisionProbabilities]
) -> None:
    """Without matplotlib, plotting says to install govkit[plot]."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)

    with pytest.raises(MissingExtraError, match=r"pip install 'govkit\[plot\]'"):
        plot_sweep(in_process, x="turnout")


def test_a_sweep_iterates_over_points_and_results() -> None:
    """Iterating a SweepResult pairs each point with its result, in grid order."""
    result = sweep(_echo, {"a": [1, 2]}, seed=0)

    assert [(dict(point), found["echo"]) for point, found in result] == [
        ({"a": 1}, {"a": 1}),
        ({"a": 2}, {"a": 2}),
    ]


def test_importing_govkit_sim_pulls_no_optional_extra() -> None:
    """numpy, pandas, matplotlib and dask are imported only when a feature needs them."""
    import subprocess

    code = (
        "import sys, govkit.sim; "
        "print(sorted(m for m in ('numpy', 'pandas', 'matplotlib', 'dask', 'distributed') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


def _draw(*, voters: int, seed: int) -> list[list[int]]:
    rows = generate_rows(Mallows(0.5), ("a", "b", "c"), voters, seed=seed)
    result: list[list[int]] = rows.tolist()
    return result


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**64), sizes=st.lists(st.integers(0, 30), min_size=1, max_size=8))
def test_thread_pools_never_change_a_sweep(seed: int, sizes: list[int]) -> None:
    """Whatever the finishing order of the threads, results equal the in-process sweep."""
    grid = {"voters": sizes}
    with ThreadPoolExecutor(max_workers=3) as executor:
        pooled = sweep(_draw, grid, seed=seed, executor=executor)

    assert pooled == sweep(_draw, grid, seed=seed)


def _rows_of(*, seed: int, share: str) -> dict[str, Any]:
    return {"value": float(Fraction(share)) + seed * 0}


def test_plots_read_exact_shares_written_as_fractions() -> None:
    """A parameter written the govkit way ("3/5") is plotted at its value, in order."""
    result = sweep(_rows_of, {"share": ["7/10", "1/2", "3/5"]}, seed=1)
    figure = plot_sweep(result, x="share", y=("value",))
    (line,) = figure.axes[0].lines
    assert [float(x) for x in line.get_xdata()] == [0.5, 0.6, 0.7]  # type: ignore[union-attr,arg-type]
