"""
Parameter sweeps: one function over a grid of points, on any `concurrent.futures.Executor`.

Reproducibility does not depend on scheduling: point *i* gets its own seed,
derived from the master seed and *i* alone (`point_seed`), and results are
collected in grid order. The same sweep gives identical results in-process, on
a thread or process pool, or on a Dask cluster (``Client.get_executor()``).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any, Generic, TypeVar

from attrs import frozen

from govkit.config import FrozenMap
from govkit.errors import RuleError

__all__ = ["SweepResult", "point_seed", "sweep"]

T = TypeVar("T")


def point_seed(seed: int, index: int) -> int:
    """
    Return the seed of point *index* of a sweep seeded with *seed*.

    The first 63 bits of SHA-256 of ``"govkit.sim.sweep/<seed>/<index>"``: independent
    of the executor, the platform and the Python or NumPy version, and fits a
    signed 64-bit integer.

    Examples
    --------
    >>> point_seed(2024, 0) == point_seed(2024, 0) != point_seed(2024, 1)
    True
    """
    digest = hashlib.sha256(f"govkit.sim.sweep/{seed}/{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def _points(
    grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """Return the parameter names and every point, in grid order."""
    if isinstance(grid, Mapping):
        names = tuple(grid)
        for name, values in grid.items():
            if isinstance(values, (str, bytes)) or not isinstance(values, Sequence | range):
                msg = f"grid[{name!r}] must be a list of values, got {values!r}"
                raise RuleError(msg)
        product = itertools.product(*(grid[name] for name in names))
        return names, [dict(zip(names, values, strict=True)) for values in product]
    if isinstance(grid, (str, bytes)) or not isinstance(grid, Sequence):
        msg = f"grid must map parameters to lists of values, or list points, got {grid!r}"
        raise RuleError(msg)
    points = []
    for index, point in enumerate(grid):
        if not isinstance(point, Mapping):
            msg = f"grid[{index}] must map parameter names to values, got {point!r}"
            raise RuleError(msg)
        points.append(dict(point))
    names = tuple(dict.fromkeys(name for point in points for name in point))
    return names, points


def _call(function: Callable[..., T], point: dict[str, Any], seed: int) -> T:
    """Run one point (module level, so process pools and Dask can pickle it)."""
    return function(**point, seed=seed)


@frozen(kw_only=True)
class SweepResult(Generic[T]):
    """
    What a sweep returned at every point, in grid order.

    Attributes
    ----------
    seed : int
        The master seed.
    parameters : tuple of str
        The parameter names, in grid order.
    points : tuple of FrozenMap
        Each point's parameter values.
    seeds : tuple of int
        Each point's own seed (`point_seed`).
    results : tuple
        What the function returned at each point.
    """

    seed: int
    parameters: tuple[str, ...]
    points: tuple[FrozenMap[str, Any], ...]
    seeds: tuple[int, ...]
    results: tuple[T, ...]

    def __len__(self) -> int:
        return len(self.points)

    def __iter__(self) -> Iterator[tuple[FrozenMap[str, Any], T]]:
        return iter(zip(self.points, self.results, strict=True))

    def rows(self) -> list[dict[str, Any]]:
        """
        Return one flat dict per point: its parameters, its seed, then its result.

        A result with a ``to_row()`` method (`DecisionProbabilities`) or a mapping
        gives its own columns; anything else goes in a ``result`` column.
        """
        rows = []
        for point, seed, result in zip(self.points, self.seeds, self.results, strict=True):
            row: dict[str, Any] = {**point, "seed": seed}
            to_row = getattr(result, "to_row", None)
            if callable(to_row):
                row.update(to_row())
            elif isinstance(result, Mapping):
                row.update(result)
            else:
                row["result"] = result
            rows.append(row)
        return rows

    def to_pandas(self) -> Any:
        """
        Return a pandas DataFrame of `rows`: one row per point.

        Raises
        ------
        MissingExtraError
            When pandas is not installed (``pip install 'govkit[pandas]'``).
        """
        from govkit.sim._frames import rows_frame  # noqa: PLC0415 - optional extra

        return rows_frame(self.rows())

    def plot(self, x: str, y: Sequence[str] = ("adopted",), *, by: str | None = None) -> Any:
        """
        Plot columns *y* against parameter *x*: a matplotlib Figure (see `plot_sweep`).

        Raises
        ------
        MissingExtraError
            When matplotlib is not installed (``pip install 'govkit[plot]'``).
        """
        from govkit.sim._frames import plot_sweep  # noqa: PLC0415 - optional extra

        return plot_sweep(self, x=x, y=y, by=by)


def sweep(
    function: Callable[..., T],
    grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
    *,
    seed: int,
    executor: Executor | None = None,
) -> SweepResult[T]:
    """
    Call ``function(**point, seed=point_seed(seed, i))`` at every point *i* of *grid*.

    Parameters
    ----------
    function : callable
        Takes the point's parameters as keywords, and ``seed``. To run on a
        process pool or a Dask cluster it must pickle: a module-level function
        or a ``functools.partial`` of one (not a lambda).
    grid : mapping of str to sequence, or sequence of mappings
        Values per parameter (every combination is a point, the last parameter
        varying fastest, as ``itertools.product`` does), or the points themselves.
    seed : int
        The master seed; each point's seed derives from it and the point's index.
    executor : concurrent.futures.Executor, optional
        Where to run the points (a ``ThreadPoolExecutor``, a
        ``ProcessPoolExecutor``, ``distributed.Client(...).get_executor()``);
        None runs them here, one after another. The executor is not shut down.

    Returns
    -------
    SweepResult
        The results in grid order; identical for a given seed whatever the executor.

    Raises
    ------
    RuleError
        A malformed grid, or a parameter called ``seed``.

    Examples
    --------
    >>> def draw(spread, *, seed):
    ...     return {"value": spread * (seed % 2)}
    >>> result = sweep(draw, {"spread": [1, 2, 3]}, seed=7)
    >>> result.parameters, len(result)
    (('spread',), 3)
    >>> result.seeds == tuple(point_seed(7, index) for index in range(3))
    True
    """
    names, points = _points(grid)
    if "seed" in names:
        msg = "a sweep parameter cannot be called 'seed': sweep passes each point its own seed"
        raise RuleError(msg)
    seeds = tuple(point_seed(seed, index) for index in range(len(points)))
    if executor is None:
        results = [_call(function, point, s) for point, s in zip(points, seeds, strict=True)]
    else:
        # Positional arguments only: Dask's submit would take keywords such as "pure" as its own.
        futures = [
            executor.submit(_call, function, point, s)
            for point, s in zip(points, seeds, strict=True)
        ]
        results = [future.result() for future in futures]
    return SweepResult(
        seed=seed,
        parameters=names,
        points=tuple(FrozenMap(point) for point in points),
        seeds=seeds,
        results=tuple(results),
    )
