"""Staffing against the norms: vacancies (too few people) and overloads (too much per person)."""

from __future__ import annotations

from fractions import Fraction

from attrs import frozen

from govkit.grid._hierarchy import Hierarchy
from govkit.grid._level import Confidence
from govkit.grid._norm import GridNorms, StaffingRule, _number
from govkit.grid._role import Assignments

__all__ = ["Overload", "StaffingReport", "Vacancy", "check_staffing"]


@frozen(kw_only=True)
class Vacancy:
    """A unit with fewer people in a role than its staffing rule asks for."""

    unit: str
    rule: StaffingRule
    required: int
    assigned: int
    confidence: Confidence | None

    def text(self) -> str:
        """Return one line for a report."""
        return (
            f"vacancy: {self.rule.level} {self.unit!r} has {self.assigned} "
            f"{self.rule.role.value} of {self.required} required"
        )


@frozen(kw_only=True)
class Overload:
    """A person carrying more than the staffing rule gives one person."""

    person: str
    rule: StaffingRule
    load: Fraction
    limit: Fraction
    confidence: Confidence | None

    def text(self) -> str:
        """Return one line for a report."""
        rule = self.rule
        what = f"{rule.level}s" if rule.per_unit is not None else str(rule.measure)
        return (
            f"overload: {rule.role.value} {self.person!r} serves {_number(self.load)} {what}; "
            f"the norm is {_number(self.limit)} per person"
        )


@frozen(kw_only=True)
class StaffingReport:
    """Every vacancy and overload found, in rule order."""

    vacancies: tuple[Vacancy, ...] = ()
    overloads: tuple[Overload, ...] = ()

    def lines(self) -> tuple[str, ...]:
        """Return one line per finding."""
        return tuple(item.text() for item in self.vacancies) + tuple(
            item.text() for item in self.overloads
        )


def _covered(hierarchy: Hierarchy, unit: str, level: str) -> tuple[str, ...]:
    """Return the units of *level* that a person bound to *unit* serves."""
    if hierarchy.level(unit) == level:
        return (unit,)
    above = hierarchy.superior(unit, level)
    if above is not None:
        return (above,)
    return hierarchy.descendants(unit, level)


def check_staffing(
    hierarchy: Hierarchy, norms: GridNorms, assignments: Assignments
) -> StaffingReport:
    """
    Find vacancies and overloads under each staffing rule of *norms*.

    A person bound to a unit counts for the unit of the rule's level that holds it
    (a building head of a building counts for its grid); a person bound above the
    level serves every unit of the level below (a grid worker bound to a whole
    community serves all its grids). A unit is vacant when it has fewer people than
    the rule requires. For a ``per_unit`` rule a person is overloaded when they serve
    more units than one person's share; for a ``per_person`` rule when the units they
    are bound to hold more of the measure than one person covers.

    Raises
    ------
    ConfigError
        When an assignment names a unit that is not in *hierarchy*.
    """
    assignments.check(hierarchy)
    vacancies: list[Vacancy] = []
    overloads: list[Overload] = []
    for rule in norms.staffing:
        if rule.level not in hierarchy.scheme.level_ids:
            continue
        confidence = norms.confidence_of(rule)
        served: dict[str, int] = {}
        totals = hierarchy.aggregate(rule.measure) if rule.measure is not None else None
        for assignment in assignments.people:
            if assignment.role is not rule.role:
                continue
            covered = dict.fromkeys(
                unit
                for bound in assignment.units
                for unit in _covered(hierarchy, bound, rule.level)
            )
            for unit in covered:
                served[unit] = served.get(unit, 0) + 1
            if rule.per_unit is not None:
                load, limit = Fraction(len(covered)), Fraction(1)
            elif totals is not None and rule.per_person is not None:
                load = sum((totals[unit] for unit in assignment.units), Fraction(0))
                limit = Fraction(rule.per_person)
            else:  # pragma: no cover - excluded by StaffingRule's constructor
                continue
            if load > limit:
                overloads.append(
                    Overload(
                        person=assignment.person,
                        rule=rule,
                        load=load,
                        limit=limit,
                        confidence=confidence,
                    )
                )
        for unit in hierarchy.at_level(rule.level):
            amount = totals[unit] if totals is not None else Fraction(0)
            required = rule.required(amount)
            if served.get(unit, 0) < required:
                vacancies.append(
                    Vacancy(
                        unit=unit,
                        rule=rule,
                        required=required,
                        assigned=served.get(unit, 0),
                        confidence=confidence,
                    )
                )
    return StaffingReport(vacancies=tuple(vacancies), overloads=tuple(overloads))
