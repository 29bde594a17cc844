"""Majority judgment and consent on hand-checked examples, with their properties."""

from __future__ import annotations

import random
import warnings
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkit.config import converter, structure
from govkit.errors import ConfigError, RuleError
from govkit.voting._grading import Consent, MajorityJudgment, majority_values
from govkit.voting._method import ElectionStatus, Method
from govkit.voting._profile import ApprovalProfile, RankedProfile, ScoreProfile, Weight

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ("ann", "bo", "cy", "di")
WORDS = ("reject", "poor", "acceptable", "good", "very good", "excellent")

# The Tennessee electorate (42% Memphis, 26% Nashville, 15% Chattanooga,
# 17% Knoxville); each group grades the cities 0 (reject) to 5 (excellent)
# by distance from home. Hand-checked lower medians of the 100 grades:
# memphis 1 (32 zeros, 26 ones, 42 fives), nashville 3 (74 threes, 26 fives),
# chattanooga 4 (42 ones, 43 fours, 15 fives), knoxville 3 (42 zeros, 26 threes, ...).
TENNESSEE = ScoreProfile.from_counts(
    [
        ({"memphis": 5, "nashville": 3, "chattanooga": 1}, 42),
        ({"nashville": 5, "chattanooga": 4, "knoxville": 3, "memphis": 1}, 26),
        ({"chattanooga": 5, "knoxville": 4, "nashville": 3}, 15),
        ({"knoxville": 5, "chattanooga": 4, "nashville": 3}, 17),
    ],
    candidates=["memphis", "nashville", "chattanooga", "knoxville"],
)

# Four voters; ann, bo and cy share the majority grade 2. Sorted grades:
# ann 0 2 2 3, bo 1 2 2 4, cy 0 2 2 2.
THREE_WAY = ScoreProfile.from_ballots(
    [
        {"ann": 0, "bo": 1, "cy": 0, "di": 1},
        {"ann": 2, "bo": 2, "cy": 2, "di": 1},
        {"ann": 2, "bo": 2, "cy": 2, "di": 1},
        {"ann": 3, "bo": 4, "cy": 2, "di": 5},
    ],
    candidates=["ann", "bo", "cy", "di"],
)


@st.composite
def score_profiles(draw: st.DrawFn, *, fractional: bool = False) -> ScoreProfile:
    """A small score profile on a 0-5 scale over the first few NAMES."""
    names = NAMES[: draw(st.integers(1, 4))]
    ballot = st.dictionaries(st.sampled_from(names), st.integers(0, 5))
    whole = st.integers(1, 4)
    weight = (
        st.one_of(whole, st.fractions(Fraction(1, 4), 3, max_denominator=4))
        if fractional
        else whole
    )
    pairs = draw(st.lists(st.tuples(ballot, weight), max_size=7))
    return ScoreProfile.from_counts(pairs, candidates=names)


@st.composite
def approval_profiles(draw: st.DrawFn) -> ApprovalProfile:
    """A small approval profile over the first few NAMES."""
    names = NAMES[: draw(st.integers(1, 4))]
    marks = st.sets(st.sampled_from(names), min_size=1)
    pairs = draw(st.lists(st.tuples(marks, st.integers(1, 4)), max_size=7))
    return ApprovalProfile.from_counts(pairs, candidates=names)


def _reordered_scores(profile: ScoreProfile, seed: int) -> ScoreProfile:
    pairs = list(profile.ballots.items())
    random.Random(seed).shuffle(pairs)
    return ScoreProfile.from_counts(
        pairs, candidates=profile.candidates, max_score=profile.max_score
    )


def _reordered_approvals(profile: ApprovalProfile, seed: int) -> ApprovalProfile:
    pairs = list(profile.ballots.items())
    random.Random(seed).shuffle(pairs)
    return ApprovalProfile.from_counts(pairs, candidates=profile.candidates)


# ---------------------------------------------------------------- majority judgment


