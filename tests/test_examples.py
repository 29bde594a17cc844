"""Every example YAML shipped with govkit loads, and every vote in it decides."""

from __future__ import annotations

from pathlib import Path

import pytest

import govkit
from govkit.voting import MotionVote, Status

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "src" / "govkit" / "examples").glob("*.yaml")
)
EXPECTED = {
    "rehire_manager_round_1": Status.NO_QUORUM,
    "rehire_manager_round_2": Status.ADOPTED,
    "road_plan": Status.ADOPTED,
    "bike_shed": Status.ADOPTED,
}


def test_there_are_examples() -> None:
    """The examples folders are not empty (a glob that finds nothing would prove nothing)."""
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_example_loads_and_runs(path: Path) -> None:
    """Each example is valid, round-trips, and each vote in it decides as documented."""
    bundle = govkit.load_all(path)

    assert govkit.load_all(govkit.dump(*bundle)).documents == bundle.documents
    for vote in bundle.of(MotionVote):
        decision = vote.decide()
        assert decision.summary()
        if vote.id in EXPECTED:
            assert decision.status is EXPECTED[vote.id]


def test_every_expected_outcome_was_checked() -> None:
    """No expectation above names a vote that no example holds."""
    ids = {vote.id for path in EXAMPLES for vote in govkit.load_all(path).of(MotionVote)}

    assert set(EXPECTED) <= ids
