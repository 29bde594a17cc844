"""
Conditions: quorums and thresholds as exact comparisons, composable with all_of / any_of.

A condition compares an amount counted in a tally (``for``, ``participating``,
...) with either a share of a base (``at_least: 2/3`` of ``eligible``) or an
absolute number, in one measure (headcount, area, households, ...). Whether the
comparison is inclusive (``at_least``, 以上) or strict (``more_than``, 过半数) is
always written out.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import ClassVar, Protocol

from attrs import field, frozen

from govkit._registry import Registry
from govkit.config import FrozenMap, Quantity, register_family, to_fraction, to_quantity
from govkit.errors import ConfigError
from govkit.voting._roll import HEADCOUNT
from govkit.voting._tally import BASES, MotionTally

__all__ = [
    "CONDITIONS",
    "AllOf",
    "AnyOf",
    "Check",
    "Comparison",
    "Condition",
    "Count",
    "Evaluation",
    "Share",
    "format_amount",
]


class Comparison(enum.Enum):
    """Inclusive (``at_least``, 以上) or strict (``more_than``, 过半数, 超过)."""

    AT_LEAST = "at_least"
    MORE_THAN = "more_than"

    def holds(self, achieved: Fraction, required: Fraction) -> bool:
        """Tell whether *achieved* satisfies the comparison with *required*."""
        return achieved >= required if self is Comparison.AT_LEAST else achieved > required


def format_amount(amount: Fraction | int, unit: str = "") -> str:
    """
    Write an exact amount for the minutes: ``1746``, ``96.52``, ``≈ 666.67``.

    Examples
    --------
    >>> format_amount(Fraction(2000)), format_amount(Fraction(2413, 25), "m²")
    ('2000', '96.52 m²')
    >>> format_amount(Fraction(2000, 3))
    '≈ 666.67'
    """
    suffix = f" {unit}" if unit else ""
    if amount.denominator == 1:
        return f"{amount.numerator}{suffix}"
    for places in range(1, 5):
        scaled = amount * 10**places
        if scaled.denominator == 1:
            return f"{float(amount):.{places}f}{suffix}"
    return f"≈ {float(amount):.2f}{suffix}"


@frozen(kw_only=True)
class Check:
    """
    One condition applied to one tally: what was required, what was achieved.

    ``required`` is the amount to compare with (``share × base`` or the
    absolute number); the condition is met when ``achieved`` is at least (or
    more than) ``required``.
    """

    label: str
    measure: str
    counted: str
    comparison: Comparison
    required: Fraction
    achieved: Fraction
    met: bool
    base: str | None = None
    base_amount: Fraction | None = None
    share: Fraction | None = None
    unit: str = ""

    @property
    def shortfall(self) -> Fraction | None:
        """
        Return how much more ``achieved`` needs, or None when the check is met.

        For a strict comparison on whole numbers (headcount) this is the exact
        number still needed; for other measures "more than" needs any amount
        beyond the returned one.
        """
        if self.met:
            return None
        needed = self.whole_needed()
        if needed is not None:
            return Fraction(needed) - self.achieved
        return self.required - self.achieved

    def whole_needed(self) -> int | None:
        """
        Return the least whole headcount that meets the check, or None for other measures.

        ``more than 1/2 of 13`` is 6.5, so 7 people are needed; ``at least
        2/3 of 14`` is 9.33..., so 10.
        """
        if self.measure != HEADCOUNT or self.achieved.denominator != 1:
            return None
        if self.comparison is Comparison.AT_LEAST:
            return math.ceil(self.required)
        return math.floor(self.required) + 1

    def text(self) -> str:
        """
        Return one line for the minutes.

        Examples
        --------
        >>> check = Check(label="area", measure="area", counted="participating",
        ...               comparison=Comparison.AT_LEAST, required=Fraction(2000),
        ...               achieved=Fraction(1746), met=False, base="eligible",
        ...               base_amount=Fraction(3000), share=Fraction(2, 3), unit="m²")
        >>> check.text()
        'area: 1746 m² of 3000 m² eligible (58.2%); needs at least 2/3 (2000 m²): short by 254 m²'
        """
        words = "at least" if self.comparison is Comparison.AT_LEAST else "more than"
        achieved = format_amount(self.achieved, self.unit)
        required = format_amount(self.required, self.unit)
        needed = self.whole_needed()
        if needed is not None and needed != self.required:
            required = f"{required}, so {needed}"
        if self.base is not None and self.base_amount is not None and self.share is not None:
            of = format_amount(self.base_amount, self.unit)
            if not self.base_amount:
                return f"{self.label}: {achieved} of {of} {self.base}; nothing to take a share of"
            percent = f"{float(self.achieved / self.base_amount):.1%}"
            line = (
                f"{self.label}: {achieved} of {of} {self.base} ({percent}); "
                f"needs {words} {self.share} ({required})"
            )
        else:
            line = f"{self.label}: {achieved}; needs {words} {required}"
        shortfall = self.shortfall
        if shortfall is None:
            return line + ": met"
        if self.comparison is Comparison.MORE_THAN and needed is None:
            return line + f": short by more than {format_amount(shortfall, self.unit)}"
        return line + f": short by {format_amount(shortfall, self.unit)}"


@frozen
class Evaluation:
    """Whether a condition is met, and every check behind the answer."""

    met: bool
    checks: tuple[Check, ...]


class Condition(Protocol):
    """**Protocol**: a quorum or threshold that a tally meets or not."""

    kind: ClassVar[str]

    def evaluate(self, tally: MotionTally, units: FrozenMap[str, str]) -> Evaluation:
        """Apply the condition to *tally*; *units* names each measure's unit."""


