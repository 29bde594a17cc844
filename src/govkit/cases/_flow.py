"""Case flows: what a simulation of a case system runs, as a YAML document (``kind: case_flow``)."""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from attrs import field, frozen, validators

from govkit.cases._system import CaseSystem
from govkit.config import Quantity, document, to_fraction, to_quantity
from govkit.errors import ConfigError, PathPart

__all__ = [
    "Arrival",
    "CaseFlow",
    "Distribution",
    "DistributionShape",
    "Handling",
    "MixEntry",
    "Staffing",
]


def _probability(_: object, attribute: Any, value: Fraction) -> None:
    if not 0 <= value <= 1:
        msg = f"{attribute.name} is a probability from 0 to 1, got {value}"
        raise ConfigError.at((attribute.name,), msg)


def _quantity(value: object) -> Quantity:
    return to_quantity(value)


def _optional_quantity(value: object) -> Quantity | None:
    return None if value is None else to_quantity(value)


class DistributionShape(enum.Enum):
    """The shape of a random duration."""

    FIXED = "fixed"
    """Always ``hours``."""
    EXPONENTIAL = "exponential"
    """Exponential with mean ``mean``."""
    LOGNORMAL = "lognormal"
    """Log-normal with median ``median`` and shape ``sigma`` (the log's standard deviation)."""
    UNIFORM = "uniform"
    """Uniform between ``low`` and ``high``."""


_NEEDS = {
    DistributionShape.FIXED: ("hours",),
    DistributionShape.EXPONENTIAL: ("mean",),
    DistributionShape.LOGNORMAL: ("median", "sigma"),
    DistributionShape.UNIFORM: ("low", "high"),
}
_PARAMETERS = ("hours", "mean", "median", "sigma", "low", "high")


@frozen(kw_only=True)
class Distribution:
    """
    A random duration in hours: fixed, exponential, log-normal or uniform.

    YAML writes the shape and its parameters: ``{distribution: exponential, mean: 4}``,
    ``{distribution: lognormal, median: 6, sigma: 0.8}``, ``{distribution: uniform,
    low: 1, high: 3}``, ``{distribution: fixed, hours: 0.5}``. Parameters are exact
    decimals (``0.8`` is 4/5), converted to floats only when drawing.

    Parameters
    ----------
    distribution : DistributionShape
        ``fixed``, ``exponential``, ``lognormal`` or ``uniform``.
    hours : Quantity or None
        The duration of a ``fixed`` distribution.
    mean : Quantity or None
        The mean of an ``exponential`` distribution (positive).
    median, sigma : Quantity or None
        The median (positive) and the log's standard deviation of a ``lognormal``.
    low, high : Quantity or None
        The bounds of a ``uniform`` distribution, ``low <= high``.

    Examples
    --------
    >>> Distribution(distribution=DistributionShape.UNIFORM, low=1, high=3).from_uniform(0.5)
    120.0
    """

    distribution: DistributionShape
    hours: Quantity | None = field(default=None, converter=_optional_quantity)
    mean: Quantity | None = field(default=None, converter=_optional_quantity)
    median: Quantity | None = field(default=None, converter=_optional_quantity)
    sigma: Quantity | None = field(default=None, converter=_optional_quantity)
    low: Quantity | None = field(default=None, converter=_optional_quantity)
    high: Quantity | None = field(default=None, converter=_optional_quantity)

    def __attrs_post_init__(self) -> None:
        needs = _NEEDS[self.distribution]
        shape = self.distribution.value
        for name in _PARAMETERS:
            given = getattr(self, name) is not None
            if name in needs and not given:
                msg = f"a {shape} distribution needs {' and '.join(needs)}"
                raise ConfigError.at((name,), msg)
            if name not in needs and given:
                msg = f"a {shape} distribution takes {' and '.join(needs)}, not {name}"
                raise ConfigError.at((name,), msg)
        for name in ("mean", "median"):
            if getattr(self, name) == 0:
                raise ConfigError.at((name,), f"{name} must be positive, got 0")
        if self.low is not None and self.high is not None and self.low > self.high:
            msg = f"low ({self.low}) must not be above high ({self.high})"
            raise ConfigError.at(("high",), msg)

    def from_uniform(self, u: float) -> float:
        """Return the duration in minutes at quantile *u* of the distribution (``0 <= u < 1``)."""
        return self.sampler()(u)

    def sampler(self) -> Callable[[float], float]:
        """Return a function from a uniform number in [0, 1) to a duration in minutes."""
        shape = self.distribution
        if shape is DistributionShape.FIXED:
            minutes = float(self.hours or 0) * 60.0
            return lambda _u: minutes
        if shape is DistributionShape.EXPONENTIAL:
            scale = -float(self.mean or 0) * 60.0
            log = math.log
            return lambda u: scale * log(1.0 - u)
        if shape is DistributionShape.UNIFORM:
            low, width = (
                float(self.low or 0) * 60.0,
                float((self.high or 0) - (self.low or 0)) * 60.0,
            )
            return lambda u: low + width * u
        from statistics import NormalDist  # noqa: PLC0415 - only log-normal needs it

        inverse = NormalDist().inv_cdf
        mu, sigma, exp = math.log(float(self.median or 1) * 60.0), float(self.sigma or 0), math.exp
        tiny = 1e-12
        return lambda u: exp(mu + sigma * inverse(min(max(u, tiny), 1.0 - tiny)))


