"""A coded territorial tree at national scale: units on levels, validated at once, queried fast."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

import networkx as nx
from attrs import field, frozen

from govkit.config import document, load_preset
from govkit.errors import ConfigError, GraphError, Problem
from govkit.grid._index import Finding, Index, build_index
from govkit.grid._level import LevelScheme, suggest
from govkit.grid._unit import Amount, Unit, Units, to_units

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import IO

    UnitGraph = nx.DiGraph[str]
else:  # networkx's classes are not subscriptable at run time
    UnitGraph = nx.DiGraph

__all__ = ["Hierarchy", "Totals", "UnitGraph"]


class Totals(Mapping[str, Fraction]):
    """
    A measure summed up the tree: each unit's own amount plus everything below it.

    A read-only mapping from unit id to an exact total, backed by one list (so a
    700,000-unit tree costs no dict of totals).
    """

    __slots__ = ("_position", "_values", "measure")

    def __init__(self, measure: str, position: dict[str, int], values: list[Amount]) -> None:
        self.measure = measure
        self._position = position
        self._values = values

    def __getitem__(self, unit: str) -> Fraction:
        return Fraction(self._values[self._position[unit]])

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Totals({self.measure!r}, {len(self)} units)"


def _to_scheme(value: LevelScheme | str) -> LevelScheme:
    """Accept a level scheme, or the id of a level-scheme preset."""
    if isinstance(value, str):
        scheme = load_preset(value, LevelScheme)
        if isinstance(scheme, LevelScheme):
            return scheme
    return value  # type: ignore[return-value]  # cattrs has checked the type


@document("hierarchy")
@frozen(kw_only=True)
class Hierarchy:
    """
    Units in a tree on the levels of a scheme, checked all at once when built.

    Construction reports every problem in one `ConfigError`: several roots,
    cycles, orphans, duplicate ids or codes, a unit under a level it may not sit
    under, empty units (see `Level.must_contain`) and codes that break the code
    scheme. Queries take unit ids and run on dense arrays: ancestors and lowest
    common superiors walk a few list cells; aggregation is one bottom-up pass.

    Parameters
    ----------
    id : str or None
        How other documents refer to this hierarchy.
    title : str or None
        A human-readable name.
    scheme : LevelScheme
        The levels (and code scheme); YAML may name a preset by its id
        (``scheme: standard_grid_levels``).
    units : tuple of Unit
        The units, nested (``units:`` inside a unit) or flat (each with ``parent:``).

    Examples
    --------
    >>> from govkit.grid import Level, LevelScheme, Unit
    >>> scheme = LevelScheme(levels=(Level(id="community"),
    ...                              Level(id="grid", parents=("community",))))
    >>> tree = Hierarchy(scheme=scheme, units=[Unit(id="c1", level="community", units=(
    ...     Unit(id="g1", level="grid", measures={"households": 320}),
    ...     Unit(id="g2", level="grid", measures={"households": 410})))])
    >>> tree.ancestors("g2"), tree.aggregate("households")["c1"]
    (('c1',), Fraction(730, 1))
    """

    id: str | None = None
    title: str | None = None
    scheme: LevelScheme = field(converter=_to_scheme)
    units: Units = field(factory=Units, converter=to_units)

    def __attrs_post_init__(self) -> None:
        if self._built[1]:
            raise ConfigError(self._problems(self._built[1]), self.units.source)

    @classmethod
    def from_csv(
        cls,
        source: str | Path | IO[str],
        *,
        scheme: LevelScheme | str,
        id: str | None = None,
        title: str | None = None,
    ) -> Hierarchy:
        """Build a hierarchy from a CSV table, one unit per row (see `govkit.grid.read_csv`)."""
        from govkit.grid._table import read_csv  # noqa: PLC0415 - the table module imports this one

        return read_csv(source, scheme=scheme, id=id, title=title)

    def _problems(self, findings: list[Finding]) -> list[Problem]:
        units = self.units
        problems = []
        for row, name, message, hint in findings:
            path: tuple[str | int, ...] = ("units",) if row < 0 else units.path_of(row)
            if name is not None:
                path = (*path, name)
            line = units.line_of(row) if row >= 0 else None
            problems.append(
                Problem(message=message, path=path, source=units.source, line=line, hint=hint)
            )
        return problems

    @cached_property
    def _built(self) -> tuple[Index, list[Finding]]:
        return build_index(self.units, self.scheme)

    @property
    def _index(self) -> Index:
        return self._built[0]

    @cached_property
    def _lookup(
        self,
    ) -> tuple[dict[str, int], list[int], Sequence[str], dict[int, tuple[str, ...]]]:
        """Position, parent rows, ids and a memo of the paths of units that have children."""
        index = self._built[0]
        return index.position, index.parent, index.ids, {}

    def _path_of_row(self, row: int) -> tuple[str, ...]:
        _, parent, ids, memo = self._lookup
        chain = []
        current = row
        while current >= 0 and current not in memo:
            chain.append(current)
            current = parent[current]
        path = memo[current] if current >= 0 else ()
        for member in reversed(chain):
            path = (*path, ids[member])
            memo[member] = path
        return path

    def _row(self, unit: str) -> int:
        try:
            return self._index.position[unit]
        except KeyError:
            hint = suggest(unit, self.units.ids[:5000]) if isinstance(unit, str) else None
            msg = f"no unit {unit!r} in this hierarchy" + (f" ({hint})" if hint else "")
            raise KeyError(msg) from None

    # -- single units -----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.units)

    def __contains__(self, unit: object) -> bool:
        return unit in self._index.position

    def unit(self, unit: str) -> Unit:
        """Return unit *unit* as a flat `Unit` value (``parent`` set, no nested units)."""
        return self.units[self._row(unit)]

    @property
    def root(self) -> str:
        """The id of the root unit."""
        return self.units.ids[self._index.parent.index(-1)]

    def parent(self, unit: str) -> str | None:
        """Return the id of the unit *unit* sits directly under (None for the root)."""
        up = self._index.parent[self._row(unit)]
        return self.units.ids[up] if up >= 0 else None

    def level(self, unit: str) -> str:
        """Return the level id of *unit*."""
        return self.units.levels[self._row(unit)]

    def depth(self, unit: str) -> int:
        """Return how many units stand above *unit* (0 for the root)."""
        return len(self.ancestors(unit))

    # -- up the tree ------------------------------------------------------------------

    def ancestors(self, unit: str) -> tuple[str, ...]:
        """
        Return the units above *unit*, the root first (empty for the root).

        The paths of units that have children are memoised, so a query is one or
        two dict look-ups once the tree has been walked.
        """
        position, parent, _, memo = self._lookup
        try:
            up = parent[position[unit]]
        except KeyError:
            up = parent[self._row(unit)]  # raises a KeyError that suggests close ids
        if up < 0:
            return ()
        found = memo.get(up)
        return found if found is not None else self._path_of_row(up)

    def path(self, unit: str) -> tuple[str, ...]:
        """Return the units from the root down to *unit*, both included."""
        return (*self.ancestors(unit), unit)

    def superior(self, unit: str, level: str) -> str | None:
        """Return the unit at *level* above (or at) *unit*, or None if there is none."""
        self.scheme.level(level)
        index = self._index
        row = self._row(unit)
        levels = self.units.levels
        while row >= 0:
            if levels[row] == level:
                return index.ids[row]
            row = index.parent[row]
        return None

    def common_superior(self, first: str, second: str) -> str:
        """Return the lowest unit that both *first* and *second* are in (may be one of them)."""
        index = self._index
        a, b = self._row(first), self._row(second)
        rank, parent = index.rank, index.parent
        while a != b:  # levels fall strictly going up: lift the lower unit, or both
            if rank[a] > rank[b]:
                a = parent[a]
            elif rank[b] > rank[a]:
                b = parent[b]
            else:
                a, b = parent[a], parent[b]
        return index.ids[a]

    # -- down the tree ----------------------------------------------------------------

    def children(self, unit: str) -> tuple[str, ...]:
        """Return the units directly under *unit*, in file order."""
        ids = self._index.ids
        return tuple(ids[row] for row in self._index.kids(self._row(unit)))

    def siblings(self, unit: str) -> tuple[str, ...]:
        """Return the other units under the same parent, in file order."""
        up = self._index.parent[self._row(unit)]
        if up < 0:
            return ()
        ids = self._index.ids
        return tuple(ids[row] for row in self._index.kids(up) if ids[row] != unit)

    def subtree(self, unit: str) -> tuple[str, ...]:
        """Return *unit* and every unit below it, in pre-order (parents before children)."""
        order, enter, leave = self._index.euler
        row = self._row(unit)
        ids = self._index.ids
        return tuple(ids[member] for member in order[enter[row] : leave[row]])

    def descendants(self, unit: str, level: str | None = None) -> tuple[str, ...]:
        """Return the units below *unit* (only those at *level*, if given), in pre-order."""
        if level is not None:
            self.scheme.level(level)
        order, enter, leave = self._index.euler
        row = self._row(unit)
        ids, levels = self._index.ids, self.units.levels
        below = order[enter[row] + 1 : leave[row]]
        return tuple(ids[m] for m in below if level is None or levels[m] == level)

    def is_within(self, unit: str, superior: str) -> bool:
        """Return whether *unit* is *superior* or lies below it."""
        _, enter, leave = self._index.euler
        row, top = self._row(unit), self._row(superior)
        return enter[top] <= enter[row] < leave[top]

    def at_level(self, level: str) -> tuple[str, ...]:
        """Return every unit at *level*, in file order."""
        self.scheme.level(level)
        return tuple(
            i for i, lvl in zip(self.units.ids, self.units.levels, strict=True) if lvl == level
        )

    # -- finding units ----------------------------------------------------------------

    @cached_property
    def _by_code(self) -> dict[str, int]:
        return {code: row for row, code in enumerate(self.units.codes) if code is not None}

    @cached_property
    def _by_name(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for row, name in enumerate(self.units.names):
            if name is not None:
                found.setdefault(name, []).append(row)
        return found

    def find_code(self, code: str) -> str | None:
        """Return the id of the unit with official code *code*, or None."""
        row = self._by_code.get(code)
        return self.units.ids[row] if row is not None else None

    def find_name(self, name: str, *, within: str | None = None) -> tuple[str, ...]:
        """Return the ids of units called *name* (names repeat), optionally below *within*."""
        rows = self._by_name.get(name, [])
        found = tuple(self.units.ids[row] for row in rows)
        if within is None:
            return found
        return tuple(unit for unit in found if self.is_within(unit, within))

    # -- measures ---------------------------------------------------------------------

    def aggregate(self, measure: str) -> Totals:
        """
        Sum *measure* up the tree in one pass: each unit's amount plus all below it.

        Units without an amount count 0; the totals are exact.
        """
        return Totals(measure, self._index.position, self._index.totals(measure))

    def measure(self, unit: str, measure: str) -> Fraction | None:
        """Return *unit*'s own amount of *measure* (not summed), or None."""
        column = self.units.raw_measure(measure)
        value = column[self._row(unit)] if column is not None else None
        return Fraction(value) if value is not None else None

    # -- versions ---------------------------------------------------------------------

    def as_of(self, day: dt.date) -> Hierarchy:
        """
        Return the hierarchy of the units in force on *day* (from <= day <= until).

        Raises
        ------
        ConfigError
            When a unit in force sits under one that is not (its parent is missing).
        """
        keep = [
            row
            for row, (first, last) in enumerate(
                zip(self.units.valid_from, self.units.valid_until, strict=True)
            )
            if (first is None or first <= day) and (last is None or day <= last)
        ]
        units = self.units
        return Hierarchy(
            id=self.id,
            title=self.title,
            scheme=self.scheme,
            units=Units(
                [units.ids[row] for row in keep],
                [units.parents[row] for row in keep],
                [units.levels[row] for row in keep],
                names=[units.names[row] for row in keep],
                codes=[units.codes[row] for row in keep],
                measures={
                    name: [(units.raw_measure(name) or [])[row] for row in keep]
                    for name in units.measure_names
                },
                valid_from=[units.valid_from[row] for row in keep],
                valid_until=[units.valid_until[row] for row in keep],
            ),
        )

    # -- views ------------------------------------------------------------------------

    @cached_property
    def graph(self) -> UnitGraph:
        """
        A frozen networkx view: an edge from each unit to each unit directly under it.

        Nodes carry ``level``, ``name`` and ``code``. Built on first use.
        """
        graph: UnitGraph = nx.DiGraph()
        units = self.units
        graph.add_nodes_from(
            (ident, {"level": level, "name": name, "code": code})
            for ident, level, name, code in zip(
                units.ids, units.levels, units.names, units.codes, strict=True
            )
        )
        ids = units.ids
        graph.add_edges_from(
            (ids[up], ids[row]) for row, up in enumerate(self._index.parent) if up >= 0
        )
        nx.freeze(graph)
        return graph

    def check_graph(self) -> None:
        """Re-check the tree with networkx (a tree: connected, no cycle); GraphError if not."""
        try:
            is_tree = nx.is_tree(self.graph)
        except nx.NetworkXException as exc:
            raise GraphError(str(exc)) from None
        if not is_tree:
            msg = "the hierarchy's graph is not a tree"
            raise GraphError(msg)
