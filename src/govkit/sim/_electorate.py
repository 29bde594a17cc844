"""The electorate a simulation draws from: member ids, exact measures as integers, groups."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

from attrs import frozen

from govkit.errors import RuleError
from govkit.voting import HEADCOUNT, Roll

__all__ = ["Electorate", "electorate"]


@frozen(kw_only=True)
class Electorate:
    """
    Members in roll order, each measure as integer numerators over one denominator.

    Integers let NumPy sum a measure over thousands of trials exactly; the
    amounts are ``numerators[m][i] / denominators[m]``.
    """

    ids: tuple[str, ...]
    measures: tuple[str, ...]
    numerators: tuple[tuple[int, ...], ...]
    denominators: tuple[int, ...]
    groups: tuple[int, ...]

    @property
    def size(self) -> int:
        """The number of members."""
        return len(self.ids)

    def eligible(self, measure: int) -> Fraction:
        """Return the roll's total of the measure at index *measure*."""
        return Fraction(sum(self.numerators[measure]), self.denominators[measure])

    def group_sizes(self) -> tuple[int, ...]:
        """Return the number of members in each group, by group index."""
        sizes = [0] * (max(self.groups, default=-1) + 1)
        for group in self.groups:
            sizes[group] += 1
        return tuple(sizes)


def _group_indexes(
    ids: tuple[str, ...], groups: Mapping[str, object] | Sequence[object] | None
) -> tuple[int, ...]:
    """Give groups indexes by first appearance; a member not listed is a group alone."""
    if groups is None:
        return tuple(range(len(ids)))
    if isinstance(groups, Mapping):
        unknown = sorted(set(map(str, groups)) - set(ids))
        if unknown:
            msg = f"groups names {unknown[0]!r}, who is not on the roll"
            raise RuleError(msg)
        labels: list[object] = [
            ("group", groups[member]) if member in groups else ("alone", member) for member in ids
        ]
    else:
        if isinstance(groups, str) or len(groups) != len(ids):
            msg = f"groups must give one group per member ({len(ids)}), got {groups!r}"
            raise RuleError(msg)
        labels = list(groups)
    numbers: dict[object, int] = {}
    return tuple(numbers.setdefault(label, len(numbers)) for label in labels)


def electorate(
    roll: Roll | int, groups: Mapping[str, object] | Sequence[object] | None = None
) -> Electorate:
    """
    Prepare *roll* (or a number of members who each count one head) for sampling.

    Parameters
    ----------
    roll : Roll or int
        The members and their measures; an int ``n`` stands for members ``"1"``
        to ``"n"`` with headcount 1 and no other measure.
    groups : mapping of member id to group, or one group per member, optional
        Households or buildings. Members not in a mapping form a group alone;
        without groups every member is a group alone.

    Raises
    ------
    RuleError
        A negative number of members, or groups that do not match the roll.
    """
    if isinstance(roll, bool) or not isinstance(roll, (int, Roll)):
        msg = f"expected a Roll or a number of members, got {roll!r}"
        raise RuleError(msg)
    if isinstance(roll, int):
        if roll < 0:
            msg = f"the number of members cannot be negative, got {roll}"
            raise RuleError(msg)
        ids = tuple(str(index + 1) for index in range(roll))
        return Electorate(
            ids=ids,
            measures=(HEADCOUNT,),
            numerators=((1,) * roll,),
            denominators=(1,),
            groups=_group_indexes(ids, groups),
        )
    ids = tuple(member.id for member in roll.members)
    names = roll.measures()
    numerators, denominators = [], []
    for name in names:
        amounts = [member.measure(name) for member in roll.members]
        common = math.lcm(*(amount.denominator for amount in amounts)) if amounts else 1
        numerators.append(tuple(int(amount * common) for amount in amounts))
        denominators.append(common)
    return Electorate(
        ids=ids,
        measures=names,
        numerators=tuple(numerators),
        denominators=tuple(denominators),
        groups=_group_indexes(ids, groups),
    )
