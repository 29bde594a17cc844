"""Turnout models: exact laws add up to 1, samples follow them, parameters are checked."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.errors import ConfigError, RuleError
from govkit.sim import (
    BetaBinomialTurnout,
    GroupTurnout,
    IndependentTurnout,
    beta_binomial,
    binomial,
)
from govkit.sim._turnout import to_probability

probabilities = st.fractions(0, 1, max_denominator=20)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.7, Fraction(7, 10)), ("2/3", Fraction(2, 3)), ("0.25", Fraction(1, 4)), (1, Fraction(1))],
)
def test_probabilities_are_read_exactly(value: object, expected: Fraction) -> None:
    """A float is read as the decimal it prints as; strings and ints exactly."""
    assert to_probability(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.5, r"probability must be in \[0, 1\], got 3/2"),
        (-1, r"must be in \[0, 1\], got -1"),
        (True, "got True"),
        ("lots", "got 'lots'"),
        (None, "got None"),
        (float("nan"), "got nan"),
    ],
)
def test_probabilities_outside_the_unit_interval_are_refused(value: object, message: str) -> None:
    """Bad probabilities raise ConfigError saying what was given."""
    with pytest.raises(ConfigError, match=message):
        to_probability(value)


@settings(max_examples=40, deadline=None)
@given(members=st.integers(0, 12), probability=probabilities, correlation=probabilities)
def test_exact_laws_add_up_to_one(
    members: int, probability: Fraction, correlation: Fraction
) -> None:
    """Binomial and beta-binomial laws are exact distributions over 0..members."""
    law = beta_binomial(members, probability, correlation)

    assert len(law) == members + 1
    assert sum(law) == 1
    assert all(0 <= chance <= 1 for chance in law)


@settings(max_examples=40, deadline=None)
@given(members=st.integers(1, 10), probability=probabilities, correlation=probabilities)
def test_the_mean_turnout_does_not_depend_on_correlation(
    members: int, probability: Fraction, correlation: Fraction
) -> None:
    """E[K] = n p for every correlation: correlation spreads turnout, it does not move it."""
    law = beta_binomial(members, probability, correlation)

    assert sum(k * chance for k, chance in enumerate(law)) == members * probability


def test_beta_binomial_matches_its_textbook_values() -> None:
    """With a = b = 1 (p = 1/2, correlation 1/3) every count is equally likely."""
    assert beta_binomial(4, Fraction(1, 2), Fraction(1, 3)) == (Fraction(1, 5),) * 5
    assert binomial(3, Fraction(1, 3)) == (
        Fraction(8, 27),
        Fraction(12, 27),
        Fraction(6, 27),
        Fraction(1, 27),
    )


def test_group_turnout_convolves_one_law_per_group() -> None:
    """Whole groups come or stay away together at correlation 1."""
    law = GroupTurnout(Fraction(1, 2), correlation=1).exact_turnout([2, 2])

    assert law == (Fraction(1, 4), Fraction(0), Fraction(1, 2), Fraction(0), Fraction(1, 4))


def test_without_correlation_every_model_is_the_binomial() -> None:
    """At correlation 0 the three models have the same exact law."""
    expected = binomial(5, Fraction(3, 5))

    assert IndependentTurnout("3/5").exact_turnout([5]) == expected
    assert GroupTurnout("3/5", correlation=0).exact_turnout([2, 3]) == expected
    assert BetaBinomialTurnout("3/5", correlation=0).exact_turnout([1] * 5) == expected


def test_per_member_probabilities_have_no_exact_law() -> None:
    """Members with chances of their own are not exchangeable: exact_turnout is None."""
    assert IndependentTurnout(0.5, per_member={"a": 1}).exact_turnout([1, 1]) is None


@pytest.mark.parametrize(
    "model",
    [
        IndependentTurnout(0.3),
        GroupTurnout(0.3, correlation=0.4),
        BetaBinomialTurnout(0.3, correlation=0.4),
    ],
)
def test_samples_have_the_models_mean_turnout(
    model: IndependentTurnout | GroupTurnout | BetaBinomialTurnout,
) -> None:
    """Sampled turnout averages the model's probability (within a generous tolerance)."""
    rng = np.random.default_rng(5)
    groups = np.arange(40, dtype=np.intp) // 4
    drawn = model.sample(rng, 2000, [str(i) for i in range(40)], groups)

    assert drawn.shape == (2000, 40)
    assert drawn.dtype == np.bool_
    assert abs(drawn.mean() - 0.3) < 0.02


def test_correlated_groups_come_together() -> None:
    """At correlation 1, members of one group all come or all stay away."""
    groups = np.array([0, 0, 0, 1, 1], dtype=np.intp)
    drawn = GroupTurnout(0.5, correlation=1).sample(np.random.default_rng(1), 200, "abcde", groups)

    assert (drawn[:, :3] == drawn[:, :1]).all()
    assert (drawn[:, 3:] == drawn[:, 3:4]).all()


def test_per_member_probabilities_are_used() -> None:
    """A member with probability 1 always comes; one with 0 never does."""
    model = IndependentTurnout(0.5, per_member={"sure": 1, "never": 0})
    drawn = model.sample(
        np.random.default_rng(0), 50, ["sure", "x", "never"], np.arange(3, dtype=np.intp)
    )

    assert drawn[:, 0].all()
    assert not drawn[:, 2].any()


def test_per_member_probabilities_must_name_members() -> None:
    """A per-member probability for someone not on the roll is an error."""
    model = IndependentTurnout(0.5, per_member={"zed": 1})

    with pytest.raises(RuleError, match="per_member names 'zed', who is not on the roll"):
        model.sample(np.random.default_rng(0), 1, ["a"], np.zeros(1, dtype=np.intp))
