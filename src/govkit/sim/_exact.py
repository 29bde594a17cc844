"""
Exact chances of a decision, where they are cheap: headcount rules, exchangeable members.

When every condition of the rule counts heads only, every member counts one
head, the number taking part has a known law P(K = k) and those taking part
vote independently with the same probabilities, the chance of each status is

    sum over k of P(K = k) x sum over for + against + abstain = k of
    multinomial(k; for, against, abstain) p_for^for p_against^against p_abstain^abstain
    x [the rule's decision on that tally]

computed in integers over one common denominator, and the rule's own
``decide`` is applied to each possible tally, so any headcount rule is covered.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, TypeVar

from govkit.config import FrozenMap, Quantity
from govkit.sim._choice import ChoiceModel
from govkit.sim._electorate import Electorate
from govkit.sim._turnout import TurnoutModel
from govkit.voting import (
    HEADCOUNT,
    AllOf,
    AnyOf,
    Choice,
    Condition,
    Count,
    DecisionRule,
    MeasureTally,
    MotionTally,
    Share,
    Status,
)

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

T = TypeVar("T")

__all__ = ["EXACT_LIMIT", "exact_obstacle", "exact_probabilities"]

EXACT_LIMIT = 20_000
"""The most possible tallies the exact method evaluates (about 45 members with abstentions,
200 without); each costs one ``decide``. Beyond it, use Monte Carlo."""


class _Forced(random.Random):
    """A "random" source whose lot always draws the same side (to weigh both sides exactly)."""

    def __init__(self, side: int) -> None:
        super().__init__(0)
        self.side = side

    def choice(self, seq: SupportsLenAndGetItem[T]) -> T:
        return seq[self.side]


def _measures(condition: Condition) -> set[str] | None:
    """Return the measures a condition reads (None for a condition kind not known here)."""
    if isinstance(condition, (Share, Count)):
        return {condition.measure}
    if isinstance(condition, (AllOf, AnyOf)):
        found: set[str] = set()
        for part in condition.conditions:
            inner = _measures(part)
            if inner is None:
                return None
            found |= inner
        return found
    return None


def _tallies(law: Sequence[Fraction], live: int) -> int:
    """How many (for, against, abstain) tallies the exact sum visits."""
    return sum(math.comb(k + live - 1, live - 1) for k, chance in enumerate(law) if chance)


def exact_obstacle(  # noqa: PLR0911 - one return per obstacle
    rule: DecisionRule, population: Electorate, turnout: TurnoutModel, choices: ChoiceModel
) -> str | None:
    """
    Return why the exact method does not apply, or None when it does.

    It applies when the rule's conditions are all ``share`` / ``count`` (and
    ``all_of`` / ``any_of`` of them) on headcount, every member counts one
    head, the turnout model gives the exact law of the number taking part, the
    choices are not correlated within groups of more than one member, and
    there are at most `EXACT_LIMIT` possible tallies.
    """
    for part in (rule.quorum, rule.threshold):
        if part is None:
            continue
        measures = _measures(part)
        if measures is None:
            return f"condition kind {type(part).__name__} is not known to the exact method"
        if measures - {HEADCOUNT}:
            return f"the rule reads {', '.join(sorted(measures - {HEADCOUNT}))}, not only headcount"
    heads = population.measures.index(HEADCOUNT)
    if population.denominators[heads] != 1 or set(population.numerators[heads]) - {1}:
        return "some member does not count exactly one head"
    sizes = population.group_sizes()
    law = turnout.exact_turnout(sizes)
    if law is None:
        return f"{type(turnout).__name__} gives members different chances of taking part"
    if choices.correlation and any(size > 1 for size in sizes):
        return "choices are correlated within groups"
    live = sum(1 for chance in choices.probabilities if chance)
    count = _tallies(law, live)
    if count > EXACT_LIMIT:
        return f"{count} possible tallies, more than EXACT_LIMIT ({EXACT_LIMIT})"
    return None


def _split(total: int, live: Sequence[bool]) -> list[tuple[int, int, int]]:
    """Every (for, against, abstain) adding up to *total* with zero where a choice cannot occur."""
    out = []
    for yes in range(total + 1) if live[0] else (0,):
        rest = total - yes
        for no in range(rest + 1) if live[1] else (0,):
            if rest - no == 0 or live[2]:
                out.append((yes, no, rest - no))
    return out


def exact_probabilities(
    rule: DecisionRule,
    population: Electorate,
    turnout: TurnoutModel,
    choices: ChoiceModel,
    *,
    casting_vote: Choice | None = None,
    expected: Quantity | None = None,
) -> dict[Status, Fraction]:
    """
    Return each status's exact probability; call `exact_obstacle` first.

    A ``lot`` tie-break is weighed exactly: half the tie goes each way.
    """
    law = turnout.exact_turnout(population.group_sizes())
    if law is None:  # pragma: no cover - exact_obstacle has refused it
        msg = "the turnout model has no exact law"
        raise TypeError(msg)
    common = math.lcm(*(chance.denominator for chance in choices.probabilities))
    weights = [int(chance * common) for chance in choices.probabilities]
    live = [weight > 0 for weight in weights]
    size = population.size
    factorial = [math.factorial(k) for k in range(size + 1)]
    powers = [[weight**k for k in range(size + 1)] for weight in weights]
    heads = Quantity(Fraction(size))
    heads_side, tails_side = _Forced(0), _Forced(1)
    totals = dict.fromkeys(Status, Fraction(0))

    def decide(yes: int, no: int, abstain: int) -> tuple[Status, Status]:
        """Return the status when a lot draws for, and when it draws against."""
        figures = MeasureTally(
            for_=yes, against=no, abstain=abstain, eligible=heads, expected=expected
        )
        tally = MotionTally(FrozenMap({HEADCOUNT: figures}))
        decision = rule.decide(tally, casting_vote=casting_vote, rng=heads_side)
        if decision.tie_break != "lot":
            return decision.status, decision.status
        return decision.status, rule.decide(tally, casting_vote=casting_vote, rng=tails_side).status

    for k, chance in enumerate(law):
        if not chance:
            continue
        sums = dict.fromkeys(Status, 0)
        for yes, no, abstain in _split(k, live):
            ways = factorial[k] // (factorial[yes] * factorial[no] * factorial[abstain])
            weight = ways * powers[0][yes] * powers[1][no] * powers[2][abstain]
            heads_status, tails_status = decide(yes, no, abstain)
            sums[heads_status] += weight
            sums[tails_status] += weight
        scale = 2 * common**k
        for status, weight in sums.items():
            if weight:
                totals[status] += chance * Fraction(weight, scale)
    return totals
