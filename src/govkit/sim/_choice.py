"""How those who take part vote: for, against or abstain, possibly alike within a group."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from attrs import field, frozen

from govkit.errors import ConfigError
from govkit.sim._turnout import to_probability

if TYPE_CHECKING:
    import numpy
    import numpy.typing

__all__ = ["ChoiceModel"]

FOR, AGAINST, ABSTAIN = 1, 2, 3
"""Codes of the choices in sampled arrays; 0 is a member who does not take part."""


def _for(value: object) -> Fraction:
    return to_probability(value, "for_")


def _against(value: object) -> Fraction:
    return to_probability(value, "against")


def _abstain(value: object) -> Fraction:
    return to_probability(value, "abstain")


def _correlation(value: object) -> Fraction:
    return to_probability(value, "correlation")


@frozen
class ChoiceModel:
    """
    How a member who takes part votes: for, against or abstain.

    With ``correlation`` above 0, each group (household, building) first draws
    its own probabilities from a Dirichlet distribution with mean (``for_``,
    ``against``, ``abstain``), so members of one group tend to vote alike;
    ``correlation`` is the chance-corrected agreement of two members of one group
    (the intra-class correlation), and at 1 a group votes as one.

    Parameters
    ----------
    for_, against, abstain : Fraction
        The probabilities of each choice; they add up to exactly 1 (floats are
        read as written, so ``0.6, 0.3, 0.1`` do).
    correlation : Fraction, default 0
        Within-group correlation of choices, in [0, 1].

    Raises
    ------
    ConfigError
        When a probability is outside [0, 1] or they do not add up to 1.

    Examples
    --------
    >>> ChoiceModel(0.6, 0.3, 0.1).probabilities
    (Fraction(3, 5), Fraction(3, 10), Fraction(1, 10))
    """

    for_: Fraction = field(converter=_for)
    against: Fraction = field(converter=_against)
    abstain: Fraction = field(default=Fraction(0), converter=_abstain)
    correlation: Fraction = field(default=Fraction(0), converter=_correlation, kw_only=True)

    def __attrs_post_init__(self) -> None:
        total = self.for_ + self.against + self.abstain
        if total != 1:
            msg = (
                f"for_, against and abstain must add up to 1, got "
                f"{self.for_} + {self.against} + {self.abstain} = {total}"
            )
            raise ConfigError.at(("for_",), msg)

    @property
    def probabilities(self) -> tuple[Fraction, Fraction, Fraction]:
        """Return (for, against, abstain)."""
        return self.for_, self.against, self.abstain

    def sample(
        self, rng: numpy.random.Generator, trials: int, groups: numpy.typing.NDArray[numpy.intp]
    ) -> numpy.typing.NDArray[numpy.int8]:
        """
        Return a (trials, members) array of choice codes: 1 for, 2 against, 3 abstain.

        Every member gets a choice; the caller keeps those of members who take part.
        """
        import numpy as np  # noqa: PLC0415 - optional extra, checked by the caller

        members = len(groups)
        means = np.array([float(p) for p in self.probabilities])
        if self.correlation == 0 or members == 0:
            # Edges from the exact sums, so that a zero probability is never drawn.
            cut = np.array([float(self.for_), float(self.for_ + self.against)])
            edges = np.broadcast_to(cut, (trials, members, 2))
        else:
            count = int(groups.max()) + 1
            shares = np.zeros((trials, count, 3))
            live = means > 0
            if self.correlation == 1:
                picked = rng.choice(3, size=(trials, count), p=means)
                shares[np.arange(trials)[:, None], np.arange(count)[None, :], picked] = 1.0
            else:
                spread = float((1 - self.correlation) / self.correlation)
                shares[:, :, live] = rng.dirichlet(means[live] * spread, size=(trials, count))
            edges = np.cumsum(shares, axis=2)[:, groups, :2]
            if self.abstain == 0:
                edges[:, :, 1] = 2.0  # rounding must not make anyone abstain
        draws = rng.random((trials, members))
        codes: numpy.typing.NDArray[numpy.int8] = (
            FOR + (draws >= edges[:, :, 0]).astype(np.int8) + (draws >= edges[:, :, 1])
        ).astype(np.int8)
        return codes