@frozen(kw_only=True)
class Arrival:
    """
    Cases reported per day in one unit, or in every unit of one level.

    Parameters
    ----------
    unit : str or None
        A hierarchy unit (usually a grid).
    level : str or None
        A hierarchy level: every unit on it gets the rate (``grid``).
    per_day : Quantity
        Cases a day in each unit, on average (a Poisson process; decimals allowed).
    """

    unit: str | None = None
    level: str | None = None
    per_day: Quantity = field(converter=_quantity)

    def __attrs_post_init__(self) -> None:
        if (self.unit is None) == (self.level is None):
            msg = "an arrival names one unit or one level"
            raise ConfigError.at(("unit",), msg, hint="e.g. {level: grid, per_day: 5}")


@frozen(kw_only=True)
class MixEntry:
    """
    One kind of case in the arrival mix, with its weight.

    Parameters
    ----------
    category : str
        The category code.
    subcategory : str or None
        The subcategory code.
    priority : str, default "normal"
        The priority tier.
    weight : Fraction
        Its relative weight: an integer or an exact fraction (``"1/3"``), positive.
    """

    category: str
    subcategory: str | None = None
    priority: str = "normal"
    weight: Fraction = field(converter=to_fraction)

    def __attrs_post_init__(self) -> None:
        if self.weight <= 0:
            raise ConfigError.at(("weight",), f"weight must be positive, got {self.weight}")


@frozen(kw_only=True)
class Staffing:
    """
    How many cases a handler works on at once: per unit of a tier, or for one department.

    Parameters
    ----------
    tier : str or None
        A tier of the case system: every handler on it (each unit, each role at a unit).
    department : str or None
        One department (overrides its tier's figure).
    servers : int
        Cases handled at the same time; the others wait in line (first come, first served).
    """

    tier: str | None = None
    department: str | None = None
    servers: int = field(validator=validators.ge(1))

    def __attrs_post_init__(self) -> None:
        if (self.tier is None) == (self.department is None):
            msg = "staffing names one tier or one department"
            raise ConfigError.at(("tier",), msg, hint="e.g. {tier: grid, servers: 2}")


@frozen(kw_only=True)
class Handling:
    """
    How handlers on one tier work a case: how long it takes and how often it is resolved.

    Parameters
    ----------
    tier : str
        A tier of the case system.
    time : Distribution
        The handling time of one attempt, in hours (working hours unless the flow runs
        around the clock).
    resolves : Fraction
        The probability that an attempt resolves the case (``"9/10"``); otherwise the
        case waits for the escalation policy to move it on.
    """

    tier: str
    time: Distribution
    resolves: Fraction = field(converter=to_fraction, validator=_probability)


