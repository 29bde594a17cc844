"""A case system: hierarchy, lifecycle, routing, limits and escalation, checked together."""

from __future__ import annotations

from functools import cached_property

from attrs import field, frozen

from govkit._suggest import did_you_mean
from govkit.calendar import WorkingCalendar
from govkit.cases._lifecycle import CaseLifecycle
from govkit.cases._limits import TimeLimits
from govkit.cases._parts import Department, Handler, Target, Tier
from govkit.cases._policy import CLOCK_OF, EVENT_OF, Action, Condition, EscalationPolicy
from govkit.cases._routing import Routing
from govkit.config import document
from govkit.errors import ConfigError, PathPart, RuleError
from govkit.grid import Hierarchy, Role

__all__ = ["CaseSystem"]

_ROLES = frozenset(role.value for role in Role)
_DEFAULT_CALENDAR = WorkingCalendar()


@document("case_system")
@frozen(kw_only=True)
class CaseSystem:
    """
    Everything a case runs under: where it happened, who handles it, how long they have, what then.

    Checked as a whole when loaded, each problem at its YAML line: tiers name
    levels of the hierarchy's scheme; every routing target, escalation target
    and summoned department exists (tiers or levels, declared departments,
    hierarchy units, grid roles); every declared category routes to someone;
    escalation on one condition climbs the tiers and never comes back down;
    the lifecycle has the clocks and events the policy's conditions need.

    Parameters
    ----------
    id : str or None
        How scenarios refer to it.
    title : str or None
        A human-readable name.
    hierarchy : Hierarchy
        The territory (a document id or inline).
    lifecycle : CaseLifecycle
        The case states (a preset such as ``city_management_loop``).
    routing : Routing
        Who handles what.
    limits : TimeLimits or None
        Response and resolution limits.
    escalation : EscalationPolicy or None
        What happens when limits are missed or residents are not satisfied.
    calendar : WorkingCalendar or None
        Working days and hours that limits count on (default: monday to friday, all day).
    tiers : tuple of Tier
        The rungs of the territory, from the residents up (default: one per level of
        the hierarchy's scheme, lowest first).
    departments : tuple of Department
        Functional departments (a plain id is enough: ``[roads, environment]``).
    notes : str or None
        Anything a reader should know.
    """

    id: str | None = None
    title: str | None = None
    hierarchy: Hierarchy
    lifecycle: CaseLifecycle
    routing: Routing
    limits: TimeLimits | None = None
    escalation: EscalationPolicy | None = None
    calendar: WorkingCalendar | None = None
    tiers: tuple[Tier, ...] = ()
    departments: tuple[Department, ...] = field(default=())
    notes: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = _check(self)
        if problems:
            raise ConfigError([p for error in problems for p in error.problems])

    # -- derived tables ------------------------------------------------------------------

    @cached_property
    def effective_tiers(self) -> tuple[Tier, ...]:
        """Return the tiers, lowest first (one per scheme level when none are given)."""
        if self.tiers:
            return self.tiers
        levels = self.hierarchy.scheme.level_ids
        return tuple(Tier(id=level, levels=(level,)) for level in reversed(levels))

    @cached_property
    def tier_rank(self) -> dict[str, int]:
        """Return each tier's rank, 0 for the lowest."""
        return {tier.id: rank for rank, tier in enumerate(self.effective_tiers)}

    @cached_property
    def tier_of_level(self) -> dict[str, str]:
        """Return the tier of each level."""
        return {level: tier.id for tier in self.effective_tiers for level in tier.levels}

    @cached_property
    def department_map(self) -> dict[str, Department]:
        """Return the departments by id."""
        return {department.id: department for department in self.departments}

    @property
    def effective_calendar(self) -> WorkingCalendar:
        """Return the calendar limits count on."""
        return self.calendar if self.calendar is not None else _DEFAULT_CALENDAR

    @property
    def top_tier(self) -> str:
        """Return the highest tier."""
        return self.effective_tiers[-1].id

    def tier_of_unit(self, unit: str) -> str | None:
        """Return the tier of *unit*'s level (None when no tier holds it)."""
        return self.tier_of_level.get(self.hierarchy.level(unit))

    # -- resolving targets ---------------------------------------------------------------

    def resolve(self, target: Target, unit: str, holder: Handler | None = None) -> Handler:
        """
        Return the handler *target* names for a case that happened in *unit*.

        A tier or level resolves to *unit* or its superior on it; a role to whoever
        serves at that unit (or at the current *holder*'s unit).

        Raises
        ------
        RuleError
            When *unit* has no superior on the tier or level named.
        """
        if target.department is not None:
            department = self.department_map[target.department]
            return Handler("department", department.id, None, department.tier or self.top_tier)
        if target.unit is not None:
            return Handler("unit", target.unit, None, self.tier_of_unit(target.unit))
        place = unit if holder is None or holder.unit is None else holder.unit
        if holder is not None and holder.kind == "unit":
            place = holder.id
        if target.level is not None:
            place = self._climb(unit, target.level)
        if target.role is not None:
            return Handler("role", target.role, place, self.tier_of_unit(place))
        return Handler("unit", place, None, self.tier_of_unit(place))

    def _climb(self, unit: str, level: str) -> str:
        tiers = {tier.id: tier for tier in self.effective_tiers}
        wanted = frozenset(tiers[level].levels) if level in tiers else frozenset({level})
        levels = self.hierarchy.level
        for place in reversed(self.hierarchy.path(unit)):
            if levels(place) in wanted:
                return place
        msg = f"unit {unit!r} has no superior on {level!r}"
        raise RuleError(msg)


