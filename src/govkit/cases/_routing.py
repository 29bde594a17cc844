"""Routing: ordered first-match rules from a case's facts to who handles it."""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce

from attrs import field, frozen, validators

from govkit.cases._parts import Match, Report, Target
from govkit.config import Citation, FrozenMap, document, to_frozenmap
from govkit.errors import ConfigError, PathPart
from govkit.grid import Hierarchy

__all__ = ["Route", "Routing", "RoutingRule", "common_superior"]


@frozen(kw_only=True)
class RoutingRule:
    """
    One routing rule: reports that match go to the targets (several: a joint dispatch).

    Parameters
    ----------
    when : Match
        Which reports (category, subcategory, priority, within a unit).
    to : tuple of Target
        Who handles them; the first is the lead handler, the others co-handle.
    note : str or None
        Why (a regulation, a local agreement).
    """

    when: Match = field(factory=Match)
    to: tuple[Target, ...] = field(validator=validators.min_len(1))
    note: str | None = None


@frozen
class Route:
    """
    Where routing sent a report: the targets, and which rule (or the fallback) said so.

    Attributes
    ----------
    targets : tuple of Target
        The lead target first.
    rule : int or None
        The index of the rule that matched; None when the fallback applied.
    why : str
        In words, for the case's log.
    """

    targets: tuple[Target, ...]
    rule: int | None
    why: str


@document("routing")
@frozen(kw_only=True)
class Routing:
    """
    Ordered first-match routing rules, with a territorial fallback owner (属地兜底).

    The first rule whose ``when`` matches a report decides its handlers; when no
    rule matches, the ``fallback`` (usually the community or village where it
    happened) owns it. Categories listed in ``categories`` are the taxonomy: rules
    may only name those, and a case system checks that every category routes to
    someone.

    Parameters
    ----------
    id : str or None
        How case systems refer to it.
    title : str or None
        A human-readable name.
    source : Citation or None
        The routing list's source (a district's responsibility list, 权责清单).
    verified : bool, default False
        Whether it was checked against the list in force.
    categories : mapping of str to set of str
        The category codes and their subcategories (empty: any codes).
    rules : tuple of RoutingRule
        Checked in order; the first match wins.
    fallback : Target or None
        Who owns a case no rule matches.

    Examples
    --------
    >>> routing = Routing(
    ...     rules=(RoutingRule(when=Match(category=frozenset({"road"})),
    ...                        to=(Target(department="roads"),)),),
    ...     fallback=Target(level="community"))
    >>> routing.route(Report(id="c1", category="road", unit="g1")).why
    'rule 1: category road -> department roads'
    >>> routing.route(Report(id="c2", category="noise", unit="g1")).why
    'no rule matched category noise: the territorial owner, level community'
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    categories: FrozenMap[str, frozenset[str]] = field(factory=FrozenMap, converter=to_frozenmap)
    rules: tuple[RoutingRule, ...] = ()
    fallback: Target | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[ConfigError] = []
        if not self.rules and self.fallback is None:
            msg = "routing needs rules, a fallback, or both"
            problems.append(ConfigError.at(("rules",), msg, hint="add 'fallback: community'"))
        if self.categories:
            for index, rule in enumerate(self.rules):
                problems.extend(self._check_codes(rule.when, ("rules", index, "when")))
        if problems:
            raise ConfigError([p for error in problems for p in error.problems])

    def _check_codes(self, match: Match, path: tuple[PathPart, ...]) -> list[ConfigError]:
        problems = []
        for code in sorted(match.category - set(self.categories)):
            known = ", ".join(self.categories)
            msg = f"unknown category {code!r}; categories: {known}"
            problems.append(ConfigError.at((*path, "category"), msg))
        allowed = set().union(
            *(self.categories.get(code, frozenset()) for code in match.category or self.categories)
        )
        for code in sorted(match.subcategory - allowed):
            msg = f"unknown subcategory {code!r} for category {' or '.join(sorted(match.category))}"
            problems.append(ConfigError.at((*path, "subcategory"), msg))
        return problems

    def route(self, report: Report, within: Callable[[str, str], bool] | None = None) -> Route:
        """
        Return where *report* goes: the first matching rule, else the fallback.

        *within* is the hierarchy's ``is_within`` (needed by rules that list units).

        Raises
        ------
        LookupError
            When no rule matches and there is no fallback.
        """
        for index, rule in enumerate(self.rules):
            if rule.when.matches(report, within):
                targets = ", ".join(str(target) for target in rule.to)
                return Route(
                    rule.to, index, f"rule {index + 1}: {rule.when.describe()} -> {targets}"
                )
        if self.fallback is None:
            msg = f"no routing rule matches category {report.category!r} and there is no fallback"
            raise LookupError(msg)
        why = f"no rule matched category {report.category}: the territorial owner, {self.fallback}"
        return Route((self.fallback,), None, why)

    def unrouted(self) -> tuple[str, ...]:
        """
        Return the declared categories some report of could find nobody.

        A category is covered when there is a fallback, or a rule that matches
        it whatever the subcategory, priority and place.
        """
        if self.fallback is not None:
            return ()
        covered = {
            code
            for rule in self.rules
            if not (rule.when.subcategory or rule.when.priority or rule.when.within)
            for code in (rule.when.category or self.categories)
        }
        return tuple(code for code in self.categories if code not in covered)


def common_superior(hierarchy: Hierarchy, units: tuple[str, ...]) -> str:
    """
    Return the lowest unit above or at all *units*: who settles a dispute between them.

    When units disagree about who is responsible, their lowest common superior
    decides (for two grids of one community, the community).

    Examples
    --------
    >>> from govkit.config import load_all
    >>> tree = load_all("examples/grid_community.yaml")["jianwai_street"]
    >>> common_superior(tree, ("yonganli_g1", "yonganli_g2"))
    'yonganli'
    >>> common_superior(tree, ("yonganli_g1", "jianguoli_g1"))
    'jianwai'
    """
    if not units:
        msg = "a dispute needs at least one unit"
        raise ValueError(msg)
    return reduce(hierarchy.common_superior, units)