CONDITIONS: Registry[type[Condition]] = Registry("condition")
"""Every condition kind YAML may name (``share``, ``count``, ``all_of``, ``any_of``)."""


def _check_base(name: str, value: str) -> None:
    if value not in BASES:
        from govkit._suggest import did_you_mean  # noqa: PLC0415

        hint = did_you_mean(value, BASES)
        msg = f"{name} must be one of {', '.join(BASES)}; got {value!r}"
        raise ConfigError.at((name,), msg, hint=hint)


def _one_comparison(at_least: object, more_than: object) -> Comparison:
    if (at_least is None) == (more_than is None):
        msg = "give exactly one of at_least (inclusive, 以上) or more_than (strict, 过半数)"
        raise ConfigError.at(("at_least",) if at_least is not None else (), msg)
    return Comparison.AT_LEAST if at_least is not None else Comparison.MORE_THAN


def _optional_fraction(value: object) -> Fraction | None:
    return None if value is None else to_fraction(value)


def _optional_quantity(value: object) -> Quantity | None:
    return None if value is None else to_quantity(value)


@CONDITIONS.register("share")
@frozen(kw_only=True)
class Share:
    """
    Met when the amount *counted* is at least / more than a share of the amount *of*.

    ``count ≥ at_least × of`` (inclusive) or ``count > more_than × of``
    (strict), in exact arithmetic, in one measure. A share of an empty base
    is never met: when nobody votes, nothing is adopted by "at least 2/3 of
    the votes cast".

    Parameters
    ----------
    measure : str, default "headcount"
        The measure compared: ``headcount``, ``area``, ``households``, ...
    count : str
        What is counted (a base name: ``for``, ``participating``, ``present``, ...).
    of : str
        The base it is a share of (``eligible``, ``cast``, ``participating``, ...).
    at_least, more_than : Fraction
        Exactly one: the share, inclusive or strict. YAML: ``"2/3"``, ``1/2``.
    label : str or None
        How the minutes name the condition; defaults to "<measure> <count>".

    Examples
    --------
    >>> from govkit.voting import MotionTally, MotionBallot, Choice
    >>> majority = Share(count="for", of="cast", more_than="1/2")
    >>> tally = MotionTally.count([MotionBallot(choice=Choice.FOR)] * 5
    ...                           + [MotionBallot(choice=Choice.AGAINST)] * 5)
    >>> majority.evaluate(tally, FrozenMap()).met
    False
    """

    kind: ClassVar[str]

    measure: str = HEADCOUNT
    count: str
    of: str
    at_least: Fraction | None = field(default=None, converter=_optional_fraction)
    more_than: Fraction | None = field(default=None, converter=_optional_fraction)
    label: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_base("count", self.count)
        _check_base("of", self.of)
        comparison = _one_comparison(self.at_least, self.more_than)
        share = self.share
        if comparison is Comparison.AT_LEAST and not 0 < share <= 1:
            msg = f"at_least must be in (0, 1], got {share}"
            raise ConfigError.at(("at_least",), msg)
        if comparison is Comparison.MORE_THAN and not 0 <= share < 1:
            msg = f"more_than must be in [0, 1), got {share}"
            raise ConfigError.at(("more_than",), msg)

    @property
    def comparison(self) -> Comparison:
        """Return whether the share is inclusive or strict."""
        return Comparison.AT_LEAST if self.at_least is not None else Comparison.MORE_THAN

    @property
    def share(self) -> Fraction:
        """Return the share, whichever way it is compared."""
        value = self.at_least if self.at_least is not None else self.more_than
        return value if value is not None else Fraction(0)

    def evaluate(self, tally: MotionTally, units: FrozenMap[str, str]) -> Evaluation:
        """Compare exactly; see the class docstring."""
        figures = tally[self.measure]
        achieved = figures.amount(self.count)
        base_amount = figures.amount(self.of)
        required = self.share * base_amount
        # A share of nothing is never reached: 0 of 0 votes cast adopts nothing.
        met = bool(base_amount) and self.comparison.holds(achieved, required)
        check = Check(
            label=self.label or f"{self.measure} {self.count}",
            measure=self.measure,
            counted=self.count,
            comparison=self.comparison,
            required=required,
            achieved=achieved,
            met=met,
            base=self.of,
            base_amount=base_amount,
            share=self.share,
            unit=units.get(self.measure, ""),
        )
        return Evaluation(met, (check,))