def test_majority_grades_of_the_tennessee_electorate() -> None:
    """Each city's majority grade is the lower median of its 100 grades; the highest wins."""
    result = MajorityJudgment(grades=WORDS).elect(TENNESSEE)

    assert result.status is ElectionStatus.ELECTED
    assert result.winners == ("chattanooga",)
    assert dict(result.scores) == {"memphis": 1, "nashville": 3, "chattanooga": 4, "knoxville": 3}
    assert result.note == (
        "majority grades: memphis poor, nashville good, chattanooga very good, knoxville good"
    )


def test_the_majority_grade_of_an_even_number_of_grades_is_the_lower_middle() -> None:
    """With grades 1, 2, 3, 4 the majority grade is 2, not 3 or 2.5."""
    profile = ScoreProfile.from_ballots([{"ann": 1}, {"ann": 2}, {"ann": 3}, {"ann": 4}])

    assert MajorityJudgment().elect(profile).scores["ann"] == 2


def test_an_ungraded_candidate_gets_the_lowest_grade() -> None:
    """A ballot leaving a candidate out grades it 0, which pulls its median down."""
    profile = ScoreProfile.from_ballots([{"ann": 4, "bo": 3}, {"ann": 4}, {"bo": 3}])
    result = MajorityJudgment().elect(profile)

    assert dict(result.scores) == {"ann": 4, "bo": 3}
    assert result.winners == ("ann",)


def test_majority_values_remove_the_median_grade_one_at_a_time() -> None:
    """The majority value of grades 0 2 2 3 is 2, 2, 0, 3 (lower median, then outwards)."""
    assert list(majority_values([1, 0, 2, 1])) == [2, 2, 0, 3]
    assert list(majority_values([0, 1, 2, 0, 1])) == [2, 2, 1, 4]
    assert list(majority_values([1, 0, 3])) == [2, 2, 0, 2]
    assert list(majority_values([0, 1, 1, 1, 1, 1])) == [3, 2, 4, 1, 5]


def test_the_tie_break_removes_median_grades_step_by_step() -> None:
    """ann, bo and cy tie at 2 and again at 2; after two removals bo has 1, ann and cy 0."""
    result = MajorityJudgment().elect(THREE_WAY)

    assert result.status is ElectionStatus.ELECTED
    assert result.winners == ("bo",)
    assert dict(result.scores) == {"ann": 2, "bo": 2, "cy": 2, "di": 1}
    assert result.note == (
        "majority grades: ann 2, bo 2, cy 2, di 1; after removing 2 majority grades from "
        "each tied candidate: ann 0, bo 1, cy 0; ann, cy out"
    )


def test_the_tie_break_continues_between_candidates_still_level() -> None:
    """ann (0 2 2 3) and cy (0 2 2 2) stay level for three grades; then 3 beats 2."""
    profile = ScoreProfile.from_ballots(
        [
            {"ann": 0, "cy": 0, "di": 1},
            {"ann": 2, "cy": 2},
            {"ann": 2, "cy": 2},
            {"ann": 3, "cy": 2},
        ],
        candidates=["ann", "cy", "di"],
    )
    result = MajorityJudgment().elect(profile)

    assert result.winners == ("ann",)
    assert result.note == (
        "majority grades: ann 2, cy 2, di 0; after removing 3 majority grades from each "
        "tied candidate: ann 3, cy 2; cy out"
    )


def test_a_ballot_grading_everyone_lowest_is_counted() -> None:
    """An all-zero ballot is a vote: its lowest grades pull the median down."""
    profile = ScoreProfile.from_ballots([{"ann": 0}, {"ann": 0}, {"ann": 3}])

    assert profile.total_weight == 3
    assert MajorityJudgment().elect(profile).scores["ann"] == 0