@document("case_flow")
@frozen(kw_only=True)
class CaseFlow:
    """
    A discrete-event simulation of a case system: arrivals, staffing, handling, a seed.

    Cases arrive as Poisson processes per unit (``arrivals``), with a category,
    subcategory and priority drawn from ``mix``. Each is routed, limited and
    escalated by the case system's own routing, time limits and escalation policy,
    exactly as a live case is: it is signed for after a ``sign_for`` delay, waits
    in line for one of its holder's ``servers``, and is handled; an attempt
    resolves it with its tier's probability, else it waits until the policy
    escalates it, and is handled again by the new holder. A resolved case is
    replied to, evaluated (``satisfied``) and closed. See `simulate`.

    Parameters
    ----------
    id : str or None
        How other documents refer to the flow.
    title : str or None
        A human-readable name.
    system : CaseSystem
        The case system (a document id or inline).
    start : datetime
        When the simulation starts, with a time zone (``2026-03-02T00:00:00+08:00``).
    days : int
        The horizon: cases arrive and are followed for this many days.
    arrivals : tuple of Arrival
        Cases a day per unit or per unit of a level.
    mix : tuple of MixEntry
        The kinds of case, with integer or exact-fraction weights.
    staffing : tuple of Staffing
        Servers per handler of a tier or per department (none given: unlimited).
    handling : tuple of Handling
        Handling time and resolution probability, one entry per tier of the system.
    sign_for : Distribution or None
        The delay from dispatch to signing for the case (None: signed at once).
    satisfied : Fraction, default 1
        The probability that the resident is satisfied with a reply.
    around_the_clock : bool, default False
        Handlers work all the time; by default they handle cases only in the system
        calendar's working time.
    seed : int, default 0
        The seed of the one random generator.
    notes : str or None
        Anything a reader should know.
    """

    id: str | None = None
    title: str | None = None
    system: CaseSystem
    start: dt.datetime
    days: int = field(validator=validators.ge(1))
    arrivals: tuple[Arrival, ...] = field(validator=validators.min_len(1))
    mix: tuple[MixEntry, ...] = field(validator=validators.min_len(1))
    staffing: tuple[Staffing, ...] = ()
    handling: tuple[Handling, ...] = ()
    sign_for: Distribution | None = None
    satisfied: Fraction = field(default=Fraction(1), converter=to_fraction, validator=_probability)
    around_the_clock: bool = False
    seed: int = 0
    notes: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = _check(self)
        if problems:
            raise ConfigError([p for error in problems for p in error.problems])

    def rates(self) -> tuple[tuple[str, float], ...]:
        """Return each unit cases arrive in, with its rate a day (summed over entries)."""
        rates: dict[str, Fraction] = {}
        hierarchy = self.system.hierarchy
        for arrival in self.arrivals:
            units = (
                (arrival.unit,)
                if arrival.unit is not None
                else hierarchy.at_level(arrival.level or "")
            )
            for unit in units:
                if unit is not None:
                    rates[unit] = rates.get(unit, Fraction(0)) + arrival.per_day
        return tuple((unit, float(rate)) for unit, rate in rates.items() if rate > 0)


def _check(flow: CaseFlow) -> list[ConfigError]:  # noqa: PLR0912 - one check per field
    problems: list[ConfigError] = []
    system = flow.system

    def report(path: tuple[PathPart, ...], message: str, hint: str | None = None) -> None:
        problems.append(ConfigError.at(path, message, hint=hint))

    if not isinstance(flow.start, dt.datetime) or flow.start.tzinfo is None:
        report(("start",), f"start is a date and time with a time zone, got {flow.start!r}")
    hierarchy = system.hierarchy
    levels = set(hierarchy.scheme.level_ids)
    for index, arrival in enumerate(flow.arrivals):
        if arrival.unit is not None and arrival.unit not in hierarchy:
            report(("arrivals", index, "unit"), f"unit {arrival.unit!r} is not in the hierarchy")
        if arrival.level is not None and arrival.level not in levels:
            known = ", ".join(hierarchy.scheme.level_ids)
            report(
                ("arrivals", index, "level"), f"unknown level {arrival.level!r}; levels: {known}"
            )
    categories = system.routing.categories
    for index, entry in enumerate(flow.mix):
        if categories and entry.category not in categories:
            known = ", ".join(categories)
            report(
                ("mix", index, "category"),
                f"unknown category {entry.category!r}; categories: {known}",
            )
        elif (
            categories
            and entry.subcategory is not None
            and entry.subcategory not in categories[entry.category]
        ):
            msg = f"unknown subcategory {entry.subcategory!r} for category {entry.category}"
            report(("mix", index, "subcategory"), msg)
    tiers = [tier.id for tier in system.effective_tiers]
    departments = {department.id for department in system.departments}
    for index, staffing in enumerate(flow.staffing):
        if staffing.tier is not None and staffing.tier not in tiers:
            report(
                ("staffing", index, "tier"),
                f"unknown tier {staffing.tier!r}; tiers: {', '.join(tiers)}",
            )
        if staffing.department is not None and staffing.department not in departments:
            report(("staffing", index, "department"), f"unknown department {staffing.department!r}")
    handled: set[str] = set()
    for index, handling in enumerate(flow.handling):
        if handling.tier not in tiers:
            report(
                ("handling", index, "tier"),
                f"unknown tier {handling.tier!r}; tiers: {', '.join(tiers)}",
            )
        elif handling.tier in handled:
            report(("handling", index, "tier"), f"tier {handling.tier!r} is handled twice")
        handled.add(handling.tier)
    missing = [tier for tier in tiers if tier not in handled]
    if missing:
        report(
            ("handling",),
            f"no handling for tier(s) {', '.join(missing)}: "
            "every tier needs a time and a probability",
            "add e.g. {tier: grid, time: {distribution: exponential, mean: 4}, resolves: '4/5'}",
        )
    return problems