@CONDITIONS.register("count")
@frozen(kw_only=True)
class Count:
    """
    Met when the amount *counted* is at least / more than an absolute number.

    Parameters
    ----------
    measure : str, default "headcount"
        The measure compared.
    count : str
        What is counted (``for``, ``present``, ``participating``, ...).
    at_least, more_than : Quantity
        Exactly one: the number, inclusive or strict.
    label : str or None
        How the minutes name the condition.
    """

    kind: ClassVar[str]

    measure: str = HEADCOUNT
    count: str
    at_least: Quantity | None = field(default=None, converter=_optional_quantity)
    more_than: Quantity | None = field(default=None, converter=_optional_quantity)
    label: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_base("count", self.count)
        _one_comparison(self.at_least, self.more_than)

    def evaluate(self, tally: MotionTally, units: FrozenMap[str, str]) -> Evaluation:
        """Compare the counted amount with the number."""
        comparison = Comparison.AT_LEAST if self.at_least is not None else Comparison.MORE_THAN
        required = Fraction(self.at_least if self.at_least is not None else self.more_than or 0)
        achieved = tally[self.measure].amount(self.count)
        met = comparison.holds(achieved, required)
        check = Check(
            label=self.label or f"{self.measure} {self.count}",
            measure=self.measure,
            counted=self.count,
            comparison=comparison,
            required=required,
            achieved=achieved,
            met=met,
            unit=units.get(self.measure, ""),
        )
        return Evaluation(met, (check,))


def _non_empty(_: object, __: object, conditions: tuple[Condition, ...]) -> None:
    if not conditions:
        msg = "conditions must list at least one condition"
        raise ConfigError.at(("conditions",), msg)


def _combine(
    rule: Callable[[Iterable[bool]], bool],
    conditions: tuple[Condition, ...],
    tally: MotionTally,
    units: FrozenMap[str, str],
) -> Evaluation:
    """Evaluate every condition; *rule* (all or any) combines whether each is met."""
    results = [condition.evaluate(tally, units) for condition in conditions]
    checks = tuple(check for result in results for check in result.checks)
    return Evaluation(rule(result.met for result in results), checks)


@CONDITIONS.register("all_of")
@frozen(kw_only=True)
class AllOf:
    """
    Met when every one of its conditions is met (Civil Code Art. 278: area AND headcount).

    Parameters
    ----------
    conditions : tuple of Condition
        At least one.
    """

    kind: ClassVar[str]

    conditions: tuple[Condition, ...] = field(validator=_non_empty)

    def evaluate(self, tally: MotionTally, units: FrozenMap[str, str]) -> Evaluation:
        """Evaluate every condition (all are reported, not just the first failure)."""
        return _combine(all, self.conditions, tally, units)


@CONDITIONS.register("any_of")
@frozen(kw_only=True)
class AnyOf:
    """
    Met when at least one of its conditions is met (village assembly: adults OR households).

    Parameters
    ----------
    conditions : tuple of Condition
        At least one.
    """

    kind: ClassVar[str]

    conditions: tuple[Condition, ...] = field(validator=_non_empty)

    def evaluate(self, tally: MotionTally, units: FrozenMap[str, str]) -> Evaluation:
        """Evaluate every condition and report them all."""
        return _combine(any, self.conditions, tally, units)


register_family(Condition, CONDITIONS)