def test_identical_grades_are_an_exact_tie() -> None:
    """Candidates with the same grades in any order are TIED, with the reason noted."""
    profile = ScoreProfile.from_ballots([{"ann": 3, "bo": 1}, {"ann": 1, "bo": 3}, {"cy": 2}])
    result = MajorityJudgment().elect(profile)

    assert result.status is ElectionStatus.TIED
    assert result.tied == ("ann", "bo")
    assert result.winners == ()
    assert result.note.endswith("ann, bo have identical grades")


def test_no_ballots_ties_every_candidate() -> None:
    """With no ballots every candidate has the lowest grade, and all are tied."""
    profile = ScoreProfile.from_ballots([], candidates=["ann", "bo"])

    assert MajorityJudgment().elect(profile).tied == ("ann", "bo")


def test_grade_words_must_match_the_scale() -> None:
    """Six grade words need ballots scored 0 to 5; other scales are refused."""
    profile = ScoreProfile.from_ballots([{"ann": 2}], max_score=3)

    with pytest.raises(RuleError, match=r"has 6 grades, but the ballots score 0 to 3 \(4 grades\)"):
        MajorityJudgment(grades=WORDS).elect(profile)


def test_repeated_grade_words_are_refused() -> None:
    """The grade words must differ, or the minutes would be ambiguous."""
    with pytest.raises(ConfigError, match="grades must be different words"):
        MajorityJudgment(grades=["good", "good"])


def test_majority_judgment_refuses_ranked_ballots() -> None:
    """Majority judgment needs grades, not rankings."""
    profile = RankedProfile.from_counts({("ann", "bo"): 1})

    with pytest.raises(RuleError, match="majority judgment counts score ballots"):
        MajorityJudgment().elect(profile)


@FAST
@given(profile=score_profiles(fractional=True), seed=st.integers(0, 2**16))
def test_majority_judgment_anonymity(profile: ScoreProfile, seed: int) -> None:
    """Counting the same ballots in another order gives the same result."""
    assert MajorityJudgment().elect(_reordered_scores(profile, seed)) == MajorityJudgment().elect(
        profile
    )


@FAST
@given(profile=score_profiles(fractional=True))
def test_majority_judgment_is_deterministic(profile: ScoreProfile) -> None:
    """The same profile always gives the same result."""
    assert MajorityJudgment().elect(profile) == MajorityJudgment().elect(profile)


@FAST
@given(profile=score_profiles(), data=st.data())
def test_raising_a_grade_never_lowers_the_majority_grade(
    profile: ScoreProfile, data: st.DataObject
) -> None:
    """Giving a candidate a higher grade on one voter's ballot never lowers its majority grade."""
    pairs = [(dict(ballot), weight) for ballot, weight in profile.ballots.items()]
    if not pairs:
        return
    name = data.draw(st.sampled_from(profile.candidates))
    index = data.draw(st.integers(0, len(pairs) - 1))
    ballot, weight = pairs[index]
    before = ballot.get(name, 0)
    if before == 5:
        return
    raised = {**ballot, name: data.draw(st.integers(before + 1, 5))}
    one_voter_raised: list[tuple[dict[str, int], Weight]] = [
        *pairs[:index],
        (ballot, weight - 1),
        (raised, 1),
        *pairs[index + 1 :],
    ]
    new = ScoreProfile.from_counts(one_voter_raised, candidates=profile.candidates)

    assert (
        MajorityJudgment().elect(new).scores[name]
        >= (MajorityJudgment().elect(profile).scores[name])
    )


def _pref_voting_majority_judgement() -> tuple[Any, Any]:
    """pref_voting's GradeProfile and majority_judgement, or skip without pref_voting."""
    with warnings.catch_warnings():  # pref_voting's dependencies warn on import
        warnings.simplefilter("ignore")
        profiles = pytest.importorskip("pref_voting.grade_profiles")
        methods = pytest.importorskip("pref_voting.grade_methods")
    return profiles.GradeProfile, methods.majority_judgement


