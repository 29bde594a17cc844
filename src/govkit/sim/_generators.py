"""
Ballot generators: random ranked profiles from the classic models of social choice.

Each model draws rows of candidate indices, one row per voter, first
preference first (NumPy, the ``fast`` extra); `generate_profile` counts them
into a `RankedProfile`. Every draw comes from ``numpy.random.default_rng(seed)``:
the same seed gives the same profile, on every platform.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from attrs import field, frozen

from govkit._extras import require
from govkit.config import FrozenMap
from govkit.errors import ConfigError, RuleError
from govkit.sim._turnout import to_probability
from govkit.voting import ApprovalProfile, RankedProfile

if TYPE_CHECKING:
    import numpy
    import numpy.typing

__all__ = [
    "BallotModel",
    "ImpartialCulture",
    "Mallows",
    "PlackettLuce",
    "Spatial",
    "generate_approvals",
    "generate_profile",
    "generate_rows",
]


class BallotModel(Protocol):
    """**Protocol**: a random model of ranked ballots."""

    def sample(
        self, rng: numpy.random.Generator, candidates: Sequence[str], voters: int
    ) -> numpy.typing.NDArray[numpy.int64]:
        """Return a (voters, candidates) array of candidate indices, first preference first."""


def _unit_interval(name: str) -> Callable[[object, object, float], None]:
    def check(_: object, __: object, value: float) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            msg = f"{name} must be a number in [0, 1], got {value!r}"
            raise ConfigError.at((name,), msg)

    return check


def _names(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _index_of(names: Sequence[str], candidates: Sequence[str], what: str) -> list[int]:
    position = {name: index for index, name in enumerate(candidates)}
    missing = sorted(set(candidates) - set(names))
    extra = sorted(set(names) - set(candidates))
    if missing or extra or len(names) != len(candidates):
        msg = f"{what} must name every candidate once; missing {missing}, unknown {extra}"
        raise RuleError(msg)
    return [position[name] for name in names]


@frozen
class ImpartialCulture:
    """
    Every ranking equally likely: each voter draws a uniformly random order.

    Examples
    --------
    >>> generate_profile(ImpartialCulture(), ("a", "b", "c"), 6, seed=1).total_weight
    6
    """

    def sample(
        self, rng: numpy.random.Generator, candidates: Sequence[str], voters: int
    ) -> numpy.typing.NDArray[numpy.int64]:
        """Return uniformly random permutations (argsort of uniform keys)."""
        import numpy as np  # noqa: PLC0415 - optional extra, checked by the caller

        rows: numpy.typing.NDArray[numpy.int64] = np.argsort(
            rng.random((voters, len(candidates))), axis=1
        ).astype(np.int64)
        return rows


@frozen
class Mallows:
    """
    Rankings near a reference order, each less likely the more pairs it swaps.

    P(ranking) is proportional to ``dispersion ** d``, with ``d`` the Kendall
    tau distance from the reference (the number of pairs ordered the other way).
    ``dispersion`` (phi) 1 is impartial culture; 0 gives the reference order
    every time. Sampled by the repeated insertion model: the i-th candidate of
    the reference is inserted at position j (0 = top) of the i candidates
    already placed with probability proportional to phi ** (i - j).

    Parameters
    ----------
    dispersion : float
        phi, in [0, 1].
    reference : tuple of str, optional
        The central order; by default the candidates in the order given.

    Examples
    --------
    >>> rows = generate_rows(Mallows(0.0, ("c", "a", "b")), ("a", "b", "c"), 2, seed=0)
    >>> rows.tolist()
    [[2, 0, 1], [2, 0, 1]]
    """

    dispersion: float = field(validator=_unit_interval("dispersion"))
    reference: tuple[str, ...] | None = field(default=None, converter=_names)

    def sample(
        self, rng: numpy.random.Generator, candidates: Sequence[str], voters: int
    ) -> numpy.typing.NDArray[numpy.int64]:
        """Return rankings drawn by repeated insertion, one column of draws per candidate."""
        import numpy as np  # noqa: PLC0415 - optional extra, checked by the caller

        order = _index_of(self.reference or tuple(candidates), candidates, "reference")
        rows = np.zeros((voters, 0), dtype=np.int64)
        for step, candidate in enumerate(order):
            weights = float(self.dispersion) ** (step - np.arange(step + 1, dtype=np.float64))
            where = rng.choice(step + 1, size=voters, p=weights / weights.sum())[:, None]
            columns = np.arange(step + 1)[None, :]
            before = np.concatenate([rows, np.zeros((voters, 1), dtype=np.int64)], axis=1)
            after = np.concatenate([np.zeros((voters, 1), dtype=np.int64), rows], axis=1)
            rows = np.where(columns < where, before, np.where(columns == where, candidate, after))
        return rows


def _weights(value: Mapping[str, float]) -> FrozenMap[str, float]:
    if not isinstance(value, Mapping):
        msg = f"weights map candidates to positive numbers, got {value!r}"
        raise ConfigError.at(("weights",), msg)
    for name, weight in value.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not weight > 0:
            msg = f"weights must be positive numbers, got {weight!r} for {name!r}"
            raise ConfigError.at(("weights", name), msg)
    return FrozenMap({str(name): float(weight) for name, weight in value.items()})


@frozen
class PlackettLuce:
    """
    Rankings built top down, each next candidate drawn in proportion to its weight.

    Sampled with the Gumbel-max trick: candidates sorted by ``log(weight) + Gumbel noise``.

    Parameters
    ----------
    weights : mapping of str to float
        A positive weight (strength) for every candidate.

    Examples
    --------
    >>> model = PlackettLuce({"a": 1_000_000.0, "b": 1.0})
    >>> generate_rows(model, ("a", "b"), 1, seed=0).tolist()
    [[0, 1]]
    """

    weights: FrozenMap[str, float] = field(converter=_weights)

    def sample(
        self, rng: numpy.random.Generator, candidates: Sequence[str], voters: int
    ) -> numpy.typing.NDArray[numpy.int64]:
        """Return rankings sorted by perturbed log-weights, strongest first."""
        import numpy as np  # noqa: PLC0415 - optional extra, checked by the caller

        _index_of(tuple(self.weights), candidates, "weights")
        strength = np.log([self.weights[name] for name in candidates])
        keys = strength + rng.gumbel(size=(voters, len(candidates)))
        rows: numpy.typing.NDArray[numpy.int64] = np.argsort(-keys, axis=1, kind="stable").astype(
            np.int64
        )
        return rows


def _positions(
    value: Mapping[str, Sequence[float]] | None,
) -> FrozenMap[str, tuple[float, ...]] | None:
    if value is None:
        return None
    return FrozenMap({str(name): tuple(map(float, point)) for name, point in value.items()})


@frozen(kw_only=True)
class Spatial:
    """
    Voters and candidates as points in space; each voter ranks candidates by distance.

    Voters are drawn from a normal distribution centred on the origin with
    standard deviation ``voter_spread`` in every dimension; candidates are at
    ``candidate_positions`` or, when not given, drawn from a standard normal for
    each profile. Nearer is preferred (Euclidean distance); exact ties keep
    the candidates' order.

    Parameters
    ----------
    dimensions : int, default 2
        The number of issue dimensions.
    candidate_positions : mapping of str to sequence of float, optional
        Fixed positions, one point per candidate.
    voter_spread : float, default 1.0
        The standard deviation of voters' positions.

    Examples
    --------
    >>> model = Spatial(dimensions=1, candidate_positions={"left": [-5], "right": [5]},
    ...                 voter_spread=0.001)
    >>> generate_rows(model, ("left", "right"), 1, seed=3).shape
    (1, 2)
    """

    dimensions: int = field(default=2)
    candidate_positions: FrozenMap[str, tuple[float, ...]] | None = field(
        default=None, converter=_positions
    )
    voter_spread: float = 1.0

    def __attrs_post_init__(self) -> None:
        if isinstance(self.dimensions, bool) or not isinstance(self.dimensions, int):
            msg = f"dimensions must be a whole number, got {self.dimensions!r}"
            raise ConfigError.at(("dimensions",), msg)
        if self.dimensions < 1:
            msg = f"dimensions must be at least 1, got {self.dimensions}"
            raise ConfigError.at(("dimensions",), msg)
        if not self.voter_spread > 0:
            msg = f"voter_spread must be more than 0, got {self.voter_spread!r}"
            raise ConfigError.at(("voter_spread",), msg)
        for name, point in (self.candidate_positions or {}).items():
            if len(point) != self.dimensions or not all(map(math.isfinite, point)):
                msg = f"position of {name!r} must be {self.dimensions} finite numbers, got {point}"
                raise ConfigError.at(("candidate_positions", name), msg)

    def sample(
        self, rng: numpy.random.Generator, candidates: Sequence[str], voters: int
    ) -> numpy.typing.NDArray[numpy.int64]:
        """Return each voter's candidates from nearest to farthest."""
        import numpy as np  # noqa: PLC0415 - optional extra, checked by the caller

        if self.candidate_positions is None:
            places = rng.standard_normal((len(candidates), self.dimensions))
        else:
            _index_of(tuple(self.candidate_positions), candidates, "candidate_positions")
            places = np.array([self.candidate_positions[name] for name in candidates])
        people = rng.normal(0.0, self.voter_spread, size=(voters, self.dimensions))
        distance = np.linalg.norm(people[:, None, :] - places[None, :, :], axis=2)
        rows: numpy.typing.NDArray[numpy.int64] = np.argsort(
            distance, axis=1, kind="stable"
        ).astype(np.int64)
        return rows


