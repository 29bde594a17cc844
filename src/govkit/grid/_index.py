"""
The arrays behind a hierarchy, and the one pass that validates them.

Units get dense row numbers; the tree is a parent-row list and a level-rank list. A
unit's parent is on an earlier level, so ranks fall strictly going up: a tree whose
links all go to allowed levels cannot loop, ancestor and lowest-common-superior queries
walk a few list cells, and aggregation is one pass over the rows by level, lowest
first. Children (CSR) and the pre-order (an Euler tour, for subtrees) are built on
first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import cached_property
from itertools import repeat

from govkit.grid._level import LevelScheme, suggest
from govkit.grid._unit import Amount, Units

__all__ = ["Finding", "Index", "build_index"]

_HINTS = 20
"""How many orphans get a "did you mean" hint (each costs a scan of up to 5,000 ids)."""

Finding = tuple[int, str | None, str, str | None]
"""A problem found in a row: (row, field or None, message, hint or None)."""


class Index:
    """Dense arrays over the units of a valid (or partly valid) hierarchy."""

    def __init__(
        self,
        units: Units,
        position: dict[str, int],
        parent: list[int],
        rank: list[int],
    ) -> None:
        self.units = units
        self.ids: Sequence[str] = units.ids
        self.position = position
        self.parent = parent
        self.rank = rank

    @cached_property
    def children(self) -> tuple[list[int], list[int]]:
        """Children as CSR: rows ``kids[start[r]:start[r + 1]]`` are the children of r."""
        size = len(self.parent)
        start = [0] * (size + 1)
        for parent in self.parent:
            if parent >= 0:
                start[parent + 1] += 1
        total = 0
        for row in range(size + 1):
            total += start[row]
            start[row] = total
        fill = start[:-1]
        kids = [0] * start[-1]
        for row, parent in enumerate(self.parent):
            if parent >= 0:
                kids[fill[parent]] = row
                fill[parent] += 1
        return start, kids

    def kids(self, row: int) -> list[int]:
        """Return the child rows of *row*, in file order."""
        start, kids = self.children
        return kids[start[row] : start[row + 1]]

    @cached_property
    def euler(self) -> tuple[list[int], list[int], list[int]]:
        """Pre-order rows and, per row, where its subtree starts and ends in that order."""
        start, kids = self.children
        size = len(self.parent)
        order: list[int] = []
        enter = [0] * size
        leave = [0] * size
        roots = [row for row, parent in enumerate(self.parent) if parent < 0]
        stack = [(row, False) for row in reversed(roots)]
        while stack:
            row, done = stack.pop()
            if done:
                leave[row] = len(order)
                continue
            enter[row] = len(order)
            order.append(row)
            stack.append((row, True))
            stack.extend((kid, False) for kid in reversed(kids[start[row] : start[row + 1]]))
        return order, enter, leave

    @cached_property
    def bottom_up(self) -> list[int]:
        """
        Every non-root row, lowest level first (children before their parents).

        A unit's parent is always on an earlier level than the unit (the scheme lists
        parents first), so ordering by level rank, deepest first, is a valid order.
        """
        buckets: list[list[int]] = [[] for _ in range(max(self.rank, default=0) + 1)]
        for row, (level, up) in enumerate(zip(self.rank, self.parent, strict=True)):
            if up >= 0:
                buckets[level].append(row)
        order: list[int] = []
        for bucket in reversed(buckets):
            order.extend(bucket)
        return order

    def totals(self, measure: str) -> list[Amount]:
        """Return each unit's amount of *measure* plus that of all units below it."""
        column = self.units.raw_measure(measure)
        if column is None:
            return [0] * len(self.parent)
        total: list[Amount] = [0 if value is None else value for value in column]
        parent = self.parent
        for row in self.bottom_up:
            total[parent[row]] += total[row]
        return total


