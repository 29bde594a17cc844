"""Voter rolls: who may take part in a decision, and what each member weighs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property

from attrs import field, frozen

from govkit.config import FrozenMap, Quantity, document, shorthand, to_quantity
from govkit.config._converter import describe
from govkit.errors import ConfigError

__all__ = ["HEADCOUNT", "Member", "Roll"]

HEADCOUNT = "headcount"
"""The measure every member has: 1 unless the roll says otherwise."""

_MEASURE = re.compile(r"[a-z][a-z0-9_]*")


def _to_measures(value: Mapping[str, object]) -> FrozenMap[str, Quantity]:
    if not isinstance(value, Mapping):
        msg = f"expected a mapping of measure names to numbers, got {describe(value)}"
        raise TypeError(msg)
    out: dict[str, Quantity] = {}
    for name, amount in value.items():
        if not isinstance(name, str) or not _MEASURE.fullmatch(name):
            msg = f"measure names are snake_case words such as 'area', got {name!r}"
            raise ConfigError.at(("measures",), msg)
        try:
            quantity = to_quantity(amount)
        except (TypeError, ValueError) as exc:
            raise ConfigError.at(("measures", name), str(exc)) from None
        out[name] = quantity
    return FrozenMap(out)


def _non_empty_id(_: object, __: object, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"a member id is a non-empty string, got {value!r}"
        raise ConfigError.at(("id",), msg)


def _to_members(values: object) -> tuple[Member, ...]:
    """Accept plain ids for members with no measures: ``("ann", "bo")``."""
    if not isinstance(values, (list, tuple)):
        return values  # type: ignore[return-value]  # the validator reports it
    return tuple(Member(id=value) if isinstance(value, str) else value for value in values)


@shorthand("id")
@frozen(kw_only=True)
class Member:
    """
    One entitled member and what they weigh.

    Parameters
    ----------
    id : str
        The member's id, unique in the roll (an owner, a household, a voter).
        YAML may write a member with no measures as just its id: ``[ann, bo]``.
    measures : dict of str to Fraction
        Named weights, e.g. ``{area: 96.52}``; ``headcount`` is 1 unless given
        (a developer's unsold units together count as one owner: one member
        with headcount 1 and the units' total area).
    """

    id: str = field(validator=_non_empty_id)
    measures: FrozenMap[str, Quantity] = field(factory=FrozenMap, converter=_to_measures)

    def measure(self, name: str) -> Fraction:
        """Return this member's amount of *name* (headcount defaults to 1, others to 0)."""
        default = Fraction(1) if name == HEADCOUNT else Fraction(0)
        return self.measures.get(name, default)


def _unique_members(_: object, __: object, members: tuple[Member, ...]) -> None:
    seen: dict[str, int] = {}
    for index, member in enumerate(members):
        if member.id in seen:
            msg = f"member {member.id!r} is listed twice (first at members[{seen[member.id]}])"
            raise ConfigError.at(("members", index, "id"), msg)
        seen[member.id] = index


@document("roll")
@frozen(kw_only=True)
class Roll:
    """
    The members entitled to take part, snapshotted when a decision starts.

    Parameters
    ----------
    id : str or None
        How other documents refer to this roll.
    title : str or None
        A human-readable name.
    members : tuple of Member
        Each entitled member once, with their measures.

    Examples
    --------
    >>> roll = Roll(members=(Member(id="101", measures={"area": 96}),
    ...                      Member(id="102", measures={"area": 120})))
    >>> roll.total("area"), roll.total("headcount")
    (Fraction(216, 1), Fraction(2, 1))
    """

    id: str | None = None
    title: str | None = None
    members: tuple[Member, ...] = field(converter=_to_members, validator=_unique_members)

    @cached_property
    def _totals(self) -> dict[str, Fraction]:
        totals: dict[str, Fraction] = {}
        for member in self.members:
            for name, amount in member.measures.items():
                totals[name] = totals.get(name, Fraction(0)) + amount
        totals[HEADCOUNT] = sum((m.measure(HEADCOUNT) for m in self.members), Fraction(0))
        return totals

    def total(self, measure: str) -> Fraction:
        """Return the roll's total of *measure* (the eligible base of a decision)."""
        return self._totals.get(measure, Fraction(0))

    def measures(self) -> tuple[str, ...]:
        """Return the names of the measures any member has, headcount included."""
        return tuple(sorted(self._totals))
