"""
Turnout models: who takes part in a vote, independently or with shocks shared by a group.

Every model gives each member a probability of taking part. In the correlated
models a *propensity* is first drawn for a whole group (a household, a building,
the whole meeting) from a Beta distribution with the model's mean and
intra-class correlation, and the group's members then take part independently
with that propensity. Probabilities are exact `Fraction` parameters; sampling
uses floats (NumPy, the ``fast`` extra).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol

from attrs import field, frozen

from govkit.config import FrozenMap
from govkit.errors import ConfigError, RuleError

if TYPE_CHECKING:
    import numpy
    import numpy.typing

__all__ = [
    "BetaBinomialTurnout",
    "GroupTurnout",
    "IndependentTurnout",
    "TurnoutModel",
    "beta_binomial",
    "binomial",
    "to_probability",
]


def to_probability(value: object, name: str = "probability") -> Fraction:
    """
    Read a probability exactly: a Fraction, an int, ``"2/3"``, ``"0.7"`` or a float.

    A float is read as the decimal it prints as (``0.7`` is 7/10), which is what
    its author wrote; probabilities are model parameters, not legal thresholds,
    so floats are accepted here.

    Raises
    ------
    ConfigError
        When the value is not a number or not in [0, 1].

    Examples
    --------
    >>> to_probability(0.7), to_probability("2/3"), to_probability(1)
    (Fraction(7, 10), Fraction(2, 3), Fraction(1, 1))
    """
    try:
        if isinstance(value, bool) or not isinstance(value, (int, float, str, Fraction)):
            raise TypeError  # noqa: TRY301 - one message for every wrong type
        number = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        msg = f"{name} must be a number in [0, 1] such as 0.7 or '2/3', got {value!r}"
        raise ConfigError.at((name,), msg) from None
    if not 0 <= number <= 1:
        msg = f"{name} must be in [0, 1], got {number}"
        raise ConfigError.at((name,), msg)
    return number


def _correlation(value: object) -> Fraction:
    return to_probability(value, "correlation")


def _per_member(value: Mapping[str, object]) -> FrozenMap[str, Fraction]:
    if not isinstance(value, Mapping):
        msg = f"per_member maps member ids to probabilities, got {value!r}"
        raise ConfigError.at(("per_member",), msg)
    return FrozenMap({str(k): to_probability(v, f"per_member[{k!r}]") for k, v in value.items()})


def binomial(members: int, probability: Fraction) -> tuple[Fraction, ...]:
    """
    Return P(K = k) for k = 0..members when each member takes part with *probability*.

    Exact: the terms are integers over one common denominator.

    Examples
    --------
    >>> binomial(2, Fraction(1, 2))
    (Fraction(1, 4), Fraction(1, 2), Fraction(1, 4))
    """
    top, bottom = probability.numerator, probability.denominator
    whole = bottom**members
    return tuple(
        Fraction(math.comb(members, k) * top**k * (bottom - top) ** (members - k), whole)
        for k in range(members + 1)
    )


def beta_binomial(
    members: int, probability: Fraction, correlation: Fraction
) -> tuple[Fraction, ...]:
    """
    Return P(K = k) for k = 0..members under a beta-binomial with mean and correlation given.

    The propensity is Beta(a, b) with ``a = p (1 - rho) / rho`` and
    ``b = (1 - p) (1 - rho) / rho``, so that two members' participations have
    correlation ``rho``; ``rho = 0`` is the binomial and ``rho = 1`` all-or-nothing.
    Exact, from rising factorials of the rational parameters.

    Examples
    --------
    >>> beta_binomial(2, Fraction(1, 2), Fraction(1))
    (Fraction(1, 2), Fraction(0, 1), Fraction(1, 2))
    >>> beta_binomial(2, Fraction(1, 2), Fraction(1, 3))
    (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3))
    """
    if correlation == 0:
        return binomial(members, probability)
    if correlation == 1:
        nobody, everybody = 1 - probability, probability
        if members == 0:
            return (Fraction(1),)
        return (nobody, *(Fraction(0),) * (members - 1), everybody)
    spread = (1 - correlation) / correlation
    alpha, beta = probability * spread, (1 - probability) * spread
    rising_alpha, rising_beta, rising_sum = [Fraction(1)], [Fraction(1)], Fraction(1)
    for index in range(members):
        rising_alpha.append(rising_alpha[-1] * (alpha + index))
        rising_beta.append(rising_beta[-1] * (beta + index))
        rising_sum *= alpha + beta + index
    return tuple(
        math.comb(members, k) * rising_alpha[k] * rising_beta[members - k] / rising_sum
        for k in range(members + 1)
    )


def _convolve(left: Sequence[Fraction], right: Sequence[Fraction]) -> tuple[Fraction, ...]:
    out = [Fraction(0)] * (len(left) + len(right) - 1)
    for i, a in enumerate(left):
        if a:
            for j, b in enumerate(right):
                out[i + j] += a * b
    return tuple(out)


def _propensities(
    rng: numpy.random.Generator,
    probability: Fraction,
    correlation: Fraction,
    shape: tuple[int, int],
) -> numpy.typing.NDArray[numpy.float64]:
    """Draw a Beta propensity per (trial, group) with the given mean and correlation."""
    import numpy as np  # noqa: PLC0415 - optional extra, checked by the caller

    p = float(probability)
    if correlation == 0 or probability in (0, 1):
        return np.full(shape, p)
    if correlation == 1:
        return (rng.random(shape) < p).astype(np.float64)
    spread = float((1 - correlation) / correlation)
    return rng.beta(p * spread, (1 - p) * spread, size=shape)


class TurnoutModel(Protocol):
    """
    **Protocol**: who takes part, sampled per trial; optionally the exact turnout law.

    ``groups`` gives each member's group index (0 to the number of groups - 1):
    households or buildings for `GroupTurnout`; models that ignore groups may
    ignore it.
    """

    def sample(
        self,
        rng: numpy.random.Generator,
        trials: int,
        members: Sequence[str],
        groups: numpy.typing.NDArray[numpy.intp],
    ) -> numpy.typing.NDArray[numpy.bool_]:
        """Return a (trials, members) boolean array: True where a member takes part."""

    def exact_turnout(self, group_sizes: Sequence[int]) -> tuple[Fraction, ...] | None:
        """
        Return P(K = k), k = 0..members, if members are exchangeable; else None.

        The exact path needs every member to be equally likely to be among
        those who take part; a model with per-member differences returns None.
        """


@frozen
class IndependentTurnout:
    """
    Each member takes part independently, with *probability* (or their own).

    Parameters
    ----------
    probability : Fraction
        The chance that a member takes part; floats are read as written (``0.7``).
    per_member : mapping of str to Fraction
        Members with a probability of their own, by member id.

    Examples
    --------
    >>> IndependentTurnout(0.7).probability
    Fraction(7, 10)
    >>> IndependentTurnout(0.7).exact_turnout([1, 1])
    (Fraction(9, 100), Fraction(21, 50), Fraction(49, 100))
    """

    probability: Fraction = field(converter=to_probability)
    per_member: FrozenMap[str, Fraction] = field(
        factory=FrozenMap, converter=_per_member, kw_only=True
    )

    def sample(
        self,
        rng: numpy.random.Generator,
        trials: int,
        members: Sequence[str],
        groups: numpy.typing.NDArray[numpy.intp],
    ) -> numpy.typing.NDArray[numpy.bool_]:
        """Return who takes part in each trial (one uniform draw per member and trial)."""
        import numpy as np  # noqa: PLC0415 - optional extra, checked by the caller

        unknown = sorted(set(self.per_member) - set(members))
        if unknown:
            msg = f"per_member names {unknown[0]!r}, who is not on the roll"
            raise RuleError(msg)
        chances = np.array(
            [float(self.per_member.get(member, self.probability)) for member in members]
        )
        drawn: numpy.typing.NDArray[numpy.bool_] = rng.random((trials, len(members))) < chances
        return drawn

    def exact_turnout(self, group_sizes: Sequence[int]) -> tuple[Fraction, ...] | None:
        """Return the binomial law, or None when some member has a probability of their own."""
        if self.per_member:
            return None
        return binomial(sum(group_sizes), self.probability)


@frozen
class GroupTurnout:
    """
    Turnout correlated within groups (households, buildings).

    Each group draws a propensity from a Beta distribution with mean
    *probability* and intra-class correlation *correlation*; its members then
    take part independently with that propensity. ``correlation = 0`` is
    `IndependentTurnout`; ``correlation = 1`` means a group comes all together
    or not at all. The groups are given to the simulation (``groups=``).

    Parameters
    ----------
    probability : Fraction
        The chance that a member takes part, averaged over groups.
    correlation : Fraction
        The correlation between two members of one group, in [0, 1].

    Examples
    --------
    >>> GroupTurnout(0.5, correlation=1).exact_turnout([2, 1])
    (Fraction(1, 4), Fraction(1, 4), Fraction(1, 4), Fraction(1, 4))
    """

    probability: Fraction = field(converter=to_probability)
    correlation: Fraction = field(converter=_correlation)

    def sample(
        self,
        rng: numpy.random.Generator,
        trials: int,
        members: Sequence[str],
        groups: numpy.typing.NDArray[numpy.intp],
    ) -> numpy.typing.NDArray[numpy.bool_]:
        """Return who takes part: a propensity per group and trial, then one draw per member."""
        count = int(groups.max()) + 1 if len(groups) else 0
        chances = _propensities(rng, self.probability, self.correlation, (trials, count))
        drawn: numpy.typing.NDArray[numpy.bool_] = (
            rng.random((trials, len(members))) < chances[:, groups]
        )
        return drawn

    def exact_turnout(self, group_sizes: Sequence[int]) -> tuple[Fraction, ...]:
        """Return the law of the number taking part: a sum of beta-binomials, one per group."""
        law: tuple[Fraction, ...] = (Fraction(1),)
        laws: dict[int, tuple[Fraction, ...]] = {}
        for size in group_sizes:
            if size not in laws:
                laws[size] = beta_binomial(size, self.probability, self.correlation)
            law = _convolve(law, laws[size])
        return law


@frozen
class BetaBinomialTurnout:
    """
    Overdispersed turnout: one propensity per meeting, shared by every member.

    Each trial draws the meeting's propensity (the weather, the mobilisation)
    from a Beta distribution with mean *probability* and correlation
    *correlation*; members then take part independently with it, so the
    number taking part is beta-binomial: more spread out than the binomial.

    Parameters
    ----------
    probability : Fraction
        The mean chance that a member takes part.
    correlation : Fraction
        The correlation between two members, in [0, 1] (0: binomial).

    Examples
    --------
    >>> BetaBinomialTurnout(0.5, correlation="1/3").exact_turnout([1, 1])
    (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3))
    """

    probability: Fraction = field(converter=to_probability)
    correlation: Fraction = field(converter=_correlation)

    def sample(
        self,
        rng: numpy.random.Generator,
        trials: int,
        members: Sequence[str],
        groups: numpy.typing.NDArray[numpy.intp],
    ) -> numpy.typing.NDArray[numpy.bool_]:
        """Return who takes part: one propensity per trial, then one draw per member."""
        chances = _propensities(rng, self.probability, self.correlation, (trials, 1))
        drawn: numpy.typing.NDArray[numpy.bool_] = rng.random((trials, len(members))) < chances
        return drawn

    def exact_turnout(self, group_sizes: Sequence[int]) -> tuple[Fraction, ...]:
        """Return the beta-binomial law of the number taking part."""
        return beta_binomial(sum(group_sizes), self.probability, self.correlation)
