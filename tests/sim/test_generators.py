"""Ballot generators: seeded, well-formed, and distributed as their models say."""

from __future__ import annotations

import math
import sys
from collections import Counter
from itertools import permutations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.errors import ConfigError, MissingExtraError, RuleError
from govkit.sim import (
    BallotModel,
    ImpartialCulture,
    Mallows,
    PlackettLuce,
    Spatial,
    generate_approvals,
    generate_profile,
    generate_rows,
    wilson_interval,
)

ABC = ("a", "b", "c")
MODELS: list[BallotModel] = [
    ImpartialCulture(),
    Mallows(0.4),
    Mallows(0.8, reference=("c", "b", "a", "d")),
    PlackettLuce({"a": 4, "b": 2, "c": 1, "d": 0.5}),
    Spatial(),
    Spatial(dimensions=1, candidate_positions={"a": [0], "b": [1], "c": [2], "d": [3]}),
]


def _counts(rows: np.ndarray) -> Counter[tuple[int, ...]]:
    return Counter(map(tuple, rows.tolist()))


def _mallows_chance(ranking: tuple[int, ...], dispersion: float, size: int) -> float:
    """P(ranking) under Mallows with reference 0, 1, ..., size - 1."""
    swaps = sum(1 for i in range(size) for j in range(i + 1, size) if ranking[i] > ranking[j])
    normaliser = math.prod(sum(dispersion**k for k in range(i + 1)) for i in range(size))
    return float(dispersion**swaps / normaliser)


@pytest.mark.parametrize("model", MODELS)
@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 2**63), voters=st.integers(0, 40))
def test_rows_are_seeded_permutations(model: BallotModel, seed: int, voters: int) -> None:
    """Every row ranks each candidate once, and the same seed gives the same rows."""
    candidates = ("a", "b", "c", "d")
    rows = generate_rows(model, candidates, voters, seed=seed)

    assert rows.shape == (voters, 4)
    assert rows.dtype == np.int64
    assert (np.sort(rows, axis=1) == np.arange(4)).all()
    assert (rows == generate_rows(model, candidates, voters, seed=seed)).all()


def test_profiles_count_the_rows() -> None:
    """generate_profile is RankedProfile.from_array of generate_rows."""
    profile = generate_profile(ImpartialCulture(), ABC, 50, seed=9)

    assert profile.total_weight == 50
    assert profile.candidates == ABC
    assert profile.is_strict


def test_impartial_culture_is_uniform() -> None:
    """Each of the 3! rankings has probability 1/6 (99.9% Wilson intervals)."""
    counts = _counts(generate_rows(ImpartialCulture(), ABC, 6000, seed=1))

    for ranking in permutations(range(3)):
        low, high = wilson_interval(counts[ranking], 6000, 0.999)
        assert low <= 1 / 6 <= high


def test_mallows_without_dispersion_is_the_reference_order() -> None:
    """phi = 0 gives the reference order on every ballot."""
    profile = generate_profile(Mallows(0, reference=("c", "a", "b")), ABC, 30, seed=2)

    assert dict(profile.ballots) == {(("c",), ("a",), ("b",)): 30}


def test_mallows_with_full_dispersion_is_impartial_culture() -> None:
    """phi = 1 makes every ranking equally likely."""
    counts = _counts(generate_rows(Mallows(1), ABC, 6000, seed=3))

    for ranking in permutations(range(3)):
        low, high = wilson_interval(counts[ranking], 6000, 0.999)
        assert low <= 1 / 6 <= high


@pytest.mark.parametrize("dispersion", [0.2, 0.5, 0.8])
def test_mallows_matches_its_formula(dispersion: float) -> None:
    """P(ranking) = phi ** swaps / Z for each of the 24 rankings of 4 candidates."""
    rows = generate_rows(Mallows(dispersion), ("a", "b", "c", "d"), 8000, seed=4)
    counts = _counts(rows)

    for ranking in permutations(range(4)):
        low, high = wilson_interval(counts[ranking], 8000, 0.999)
        assert low <= _mallows_chance(ranking, dispersion, 4) <= high, ranking


def test_plackett_luce_first_choices_follow_the_weights() -> None:
    """The first choice is candidate i with probability w_i / sum(w)."""
    weights = {"a": 5, "b": 3, "c": 2}
    rows = generate_rows(PlackettLuce(weights), ABC, 5000, seed=5)
    firsts = Counter(rows[:, 0].tolist())

    for index, name in enumerate(ABC):
        low, high = wilson_interval(firsts[index], 5000, 0.999)
        assert low <= weights[name] / 10 <= high