class _Checker:
    """Collects the problems of a case system, each at its path."""

    def __init__(self, system: CaseSystem) -> None:
        self.system = system
        self.problems: list[ConfigError] = []
        self.levels = set(system.hierarchy.scheme.level_ids)
        self.tiers: set[str] = set()
        self.departments: set[str] = set()

    def report(self, path: tuple[PathPart, ...], message: str, hint: str | None = None) -> None:
        self.problems.append(ConfigError.at(path, message, hint=hint))

    @property
    def names(self) -> set[str]:
        return self.tiers or self.levels

    def tiers_and_departments(self) -> None:
        system = self.system
        placed: dict[str, str] = {}
        for index, tier in enumerate(system.tiers):
            if tier.id in self.tiers:
                self.report(("tiers", index, "id"), f"tier {tier.id!r} is defined twice")
            self.tiers.add(tier.id)
            for number, level in enumerate(tier.levels):
                where: tuple[PathPart, ...] = ("tiers", index, "levels", number)
                if level not in self.levels:
                    known = ", ".join(system.hierarchy.scheme.level_ids)
                    self.report(where, f"unknown level {level!r}; levels: {known}")
                elif level in placed:
                    self.report(where, f"level {level!r} is already on tier {placed[level]!r}")
                placed.setdefault(level, tier.id)
        for index, department in enumerate(system.departments):
            if department.id in self.departments:
                self.report(
                    ("departments", index), f"department {department.id!r} is declared twice"
                )
            self.departments.add(department.id)
            if department.tier is not None and department.tier not in self.names:
                self.report(("departments", index, "tier"), f"unknown tier {department.tier!r}")

    def unknown_department(self, name: str, path: tuple[PathPart, ...]) -> None:
        hint = did_you_mean(name, self.departments) or (
            f"declare it under the case system's 'departments': [{name}, ...]"
        )
        self.report(path, f"unknown department {name!r}", hint)

    def target(self, target: Target, path: tuple[PathPart, ...]) -> None:
        if target.level is not None and target.level not in self.names | self.levels:
            known = ", ".join(sorted(self.names))
            self.report(
                (*path, "level"),
                f"unknown tier or level {target.level!r}; tiers: {known}",
                did_you_mean(target.level, self.names | self.levels),
            )
        if target.department is not None and target.department not in self.departments:
            self.unknown_department(target.department, (*path, "department"))
        if target.unit is not None and target.unit not in self.system.hierarchy:
            self.report((*path, "unit"), f"unit {target.unit!r} is not in the hierarchy")
        if target.role is not None and target.role not in _ROLES:
            known = ", ".join(sorted(_ROLES))
            self.report(
                (*path, "role"),
                f"unknown role {target.role!r}; roles: {known}",
                did_you_mean(target.role, _ROLES),
            )

    def routing(self) -> None:
        routing = self.system.routing
        for index, rule in enumerate(routing.rules):
            for number, target in enumerate(rule.to):
                self.target(target, ("routing", "rules", index, "to", number))
            for unit in sorted(rule.when.within):
                if unit not in self.system.hierarchy:
                    where: tuple[PathPart, ...] = ("routing", "rules", index, "when", "within")
                    self.report(where, f"unit {unit!r} is not in the hierarchy")
        if routing.fallback is not None:
            self.target(routing.fallback, ("routing", "fallback"))
        for code in routing.unrouted():
            self.report(
                ("routing", "rules"),
                f"category {code!r} routes to nobody: no rule covers all of it, and no fallback",
                "add a rule for the whole category or a 'fallback'",
            )

    def policy(self, policy: EscalationPolicy) -> None:
        lifecycle = self.system.lifecycle
        rank = {tier.id: index for index, tier in enumerate(self.system.effective_tiers)}
        rank.update({level: rank[tier] for level, tier in self.system.tier_of_level.items()})
        highest: dict[Condition, tuple[int, str]] = {}
        for index, step in enumerate(policy.steps):
            path: tuple[PathPart, ...] = ("escalation", "steps", index)
            if step.to is not None:
                self.target(step.to, (*path, "to"))
            for number, summons in enumerate(step.summon):
                if summons.department not in self.departments:
                    where = (*path, "summon", number, "department")
                    self.unknown_department(summons.department, where)
            clock = CLOCK_OF.get(step.when)
            if clock is not None and clock not in lifecycle.clock_map:
                self.report(
                    (*path, "when"),
                    f"condition {step.when.value} needs the lifecycle's {clock!r} clock",
                    f"add a {clock} clock to the lifecycle, or use another condition",
                )
            event = EVENT_OF.get(step.when)
            if event is not None and event not in lifecycle.event_kinds:
                message = f"condition {step.when.value} needs the event {event!r} in the lifecycle"
                self.report((*path, "when"), message)
            level = None if step.to is None else step.to.level
            if step.action is Action.ESCALATE and level is not None and level in rank:
                before = highest.get(step.when)
                if before is not None and rank[level] <= before[0]:
                    self.report(
                        (*path, "to"),
                        f"step {step.id!r} escalates from {before[1]} down or across to "
                        f"{level}: escalation on one condition must climb",
                        "order the steps from the lowest tier up",
                    )
                highest[step.when] = (rank[level], level)


def _check(system: CaseSystem) -> list[ConfigError]:
    checker = _Checker(system)
    checker.tiers_and_departments()
    checker.routing()
    if system.escalation is not None:
        checker.policy(system.escalation)
    return checker.problems