@pytest.mark.parametrize("seed", range(4))
def test_majority_judgment_agrees_with_pref_voting(seed: int) -> None:
    """On 100 random profiles per seed, govkit's winners are among pref_voting's."""
    # Convention difference: pref_voting breaks ties by the majority gauge alone
    # (one comparison of the shares above and below the majority grade; a tie
    # when the gauge ties), govkit by Balinski and Laraki's full majority value.
    # So govkit's winners (and tied) are a subset of pref_voting's, and equal
    # to them whenever pref_voting finds a single winner.
    grade_profile, majority_judgement = _pref_voting_majority_judgement()
    rng = random.Random(seed)
    for _ in range(100):
        names = list(NAMES[: rng.randint(2, 4)])
        ballots = [{name: rng.randint(0, 3) for name in names} for _ in range(rng.randint(1, 7))]
        ballots = [ballot for ballot in ballots if any(ballot.values())]  # as ScoreProfile does
        if not ballots:
            continue
        theirs = set(majority_judgement(grade_profile(ballots, [0, 1, 2, 3], candidates=names)))
        profile = ScoreProfile.from_ballots(ballots, max_score=3, candidates=names)
        result = MajorityJudgment().elect(profile)
        ours = {*result.winners, *result.tied}

        assert ours <= theirs, ballots
        if len(theirs) == 1:
            assert ours == theirs, ballots


def test_majority_value_breaks_a_tie_the_gauge_leaves() -> None:
    """Equal gauges (2 above, 2 below grade 2) but bo's next majority grade, 1, beats ann's 0."""
    profile = ScoreProfile.from_ballots(
        [
            {"ann": 3, "bo": 3},
            {"ann": 0, "bo": 3},
            {"ann": 2, "bo": 1},
            {"ann": 0, "bo": 2},
            {"ann": 3, "bo": 1},
        ]
    )

    assert MajorityJudgment().elect(profile).winners == ("bo",)


def test_fractional_weights_keep_the_majority_grade() -> None:
    """Halving every weight changes nothing: weights are scaled by their common denominator."""
    whole = MajorityJudgment().elect(THREE_WAY)
    halves = ScoreProfile.from_counts(
        [(ballot, Fraction(weight, 2)) for ballot, weight in THREE_WAY.ballots.items()],
        candidates=THREE_WAY.candidates,
    )

    assert MajorityJudgment().elect(halves).scores == whole.scores


# ---------------------------------------------------------------- consent


def test_consent_passes_when_nobody_objects() -> None:
    """A proposal everyone consents to is adopted."""
    profile = ApprovalProfile.from_counts({("proposal",): 7})
    result = Consent().elect(profile)

    assert result.status is ElectionStatus.ELECTED
    assert result.winners == ("proposal",)
    assert result.note == ""


def test_one_paramount_objection_blocks() -> None:
    """With one participant objecting, the proposal does not pass, and the note says why."""
    profile = ApprovalProfile.from_counts({("proposal",): 6})
    result = Consent(participants=7).elect(profile)

    assert result.status is ElectionStatus.SEATS_UNFILLED
    assert result.winners == ()
    assert result.note == "no option passes: proposal 1 objection (at most 0 allowed)"
    assert result.summary() == "elected: nobody; 1 seat unfilled (consent)"


def test_an_objection_to_one_option_blocks_only_that_option() -> None:
    """Options are decided separately: the unblocked ones all pass."""
    profile = ApprovalProfile.from_ballots(
        [{"a", "b", "c"}, {"a", "c"}, {"a", "b", "c"}], candidates=["a", "b", "c"]
    )
    result = Consent().elect(profile)

    assert result.status is ElectionStatus.ELECTED
    assert result.winners == ("a", "c")
    assert result.note == "blocked: b 1 objection (at most 0 allowed)"


def test_max_objections_lets_a_proposal_pass_over_few_objections() -> None:
    """With up to 2 objections allowed, 2 objections pass and 3 do not."""
    profile = ApprovalProfile.from_counts({("a", "b"): 5, ("a",): 2}, candidates=["a", "b"])

    assert Consent(max_objections=2).elect(profile).winners == ("a", "b")
    assert Consent(max_objections=1).elect(profile).winners == ("a",)
    assert Consent(max_objections=2, participants=8).elect(profile).winners == ("a",)
    assert Consent(max_objections=2).elect(profile).summary() == (
        "elected: a, b (consent, at most 2 objections)"
    )