def _check_rows(units: Units, scheme: LevelScheme, findings: list[Finding]) -> Index:
    ids = units.ids
    size = len(ids)
    position = dict(zip(reversed(ids), range(size - 1, -1, -1), strict=True))
    if len(position) != size:
        for row, ident in enumerate(ids):
            first = position[ident]
            if first != row:
                msg = f"duplicate unit id {ident!r} (first at {units.where(first)})"
                findings.append((row, "id", msg, "give every unit its own id"))
    if "" in position:
        findings.append((position[""], "id", "a unit id must not be empty", None))
    level_rank = {level.id: index for index, level in enumerate(scheme.levels)}
    rank = list(map(level_rank.get, units.levels, repeat(-1)))
    if -1 in rank:
        known = ", ".join(level_rank)
        for row, (value, level) in enumerate(zip(rank, units.levels, strict=True)):
            if value < 0:
                hint = suggest(level, level_rank)
                msg = f"unknown level {level!r}; the levels are {known}"
                findings.append((row, "level", msg, hint))
    parent: list[int] = list(map(position.get, units.parents, repeat(-1)))  # type: ignore[arg-type]
    return Index(units, position, parent, rank)


def _parent_words(scheme: LevelScheme, rank: int) -> str:
    level = scheme.levels[rank]
    return " or ".join(repr(name) for name in level.parents)


def _check_links(index: Index, scheme: LevelScheme, findings: list[Finding]) -> bool:
    """Check parents and roots; return whether every link goes to an allowed level."""
    units = index.units
    allowed = [
        frozenset(scheme.level_ids.index(name) for name in level.parents) for level in scheme.levels
    ]
    rank, parent = index.rank, index.parent
    above = list(map(rank.__getitem__, parent))  # a root's entry is meaningless, and skipped
    pairs = set(zip(rank, above, (up >= 0 for up in parent), strict=True))
    bad = {
        (low, high)
        for low, high, linked in pairs
        if linked and low >= 0 and high >= 0 and high not in allowed[low]
    }
    well_linked = not bad and -1 not in rank
    for row, (low, high, up) in enumerate(zip(rank, above, parent, strict=True)):
        if up >= 0 and (low, high) in bad:
            msg = (
                f"a {scheme.levels[low].id} sits under a {_parent_words(scheme, low)}, "
                f"not under a {scheme.levels[high].id} ({units.ids[up]!r})"
            )
            findings.append((row, "parent", msg, None))
    roots: list[int] = [row for row, up in enumerate(parent) if up < 0]
    parents = units.parents
    true_roots = []
    hinted = 0
    for row in roots:
        name = parents[row]
        if name is not None:
            hinted += 1  # spelling hints cost a scan each: give them for the first few only
            hint = suggest(name, units.ids[:5000]) if hinted <= _HINTS else None
            msg = f"orphan: parent {name!r} is not a unit of this hierarchy"
            findings.append((row, "parent", msg, hint))
            continue
        true_roots.append(row)
        if rank[row] >= 0 and allowed[rank[row]]:
            level = scheme.levels[rank[row]].id
            msg = f"a {level} needs a parent: it sits under a {_parent_words(scheme, rank[row])}"
            findings.append((row, "parent", msg, None))
    if not units.ids:
        findings.append((-1, None, "a hierarchy needs at least one unit (its root)", None))
    elif not roots:
        findings.append((0, None, "no root: every unit has a parent, so the parents loop", None))
    for row in true_roots[1:]:
        first = units.ids[true_roots[0]]
        msg = f"several roots: {units.ids[row]!r} has no parent, nor has {first!r}"
        findings.append((row, "parent", msg, "a hierarchy has exactly one root"))
    for row, declared in units.conflicts():
        enclosing = units.parents[row]
        msg = f"unit is nested under {enclosing!r} but names parent {declared!r}"
        findings.append((row, "parent", msg, "remove 'parent:' from nested units"))
    return well_linked


def _check_cycles(index: Index, findings: list[Finding]) -> bool:
    """Report each cycle once; return whether the tree is acyclic (only run on bad links)."""
    parent = index.parent
    known = [up < 0 for up in parent]
    acyclic = True
    for row in range(len(parent)):
        if not known[row]:
            acyclic = _walk_up(index, row, known, findings) and acyclic
    return acyclic


