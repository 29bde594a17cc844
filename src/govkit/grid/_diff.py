"""What changed between two versions of a hierarchy: units added, removed, moved, changed."""

from __future__ import annotations

from attrs import frozen

from govkit.grid._hierarchy import Hierarchy

__all__ = ["Change", "HierarchyDiff", "Move", "diff"]


@frozen(kw_only=True)
class Move:
    """A unit that sits under a different parent in the new version."""

    unit: str
    old_parent: str | None
    new_parent: str | None


@frozen(kw_only=True)
class Change:
    """A unit whose fields (other than its parent) differ: field name -> (old, new)."""

    unit: str
    fields: tuple[tuple[str, object, object], ...]


@frozen(kw_only=True)
class HierarchyDiff:
    """
    The differences between two versions of a hierarchy, matched by unit id.

    Parameters
    ----------
    added, removed : tuple of str
        Unit ids only in the new, or only in the old version (in file order).
    moved : tuple of Move
        Units under a different parent.
    changed : tuple of Change
        Units whose level, name, code, dates or measures differ.
    """

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    moved: tuple[Move, ...] = ()
    changed: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.changed)

    def summary(self) -> str:
        """Return one line for the minutes: how many units were added, removed, moved, changed."""
        return (
            f"{len(self.added)} added, {len(self.removed)} removed, "
            f"{len(self.moved)} moved, {len(self.changed)} changed"
        )


def _fields(tree: Hierarchy, row: int) -> dict[str, object]:
    units = tree.units
    out: dict[str, object] = {
        "level": units.levels[row],
        "name": units.names[row],
        "code": units.codes[row],
        "valid_from": units.valid_from[row],
        "valid_until": units.valid_until[row],
    }
    for measure in units.measure_names:
        value = (units.raw_measure(measure) or [])[row]
        if value is not None:
            out[f"measures.{measure}"] = value
    return out


def diff(old: Hierarchy, new: Hierarchy) -> HierarchyDiff:
    """
    Compare two versions of a hierarchy unit by unit (matched by id), in one pass each.

    Examples
    --------
    >>> from govkit.grid import Level, LevelScheme, Unit
    >>> scheme = LevelScheme(levels=(Level(id="community"),
    ...                              Level(id="grid", parents=("community",))))
    >>> old = Hierarchy(scheme=scheme, units=[Unit(id="c1", level="community"),
    ...     Unit(id="g1", level="grid", parent="c1", measures={"households": 300})])
    >>> new = Hierarchy(scheme=scheme, units=[Unit(id="c1", level="community"),
    ...     Unit(id="g1", level="grid", parent="c1", measures={"households": 320}),
    ...     Unit(id="g2", level="grid", parent="c1")])
    >>> change = diff(old, new)
    >>> change.summary(), change.changed[0].fields
    ('1 added, 0 removed, 0 moved, 1 changed', (('measures.households', 300, 320),))
    """
    old_ids, new_ids = old.units.ids, new.units.ids
    old_position = dict(zip(old_ids, range(len(old_ids)), strict=True))
    new_position = dict(zip(new_ids, range(len(new_ids)), strict=True))
    added = tuple(unit for unit in new_ids if unit not in old_position)
    removed = tuple(unit for unit in old_ids if unit not in new_position)
    moved: list[Move] = []
    changed: list[Change] = []
    old_parents, new_parents = old.units.parents, new.units.parents
    for unit, row in new_position.items():
        before = old_position.get(unit)
        if before is None:
            continue
        if old_parents[before] != new_parents[row]:
            moved.append(
                Move(unit=unit, old_parent=old_parents[before], new_parent=new_parents[row])
            )
        was, now = _fields(old, before), _fields(new, row)
        if was != now:
            fields = tuple(
                (name, was.get(name), now.get(name))
                for name in dict.fromkeys([*was, *now])
                if was.get(name) != now.get(name)
            )
            changed.append(Change(unit=unit, fields=fields))
    return HierarchyDiff(added=added, removed=removed, moved=tuple(moved), changed=tuple(changed))
