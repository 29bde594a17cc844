"""structure() from Python code: built objects pass through, presets resolve, errors read well."""

from __future__ import annotations

import pytest

from govkit.config import load_preset, structure
from govkit.errors import ConfigError, Problem
from govkit.voting import DecisionRule, MotionVote


def test_a_built_object_is_taken_as_it_is() -> None:
    """An app holding a rule can build a vote around it without dumping it first."""
    rule = load_preset("roberts_majority")
    vote = structure(
        {"motion": "Buy a shed", "rule": rule, "ballots": [{"choice": "for"}]}, MotionVote
    )
    assert vote.rule is rule


def test_a_preset_id_resolves_outside_load() -> None:
    """Outside govkit.load a reference can only name a packaged preset, and does."""
    vote = structure({"motion": "m", "rule": "roberts_majority", "ballots": []}, MotionVote)
    assert isinstance(vote.rule, DecisionRule)
    assert vote.rule.id == "roberts_majority"
    with pytest.raises(ConfigError) as caught:
        structure({"motion": "m", "rule": "roberts_majorty", "ballots": []}, MotionVote)
    (problem,) = caught.value.problems
    assert "no preset of that kind has this id" in problem.message
    assert problem.hint == "did you mean 'roberts_majority'?"
    with pytest.raises(ConfigError, match="no preset of that kind"):
        structure({"motion": "m", "rule": "owners_assembly", "ballots": []}, MotionVote)


def test_problems_without_a_file_do_not_claim_one() -> None:
    """One problem or several, an error from code carries no '<input>:' prefix."""
    one = ConfigError([Problem(message="bad", path=("a",))])
    two = ConfigError([Problem(message="bad", path=("a",)), Problem(message="worse", path=("b",))])
    assert str(one) == "bad @ $.a"
    assert str(two) == "2 problem(s):\n  - bad @ $.a\n  - worse @ $.b"
    located = ConfigError([Problem(message="bad", source="f.yaml", line=3)], "f.yaml")
    assert str(located) == "1 problem(s) in f.yaml:\n  - f.yaml:3: bad @ $"


def test_a_misspelt_member_measure_is_refused() -> None:
    """'aera' beside a rule that counts 'area' would count as 0 m²: it is an error."""
    roll = {
        "members": [{"id": "a", "measures": {"area": 100}}, {"id": "b", "measures": {"aera": 120}}]
    }
    with pytest.raises(ConfigError) as caught:
        structure(
            {"motion": "m", "rule": "civil_code_278_ordinary", "roll": roll, "ballots": []},
            MotionVote,
        )
    (problem,) = caught.value.problems
    assert problem.path == ("roll", "members", 1, "measures", "aera")
    assert problem.hint == "did you mean 'area'?"
