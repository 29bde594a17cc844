"""The small parts case documents share: reports, matches, targets, handlers, tiers, departments."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from attrs import field, frozen

from govkit.config import shorthand
from govkit.errors import ConfigError

__all__ = ["Department", "Handler", "Match", "Report", "Target", "Tier", "handlers_json", "ident"]

_IDENT = re.compile(r"[a-z][a-z0-9_]*")


def ident(_: object, attribute: Any, value: str) -> None:
    """Validate a snake_case identifier (attrs validator)."""
    if not isinstance(value, str) or not _IDENT.fullmatch(value):
        msg = f"{attribute.name} is a snake_case name such as 'sanitation', got {value!r}"
        raise ConfigError.at((attribute.name,), msg)


@frozen(kw_only=True)
class Report:
    """
    What a resident reported (诉求): the facts routing, limits and policies look at.

    Parameters
    ----------
    id : str
        The case's id in the caller's system (the Open311 ``service_request_id``).
    category : str
        The category code (``sanitation``, ``road``, ``noise``).
    subcategory : str or None
        A finer code within the category (``garbage_overflow``).
    priority : str, default "normal"
        The priority tier (``emergency``, ``urgent``, ``normal``, ``complex``).
    unit : str
        The hierarchy unit where it happened (usually a grid).
    description, address : str or None
        Free text, as reported.
    lat, long : str or None
        WGS-84 coordinates as decimal text (``"39.9042"``), kept exactly as given.
    """

    id: str
    category: str
    subcategory: str | None = None
    priority: str = "normal"
    unit: str
    description: str | None = None
    address: str | None = None
    lat: str | None = None
    long: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON data."""
        return {
            "id": self.id,
            "category": self.category,
            "subcategory": self.subcategory,
            "priority": self.priority,
            "unit": self.unit,
            "description": self.description,
            "address": self.address,
            "lat": self.lat,
            "long": self.long,
        }


@frozen(kw_only=True)
class Match:
    """
    Which reports a rule applies to: every listed attribute must match (empty matches all).

    Parameters
    ----------
    category, subcategory, priority : set of str
        Accepted values; empty accepts any.
    within : set of str
        Hierarchy units; the report's unit must be one of them or under one.

    Examples
    --------
    >>> Match(category=frozenset({"road"})).describe()
    'category road'
    >>> Match().describe()
    'any case'
    """

    category: frozenset[str] = frozenset()
    subcategory: frozenset[str] = frozenset()
    priority: frozenset[str] = frozenset()
    within: frozenset[str] = frozenset()

    def matches(self, report: Report, within: Callable[[str, str], bool] | None = None) -> bool:
        """
        Return whether *report* matches.

        *within* is a callable ``within(unit, superior) -> bool`` (a hierarchy's
        ``is_within``); it is needed only when the match lists units.
        """
        if self.category and report.category not in self.category:
            return False
        if self.subcategory and report.subcategory not in self.subcategory:
            return False
        if self.priority and report.priority not in self.priority:
            return False
        if self.within:
            if within is None:
                msg = "this match lists units ('within'): pass the hierarchy's is_within"
                raise ValueError(msg)
            return any(within(report.unit, unit) for unit in self.within)
        return True

    @property
    def is_catch_all(self) -> bool:
        """Return whether the match accepts every report."""
        return not (self.category or self.subcategory or self.priority or self.within)

    def describe(self) -> str:
        """Return the match in words."""
        parts = [
            f"{name} {' or '.join(sorted(values))}"
            for name, values in (
                ("category", self.category),
                ("subcategory", self.subcategory),
                ("priority", self.priority),
                ("within", self.within),
            )
            if values
        ]
        return ", ".join(parts) if parts else "any case"


@shorthand("level")
@frozen(kw_only=True)
class Target:
    """
    Who a case goes to: a tier or level of the territory, a department, a unit, or a role.

    Exactly one of ``level``, ``department`` and ``unit`` (``role`` may stand alone
    or with ``level``). YAML may write a level as a plain string: ``to: community``.

    Parameters
    ----------
    level : str or None
        A tier of the case system (``community`` covers communities and villages)
        or a level of the hierarchy: the case's unit or its superior there.
    department : str or None
        A department declared by the case system (``district_roads``).
    unit : str or None
        A named hierarchy unit.
    role : str or None
        A role (``mediator``, ``street_dispatcher``): whoever serves in it at the
        level given, or at the current holder's unit.

    Examples
    --------
    >>> str(Target(level="street")), str(Target(department="roads"))
    ('level street', 'department roads')
    """

    level: str | None = None
    department: str | None = None
    unit: str | None = None
    role: str | None = None

    def __attrs_post_init__(self) -> None:
        given = [
            name for name in ("level", "department", "unit") if getattr(self, name) is not None
        ]
        if len(given) > 1 or (self.role is not None and (self.department or self.unit)):
            msg = f"a target names one of level, department, unit; got {', '.join(given)}"
            raise ConfigError.at((given[-1],), msg, hint="split it into several targets")
        if not given and self.role is None:
            msg = "a target needs one of level, department, unit or role"
            raise ConfigError.at((), msg, hint="e.g. {level: community} or {department: roads}")

    def __str__(self) -> str:
        if self.role is not None:
            return f"role {self.role}" + (f" at {self.level}" if self.level else "")
        for name in ("level", "department", "unit"):
            value = getattr(self, name)
            if value is not None:
                return f"{name} {value}"
        return "nobody"  # pragma: no cover - excluded by __attrs_post_init__


@frozen
class Handler:
    """
    A resolved handler: a unit, a department or a role at a unit, with its tier.

    Parameters
    ----------
    kind : str
        ``unit``, ``department`` or ``role``.
    id : str
        The unit id, department id or role name.
    unit : str or None
        The unit a role serves at (None for departments).
    tier : str or None
        The tier it stands on (for containment figures).
    """

    kind: str
    id: str
    unit: str | None = None
    tier: str | None = None

    def __str__(self) -> str:
        if self.kind == "role":
            return f"{self.id} of {self.unit}" if self.unit else self.id
        return self.id

    def to_dict(self) -> dict[str, Any]:
        """Return the handler as JSON data."""
        return {"kind": self.kind, "id": self.id, "unit": self.unit, "tier": self.tier}


@frozen(kw_only=True)
class Tier:
    """
    One rung of the territory for routing and containment: several levels may share it.

    Parameters
    ----------
    id : str
        The tier's name (``grid``, ``community``, ``street``, ``district``).
    levels : tuple of str
        The hierarchy levels on this tier (``[community, village]``).
    title : str or None
        A human-readable name (``社区/村``).
    """

    id: str = field(validator=ident)
    levels: tuple[str, ...]
    title: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise ConfigError.at(("levels",), f"tier {self.id!r} lists no levels")


@shorthand("id")
@frozen(kw_only=True)
class Department:
    """
    A functional department cases can be dispatched or escalated to, or summoned by a whistle.

    Parameters
    ----------
    id : str
        The department's snake_case id (``district_roads``).
    title : str or None
        Its name (``区市政市容委``).
    tier : str or None
        The tier it works on (default: the top tier), for containment figures.
    """

    id: str = field(validator=ident)
    title: str | None = None
    tier: str | None = None


def handlers_json(handlers: tuple[Handler, ...]) -> list[dict[str, Any]]:
    """Return handlers as JSON data."""
    return [handler.to_dict() for handler in handlers]