def test_spatial_voters_rank_the_nearest_first() -> None:
    """Voters gathered at the origin rank candidates by distance from it."""
    model = Spatial(
        dimensions=2,
        candidate_positions={"a": [3, 0], "b": [0, 1], "c": [-2, -2]},
        voter_spread=0.01,
    )
    profile = generate_profile(model, ABC, 20, seed=6)

    assert dict(profile.ballots) == {(("b",), ("c",), ("a",)): 20}


def test_approvals_follow_the_probability() -> None:
    """Each candidate is approved by about probability x voters; blank ballots still count."""
    profile = generate_approvals(ABC, 4000, probability="1/4", seed=7)
    nobody = generate_approvals(ABC, 10, probability=0, seed=7)

    for name in ABC:
        low, high = wilson_interval(int(profile.approvals[name]), 4000, 0.999)
        assert low <= 0.25 <= high
    assert nobody.total_weight == 10
    assert dict(nobody.approvals) == dict.fromkeys(ABC, 0)
    assert generate_approvals(ABC, 0, probability=0.5, seed=1).total_weight == 0


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Mallows(1.5), ConfigError, r"dispersion must be a number in \[0, 1\]"),
        (lambda: PlackettLuce({"a": 0}), ConfigError, "weights must be positive numbers"),
        (lambda: Spatial(dimensions=0), ConfigError, "dimensions must be at least 1"),
        (lambda: Spatial(voter_spread=0), ConfigError, "voter_spread must be more than 0"),
        (
            lambda: Spatial(dimensions=2, candidate_positions={"a": [1]}),
            ConfigError,
            "position of 'a' must be 2 finite numbers",
        ),
        (
            lambda: generate_rows(Mallows(0.5, reference=("a", "b")), ABC, 1, seed=0),
            RuleError,
            r"reference must name every candidate once; missing \['c'\]",
        ),
        (
            lambda: generate_rows(PlackettLuce({"a": 1, "z": 1}), ("a",), 1, seed=0),
            RuleError,
            r"weights must name every candidate once; missing \[\], unknown \['z'\]",
        ),
        (lambda: generate_rows(ImpartialCulture(), ABC, -1, seed=0), RuleError, "voters must"),
        (lambda: generate_rows(ImpartialCulture(), "abc", 1, seed=0), RuleError, "candidates"),
    ],
)
def test_bad_models_and_arguments_are_refused(
    make: object, error: type[Exception], message: str
) -> None:
    """Parameters out of range or not matching the candidates raise with a clear message."""
    with pytest.raises(error, match=message):
        make()  # type: ignore[operator]


def test_generators_without_numpy_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without NumPy, generating ballots says to install govkit[fast]."""
    monkeypatch.setitem(sys.modules, "numpy", None)

    with pytest.raises(MissingExtraError, match=r"pip install 'govkit\[fast\]'"):
        generate_profile(ImpartialCulture(), ABC, 3, seed=0)


def _total_variation(ours: Counter[tuple[int, ...]], theirs: Counter[tuple[int, ...]]) -> float:
    voters = sum(ours.values())
    keys = set(ours) | set(theirs)
    return sum(abs(ours[key] - theirs[key]) for key in keys) / (2 * voters)


@pytest.mark.parametrize(
    ("model", "options"),
    [
        (Mallows(0.5), {"probmodel": "MALLOWS", "phi": 0.5, "central_vote": [0, 1, 2]}),
        (
            PlackettLuce({"a": 3, "b": 2, "c": 1}),
            {"probmodel": "plackett_luce", "alphas": [3, 2, 1]},
        ),
        (ImpartialCulture(), {"probmodel": "IC"}),
    ],
)
def test_generators_agree_with_pref_voting(model: BallotModel, options: dict[str, object]) -> None:
    """Our rankings and pref_voting's are close in total variation (6000 voters each).

    Sampling noise alone gives a distance of about 0.015 over the 6 rankings of 3 candidates.
    """
    generate = pytest.importorskip("pref_voting.generate_profiles").generate_profile
    theirs = generate(3, 6000, seed=8, **options)
    ours = _counts(generate_rows(model, ABC, 6000, seed=8))

    assert _total_variation(ours, Counter(tuple(map(int, r)) for r in theirs.rankings)) < 0.05