def test_one_seat_goes_to_the_passing_option_with_fewest_objections() -> None:
    """Choosing one option among several that pass: fewest objections first."""
    profile = ApprovalProfile.from_counts({("a", "b"): 5, ("b",): 2}, candidates=["a", "b", "c"])
    result = Consent(seats=1, max_objections=2).elect(profile)

    assert result.status is ElectionStatus.ELECTED
    assert result.winners == ("b",)
    assert dict(result.scores) == {"a": 5, "b": 7, "c": 0}
    assert result.note == "blocked: c 7 objections (at most 2 allowed)"


def test_one_seat_with_passing_options_equally_objected_is_tied() -> None:
    """Two passing options with the same objections are TIED for the one seat."""
    profile = ApprovalProfile.from_counts({("a", "b"): 4, ("a",): 1, ("b",): 1})
    result = Consent(seats=1, max_objections=1).elect(profile)

    assert result.status is ElectionStatus.TIED
    assert result.tied == ("a", "b")


def test_a_ballot_consenting_to_nothing_objects_to_everything() -> None:
    """A blank consent ballot is a participant objecting to every option."""
    profile = ApprovalProfile.from_ballots([{"a"}, {"a"}, set()], candidates=["a"])

    assert Consent().elect(profile).status is ElectionStatus.SEATS_UNFILLED
    assert Consent(max_objections=1).elect(profile).winners == ("a",)
    assert Consent(participants=4).elect(profile).status is ElectionStatus.SEATS_UNFILLED


def test_fewer_participants_than_ballots_is_refused() -> None:
    """Participants must include everyone who cast a ballot."""
    profile = ApprovalProfile.from_counts({("a",): 3})

    with pytest.raises(RuleError, match="consent has 3 ballots but only 2 participants"):
        Consent(participants=2).elect(profile)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_objections": -1}, "max_objections must be a whole number of at least 0, got -1"),
        ({"seats": 0}, "seats must be a whole number of at least 1, got 0"),
        ({"participants": True}, "participants must be a whole number of at least 0, got True"),
    ],
)
def test_consent_refuses_bad_options(options: dict[str, int], message: str) -> None:
    """Bad options are refused with a message naming the field."""
    with pytest.raises(ConfigError, match=message):
        Consent(**options)


@FAST
@given(profile=approval_profiles(), seed=st.integers(0, 2**16), seats=st.none() | st.integers(1, 3))
def test_consent_anonymity_and_determinism(
    profile: ApprovalProfile, seed: int, seats: int | None
) -> None:
    """Reordering ballots or counting again gives the same consent decision."""
    method = Consent(seats=seats, max_objections=1)

    assert method.elect(_reordered_approvals(profile, seed)) == method.elect(profile)
    assert method.elect(profile) == method.elect(profile)


@FAST
@given(profile=approval_profiles())
def test_only_options_within_the_objection_limit_are_adopted(profile: ApprovalProfile) -> None:
    """Every adopted or tied option has at most ``max_objections`` objections."""
    result = Consent(max_objections=1).elect(profile)

    for name in (*result.winners, *result.tied):
        assert profile.total_weight - profile.approvals[name] <= 1


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "majority_judgment"},
        {"kind": "majority_judgment", "grades": list(WORDS)},
        {"kind": "consent"},
        {"kind": "consent", "max_objections": 1, "seats": 1, "participants": 9},
    ],
)
def test_both_methods_load_from_and_dump_to_plain_data(data: dict[str, Any]) -> None:
    """{kind: ..., options} loads to the method and dumps back to the same data."""
    method = structure(data, Method)  # type: ignore[type-abstract]

    assert converter.unstructure(method, Method) == data