def _check_voters(voters: int) -> None:
    if isinstance(voters, bool) or not isinstance(voters, int) or voters < 0:
        msg = f"voters must be a whole number of at least 0, got {voters!r}"
        raise RuleError(msg)


def generate_rows(
    model: BallotModel, candidates: Sequence[str], voters: int, *, seed: int
) -> numpy.typing.NDArray[numpy.int64]:
    """
    Draw *voters* ballots from *model*: a (voters, candidates) array of candidate indices.

    Row ``[2, 0, 1]`` ranks ``candidates[2]`` first. The rows feed NumPy code
    directly or `RankedProfile.from_array`.

    Raises
    ------
    MissingExtraError
        Without NumPy (``pip install 'govkit[fast]'``).
    """
    numpy_module = require("numpy", "ballot generators (govkit.sim)")
    _check_voters(voters)
    if isinstance(candidates, str) or not candidates:
        msg = f"candidates must be a non-empty list of names, got {candidates!r}"
        raise RuleError(msg)
    rows: numpy.typing.NDArray[numpy.int64] = model.sample(
        numpy_module.random.default_rng(seed), tuple(candidates), voters
    )
    return rows


def generate_profile(
    model: BallotModel, candidates: Sequence[str], voters: int, *, seed: int
) -> RankedProfile:
    """
    Draw *voters* ranked ballots from *model* and count them into a `RankedProfile`.

    Examples
    --------
    >>> profile = generate_profile(Mallows(0.0), ("a", "b", "c"), 4, seed=7)
    >>> dict(profile.ballots)
    {(('a',), ('b',), ('c',)): 4}
    """
    rows = generate_rows(model, candidates, voters, seed=seed)
    return RankedProfile.from_array(rows, candidates=tuple(candidates))


def generate_approvals(
    candidates: Sequence[str], voters: int, *, probability: object, seed: int
) -> ApprovalProfile:
    """
    Draw approval ballots: each voter approves each candidate independently with *probability*.

    Ballots approving nobody are left out of the profile, as `ApprovalProfile`
    always does, so its total weight may be below *voters*.

    Examples
    --------
    >>> generate_approvals(("a", "b"), 5, probability=1, seed=0).approvals
    FrozenMap({'a': 5, 'b': 5})
    """
    np = require("numpy", "ballot generators (govkit.sim)")
    _check_voters(voters)
    chance = float(to_probability(probability))
    names = tuple(candidates)
    marks = np.random.default_rng(seed).random((voters, len(names))) < chance
    if voters == 0:
        return ApprovalProfile.from_counts({}, candidates=names)
    unique, counts = np.unique(marks, axis=0, return_counts=True)
    ballots = [
        (frozenset(name for name, marked in zip(names, row, strict=True) if marked), int(count))
        for row, count in zip(unique.tolist(), counts.tolist(), strict=True)
    ]
    return ApprovalProfile.from_counts(ballots, candidates=names)
