"""Choice models: probabilities add up to 1, samples follow them, groups can vote alike."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from govkit.errors import ConfigError
from govkit.sim import ChoiceModel


def test_choice_probabilities_are_exact() -> None:
    """Floats are read as written, so 0.6 + 0.3 + 0.1 is exactly 1."""
    model = ChoiceModel(0.6, 0.3, 0.1)

    assert model.probabilities == (Fraction(3, 5), Fraction(3, 10), Fraction(1, 10))


def test_choice_probabilities_must_add_up_to_one() -> None:
    """A model whose probabilities do not add up to 1 is refused."""
    with pytest.raises(ConfigError, match=r"must add up to 1, got 1/2 \+ 1/3 \+ 0 = 5/6"):
        ChoiceModel("1/2", "1/3")


@pytest.mark.parametrize("correlation", [0, 0.5, 1])
def test_samples_follow_the_probabilities(correlation: float) -> None:
    """Codes 1/2/3 appear in the model's proportions, whatever the correlation."""
    model = ChoiceModel(0.5, 0.3, 0.2, correlation=correlation)
    groups = np.arange(60, dtype=np.intp) // 3
    codes = model.sample(np.random.default_rng(11), 1500, groups)

    shares = [(codes == code).mean() for code in (1, 2, 3)]
    assert codes.shape == (1500, 60)
    assert shares == pytest.approx([0.5, 0.3, 0.2], abs=0.03)


@pytest.mark.parametrize("correlation", [0, 0.7, 1])
def test_a_choice_of_probability_zero_is_never_drawn(correlation: float) -> None:
    """Without abstention in the model, nobody abstains, even after rounding."""
    model = ChoiceModel(0.9, 0.1, correlation=correlation)
    codes = model.sample(np.random.default_rng(2), 500, np.arange(30, dtype=np.intp) // 5)

    assert set(np.unique(codes).tolist()) <= {1, 2}


def test_fully_correlated_groups_vote_as_one() -> None:
    """At correlation 1, every member of a group makes the same choice."""
    groups = np.array([0, 0, 1, 1, 1], dtype=np.intp)
    codes = ChoiceModel(0.4, 0.4, 0.2, correlation=1).sample(np.random.default_rng(3), 100, groups)

    assert (codes[:, :2] == codes[:, :1]).all()
    assert (codes[:, 2:] == codes[:, 2:3]).all()
