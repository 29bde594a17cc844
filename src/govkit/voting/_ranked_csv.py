"""Ranked ballots in CSV: one row per ballot, with its voter, weight and measures."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction

from govkit.config import quantity_text, to_quantity
from govkit.errors import ConfigError, Problem
from govkit.voting._ballots import RankedBallot

__all__ = ["read_ranked_csv", "write_ranked_csv"]

_RANK = re.compile(r"(?:rank[ _]?)?(\d+)", re.IGNORECASE)


def _rank_columns(header: Sequence[str]) -> dict[int, int]:
    """Return column index -> rank number for the rank columns of *header*."""
    ranks = {}
    for index, name in enumerate(header):
        match = _RANK.fullmatch(name.strip())
        if match:
            ranks[index] = int(match.group(1))
    return ranks


def read_ranked_csv(text: str, *, name: str = "<csv>") -> tuple[RankedBallot, ...]:
    r"""
    Read ranked ballots from CSV text: a header, then one row per ballot.

    Columns: ``rank_1``, ``rank_2``, ... (or ``rank 1``, or just ``1``, ``2``) hold
    the candidate at each rank; ``a=b`` ranks several equal; an empty cell ranks
    nobody. ``voter`` (optional) names who cast the ballot, ``weight`` (optional,
    an exact number) how much it counts; every other column is a named measure
    (``area``, ``headcount``). Every bad row is reported at once, with its line.

    Examples
    --------
    >>> text = "voter,area,rank_1,rank_2\n1-101,88.5,ann,bo\n1-102,92,bo=cy,\n"
    >>> [ballot.ranking for ballot in read_ranked_csv(text)]
    [('ann', 'bo'), (('bo', 'cy'),)]
    >>> read_ranked_csv(text)[0].measures["area"]
    Fraction(177, 2)
    """
    rows = list(csv.reader(io.StringIO(text)))
    problems: list[Problem] = []

    def fail(line: int, message: str, hint: str | None = None) -> None:
        problems.append(Problem(message=message, source=name, line=line, hint=hint))

    if not rows:
        fail(1, "the file is empty; expected a header such as voter,rank_1,rank_2")
        raise ConfigError(problems, name)
    header = [cell.strip() for cell in rows[0]]
    ranks = _rank_columns(header)
    if not ranks:
        fail(
            1,
            f"no rank columns in the header {','.join(header)!r}",
            "name them rank_1, rank_2, ...",
        )
        raise ConfigError(problems, name)
    order = sorted(ranks, key=ranks.__getitem__)
    others = {index: column for index, column in enumerate(header) if index not in ranks}
    ballots: list[RankedBallot] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(header):
            fail(line, f"{len(row)} cells, but the header has {len(header)}")
            continue
        ranking = [
            tuple(part.strip() for part in row[index].split("="))
            if "=" in row[index]
            else row[index].strip()
            for index in order
            if row[index].strip()
        ]
        voter, weight, measures = None, Fraction(1), {}
        try:
            for index, column in others.items():
                cell = row[index].strip()
                if column == "voter":
                    voter = cell or None
                elif column == "weight":
                    weight = to_quantity(cell) if cell else Fraction(1)
                elif cell:
                    measures[column] = to_quantity(cell)
        except (TypeError, ValueError) as exc:
            fail(line, str(exc))
            continue
        ballots.append(RankedBallot(ranking=ranking, voter=voter, weight=weight, measures=measures))
    if problems:
        raise ConfigError(problems, name)
    return tuple(ballots)


def write_ranked_csv(ballots: Iterable[RankedBallot]) -> str:
    """
    Return *ballots* as CSV text that `read_ranked_csv` reads back to equal ballots.

    Examples
    --------
    >>> ballots = (RankedBallot(ranking=["ann", ["bo", "cy"]], voter="v1", weight=2),)
    >>> print(write_ranked_csv(ballots), end="")
    voter,weight,rank_1,rank_2
    v1,2,ann,bo=cy
    >>> read_ranked_csv(write_ranked_csv(ballots)) == ballots
    True
    """
    ballots = tuple(ballots)
    names = sorted({name for ballot in ballots for name in ballot.measures})
    depth = max((len(ballot.ranking) for ballot in ballots), default=1)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["voter", "weight", *names, *(f"rank_{n}" for n in range(1, depth + 1))])
    for ballot in ballots:
        cells = [rank if isinstance(rank, str) else "=".join(rank) for rank in ballot.ranking]
        writer.writerow(
            [
                ballot.voter or "",
                quantity_text(ballot.weight),
                *(quantity_text(ballot.measures[m]) if m in ballot.measures else "" for m in names),
                *cells,
                *([""] * (depth - len(cells))),
            ]
        )
    return out.getvalue()
