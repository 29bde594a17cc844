"""Motion ballots and rolls from CSV files, with every bad row reported at its line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from govkit.config import FrozenMap, Quantity, to_quantity
from govkit.errors import ConfigError, Problem
from govkit.voting._roll import Member, Roll
from govkit.voting._tally import Choice, MotionBallot

__all__ = ["CHOICE_WORDS", "read_motion_csv", "read_roll_csv"]

CHOICE_WORDS: FrozenMap[str, Choice] = FrozenMap(
    {
        **{choice.value: choice for choice in Choice},
        "同意": Choice.FOR,
        "赞成": Choice.FOR,
        "反对": Choice.AGAINST,
        "弃权": Choice.ABSTAIN,
        "空白": Choice.BLANK,
        "无效": Choice.INVALID,
    }
)
"""Words a ballot CSV may use for each choice (English or Chinese)."""


def _rows(text: str, name: str, required: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    fields = [field.strip() for field in reader.fieldnames or []]
    if required not in fields:
        found = ", ".join(fields) or "(none)"
        msg = f"the CSV header must have a {required!r} column; it has: {found}"
        raise ConfigError([Problem(message=msg, source=name, line=1, column=1)], name)
    reader.fieldnames = fields
    for row in reader:
        yield reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}


def _measures(
    row: dict[str, str], skip: tuple[str, ...], name: str, line: int, problems: list[Problem]
) -> dict[str, Quantity]:
    """Read every non-empty column but *skip* as a measure; bad numbers go to *problems*."""
    measures = {}
    for column, value in row.items():
        if column in skip or value == "":
            continue
        try:
            measures[column] = to_quantity(value)
        except (TypeError, ValueError) as exc:
            message = f"{exc} in column {column!r}"
            problems.append(
                Problem(message=message, source=name, line=line, path=(line - 1, column))
            )
    return measures


def read_motion_csv(text: str, *, name: str = "<csv>") -> tuple[MotionBallot, ...]:
    r"""
    Read motion ballots from CSV text.

    The header names a ``choice`` column, optional ``voter`` and ``weight``
    columns, and one column per measure (``area``, ``households``, ...).

    Choices are ``for``, ``against``, ``abstain``, ``blank``, ``invalid`` or
    同意 / 赞成, 反对, 弃权, 空白, 无效.

    Raises
    ------
    ConfigError
        Listing every bad row with its line and column name.

    Examples
    --------
    >>> ballots = read_motion_csv("voter,choice,area\n101,for,96.52\n102,弃权,120\n")
    >>> [(b.voter, b.choice.value, b.measures["area"]) for b in ballots]
    [('101', 'for', Fraction(2413, 25)), ('102', 'abstain', Fraction(120, 1))]
    """
    ballots = []
    problems: list[Problem] = []
    for line, row in _rows(text, name, "choice"):
        choice = CHOICE_WORDS.get(row.get("choice", "").lower())
        if choice is None:
            known = ", ".join(CHOICE_WORDS)
            msg = f"unknown choice {row.get('choice')!r} in column 'choice'; known: {known}"
            problems.append(Problem(message=msg, source=name, line=line, path=(line - 1, "choice")))
            continue
        before = len(problems)
        measures = _measures(row, ("choice", "voter", "weight"), name, line, problems)
        bad = len(problems) > before
        try:
            weight = to_quantity(row["weight"]) if row.get("weight") else 1
            if not bad:
                ballots.append(
                    MotionBallot(
                        choice=choice,
                        voter=row.get("voter") or None,
                        weight=weight,
                        measures=measures,
                    )
                )
        except (TypeError, ValueError) as exc:
            problems.append(
                Problem(message=str(exc), source=name, line=line, path=(line - 1, "weight"))
            )
    if problems:
        raise ConfigError(problems, name)
    return tuple(ballots)


def read_roll_csv(text: str, *, name: str = "<csv>", roll_id: str | None = None) -> Roll:
    r"""
    Read a roll from CSV text: an ``id`` column and one column per measure.

    Examples
    --------
    >>> roll = read_roll_csv("id,area\n101,96.52\n102,120\n")
    >>> roll.total("area"), roll.total("headcount")
    (Fraction(5413, 25), Fraction(2, 1))
    """
    members = []
    problems: list[Problem] = []
    for line, row in _rows(text, name, "id"):
        measures = _measures(row, ("id",), name, line, problems)
        try:
            members.append(Member(id=row["id"], measures=measures))
        except ConfigError as error:
            problems.extend(
                Problem(message=p.message, source=name, line=line, path=(line - 1, *p.path))
                for p in error.problems
            )
    if problems:
        raise ConfigError(problems, name)
    try:
        return Roll(id=roll_id, members=tuple(members))
    except ConfigError as error:
        located = [
            Problem(message=p.message, source=name, line=int(p.path[1]) + 2, path=p.path)
            for p in error.problems
        ]
        raise ConfigError(located, name) from None
