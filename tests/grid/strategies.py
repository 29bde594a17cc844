"""Hypothesis strategies for the grid document kinds (used by tests/strategies.py)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from govkit.config import Citation, FrozenMap, Quantity
from govkit.grid import (
    Assignment,
    Assignments,
    CodeScheme,
    Confidence,
    GridNorms,
    Hierarchy,
    Level,
    LevelScheme,
    Range,
    Role,
    SizeRule,
    StaffingRule,
    Unit,
)

texts = st.one_of(
    st.text(min_size=1, max_size=10),
    st.sampled_from(["yes", "no", "12:30", "1.10", "null", "2026-01-01", "网格", "社区"]),
)
idents = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
amounts = st.one_of(
    st.integers(0, 2_000).map(lambda n: Quantity(Fraction(n))),
    st.integers(0, 100_000).map(lambda n: Quantity(Fraction(n, 100))),
)
confidences = st.none() | st.sampled_from(list(Confidence))
citations = st.builds(Citation, law=texts, version=texts, article=texts)

LEVELS = ("street", "community", "grid", "building")
"""A fixed chain of levels; each level's only parent is the one before it."""


@st.composite
def level_schemes(draw: Any) -> LevelScheme:
    """A level scheme: a chain of levels, sometimes with a code scheme."""
    size = draw(st.integers(1, len(LEVELS)))
    levels = tuple(
        Level(
            id=LEVELS[i],
            name=draw(st.none() | texts),
            parents=(LEVELS[i - 1],) if i else (),
        )
        for i in range(size)
    )
    codes = None
    if draw(st.booleans()):
        digits = {LEVELS[i]: 3 * (i + 1) for i in range(size)}
        codes = CodeScheme(name=draw(texts), length=3 * size, digits=FrozenMap(digits))
    return LevelScheme(
        id=draw(st.none() | idents),
        title=draw(st.none() | texts),
        source=draw(st.none() | citations),
        verified=draw(st.booleans()),
        confidence=draw(confidences),
        levels=levels,
        codes=codes,
    )


def _measures(draw: Any) -> FrozenMap[str, Quantity]:
    names = st.sampled_from(["households", "residents", "area"])
    return FrozenMap(draw(st.dictionaries(names, amounts, max_size=2)))


@st.composite
def hierarchies(draw: Any) -> Hierarchy:
    """A valid hierarchy on a drawn scheme, written nested or flat, with consistent codes."""
    scheme = draw(level_schemes())
    depth_of = {level.id: depth for depth, level in enumerate(scheme.levels)}
    ids = draw(st.lists(idents, min_size=1, max_size=8, unique=True))
    rows: list[dict[str, Any]] = []
    for position, ident in enumerate(ids):
        can_parent = [row for row in rows if depth_of[row["level"]] + 1 < len(scheme.levels)]
        parent = draw(st.sampled_from(can_parent)) if position and can_parent else None
        if position and parent is None:
            break
        level = scheme.levels[depth_of[parent["level"]] + 1 if parent else 0].id
        start = draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)))
        end = None if start is None else draw(st.none() | st.just(start + dt.timedelta(days=30)))
        rows.append(
            {
                "id": ident,
                "level": level,
                "parent": parent["id"] if parent else None,
                "name": draw(st.none() | texts),
                "measures": _measures(draw),
                "valid_from": start,
                "valid_until": end,
                "children": [],
                "serial": len(rows) + 1,
            }
        )
        if parent:
            parent["children"].append(rows[-1])
    if scheme.codes is not None:
        for row in rows:  # parents come first: each code extends its parent's
            above = next((r for r in rows if r["id"] == row["parent"]), None)
            row["code"] = (above["code"][: 3 * depth_of[above["level"]] + 3] if above else "") + (
                f"{row['serial']:03d}"
            )
            row["code"] = row["code"].ljust(scheme.codes.length, "0")

    def unit(row: dict[str, Any], *, nested: bool) -> Unit:
        return Unit(
            id=row["id"],
            level=row["level"],
            name=row["name"],
            parent=None if nested else row["parent"],
            code=row.get("code"),
            measures=row["measures"],
            valid_from=row["valid_from"],
            valid_until=row["valid_until"],
            units=tuple(unit(kid, nested=True) for kid in row["children"]) if nested else (),
        )

    nested = draw(st.booleans())
    units = [unit(rows[0], nested=True)] if nested else [unit(r, nested=False) for r in rows]
    return Hierarchy(
        id=draw(st.none() | idents), title=draw(st.none() | texts), scheme=scheme, units=units
    )


ranges = st.builds(
    lambda low, span: Range(at_least=low, at_most=None if span is None else Quantity(low + span)),
    amounts,
    st.none() | amounts,
)


@st.composite
def grid_norms(draw: Any) -> GridNorms:
    """Norms with size and staffing rules of both forms."""
    sizes = draw(
        st.lists(
            st.builds(
                SizeRule,
                level=st.sampled_from(LEVELS),
                measure=st.sampled_from(["households", "residents"]),
                target=ranges,
                warning=st.none() | ranges,
                confidence=confidences,
                note=st.none() | texts,
            ),
            max_size=2,
        )
    )
    per_unit = st.builds(
        StaffingRule,
        role=st.sampled_from(list(Role)),
        level=st.sampled_from(LEVELS),
        per_unit=st.integers(1, 3),
        confidence=confidences,
    )
    per_person = st.builds(
        StaffingRule,
        role=st.sampled_from(list(Role)),
        level=st.sampled_from(LEVELS),
        measure=st.just("households"),
        per_person=amounts.filter(lambda amount: amount > 0),
        note=st.none() | texts,
    )
    return GridNorms(
        id=draw(st.none() | idents),
        title=draw(st.none() | texts),
        source=draw(st.none() | citations),
        verified=draw(st.booleans()),
        confidence=draw(confidences),
        sizes=tuple(sizes),
        staffing=tuple(draw(st.lists(per_unit | per_person, max_size=3))),
    )


@st.composite
def assignments(draw: Any) -> Assignments:
    """People bound to units, one entry per person and role."""
    people = draw(st.lists(idents, unique=True, max_size=4))
    return Assignments(
        id=draw(st.none() | idents),
        title=draw(st.none() | texts),
        people=tuple(
            Assignment(
                person=person,
                role=draw(st.sampled_from(list(Role))),
                units=tuple(draw(st.lists(idents, min_size=1, max_size=3, unique=True))),
                name=draw(st.none() | texts),
                since=draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
            )
            for person in people
        ),
    )


GRID_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "assignments": assignments(),
    "grid_norms": grid_norms(),
    "hierarchy": hierarchies(),
    "level_scheme": level_schemes(),
}
"""One strategy per grid document kind."""
