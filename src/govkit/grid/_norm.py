"""Grid norms: size rules per level (target and warning ranges) and staffing rules."""

from __future__ import annotations

import enum
import math
from fractions import Fraction

from attrs import field, frozen

from govkit.config import Citation, Quantity, document, to_quantity
from govkit.errors import ConfigError
from govkit.grid._hierarchy import Hierarchy, Totals
from govkit.grid._level import Confidence
from govkit.grid._role import Role

__all__ = [
    "GridNorms",
    "Merge",
    "Range",
    "Severity",
    "SizeFinding",
    "SizeRule",
    "Split",
    "StaffingRule",
    "check_sizes",
    "suggest_rebalancing",
]


def _quantity(value: int | str | Fraction | None) -> Quantity | None:
    """Accept ``300``, ``"96.5"`` or a Fraction (cattrs has already refused other types)."""
    return None if value is None else to_quantity(value)


@frozen(kw_only=True)
class Range:
    """
    An inclusive range of amounts: ``at_least`` <= amount <= ``at_most`` (以上 / 以下).

    Parameters
    ----------
    at_least, at_most : Fraction or None
        The bounds, both inclusive; a missing bound is open.
    """

    at_least: Quantity | None = field(default=None, converter=_quantity)
    at_most: Quantity | None = field(default=None, converter=_quantity)

    def __attrs_post_init__(self) -> None:
        if self.at_least is None and self.at_most is None:
            raise ConfigError.at((), "a range needs 'at_least', 'at_most' or both")
        if self.at_least is not None and self.at_most is not None and self.at_most < self.at_least:
            msg = f"'at_most' ({self.at_most}) is below 'at_least' ({self.at_least})"
            raise ConfigError.at(("at_most",), msg)

    def contains(self, amount: Fraction) -> bool:
        """Return whether *amount* lies in the range, bounds included."""
        return (self.at_least is None or amount >= self.at_least) and (
            self.at_most is None or amount <= self.at_most
        )

    def __str__(self) -> str:
        low = "" if self.at_least is None else _number(self.at_least)
        high = "" if self.at_most is None else _number(self.at_most)
        if low and high:
            return f"{low}-{high}"
        return f"at least {low}" if low else f"at most {high}"


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(float(value))


@frozen(kw_only=True)
class SizeRule:
    """
    How big units of one level should be, in one measure.

    An amount inside `target` is fine; outside it but inside `warning` gives a
    warning; outside `warning` (or outside `target` when there is no `warning`)
    is a violation. The amount is the unit's total: its own plus its sub-units'.

    Parameters
    ----------
    level : str
        The level the rule applies to (``grid``).
    measure : str
        The measure that is counted (``households``, ``residents``).
    target : Range
        The size to aim for (``{at_least: 300, at_most: 500}``).
    warning : Range or None
        The tolerated size; beyond it a unit violates the norm.
    confidence : Confidence or None
        How far the numbers can be trusted; defaults to the norms' confidence.
    note : str or None
        Where the numbers come from, in words.
    """

    level: str
    measure: str
    target: Range
    warning: Range | None = None
    confidence: Confidence | None = None
    note: str | None = None