def _walk_up(index: Index, row: int, known: list[bool], findings: list[Finding]) -> bool:
    parent = index.parent
    trail: list[int] = []
    on_trail: set[int] = set()
    current = row
    while current >= 0 and not known[current]:
        if current in on_trail:
            loop = trail[trail.index(current) :]
            names = [index.ids[member] for member in loop]
            text = " -> ".join([*names, names[0]])
            findings.append(
                (min(loop), "parent", f"cycle: {text}", "a unit cannot sit under itself")
            )
            for member in trail:
                known[member] = True
            return False
        trail.append(current)
        on_trail.add(current)
        current = parent[current]
    for member in trail:
        known[member] = True
    return True


def _check_codes(index: Index, scheme: LevelScheme, findings: list[Finding]) -> None:
    codes = index.units.codes
    if all(code is None for code in codes):
        return
    seen: dict[str, int] = {}
    digits_of = [
        scheme.codes.digits.get(level.id) if scheme.codes is not None else None
        for level in scheme.levels
    ]
    length = scheme.codes.length if scheme.codes is not None else 0
    for row, code in enumerate(codes):
        if code is None:
            continue
        if code in seen:
            first = seen[code]
            msg = (
                f"duplicate code {code!r} (also {index.ids[first]!r} at {index.units.where(first)})"
            )
            findings.append((row, "code", msg, None))
        else:
            seen[code] = row
        rank = index.rank[row]
        digits = digits_of[rank] if rank >= 0 else None
        if digits is None or scheme.codes is None:
            continue
        if not (code.isascii() and code.isdigit()):
            findings.append((row, "code", f"code {code!r} must be digits only", None))
            continue
        if not digits <= len(code) <= length or code[digits:].strip("0"):
            msg = (
                f"code {code!r} does not fit {scheme.codes.name}: a {scheme.levels[rank].id} has "
                f"{digits} significant digits, then zeros, {length} digits at most"
            )
            findings.append((row, "code", msg, None))
            continue
        _check_prefix(index, row, code, digits_of, findings)


def _check_prefix(
    index: Index, row: int, code: str, digits_of: list[int | None], findings: list[Finding]
) -> None:
    codes = index.units.codes
    up = index.parent[row]
    steps = 0
    while up >= 0 and steps < len(digits_of) + 1:
        above = codes[up]
        rank = index.rank[up]
        digits = digits_of[rank] if rank >= 0 else None
        if above is not None and digits is not None:
            if code[:digits] != above[:digits]:
                msg = (
                    f"code {code!r} does not start with {above[:digits]!r}, the code of its "
                    f"superior {index.ids[up]!r} ({above})"
                )
                findings.append((row, "code", msg, "codes are prefix-consistent down the tree"))
            return
        up = index.parent[up]
        steps += 1


def _check_values(
    index: Index, scheme: LevelScheme, well_linked: bool, findings: list[Finding]
) -> None:
    units = index.units
    for name in units.measure_names:
        column = units.raw_measure(name) or []
        if any(value is not None and value < 0 for value in column):
            for row, value in enumerate(column):
                if value is not None and value < 0:
                    msg = f"measure {name!r} must not be negative, got {Fraction(value)}"
                    findings.append((row, "measures", msg, None))
    if any(day is not None for day in units.valid_until):
        for row, (first, last) in enumerate(zip(units.valid_from, units.valid_until, strict=True)):
            if first is not None and last is not None and last < first:
                msg = f"valid_until ({last}) is before valid_from ({first})"
                findings.append((row, "valid_until", msg, None))
    if not well_linked:
        return  # totals need a sound tree; the links are reported already
    for rank, level in enumerate(scheme.levels):
        if level.must_contain is None or rank not in index.rank:
            continue
        totals = index.totals(level.must_contain)
        for row, (value, total) in enumerate(zip(index.rank, totals, strict=True)):
            if value == rank and total <= 0:
                msg = f"empty {level.id}: no {level.must_contain}, nor in any unit below it"
                findings.append((row, None, msg, None))


def build_index(units: Units, scheme: LevelScheme) -> tuple[Index, list[Finding]]:
    """Index *units* under *scheme* and return every problem found, in row order."""
    findings: list[Finding] = []
    index = _check_rows(units, scheme, findings)
    well_linked = _check_links(index, scheme, findings)
    if not well_linked:
        _check_cycles(index, findings)
    _check_codes(index, scheme, findings)
    _check_values(index, scheme, well_linked, findings)
    findings.sort(key=lambda finding: finding[0])
    return index, findings
