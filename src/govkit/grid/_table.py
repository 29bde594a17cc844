"""Flat tables of units: the fast path for big trees (CSV in, CSV out)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction
from itertools import repeat
from pathlib import Path
from typing import IO

from govkit.config import load_preset, quantity_text, to_quantity
from govkit.errors import ConfigError, Problem
from govkit.grid._hierarchy import Hierarchy
from govkit.grid._level import LevelScheme
from govkit.grid._unit import Amount, Units

__all__ = ["BASE_COLUMNS", "read_csv", "to_csv"]

BASE_COLUMNS = ("id", "parent", "level", "name", "code", "valid_from", "valid_until")
"""The CSV columns with a fixed meaning; every other column is a measure."""

_MEASURE = re.compile(r"[a-z][a-z0-9_]*")


def _scheme(scheme: LevelScheme | str) -> LevelScheme:
    if isinstance(scheme, LevelScheme):
        return scheme
    found = load_preset(scheme, LevelScheme)
    if not isinstance(found, LevelScheme):  # pragma: no cover - load_preset checks the kind
        msg = f"preset {scheme!r} is not a level scheme"
        raise TypeError(msg)
    return found


def _amounts(
    column: list[str], name: str, lines: list[int], source: str, problems: list[Problem]
) -> list[Amount | None]:
    table: dict[str, Amount | None] = {"": None}
    for value in set(column):  # amounts repeat: parse each distinct text once
        if value in table:
            continue
        try:
            table[value] = int(value)
        except ValueError:
            try:
                quantity = to_quantity(value.strip())
            except (TypeError, ValueError):
                continue
            table[value] = quantity.numerator if quantity.denominator == 1 else Fraction(quantity)
    if len(table) == len(set(column) | {""}):
        return list(map(table.__getitem__, column))
    out: list[Amount | None] = []
    for row, value in enumerate(column):
        if value in table:
            out.append(table[value])
            continue
        try:
            to_quantity(value.strip())
        except (TypeError, ValueError) as exc:
            problems.append(Problem(message=f"{name}: {exc}", source=source, line=lines[row]))
        out.append(None)
    return out


def _dates(
    column: list[str], name: str, lines: list[int], source: str, problems: list[Problem]
) -> list[dt.date | None]:
    out: list[dt.date | None] = []
    for row, value in enumerate(column):
        if not value:
            out.append(None)
            continue
        try:
            out.append(dt.date.fromisoformat(value.strip()))
        except ValueError:
            msg = f"{name}: expected a date such as 2026-01-31, got {value!r}"
            problems.append(Problem(message=msg, source=source, line=lines[row]))
            out.append(None)
    return out


def _read_text(source: str | Path | IO[str]) -> tuple[str, str]:
    if isinstance(source, (str, Path)):
        with open(source, encoding="utf-8-sig", newline="") as stream:
            return str(source), stream.read()
    return str(getattr(source, "name", "<stream>")), source.read()


def _split(text: str) -> tuple[list[str], list[list[str]], list[int]] | None:
    """Split a CSV without quotes, by columns at C speed; None when the text needs csv."""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if '"' in text or "\r" in text:
        return None
    head, _, body = text.partition("\n")
    body = body.removesuffix("\n")
    header = head.split(",")
    if not body:
        return header, [[] for _ in header], []
    lines = body.split("\n")
    commas = set(map(str.count, lines, repeat(",")))
    if commas != {len(header) - 1}:
        return None  # ragged or blank lines: let csv find and report them
    cells = body.replace("\n", ",").split(",")
    width = len(header)
    return (
        header,
        [cells[position::width] for position in range(width)],
        list(range(2, len(lines) + 2)),
    )


def _read_columns(
    text: str, name: str, problems: list[Problem]
) -> tuple[list[str], list[list[str]], list[int]]:
    fast = _split(text)
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(text))
    every = list(reader)
    width = len(every[0]) if every else 0
    if reader.line_num == len(every) and all(len(cells) == width for cells in every):
        columns = [list(column) for column in zip(*every[1:], strict=True)]
        return every[0], columns or [[] for _ in every[0]], list(range(2, len(every) + 1))
    reader = csv.reader(io.StringIO(text))
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] = []
    for cells in reader:
        if not header:
            header = cells
            continue
        if not cells:
            continue
        if len(cells) != len(header):
            msg = f"expected {len(header)} cells, got {len(cells)}"
            problems.append(Problem(message=msg, source=name, line=reader.line_num))
        rows.append(cells)
        lines.append(reader.line_num)
    if problems:
        return header, [], lines
    return (
        header,
        [list(column) for column in zip(*rows, strict=True)] or [[] for _ in header],
        lines,
    )


def read_csv(
    source: str | Path | IO[str],
    *,
    scheme: LevelScheme | str,
    id: str | None = None,
    title: str | None = None,
) -> Hierarchy:
    r"""
    Build a hierarchy from a CSV table with one unit per row (the fast path).

    Columns ``id``, ``level`` and ``parent`` (empty for the root) are required;
    ``name``, ``code``, ``valid_from`` and ``valid_until`` are optional; every other
    column is a measure (``households``, ``residents``, ``area``). Empty cells are
    missing values. Every problem is reported at once, each with its line.

    Parameters
    ----------
    source : path or text stream
        The CSV file (UTF-8, a byte-order mark is skipped) or an open text stream.
    scheme : LevelScheme or str
        The levels, or the id of a level-scheme preset.
    id, title : str or None
        The hierarchy's id and title.

    Raises
    ------
    ConfigError
        Listing every problem with its line.

    Examples
    --------
    >>> import io
    >>> table = io.StringIO("id,parent,level,households\nc1,,community,\ng1,c1,grid,20\n")
    >>> read_csv(table, scheme="standard_grid_levels")
    Traceback (most recent call last):
    ...
    govkit.errors.ConfigError: 1 problem(s) in <stream>:
      - <stream>:2: a community needs a parent: it sits ... @ $.units[0].parent
    """
    levels = _scheme(scheme)
    name, text = _read_text(source)
    problems: list[Problem] = []
    if not text.strip():
        problem = Problem(message="the table is empty; it needs a header row", source=name, line=1)
        raise ConfigError([problem], name)
    header, cells, lines = _read_columns(text, name, problems)
    header = [cell.strip() for cell in header]
    for required in ("id", "level", "parent"):
        if required not in header:
            msg = f"missing column {required!r}; the header is: {', '.join(header)}"
            problems.append(Problem(message=msg, source=name, line=1))
    for column in header:
        if column not in BASE_COLUMNS and not _MEASURE.fullmatch(column):
            msg = f"column {column!r} is not a snake_case measure name such as 'households'"
            problems.append(Problem(message=msg, source=name, line=1))
    if len(set(header)) != len(header):
        problems.append(Problem(message="a column is named twice", source=name, line=1))
    if problems:
        problems.sort(key=lambda problem: problem.line or 0)
        raise ConfigError(problems, name)
    columns = dict(zip(header, cells, strict=True))
    units = _units(columns, lines, name, problems)
    try:
        hierarchy = Hierarchy(id=id, title=title, scheme=levels, units=units)
    except ConfigError as exc:
        problems.extend(exc.problems)
    if problems:
        problems.sort(key=lambda problem: problem.line or 0)
        raise ConfigError(problems, name)
    return hierarchy


def _units(
    columns: dict[str, list[str]], lines: list[int], name: str, problems: list[Problem]
) -> Units:
    def optional(column: str) -> list[str | None] | None:
        values = columns.get(column)
        return [value or None for value in values] if values is not None else None

    ids = columns["id"]
    return Units(
        ids,
        [value or None for value in columns["parent"]],
        columns["level"],
        names=optional("name"),
        codes=optional("code"),
        measures={
            column: _amounts(values, column, lines, name, problems)
            for column, values in columns.items()
            if column not in BASE_COLUMNS
        },
        valid_from=_dates(columns["valid_from"], "valid_from", lines, name, problems)
        if "valid_from" in columns
        else None,
        valid_until=_dates(columns["valid_until"], "valid_until", lines, name, problems)
        if "valid_until" in columns
        else None,
        lines=lines,
        source=name,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Fraction):
        return quantity_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_csv(hierarchy: Hierarchy, target: str | Path | IO[str] | None = None) -> str | None:
    """
    Write *hierarchy* as a CSV table that `read_csv` reads back equal.

    Optional columns (``name``, ``code``, dates) and measures appear only when some
    unit has a value. With no *target*, return the text; otherwise write it there.

    Examples
    --------
    >>> from govkit.grid import Level, LevelScheme, Unit
    >>> scheme = LevelScheme(levels=(Level(id="community"),
    ...                              Level(id="grid", parents=("community",))))
    >>> tree = Hierarchy(scheme=scheme, units=[Unit(id="c1", level="community"),
    ...     Unit(id="g1", level="grid", parent="c1", measures={"households": 320})])
    >>> print(to_csv(tree), end="")
    id,parent,level,households
    c1,,community,
    g1,c1,grid,320
    """
    units = hierarchy.units
    columns: list[tuple[str, Iterable[object]]] = [
        ("id", units.ids),
        ("parent", units.parents),
        ("level", units.levels),
    ]
    optional: tuple[tuple[str, Sequence[object]], ...] = (
        ("name", units.names),
        ("code", units.codes),
        ("valid_from", units.valid_from),
        ("valid_until", units.valid_until),
    )
    for column, values in optional:
        if any(value is not None for value in values):
            columns.append((column, values))
    for measure in units.measure_names:
        amounts = units.raw_measure(measure) or []
        if any(value is not None for value in amounts):
            columns.append((measure, amounts))
    buffer = io.StringIO() if target is None or isinstance(target, (str, Path)) else None
    stream = buffer if buffer is not None else target
    writer = csv.writer(stream, lineterminator="\n")  # type: ignore[arg-type]
    writer.writerow([column for column, _ in columns])
    writer.writerows(
        [_text(value) for value in row]
        for row in zip(*(values for _, values in columns), strict=True)
    )
    if buffer is None:
        return None
    if target is None:
        return buffer.getvalue()
    Path(target).write_text(buffer.getvalue(), encoding="utf-8")  # type: ignore[arg-type]
    return None
