"""Decision probabilities: exact where cheap, Monte Carlo elsewhere, the two agreeing."""

from __future__ import annotations

import itertools
import math
import sys
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.config import load_preset
from govkit.errors import ConfigError, MissingExtraError, RuleError
from govkit.sim import (
    EXACT_LIMIT,
    STATUSES,
    BetaBinomialTurnout,
    ChoiceModel,
    DecisionProbabilities,
    GroupTurnout,
    IndependentTurnout,
    TurnoutModel,
    decision_probabilities,
)
from govkit.voting import (
    CastingVote,
    Choice,
    Count,
    DecisionRule,
    Lot,
    Member,
    MotionBallot,
    MotionTally,
    Roll,
    Share,
    Status,
)

LOT_RULE = DecisionRule(
    id="majority_by_lot",
    quorum=Count(count="participating", at_least=2),
    threshold=Share(count="for", of="cast", more_than="1/2"),
    tie_break=(Lot(),),
)
CASTING_RULE = DecisionRule(
    id="majority_casting_vote",
    threshold=Share(count="for", of="cast", more_than="1/2"),
    tie_break=(CastingVote(),),
)
HEADCOUNT_RULES = [
    load_preset("roberts_majority", DecisionRule),
    load_preset("roberts_two_thirds", DecisionRule),
    load_preset("villagers_representatives_meeting", DecisionRule),
    load_preset("liquidfeedback_direct_majority", DecisionRule),
    LOT_RULE,
    DecisionRule(threshold=Share(count="for", of="eligible", at_least="1/2")),
]
CHOICES = ChoiceModel(0.5, 0.4, 0.1)


def _brute_force(
    rule: DecisionRule, members: int, law: tuple[Fraction, ...], choices: ChoiceModel
) -> dict[Status, Fraction]:
    """Every member absent, for, against or abstaining: 4**n worlds, each decided."""
    chances = dict(
        zip((Choice.FOR, Choice.AGAINST, Choice.ABSTAIN), choices.probabilities, strict=True)
    )
    totals = dict.fromkeys(Status, Fraction(0))
    for world in itertools.product([None, *chances], repeat=members):
        present = [choice for choice in world if choice is not None]
        weight = law[len(present)] / math.comb(members, len(present))
        for choice in present:
            weight *= chances[choice]
        if not weight:
            continue
        tally = MotionTally.count(
            [MotionBallot(choice=choice) for choice in present], eligible={"headcount": members}
        )
        decision = rule.decide(tally)
        if decision.status is Status.TIED and any(isinstance(s, Lot) for s in rule.tie_break):
            totals[Status.ADOPTED] += weight / 2
            totals[Status.REJECTED] += weight / 2
        else:
            totals[decision.status] += weight
    return totals


fractions = st.fractions(0, 1, max_denominator=6)


@st.composite
def choice_models(draw: st.DrawFn) -> ChoiceModel:
    yes = draw(fractions)
    no = draw(st.fractions(0, 1 - yes, max_denominator=6))
    return ChoiceModel(yes, no, 1 - yes - no)


@settings(max_examples=25, deadline=None)
@given(
    rule=st.sampled_from(HEADCOUNT_RULES),
    members=st.integers(0, 4),
    probability=fractions,
    correlation=st.sampled_from([Fraction(0), Fraction(1, 4), Fraction(1)]),
    choices=choice_models(),
)
def test_exact_equals_brute_force_over_every_member(
    rule: DecisionRule,
    members: int,
    probability: Fraction,
    correlation: Fraction,
    choices: ChoiceModel,
) -> None:
    """The multinomial sum equals deciding each of the 4**n worlds one by one."""
    turnout = BetaBinomialTurnout(probability, correlation=correlation)
    law = turnout.exact_turnout([1] * members)
    result = decision_probabilities(rule, members, turnout=turnout, choices=choices, method="exact")

    expected = _brute_force(rule, members, law, choices)
    assert {status: result.estimate(status).exact for status in STATUSES} == {
        status: expected[status] for status in STATUSES
    }
    assert sum(result.estimate(status).exact or 0 for status in STATUSES) == 1


