"""Time limits: response and resolution limits per category and priority, first match wins."""

from __future__ import annotations

from attrs import field, frozen, validators

from govkit.calendar import TimeSpan
from govkit.cases._parts import Match, Report
from govkit.config import Citation, document
from govkit.errors import ConfigError

__all__ = ["Limit", "LimitRule", "TimeLimits"]


@frozen(kw_only=True)
class LimitRule:
    """
    Limits for the reports that match: how long to sign for a case, and to resolve it.

    Parameters
    ----------
    when : Match
        Which reports (category, subcategory, priority, within a unit).
    response : TimeSpan or None
        From dispatch to signing for (``{hours: 1}``).
    resolution : TimeSpan or None
        From dispatch to a resolution (``{working_days: 7}``).
    warn_before : TimeSpan or None
        Warn this long before either limit runs out.
    note : str or None
        Where the figure comes from.
    """

    when: Match = field(factory=Match)
    response: TimeSpan | None = None
    resolution: TimeSpan | None = None
    warn_before: TimeSpan | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.response is None and self.resolution is None:
            msg = "a limit rule sets a response limit, a resolution limit, or both"
            raise ConfigError.at(("response",), msg)


@frozen
class Limit:
    """
    The limit one clock of one case runs under, and the rule it came from.

    Attributes
    ----------
    span : TimeSpan
        The limit.
    warn_before : TimeSpan or None
        When to warn, before the deadline.
    rule : int
        The index of the rule that set it.
    """

    span: TimeSpan
    warn_before: TimeSpan | None
    rule: int


@document("time_limits")
@frozen(kw_only=True)
class TimeLimits:
    """
    Response and resolution limits by category and priority: per clock, the first rule wins.

    A rule may set only one clock: ``{when: {priority: [emergency]}, response:
    {hours: 2}}`` early in the list and ``{when: {category: [road]}, resolution:
    {working_days: 5}}`` later combine for an emergency road case.

    Parameters
    ----------
    id : str or None
        How case systems refer to the limits.
    title : str or None
        A human-readable name.
    source : Citation or None
        Where the figures come from.
    verified : bool, default False
        Whether they were checked against the text in force.
    rules : tuple of LimitRule
        Checked in order.

    Examples
    --------
    >>> limits = TimeLimits(rules=(
    ...     LimitRule(when=Match(priority=frozenset({"emergency"})),
    ...               response=TimeSpan(hours=1), resolution=TimeSpan(hours=2)),
    ...     LimitRule(resolution=TimeSpan(working_days=7)),
    ... ))
    >>> report = Report(id="c1", category="road", unit="g1")
    >>> str(limits.limit(report, "resolution").span), limits.limit(report, "response")
    ('7 working days', None)
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    rules: tuple[LimitRule, ...] = field(validator=validators.min_len(1))

    def limit(self, report: Report, clock: str, within: object = None) -> Limit | None:
        """Return the limit of *clock* (``response`` or ``resolution``) for *report*, or None."""
        for index, rule in enumerate(self.rules):
            span = getattr(rule, clock)
            if span is not None and rule.when.matches(report, within):  # type: ignore[arg-type]
                return Limit(span, rule.warn_before, index)
        return None