@frozen(kw_only=True)
class StaffingRule:
    """
    How many people of one role a unit of one level needs.

    Either a fixed number per unit (``per_unit: 1``: one grid worker per basic grid)
    or one person per an amount of a measure (``measure: households, per_person:
    20``: one building head per 20 households, rounded up). People bound to a unit
    count for the unit of this level that contains it.

    Parameters
    ----------
    role : Role
        The role that is counted.
    level : str
        The level whose units need the people.
    per_unit : int or None
        People needed per unit.
    measure : str or None
        The measure the need grows with.
    per_person : Fraction or None
        How much of `measure` one person covers.
    confidence : Confidence or None
        How far the numbers can be trusted; defaults to the norms' confidence.
    note : str or None
        Where the numbers come from, in words.
    """

    role: Role
    level: str
    per_unit: int | None = None
    measure: str | None = None
    per_person: Quantity | None = field(default=None, converter=_quantity)
    confidence: Confidence | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        by_measure = self.measure is not None and self.per_person is not None
        if (self.per_unit is None) == (not by_measure):
            msg = "give either 'per_unit' or both 'measure' and 'per_person'"
            raise ConfigError.at((), msg)
        if self.per_unit is not None and self.per_unit < 1:
            raise ConfigError.at(("per_unit",), f"'per_unit' must be >= 1: {self.per_unit}")
        if self.per_person is not None and self.per_person <= 0:
            raise ConfigError.at(("per_person",), f"'per_person' must be > 0: {self.per_person}")

    def required(self, amount: Fraction) -> int:
        """Return the people a unit with *amount* of `measure` needs."""
        if self.per_unit is not None:
            return self.per_unit
        if self.per_person is None:  # pragma: no cover - excluded by the constructor
            return 0
        return math.ceil(amount / self.per_person)


