"""Estimated probabilities with their confidence intervals, and the chances of a decision."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from statistics import NormalDist
from typing import Any

from attrs import frozen

from govkit.errors import RuleError
from govkit.voting import Status

__all__ = ["STATUSES", "DecisionProbabilities", "Estimate", "wilson_interval"]

STATUSES = (Status.ADOPTED, Status.REJECTED, Status.TIED, Status.NO_QUORUM)
"""The statuses a decision can end in, in the order results list them."""


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """
    Return the Wilson score interval for a proportion *successes* / *trials*.

    With ``z`` the two-sided normal quantile of *confidence* and ``p`` the
    observed share, the interval is centred on ``(p + z²/2n) / (1 + z²/n)``
    with half-width ``z √(p(1-p)/n + z²/4n²) / (1 + z²/n)``. Unlike the normal
    approximation it stays inside [0, 1] and is not empty when ``p`` is 0 or 1.
    Floats: an interval is an estimate, not an exact figure.

    Raises
    ------
    RuleError
        When *trials* is not positive, *successes* is outside [0, trials], or
        *confidence* is not strictly between 0 and 1.

    Examples
    --------
    >>> low, high = wilson_interval(0, 100)
    >>> low, round(high, 4)
    (0.0, 0.037)
    """
    if trials < 1 or not 0 <= successes <= trials:
        msg = f"need 0 <= successes <= trials and trials >= 1, got {successes} of {trials}"
        raise RuleError(msg)
    if not 0 < confidence < 1:
        msg = f"confidence must be strictly between 0 and 1, got {confidence}"
        raise RuleError(msg)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    share = successes / trials
    scale = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / scale
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / scale
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


@frozen(kw_only=True)
class Estimate:
    """
    A probability with its confidence interval (Monte Carlo) or its exact value.

    Attributes
    ----------
    probability : float
        The point estimate: ``count / trials``, or the exact value as a float.
    low, high : float
        The Wilson score interval; both equal ``probability`` when it is exact.
    count, trials : int or None
        How many trials ended this way, out of how many (Monte Carlo only).
    exact : Fraction or None
        The exact probability, when it was computed exactly.
    """

    probability: float
    low: float
    high: float
    count: int | None = None
    trials: int | None = None
    exact: Fraction | None = None

    def contains(self, value: float | Fraction) -> bool:
        """Tell whether *value* lies in the interval (bounds included)."""
        return self.low <= value <= self.high


@frozen(kw_only=True)
class DecisionProbabilities:
    """
    The chances that a decision rule ends in each status: adopted, rejected, tied, no quorum.

    Built by `decision_probabilities`. The four probabilities add up to 1 (exactly,
    for exact results; the counts add up to ``trials`` for Monte Carlo).

    Attributes
    ----------
    rule : str
        The rule's id (or title).
    method : str
        ``exact`` or ``monte_carlo``.
    members : int
        The size of the electorate.
    trials : int or None
        Monte Carlo trials (None for exact results).
    seed : int or None
        The seed of the Monte Carlo run (None for exact results).
    confidence : float
        The confidence level of the intervals.
    adopted, rejected, tied, no_quorum : Estimate
        One estimate per status.
    """

    rule: str
    method: str
    members: int
    trials: int | None
    seed: int | None
    confidence: float
    adopted: Estimate
    rejected: Estimate
    tied: Estimate
    no_quorum: Estimate

    @classmethod
    def from_counts(
        cls,
        counts: Mapping[Status, int],
        *,
        rule: str,
        members: int,
        seed: int,
        confidence: float = 0.95,
    ) -> DecisionProbabilities:
        """Estimate each status's probability from Monte Carlo counts, with Wilson intervals."""
        trials = sum(counts.values())
        estimates = {}
        for status in STATUSES:
            count = counts.get(status, 0)
            low, high = wilson_interval(count, trials, confidence)
            estimates[status.name.lower()] = Estimate(
                probability=count / trials, low=low, high=high, count=count, trials=trials
            )
        return cls(
            rule=rule,
            method="monte_carlo",
            members=members,
            trials=trials,
            seed=seed,
            confidence=confidence,
            **estimates,
        )

    @classmethod
    def from_exact(
        cls, probabilities: Mapping[Status, Fraction], *, rule: str, members: int
    ) -> DecisionProbabilities:
        """Wrap exact probabilities (their intervals have no width)."""
        estimates = {}
        for status in STATUSES:
            exact = probabilities.get(status, Fraction(0))
            value = float(exact)
            estimates[status.name.lower()] = Estimate(
                probability=value, low=value, high=value, exact=exact
            )
        return cls(
            rule=rule,
            method="exact",
            members=members,
            trials=None,
            seed=None,
            confidence=1.0,
            **estimates,
        )

    def estimate(self, status: Status) -> Estimate:
        """Return the estimate for *status*."""
        found: Estimate = getattr(self, status.name.lower())
        return found

    def to_row(self) -> dict[str, Any]:
        """
        Return one flat row: each status's probability, low and high, then method and trials.

        Columns are ``adopted``, ``adopted_low``, ``adopted_high``, ... ``no_quorum_high``,
        ``method``, ``trials``; the shape `SweepResult.to_pandas` uses.
        """
        row: dict[str, Any] = {}
        for status in STATUSES:
            estimate = self.estimate(status)
            row[status.value] = estimate.probability
            row[f"{status.value}_low"] = estimate.low
            row[f"{status.value}_high"] = estimate.high
        row["method"] = self.method
        row["trials"] = self.trials
        return row

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data; exact probabilities are written ``"p/q"``."""
        return {
            "rule": self.rule,
            "method": self.method,
            "members": self.members,
            "trials": self.trials,
            "seed": self.seed,
            "confidence": self.confidence,
            "statuses": {
                status.value: {
                    "probability": estimate.probability,
                    "low": estimate.low,
                    "high": estimate.high,
                    "count": estimate.count,
                    "exact": None if estimate.exact is None else str(estimate.exact),
                }
                for status in STATUSES
                for estimate in (self.estimate(status),)
            },
        }

    def to_pandas(self) -> Any:
        """
        Return a pandas DataFrame with one row per status: probability, low, high, count.

        Raises
        ------
        MissingExtraError
            When pandas is not installed (``pip install 'govkit[pandas]'``).
        """
        from govkit.sim._frames import probabilities_frame  # noqa: PLC0415 - optional extra

        return probabilities_frame(self)

    def summary(self) -> str:
        """
        Return one line: each status's probability, with the interval for Monte Carlo.

        Examples
        --------
        >>> result = DecisionProbabilities.from_exact(
        ...     {Status.ADOPTED: Fraction(1, 4), Status.NO_QUORUM: Fraction(3, 4)},
        ...     rule="r", members=3)
        >>> result.summary()
        'r (exact, 3 members): adopted 0.25, rejected 0, tied 0, no_quorum 0.75'
        """
        parts = []
        for status in STATUSES:
            estimate = self.estimate(status)
            text = f"{status.value} {estimate.probability:.4g}"
            if self.method == "monte_carlo":
                text += f" [{estimate.low:.4g}, {estimate.high:.4g}]"
            parts.append(text)
        how = (
            "exact"
            if self.method == "exact"
            else f"{self.trials} trials, seed {self.seed}, {self.confidence:.0%} Wilson"
        )
        return f"{self.rule} ({how}, {self.members} members): " + ", ".join(parts)
