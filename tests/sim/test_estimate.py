"""Wilson intervals and decision probabilities as values: exact, Monte Carlo, rows, frames."""

from __future__ import annotations

import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.errors import MissingExtraError, RuleError
from govkit.sim import STATUSES, DecisionProbabilities, wilson_interval
from govkit.voting import Status


def test_wilson_interval_matches_published_values() -> None:
    """50 of 100 at 95%: [0.4038, 0.5962]; 0 of 10: [0, 0.2775] (Newcombe 1998, Table I)."""
    low, high = wilson_interval(50, 100)
    nothing = wilson_interval(0, 10)

    assert (round(low, 4), round(high, 4)) == (0.4038, 0.5962)
    assert nothing[0] == 0.0
    assert round(nothing[1], 4) == 0.2775


@settings(max_examples=60, deadline=None)
@given(
    data=st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    confidence=st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.999]),
)
def test_wilson_interval_contains_the_estimate_inside_the_unit_interval(
    data: tuple[int, int], confidence: float
) -> None:
    """0 <= low <= successes/trials <= high <= 1 for every count and confidence."""
    successes, trials = data
    low, high = wilson_interval(successes, trials, confidence)

    assert 0.0 <= low <= successes / trials <= high <= 1.0


@pytest.mark.parametrize(
    ("successes", "trials", "confidence", "message"),
    [
        (1, 0, 0.95, "trials >= 1"),
        (5, 4, 0.95, "5 of 4"),
        (1, 4, 1.0, "confidence must be strictly between 0 and 1"),
    ],
)
def test_wilson_interval_refuses_impossible_counts(
    successes: int, trials: int, confidence: float, message: str
) -> None:
    """Counts outside [0, trials] and confidences outside (0, 1) are errors."""
    with pytest.raises(RuleError, match=message):
        wilson_interval(successes, trials, confidence)


def _monte_carlo() -> DecisionProbabilities:
    counts = {Status.ADOPTED: 60, Status.REJECTED: 30, Status.NO_QUORUM: 10}
    return DecisionProbabilities.from_counts(counts, rule="r", members=9, seed=4)


def test_monte_carlo_results_keep_counts_and_intervals() -> None:
    """Each status has count / trials and its Wilson interval; counts add up to trials."""
    result = _monte_carlo()

    assert result.adopted.probability == 0.6
    assert (result.adopted.low, result.adopted.high) == wilson_interval(60, 100)
    assert result.tied.count == 0
    assert sum(result.estimate(status).count or 0 for status in STATUSES) == result.trials == 100


def test_exact_results_have_intervals_of_no_width() -> None:
    """An exact probability is its own interval, and keeps its Fraction."""
    result = DecisionProbabilities.from_exact(
        {Status.ADOPTED: Fraction(1, 3), Status.REJECTED: Fraction(2, 3)}, rule="r", members=2
    )

    assert result.adopted.exact == Fraction(1, 3)
    assert result.adopted.low == result.adopted.high == result.adopted.probability
    assert result.no_quorum.exact == 0
    assert result.trials is None


def test_results_flatten_to_rows_and_json() -> None:
    """to_row gives one column per status and bound; to_dict writes exact values as 'p/q'."""
    row = _monte_carlo().to_row()
    exact = DecisionProbabilities.from_exact({Status.TIED: Fraction(1)}, rule="r", members=1)

    assert list(row)[:3] == ["adopted", "adopted_low", "adopted_high"]
    assert row["no_quorum"] == 0.1
    assert row["method"] == "monte_carlo"
    assert exact.to_dict()["statuses"]["tied"]["exact"] == "1"
    assert _monte_carlo().to_dict()["statuses"]["adopted"]["count"] == 60


def test_results_become_a_dataframe_with_one_row_per_status() -> None:
    """to_pandas lists adopted, rejected, tied, no_quorum with their intervals."""
    frame = _monte_carlo().to_pandas()

    assert list(frame["status"]) == ["adopted", "rejected", "tied", "no_quorum"]
    assert list(frame["count"]) == [60, 30, 0, 10]
    assert set(frame.columns) >= {"probability", "low", "high", "trials", "method"}


def test_dataframes_without_pandas_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_pandas says to install govkit[pandas]."""
    monkeypatch.setitem(sys.modules, "pandas", None)

    with pytest.raises(MissingExtraError, match=r"pip install 'govkit\[pandas\]'"):
        _monte_carlo().to_pandas()


def test_summary_states_the_method() -> None:
    """A Monte Carlo summary names the trials, the seed and the Wilson confidence level."""
    assert _monte_carlo().summary().startswith("r (100 trials, seed 4, 95% Wilson, 9 members)")