@document("grid_norms")
@frozen(kw_only=True)
class GridNorms:
    """
    Size and staffing norms for grids, with their provenance and a confidence label.

    Parameters
    ----------
    id : str or None
        How other documents refer to these norms.
    title : str or None
        A human-readable name.
    source : Citation or None
        Where the numbers come from.
    verified : bool
        Whether the numbers were checked against the cited text.
    confidence : Confidence or None
        How far the numbers can be trusted, unless a rule says otherwise.
    sizes : tuple of SizeRule
        Size rules per level and measure.
    staffing : tuple of StaffingRule
        Staffing rules per role and level.
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    confidence: Confidence | None = None
    sizes: tuple[SizeRule, ...] = ()
    staffing: tuple[StaffingRule, ...] = ()

    def confidence_of(self, rule: SizeRule | StaffingRule) -> Confidence | None:
        """Return the rule's own confidence label, or the norms' one."""
        return rule.confidence if rule.confidence is not None else self.confidence


class Severity(enum.Enum):
    """How far a unit is from a size norm."""

    WARNING = "warning"
    """Outside the target range, inside the warning range."""
    VIOLATION = "violation"
    """Outside the warning range (or the target when no warning range is set)."""


@frozen(kw_only=True)
class SizeFinding:
    """A unit whose size breaks a size rule: what it has, what the rule wants, and how bad."""

    unit: str
    rule: SizeRule
    amount: Fraction
    severity: Severity
    confidence: Confidence | None

    def text(self) -> str:
        """Return one line for a report."""
        label = f", {self.confidence.value} confidence" if self.confidence is not None else ""
        return (
            f"{self.severity.value}: {self.rule.level} {self.unit!r} has "
            f"{_number(self.amount)} {self.rule.measure}; target {self.rule.target}{label}"
        )


def check_sizes(hierarchy: Hierarchy, norms: GridNorms) -> tuple[SizeFinding, ...]:
    """
    Report every unit whose size breaks a size rule, in file order per rule.

    Examples
    --------
    >>> from govkit.grid import Level, LevelScheme, Unit
    >>> scheme = LevelScheme(levels=(Level(id="community"),
    ...                              Level(id="grid", parents=("community",))))
    >>> tree = Hierarchy(scheme=scheme, units=[Unit(id="c1", level="community", units=(
    ...     Unit(id="g1", level="grid", measures={"households": 320}),
    ...     Unit(id="g2", level="grid", measures={"households": 620})))])
    >>> rule = SizeRule(level="grid", measure="households",
    ...                 target=Range(at_least=300, at_most=500), warning=Range(at_most=800))
    >>> [finding.text() for finding in check_sizes(tree, GridNorms(sizes=(rule,)))]
    ["warning: grid 'g2' has 620 households; target 300-500"]
    """
    findings: list[SizeFinding] = []
    for rule in norms.sizes:
        if rule.level not in hierarchy.scheme.level_ids:
            continue
        totals = hierarchy.aggregate(rule.measure)
        for unit in hierarchy.at_level(rule.level):
            amount = totals[unit]
            if rule.target.contains(amount):
                continue
            tolerated = rule.warning is not None and rule.warning.contains(amount)
            severity = Severity.WARNING if tolerated else Severity.VIOLATION
            findings.append(
                SizeFinding(
                    unit=unit,
                    rule=rule,
                    amount=amount,
                    severity=severity,
                    confidence=norms.confidence_of(rule),
                )
            )
    return tuple(findings)


@frozen(kw_only=True)
class Split:
    """Split an over-size unit into `parts` units of about equal size."""

    unit: str
    parts: int
    reason: str


@frozen(kw_only=True)
class Merge:
    """Merge under-size sibling units (same parent) into one."""

    units: tuple[str, ...]
    reason: str


def suggest_rebalancing(hierarchy: Hierarchy, norms: GridNorms) -> tuple[Split | Merge, ...]:
    """
    Suggest splits of over-size units and merges of under-size siblings, per size rule.

    An over-size unit is split into the fewest parts that each fit under the
    target's upper bound. Under-size units are merged with under-size siblings
    (units under the same parent, such as grids of one community), smallest
    first, while the merged total stays within the target's upper bound; a lone
    under-size unit is offered to its smallest sibling that can take it.
    """
    out: list[Split | Merge] = []
    for rule in norms.sizes:
        if rule.level not in hierarchy.scheme.level_ids:
            continue
        totals = hierarchy.aggregate(rule.measure)
        high, low = rule.target.at_most, rule.target.at_least
        small: dict[str | None, list[str]] = {}
        for unit in hierarchy.at_level(rule.level):
            amount = totals[unit]
            if high is not None and amount > high:
                parts = math.ceil(amount / high)
                reason = f"{_number(amount)} {rule.measure} > {_number(high)}"
                out.append(Split(unit=unit, parts=parts, reason=reason))
            elif low is not None and amount < low:
                small.setdefault(hierarchy.parent(unit), []).append(unit)
        for units in small.values():
            out.extend(_merges(hierarchy, rule, totals, units))
    return tuple(out)


def _merges(hierarchy: Hierarchy, rule: SizeRule, totals: Totals, units: list[str]) -> list[Merge]:
    amount = totals.__getitem__
    high = rule.target.at_most
    low = rule.target.at_least if rule.target.at_least is not None else Fraction(0)
    ordered = sorted(units, key=lambda unit: (amount(unit), unit))
    merges: list[Merge] = []
    group: list[str] = []
    total = Fraction(0)
    for unit in ordered:
        if group and high is not None and total + amount(unit) > high:
            group, total = _close(group, total, rule, merges)
        group.append(unit)
        total += amount(unit)
        if total >= low:
            group, total = _close(group, total, rule, merges)
    if len(group) == 1:
        lone = group[0]
        takers = [
            sibling
            for sibling in hierarchy.siblings(lone)
            if hierarchy.level(sibling) == rule.level
            and sibling not in units
            and (high is None or amount(sibling) + amount(lone) <= high)
        ]
        if takers:
            taker = min(takers, key=lambda unit: (amount(unit), unit))
            merged = amount(taker) + amount(lone)
            reason = (
                f"{_number(amount(lone))} {rule.measure} < {_number(low)}; merged {_number(merged)}"
            )
            merges.append(Merge(units=(lone, taker), reason=reason))
    elif group:
        _close(group, total, rule, merges)
    return merges


def _close(
    group: list[str], total: Fraction, rule: SizeRule, merges: list[Merge]
) -> tuple[list[str], Fraction]:
    if len(group) > 1:
        low = _number(rule.target.at_least or Fraction(0))
        reason = f"each under {low} {rule.measure}; merged {_number(total)}"
        merges.append(Merge(units=tuple(group), reason=reason))
    return [], Fraction(0)
