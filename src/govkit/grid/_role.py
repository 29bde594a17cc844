"""The roles people hold in grid management, and whom they are bound to."""

from __future__ import annotations

import datetime as dt
import enum

from attrs import field, frozen

from govkit.config import document
from govkit.errors import ConfigError, Problem

__all__ = ["Assignment", "Assignments", "Role"]


class Role(enum.Enum):
    """What a person does in the grid (``role:`` in YAML)."""

    GRID_WORKER = "grid_worker"
    """网格员 (the worker responsible for a basic grid)."""
    BUILDING_HEAD = "building_head"
    """楼栋长 (a resident volunteer for a building or micro-grid)."""
    COMMUNITY_SECRETARY = "community_secretary"
    """社区书记 (heads a community (or village) committee)."""
    STREET_DISPATCHER = "street_dispatcher"
    """街道派遣员 (registers and dispatches cases at the street or township)."""
    DEPARTMENT_HANDLER = "department_handler"
    """部门处置人员 (handles dispatched cases for a department)."""
    MEDIATOR = "mediator"
    """人民调解员 (a people's mediator)."""


def _non_empty_units(_: object, __: object, value: tuple[str, ...]) -> None:
    if not value:
        raise ConfigError.at(("units",), "an assignment names at least one unit")
    for index, unit in enumerate(value):
        if value.index(unit) != index:
            raise ConfigError.at(("units", index), f"unit {unit!r} is listed twice")


@frozen(kw_only=True)
class Assignment:
    """
    One person bound to one or more units in one role.

    Parameters
    ----------
    person : str
        The person's id (a staff number; keep personal data out of config).
    role : Role
        ``grid_worker``, ``building_head``, ``community_secretary``,
        ``street_dispatcher``, ``department_handler`` or ``mediator``.
    units : tuple of str
        The ids of the units the person serves in this role.
    name : str or None
        A display name.
    since, until : date or None
        The first and last day of the assignment (both inclusive).
    """

    person: str
    role: Role
    units: tuple[str, ...] = field(validator=_non_empty_units)
    name: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def _unique_pairs(_: object, __: object, value: tuple[Assignment, ...]) -> None:
    seen: dict[tuple[str, Role], int] = {}
    for index, assignment in enumerate(value):
        key = (assignment.person, assignment.role)
        if key in seen:
            msg = (
                f"{assignment.person!r} is already a {assignment.role.value} "
                f"(people[{seen[key]}]); list all their units there"
            )
            raise ConfigError.at(("people", index, "person"), msg)
        seen[key] = index


@document("assignments")
@frozen(kw_only=True)
class Assignments:
    """
    People bound to units in roles: who is the grid worker, the building head, ...

    Parameters
    ----------
    id : str or None
        How other documents refer to these assignments.
    title : str or None
        A human-readable name.
    people : tuple of Assignment
        One entry per person and role.

    Examples
    --------
    >>> team = Assignments(people=(Assignment(person="p1", role=Role.GRID_WORKER,
    ...                                       units=("g1", "g2")),))
    >>> team.serving(Role.GRID_WORKER, "g2")
    ('p1',)
    """

    id: str | None = None
    title: str | None = None
    people: tuple[Assignment, ...] = field(default=(), validator=_unique_pairs)

    def serving(self, role: Role, unit: str) -> tuple[str, ...]:
        """Return the people bound to *unit* itself in *role*."""
        return tuple(a.person for a in self.people if a.role is role and unit in a.units)

    def as_of(self, day: dt.date) -> Assignments:
        """Return the assignments in force on *day*."""
        people = tuple(
            a
            for a in self.people
            if (a.since is None or a.since <= day) and (a.until is None or day <= a.until)
        )
        return Assignments(id=self.id, title=self.title, people=people)

    def check(self, units: object) -> None:
        """
        Raise ConfigError listing every assigned unit id that *units* does not contain.

        *units* is anything that answers ``in`` for unit ids, such as a `Hierarchy`.
        """
        problems = [
            Problem(
                message=f"{a.person!r} is bound to unknown unit {unit!r}",
                path=("people", index, "units", position),
            )
            for index, a in enumerate(self.people)
            for position, unit in enumerate(a.units)
            if unit not in units  # type: ignore[operator]
        ]
        if problems:
            raise ConfigError(problems)
