"""Election rules: turnout validity, winning threshold and second round, at their boundaries."""

from __future__ import annotations

import json

import pytest

import govkit
from govkit.config import load_preset
from govkit.errors import ConfigError, RuleError
from govkit.voting import ElectionRule, Outcome
from govkit.voting._profile import ApprovalProfile

CANDIDATES = ("ann", "bo", "cy", "di", "ed", "fay", "gu")


def ballots(*groups: tuple[int, set[str]]) -> ApprovalProfile:
    marked: list[set[str]] = []
    for count, names in groups:
        marked.extend([names] * count)
    return ApprovalProfile.from_ballots(marked, candidates=CANDIDATES)


rule = load_preset("villagers_committee_election", ElectionRule)


@pytest.mark.parametrize(("registered", "valid"), [(20, False), (19, True)])
def test_the_poll_needs_more_than_half_of_registered_voters(registered: int, valid: bool) -> None:
    """10 ballots of 20 registered is exactly half: invalid; of 19 it is more than half."""
    outcome = rule.elect(ballots((10, {"ann"})), registered=registered)

    assert (outcome.outcome is not Outcome.INVALID) is valid


def test_a_candidate_needs_more_than_half_of_the_ballots_cast() -> None:
    """With 10 ballots, 6 votes elect and exactly 5 do not."""
    profile = ballots((5, {"ann", "bo"}), (1, {"ann"}), (4, {"cy"}))

    outcome = rule.elect(profile, registered=12)

    assert outcome.elected == ("ann",)
    assert "bo: 5 of 10 ballots; needs more than 1/2: not elected" in outcome.reasons


def test_the_second_round_needs_a_third_inclusive() -> None:
    """Second round: exactly 1/3 of the ballots cast elects (不得少于三分之一)."""
    first = rule.elect(ballots((6, {"ann", "bo", "cy"}), (4, {"di", "ed"})), registered=12)
    runoff = ApprovalProfile.from_ballots(
        [{"di", "ed"}] * 3 + [{"di"}] * 6, candidates=first.second_round_candidates
    )

    second = rule.elect_second_round(first, runoff)

    assert first.outcome is Outcome.SEATS_UNFILLED
    assert first.second_round_candidates == ("di", "ed")  # nobody without a vote stands
    assert second.elected == ("ann", "bo", "cy", "di", "ed")  # ed: 3 of 9 is exactly 1/3
    assert second.outcome is Outcome.ELECTED


def test_second_round_ballots_may_name_only_its_candidates() -> None:
    """A second-round ballot for someone not standing is refused."""
    first = rule.elect(ballots((6, {"ann", "bo", "cy"}), (4, {"di", "ed"})), registered=12)

    with pytest.raises(RuleError, match="not standing: gu"):
        rule.elect_second_round(
            first, ApprovalProfile.from_ballots([{"gu"}], candidates=("di", "ed", "gu"))
        )


def test_turnout_needs_the_registered_figure() -> None:
    """A rule with a validity threshold refuses to guess the number of registered voters."""
    with pytest.raises(RuleError, match="needs the number of registered voters"):
        rule.elect(ballots((1, {"ann"})))


def test_method_and_rule_must_agree_on_seats() -> None:
    """seats: 5 with a method electing 3 is a located ConfigError."""
    text = (
        "govkit: 1\nkind: election_rule\nseats: 5\nmethod: {kind: block, seats: 3}\n"
        "winning: {more_than: 1/2}\n"
    )

    with pytest.raises(ConfigError) as error:
        govkit.load(text)

    (problem,) = error.value.problems
    assert (problem.yaml_path, problem.line) == ("$.method.seats", 4)


def test_outcome_is_json_able() -> None:
    """to_dict() is plain JSON with the method's own result inside."""
    outcome = rule.elect(ballots((7, {"ann", "bo", "cy", "di", "ed"})), registered=10)

    data = json.loads(json.dumps(outcome.to_dict()))

    assert data["outcome"] == "elected"
    assert data["elected"] == ["ann", "bo", "cy", "di", "ed"]
    assert data["result"]["kind"] == "block"