@pytest.mark.parametrize(
    ("rule", "members", "turnout", "groups"),
    [
        ("roberts_majority", 30, IndependentTurnout(0.55), None),
        ("roberts_two_thirds", 24, BetaBinomialTurnout(0.6, correlation=0.2), None),
        (LOT_RULE, 12, IndependentTurnout(0.5), None),
        (
            "villagers_representatives_meeting",
            20,
            GroupTurnout(0.7, correlation=0.5),
            [index // 4 for index in range(20)],
        ),
    ],
)
def test_monte_carlo_agrees_with_the_exact_value(
    rule: DecisionRule | str, members: int, turnout: TurnoutModel, groups: list[int] | None
) -> None:
    """Every exact probability lies in the 99.9% Wilson interval of a seeded Monte Carlo run."""
    exact = decision_probabilities(
        rule, members, turnout=turnout, choices=CHOICES, groups=groups, method="exact"
    )
    simulated = decision_probabilities(
        rule,
        members,
        turnout=turnout,
        choices=CHOICES,
        groups=groups,
        method="monte_carlo",
        trials=3000,
        seed=20260101,
        confidence=0.999,
    )

    for status in STATUSES:
        assert simulated.estimate(status).contains(exact.estimate(status).probability), status


@settings(max_examples=15, deadline=None)
@given(
    members=st.integers(0, 25),
    probability=st.floats(0, 1),
    seed=st.integers(0, 2**63),
    correlation=st.sampled_from([0, 0.3, 1]),
)
def test_monte_carlo_probabilities_are_a_distribution_and_repeatable(
    members: int, probability: float, seed: int, correlation: float
) -> None:
    """Estimates lie in [0, 1], counts add up to trials, and the same seed repeats the run."""

    def run() -> DecisionProbabilities:
        return decision_probabilities(
            "roberts_majority",
            members,
            turnout=GroupTurnout(probability, correlation=correlation),
            choices=ChoiceModel(0.5, 0.3, 0.2, correlation=correlation),
            groups=[index // 3 for index in range(members)],
            method="monte_carlo",
            trials=200,
            seed=seed,
        )

    result = run()

    assert result == run()
    assert sum(result.estimate(status).count or 0 for status in STATUSES) == 200
    for status in STATUSES:
        estimate = result.estimate(status)
        assert 0 <= estimate.low <= estimate.probability <= estimate.high <= 1


def _owners() -> Roll:
    """Ten owners: two large flats hold more than 2/3 of the area."""
    flats = [Member(id=f"big{i}", measures={"area": 400}) for i in range(2)]
    flats += [Member(id=f"small{i}", measures={"area": 50.5}) for i in range(8)]
    return Roll(members=tuple(flats))


def test_article_278_needs_area_and_headcount() -> None:
    """The large flats alone bring 2/3 of the area but not 2/3 of the owners: no quorum."""
    only_big = IndependentTurnout(0, per_member={"big0": 1, "big1": 1})
    result = decision_probabilities(
        "civil_code_278_ordinary",
        _owners(),
        turnout=only_big,
        choices=ChoiceModel(1, 0),
        trials=50,
        seed=1,
    )

    assert result.method == "monte_carlo"
    assert result.no_quorum.probability == 1.0


def test_article_278_adopts_when_everyone_votes_for() -> None:
    """Everyone takes part and votes for: adopted in every trial, by area and headcount."""
    result = decision_probabilities(
        "civil_code_278_ordinary",
        _owners(),
        turnout=1,
        choices=ChoiceModel(1, 0),
        trials=20,
        seed=2,
    )

    assert result.adopted.count == 20
    assert result.rule == "civil_code_278_ordinary"


def test_article_278_by_area_and_headcount_matches_a_hand_count() -> None:
    """The large flats vote as one; adopting needs them (area) and 4 of 8 small flats (heads).

    P(adopted) = 1/2 x P(at least 4 of 8 small owners for) = 1/2 x 163/256 = 163/512.
    """
    result = decision_probabilities(
        "civil_code_278_ordinary",
        _owners(),
        turnout=1,
        choices=ChoiceModel("1/2", "1/2", correlation=1),
        groups={"big0": "big", "big1": "big"},
        trials=2000,
        seed=3,
        confidence=0.999,
    )

    assert result.adopted.contains(Fraction(163, 512))
    assert result.rejected.contains(1 - Fraction(163, 512))
    assert result.no_quorum.count == result.tied.count == 0


def test_the_exact_method_says_why_it_does_not_apply() -> None:
    """Area rules, per-member chances and correlated choices are Monte Carlo only."""
    with pytest.raises(RuleError, match="the rule reads area, not only headcount"):
        decision_probabilities(
            "civil_code_278_ordinary", _owners(), turnout=0.7, choices=CHOICES, method="exact"
        )
    with pytest.raises(RuleError, match="IndependentTurnout gives members different chances"):
        decision_probabilities(
            "roberts_majority",
            3,
            turnout=IndependentTurnout(0.5, per_member={"1": 1}),
            choices=CHOICES,
            method="exact",
        )
    with pytest.raises(RuleError, match="choices are correlated within groups"):
        decision_probabilities(
            "roberts_majority",
            4,
            turnout=0.5,
            choices=ChoiceModel(0.5, 0.5, correlation=0.5),
            groups=[0, 0, 1, 1],
            method="exact",
        )


def test_large_electorates_exceed_the_exact_limit_and_auto_simulates() -> None:
    """Past EXACT_LIMIT tallies, exact refuses and auto runs Monte Carlo."""
    with pytest.raises(RuleError, match=rf"more than EXACT_LIMIT \({EXACT_LIMIT}\)"):
        decision_probabilities(
            "roberts_majority", 300, turnout=0.5, choices=CHOICES, method="exact"
        )
    result = decision_probabilities(
        "roberts_majority", 300, turnout=0.5, choices=CHOICES, trials=100, seed=5
    )

    assert result.method == "monte_carlo"


def test_auto_is_exact_where_it_applies() -> None:
    """A small headcount rule with independent turnout is computed exactly, no seed needed."""
    result = decision_probabilities("roberts_majority", 5, turnout="1/2", choices=ChoiceModel(1, 0))

    assert result.method == "exact"
    assert result.adopted.exact == Fraction(1, 2)
    assert result.seed is None


def test_a_casting_vote_settles_ties_exactly() -> None:
    """Two members, one for and one against: the chair's casting vote adopts."""
    split = ChoiceModel("1/2", "1/2")
    settled = decision_probabilities(
        CASTING_RULE, 2, turnout=1, choices=split, casting_vote=Choice.FOR
    )
    unsettled = decision_probabilities(CASTING_RULE, 2, turnout=1, choices=split)

    assert settled.adopted.exact == Fraction(3, 4)
    assert unsettled.tied.exact == Fraction(1, 2)


def test_the_exact_method_needs_no_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exact results are pure Python; Monte Carlo without NumPy names the fast extra."""
    monkeypatch.setitem(sys.modules, "numpy", None)

    exact = decision_probabilities("roberts_majority", 3, turnout=1, choices=ChoiceModel(1, 0))
    assert exact.adopted.exact == 1
    with pytest.raises(MissingExtraError, match=r"pip install 'govkit\[fast\]'"):
        decision_probabilities(
            "roberts_majority", 3, turnout=1, choices=CHOICES, method="monte_carlo", seed=1
        )


def test_huge_measures_are_summed_exactly() -> None:
    """Amounts whose sums overflow 64 bits fall back to Python integers."""
    roll = Roll(
        members=(
            Member(id="a", measures={"area": 10**19}),
            Member(id="b", measures={"area": Fraction(1, 3)}),
        )
    )
    rule = DecisionRule(
        threshold=Share(measure="area", count="for", of="eligible", more_than="1/2")
    )
    result = decision_probabilities(
        rule,
        roll,
        turnout=IndependentTurnout(1),
        choices=ChoiceModel(1, 0),
        trials=10,
        seed=0,
    )

    assert result.adopted.count == 10


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"method": "monte_carlo"}, RuleError, "Monte Carlo needs a seed"),
        ({"method": "monte_carlo", "seed": 1, "trials": 0}, RuleError, "trials must be"),
        ({"method": "guess"}, RuleError, "method must be 'auto', 'exact' or 'monte_carlo'"),
        ({"groups": [0, 1]}, RuleError, r"one group per member \(3\)"),
        ({"groups": {"9": "x"}}, RuleError, "groups names '9', who is not on the roll"),
        ({"turnout": 2}, ConfigError, r"probability must be in \[0, 1\], got 2"),
    ],
)
def test_misuse_is_reported(
    options: dict[str, object], error: type[Exception], message: str
) -> None:
    """Missing seeds, bad methods, groups or probabilities raise with a clear message."""
    arguments: dict[str, object] = {"turnout": 0.5, "choices": CHOICES, **options}

    with pytest.raises(error, match=message):
        decision_probabilities("roberts_majority", 3, **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("roll", [-1, True, "ten"])
def test_the_electorate_is_a_roll_or_a_number(roll: object) -> None:
    """Negative numbers, booleans and strings are not electorates."""
    with pytest.raises(RuleError, match=r"members|Roll"):
        decision_probabilities("roberts_majority", roll, turnout=0.5, choices=CHOICES)  # type: ignore[arg-type]


EXPECTED_RULE = DecisionRule(
    id="party_members_meeting",
    quorum=Share(count="present", of="expected", at_least="2/3"),
    threshold=Share(count="for", of="expected", more_than="1/2"),
)


def test_rules_counted_against_those_expected_take_the_figure() -> None:
    """'More than half of those expected to attend' needs expected=; exact and Monte Carlo agree."""
    options: dict[str, Any] = {"turnout": 0.8, "choices": ChoiceModel(0.7, 0.2, 0.1)}
    exact = decision_probabilities(EXPECTED_RULE, 10, expected={"headcount": 9}, **options)
    simulated = decision_probabilities(
        EXPECTED_RULE,
        10,
        expected={"headcount": 9},
        method="monte_carlo",
        trials=3000,
        seed=8,
        confidence=0.999,
        **options,
    )

    assert exact.method == "exact"
    for status in STATUSES:
        assert simulated.estimate(status).contains(exact.estimate(status).probability)
    with pytest.raises(RuleError, match="the tally has no 'expected' figure"):
        decision_probabilities(EXPECTED_RULE, 10, **options)
