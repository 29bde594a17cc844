"""Units of a territorial tree: the YAML form (`Unit`) and the columnar store (`Units`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, overload

from attrs import field, frozen

from govkit.config import FrozenMap, Quantity, converter, to_quantity
from govkit.config._converter import describe
from govkit.errors import PathPart

__all__ = ["Amount", "Unit", "Units", "to_units"]

Amount = int | Fraction
"""An exact amount in a measure column: an int when whole, else a Fraction."""


def _to_measures(value: Mapping[str, object]) -> FrozenMap[str, Quantity]:
    if isinstance(value, FrozenMap):
        return value
    return FrozenMap({name: to_quantity(amount) for name, amount in dict(value).items()})


@frozen(kw_only=True)
class Unit:
    """
    One unit of a territorial tree: a street, a community, a grid, a building.

    YAML may nest units (``units:`` inside a unit) or list them flat with
    ``parent:``; large trees load fastest from CSV (`Hierarchy.from_csv`).

    Parameters
    ----------
    id : str
        Unique in the hierarchy.
    level : str
        One of the hierarchy's level ids (``grid``).
    name : str or None
        The unit's name (``朝阳门社区``); names need not be unique.
    parent : str or None
        The id of the unit it sits directly under; implied by nesting, and empty
        only for the root.
    code : str or None
        The official code, checked against the scheme's code rules when it has one.
    measures : dict of str to Fraction
        Named amounts: ``households``, ``residents``, ``area``, ``buildings``, any.
    valid_from, valid_until : date or None
        The first and the last day the unit exists (both inclusive).
    units : tuple of Unit
        Units nested under this one (their ``parent`` is this unit).
    """

    id: str
    level: str
    name: str | None = None
    parent: str | None = None
    code: str | None = None
    measures: FrozenMap[str, Quantity] = field(factory=FrozenMap, converter=_to_measures)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    units: tuple[Unit, ...] = ()


def _amount(value: Fraction) -> Amount:
    return value.numerator if value.denominator == 1 else value


class Units(Sequence[Unit]):
    """
    The units of a hierarchy stored as columns (a list per field), read as `Unit` values.

    Building a million `Unit` objects costs seconds; a hierarchy keeps one list
    per field instead and makes a `Unit` only when one is asked for. Units compare
    equal when their columns do, whether they were written nested or flat.

    Parameters
    ----------
    ids, parents, levels : list
        One entry per unit: its id, its parent's id (None for the root), its level.
    names, codes, valid_from, valid_until : list or None
        Optional columns, one entry per unit (None where a unit has no value).
    measures : dict of str to list
        One column per measure: an int, a Fraction or None per unit.
    nest : list of int or None
        For units written nested: the row each unit is nested in (-1 at the top).
    lines : list of int or None
        For units read from CSV: the line of each unit, for error messages.
    source : str or None
        The file the units were read from.

    Examples
    --------
    >>> units = Units.of([Unit(id="c1", level="community", units=(
    ...     Unit(id="g1", level="grid", measures={"households": 320}),))])
    >>> len(units), units[1].parent, units.measure("households")
    (2, 'c1', [None, 320])
    """

    __slots__ = (
        "_codes",
        "_conflicts",
        "_hash",
        "_ids",
        "_levels",
        "_lines",
        "_measures",
        "_names",
        "_nest",
        "_parents",
        "_paths",
        "_source",
        "_until",
        "_valid",
    )

    def __init__(
        self,
        ids: list[str] | None = None,
        parents: list[str | None] | None = None,
        levels: list[str] | None = None,
        *,
        names: list[str | None] | None = None,
        codes: list[str | None] | None = None,
        measures: Mapping[str, list[Amount | None]] | None = None,
        valid_from: list[dt.date | None] | None = None,
        valid_until: list[dt.date | None] | None = None,
        nest: list[int] | None = None,
        lines: list[int] | None = None,
        source: str | None = None,
    ) -> None:
        size = len(ids or ())
        none: list[Any] = [None] * size
        self._ids: list[str] = ids or []
        self._parents: list[str | None] = parents if parents is not None else list(none)
        self._levels: list[str] = levels or []
        self._names: list[str | None] = names if names is not None else none
        self._codes: list[str | None] = codes if codes is not None else none
        self._measures: dict[str, list[Amount | None]] = dict(measures or {})
        self._valid: list[dt.date | None] = valid_from if valid_from is not None else none
        self._until: list[dt.date | None] = valid_until if valid_until is not None else none
        self._nest = nest
        self._paths: list[tuple[PathPart, ...]] | None = None
        self._lines = lines
        self._source = source
        self._hash: int | None = None
        self._conflicts: list[tuple[int, str]] = []
        checked: tuple[tuple[str, Sequence[object]], ...] = (
            ("parents", self._parents),
            ("levels", self._levels),
            ("names", self._names),
            ("codes", self._codes),
            ("valid_from", self._valid),
            ("valid_until", self._until),
            *self._measures.items(),
        )
        for name, column in checked:
            if len(column) != size:
                msg = f"column {name!r} has {len(column)} rows, expected {size} (one per id)"
                raise ValueError(msg)

    @classmethod
    def of(cls, units: Iterable[Unit]) -> Units:
        """Flatten `Unit` values (nested or flat) into columns, keeping their YAML paths."""
        rows: list[tuple[Unit, str | None, int, tuple[PathPart, ...]]] = []

        def visit(
            unit: Unit, parent: str | None, enclosing: int, path: tuple[PathPart, ...]
        ) -> None:
            row = len(rows)
            rows.append((unit, parent if enclosing >= 0 else unit.parent, enclosing, path))
            for index, child in enumerate(unit.units):
                visit(child, unit.id, row, (*path, "units", index))

        for index, unit in enumerate(units):
            visit(unit, None, -1, ("units", index))
        measure_names: dict[str, None] = {}
        for unit, *_ in rows:
            measure_names.update(dict.fromkeys(unit.measures))
        made = cls(
            [unit.id for unit, *_ in rows],
            [parent for _, parent, _, _ in rows],
            [unit.level for unit, *_ in rows],
            names=[unit.name for unit, *_ in rows],
            codes=[unit.code for unit, *_ in rows],
            measures={
                name: [
                    _amount(unit.measures[name]) if name in unit.measures else None
                    for unit, *_ in rows
                ]
                for name in measure_names
            },
            valid_from=[unit.valid_from for unit, *_ in rows],
            valid_until=[unit.valid_until for unit, *_ in rows],
            nest=[enclosing for _, _, enclosing, _ in rows],
        )
        made._paths = [path for *_, path in rows]
        # A nested unit that also names a different parent contradicts its nesting.
        made._conflicts = [
            (row, unit.parent)
            for row, (unit, parent, enclosing, _) in enumerate(rows)
            if enclosing >= 0 and unit.parent is not None and unit.parent != parent
        ]
        return made

    # -- columns ---------------------------------------------------------------------

    @property
    def ids(self) -> Sequence[str]:
        """The unit ids, in order."""
        return self._ids

    @property
    def parents(self) -> Sequence[str | None]:
        """The parent id of each unit (None for a root)."""
        return self._parents

    @property
    def levels(self) -> Sequence[str]:
        """The level id of each unit."""
        return self._levels

    @property
    def names(self) -> Sequence[str | None]:
        """The name of each unit."""
        return self._names

    @property
    def codes(self) -> Sequence[str | None]:
        """The official code of each unit."""
        return self._codes

    @property
    def valid_from(self) -> Sequence[dt.date | None]:
        """The first day of each unit."""
        return self._valid

    @property
    def valid_until(self) -> Sequence[dt.date | None]:
        """The last day of each unit."""
        return self._until

    @property
    def measure_names(self) -> tuple[str, ...]:
        """The measures any unit has, in first-seen order."""
        return tuple(self._measures)

    def measure(self, name: str) -> list[Amount | None]:
        """Return the column of *name* (None where a unit has no amount), a copy."""
        column = self._measures.get(name)
        return list(column) if column is not None else [None] * len(self._ids)

    def raw_measure(self, name: str) -> Sequence[Amount | None] | None:
        """Return the column of *name* itself (not a copy), or None; do not modify it."""
        return self._measures.get(name)

    @property
    def nested(self) -> bool:
        """Whether the units were written nested (YAML ``units:`` inside units)."""
        return self._nest is not None and any(enclosing >= 0 for enclosing in self._nest)

    def conflicts(self) -> list[tuple[int, str]]:
        """Nested units that name a parent other than the unit they are nested in."""
        return list(self._conflicts)

    # -- where a row came from --------------------------------------------------------

    def path_of(self, row: int) -> tuple[PathPart, ...]:
        """Return the YAML path of *row* (``("units", 0, "units", 2)``)."""
        if self._paths is not None:
            return self._paths[row]
        return ("units", row)

    def line_of(self, row: int) -> int | None:
        """Return the CSV line of *row*, when the units were read from CSV."""
        return self._lines[row] if self._lines is not None else None

    @property
    def source(self) -> str | None:
        """The CSV file the units were read from, if any."""
        return self._source

    def where(self, row: int) -> str:
        """Describe where *row* is, for messages (``line 7`` or ``units[3]``)."""
        line = self.line_of(row)
        if line is not None:
            return f"line {line}"
        path = self.path_of(row)
        return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)[1:]

    # -- Sequence[Unit] ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Unit: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Unit]: ...
    def __getitem__(self, index: int | slice) -> Unit | Sequence[Unit]:
        if isinstance(index, slice):
            return [self[row] for row in range(len(self._ids))[index]]
        row = range(len(self._ids))[index]
        return Unit(
            id=self._ids[row],
            level=self._levels[row],
            name=self._names[row],
            parent=self._parents[row],
            code=self._codes[row],
            measures=FrozenMap(
                {
                    name: Quantity(Fraction(column[row]))  # type: ignore[arg-type]
                    for name, column in self._measures.items()
                    if column[row] is not None
                }
            ),
            valid_from=self._valid[row],
            valid_until=self._until[row],
        )

    def __iter__(self) -> Iterator[Unit]:
        for row in range(len(self._ids)):
            yield self[row]

    def _key(self) -> tuple[Any, ...]:
        measures = {
            name: column
            for name, column in self._measures.items()
            if any(v is not None for v in column)
        }
        return (
            self._ids,
            self._parents,
            self._levels,
            self._names,
            self._codes,
            measures,
            self._valid,
            self._until,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Units):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        if self._hash is None:
            key = self._key()
            self._hash = hash(
                (
                    *(tuple(column) for column in key[:5]),
                    tuple((name, tuple(column)) for name, column in sorted(key[5].items())),
                    tuple(key[6]),
                    tuple(key[7]),
                )
            )
        return self._hash

    def __repr__(self) -> str:
        shown = ", ".join(self._ids[:3]) + (", ..." if len(self._ids) > 3 else "")
        return f"Units({len(self._ids)} units: {shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (
                self._ids,
                self._parents,
                self._levels,
                self._names,
                self._codes,
                self._measures,
                self._valid,
                self._until,
            ),
        )


def _rebuild(*columns: Any) -> Units:
    ids, parents, levels, names, codes, measures, valid, until = columns
    return Units(
        ids,
        parents,
        levels,
        names=names,
        codes=codes,
        measures=measures,
        valid_from=valid,
        valid_until=until,
    )


def to_units(value: Units | Iterable[Unit]) -> Units:
    """Accept `Units` as they are, or any iterable of `Unit` values."""
    return value if isinstance(value, Units) else Units.of(value)


def _structure_units(value: Any, _: Any) -> Units:
    if not isinstance(value, list):
        msg = f"expected a list of units, got {describe(value)}"
        raise TypeError(msg)
    return Units.of(converter.structure(value, tuple[Unit, ...]))


def _unstructure_units(units: Units) -> list[Any]:
    flat = [converter.unstructure(unit, Unit) for unit in units]
    if not units.nested or units._nest is None:
        return flat
    out: list[Any] = []
    for row, enclosing in enumerate(units._nest):
        if enclosing < 0:
            out.append(flat[row])
            continue
        flat[row].pop("parent", None)
        flat[enclosing].setdefault("units", []).append(flat[row])
    return out


converter.register_structure_hook(Units, _structure_units)
converter.register_unstructure_hook(Units, _unstructure_units)
