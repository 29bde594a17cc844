"""
The chance that a decision rule reaches quorum and adopts a motion: exact or Monte Carlo.

Monte Carlo: each trial draws who takes part (the turnout model) and how each
of them votes (the choice model), sums every measure of the roll exactly
(integers in NumPy), and applies the rule's own ``decide`` to that tally, so
any `DecisionRule` works, presets included. Identical tallies are decided once.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from govkit._extras import require
from govkit.config import FrozenMap, Quantity, load_preset, to_quantity
from govkit.errors import RuleError
from govkit.sim._choice import ABSTAIN, AGAINST, FOR, ChoiceModel
from govkit.sim._electorate import Electorate, electorate
from govkit.sim._estimate import DecisionProbabilities
from govkit.sim._exact import exact_obstacle, exact_probabilities
from govkit.sim._turnout import IndependentTurnout, TurnoutModel
from govkit.voting import (
    HEADCOUNT,
    Choice,
    Decision,
    DecisionRule,
    MeasureTally,
    MotionTally,
    Roll,
    Status,
)

if TYPE_CHECKING:
    import numpy.typing

__all__ = ["decision_probabilities"]

_CELLS = 2**20
"""Members x trials sampled at once: bounds memory; fixed, so results never depend on it."""


def _rule(rule: DecisionRule | str) -> DecisionRule:
    if isinstance(rule, str):
        found: DecisionRule = load_preset(rule, DecisionRule)
        return found
    return rule


def _turnout(turnout: TurnoutModel | Fraction | float | str) -> TurnoutModel:
    if isinstance(turnout, (int, float, str, Fraction)):
        return IndependentTurnout(turnout)
    return turnout


def decision_probabilities(
    rule: DecisionRule | str,
    roll: Roll | int,
    *,
    turnout: TurnoutModel | Fraction | float | str,
    choices: ChoiceModel,
    method: Literal["auto", "exact", "monte_carlo"] = "auto",
    trials: int = 10_000,
    seed: int | None = None,
    groups: Mapping[str, object] | Sequence[object] | None = None,
    confidence: float = 0.95,
    casting_vote: Choice | None = None,
    expected: Mapping[str, Quantity | int] | None = None,
) -> DecisionProbabilities:
    """
    Return the chances that *rule* ends adopted, rejected, tied or without quorum.

    Parameters
    ----------
    rule : DecisionRule or str
        The rule, or the id of a packaged preset (``"civil_code_278_ordinary"``).
    roll : Roll or int
        Who may take part, with their measures; an int ``n`` is ``n`` members
        (ids ``"1"`` to ``"n"``) counting one head each.
    turnout : TurnoutModel or number
        Who takes part; a number ``p`` is ``IndependentTurnout(p)``.
    choices : ChoiceModel
        How those who take part vote.
    method : {"auto", "exact", "monte_carlo"}
        ``exact`` computes the probabilities exactly (see Notes for when it
        applies) and raises `RuleError` otherwise; ``monte_carlo``
        always simulates; ``auto`` is exact where it applies, else Monte Carlo.
    trials : int, default 10000
        Monte Carlo trials.
    seed : int, optional
        The Monte Carlo seed; required whenever Monte Carlo runs. Same seed, same result.
    groups : mapping of member id to group, or one group per member, optional
        Households or buildings, for `GroupTurnout` and correlated `ChoiceModel`.
    confidence : float, default 0.95
        The confidence level of the Wilson score intervals.
    casting_vote : Choice, optional
        The chair's casting vote, for a ``casting_vote`` tie-break.
    expected : mapping of measure to amount, optional
        Members expected to attend (应到会), for rules counted against ``expected``.

    Returns
    -------
    DecisionProbabilities
        Estimates of P(adopted), P(rejected), P(tied), P(no quorum). Monte Carlo
        estimates are ``count / trials`` (floats) with Wilson score intervals;
        exact ones carry the exact Fraction. A ``lot`` tie-break draws from a
        ``random.Random`` seeded with *seed* (Monte Carlo) or counts half each
        way (exact).

    Raises
    ------
    RuleError
        ``method="exact"`` where it does not apply (the message says why); Monte
        Carlo without a seed; fewer than one trial; a rule needing a measure or
        figure the roll does not have.
    MissingExtraError
        Monte Carlo without NumPy (``pip install 'govkit[fast]'``).

    Notes
    -----
    The exact method sums, over every number ``k`` taking part and every split
    of ``k`` into for, against and abstain, the multinomial probability of that
    tally times the rule's own decision on it, in integers. It applies when
    every condition of the rule is a ``share`` or ``count`` (or ``all_of`` /
    ``any_of`` of them) on headcount; every member counts one head; the
    turnout model has an exact law of the number taking part (members
    exchangeable: no ``per_member`` chances); choices are not correlated
    within groups of more than one member; and there are at most
    `EXACT_LIMIT` possible tallies.

    Monte Carlo draws, per trial, who takes part and how each votes, sums
    every measure of the roll exactly, and decides. The interval of each
    status is the Wilson score interval of its count (`wilson_interval`).
    Results repeat exactly for a given seed on the same versions of govkit
    and NumPy.

    Examples
    --------
    >>> from govkit.sim import ChoiceModel
    >>> exact = decision_probabilities(
    ...     "roberts_majority", 5, turnout="1/2", choices=ChoiceModel(0.5, 0.5))
    >>> exact.method, exact.no_quorum.exact, exact.adopted.exact
    ('exact', Fraction(1, 2), Fraction(113, 512))
    """
    decision_rule = _rule(rule)
    model = _turnout(turnout)
    population = electorate(roll, groups)
    figures = {name: to_quantity(amount) for name, amount in (expected or {}).items()}
    name = decision_rule.id or decision_rule.title or "decision rule"
    if method not in ("auto", "exact", "monte_carlo"):
        msg = f"method must be 'auto', 'exact' or 'monte_carlo', got {method!r}"
        raise RuleError(msg)
    if method != "monte_carlo":
        obstacle = exact_obstacle(decision_rule, population, model, choices)
        if obstacle is None:
            exact = exact_probabilities(
                decision_rule,
                population,
                model,
                choices,
                casting_vote=casting_vote,
                expected=figures.get(HEADCOUNT),
            )
            return DecisionProbabilities.from_exact(exact, rule=name, members=population.size)
        if method == "exact":
            msg = f"the exact method does not apply: {obstacle}; use method='monte_carlo'"
            raise RuleError(msg)
    if seed is None:
        msg = "Monte Carlo needs a seed: pass seed=<int> so the run can be repeated"
        raise RuleError(msg)
    if isinstance(trials, bool) or not isinstance(trials, int) or trials < 1:
        msg = f"trials must be a whole number of at least 1, got {trials!r}"
        raise RuleError(msg)
    counts = _monte_carlo(
        decision_rule,
        population,
        model,
        choices,
        trials=trials,
        seed=seed,
        casting_vote=casting_vote,
        expected=figures,
    )
    return DecisionProbabilities.from_counts(
        counts, rule=name, members=population.size, seed=seed, confidence=confidence
    )


def _numerators(population: Electorate) -> numpy.typing.NDArray[Any]:
    """Members x measures integers; int64 when no sum can overflow, else Python ints."""
    import numpy as np  # noqa: PLC0415 - optional extra, checked by the caller

    largest = max((sum(column) for column in population.numerators), default=0)
    dtype: Any = np.int64 if largest < 2**62 else object
    return (
        np.array(population.numerators, dtype=dtype)
        .reshape(len(population.measures), population.size)
        .T
    )


def _monte_carlo(
    rule: DecisionRule,
    population: Electorate,
    turnout: TurnoutModel,
    choices: ChoiceModel,
    *,
    trials: int,
    seed: int,
    casting_vote: Choice | None,
    expected: Mapping[str, Quantity],
) -> dict[Status, int]:
    np = require("numpy", "Monte Carlo simulation (govkit.sim.decision_probabilities)")
    rng = np.random.default_rng(seed)
    lot = random.Random(f"govkit.sim lot {seed}")
    amounts = _numerators(population)
    groups = np.array(population.groups, dtype=np.intp)
    eligible = [Quantity(population.eligible(m)) for m in range(len(population.measures))]
    decided: dict[tuple[int, ...], Decision] = {}
    counts = dict.fromkeys(Status, 0)
    chunk = max(1, _CELLS // max(1, population.size))
    done = 0
    while done < trials:
        size = min(chunk, trials - done)
        present = turnout.sample(rng, size, population.ids, groups)
        codes = np.where(present, choices.sample(rng, size, groups), 0)
        sums = [(codes == code).astype(amounts.dtype) @ amounts for code in (FOR, AGAINST, ABSTAIN)]
        for row in np.concatenate(sums, axis=1).tolist():
            key = tuple(row)
            decision = decided.get(key)
            if decision is None:
                tally = _tally(key, population, eligible, expected)
                decision = rule.decide(tally, casting_vote=casting_vote, rng=lot)
                if decision.tie_break != "lot":  # a lot is drawn afresh every time
                    decided[key] = decision
            counts[decision.status] += 1
        done += size
    return counts


def _tally(
    key: tuple[int, ...],
    population: Electorate,
    eligible: list[Quantity],
    expected: Mapping[str, Quantity],
) -> MotionTally:
    measures = len(population.measures)
    tallies = {}
    for index, name in enumerate(population.measures):
        denominator = population.denominators[index]
        tallies[name] = MeasureTally(
            for_=Quantity(Fraction(key[index], denominator)),
            against=Quantity(Fraction(key[measures + index], denominator)),
            abstain=Quantity(Fraction(key[2 * measures + index], denominator)),
            eligible=eligible[index],
            expected=expected.get(name),
        )
    return MotionTally(FrozenMap(tallies))
