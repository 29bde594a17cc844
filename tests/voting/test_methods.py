"""Every voting method on hand-checked elections, and the contract every method keeps."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkit.config import converter, structure
from govkit.errors import ConfigError, RuleError
from govkit.voting._condorcet import (
    KEMENY_LIMIT,
    Copeland,
    Kemeny,
    Minimax,
    RankedPairs,
    Schulze,
)
from govkit.voting._method import METHODS, ElectionResult, ElectionStatus, Method
from govkit.voting._profile import ApprovalProfile, RankedProfile, ScoreProfile
from govkit.voting._runoff import InstantRunoff, TwoRound
from govkit.voting._scoring import (
    ApprovalVoting,
    BlockVoting,
    Borda,
    Dowdall,
    LimitedVoting,
    Plurality,
    ScoreVoting,
    Star,
)
from govkit.voting._stv import Stv
from tests.voting.strategies import (
    APPROVAL_KINDS,
    EXAMPLE_OPTIONS,
    SCORE_KINDS,
    build,
    configured,
    profiles_for,
)

# The Tennessee capital example (Wikipedia, "Condorcet method" and "Borda count"):
# each city's voters rank the cities by distance from home.
TENNESSEE = RankedProfile.from_counts(
    {
        ("memphis", "nashville", "chattanooga", "knoxville"): 42,
        ("nashville", "chattanooga", "knoxville", "memphis"): 26,
        ("chattanooga", "knoxville", "nashville", "memphis"): 15,
        ("knoxville", "chattanooga", "nashville", "memphis"): 17,
    }
)

# The food election of Wikipedia's "Single transferable vote" article: 20 voters, 3 seats.
FOOD = RankedProfile.from_counts(
    {
        ("orange",): 4,
        ("pear", "orange"): 2,
        ("chocolate", "strawberry"): 8,
        ("chocolate", "hamburger"): 4,
        ("strawberry",): 1,
        ("hamburger",): 1,
    }
)


def _elected(result: ElectionResult) -> tuple[ElectionStatus, tuple[str, ...], tuple[str, ...]]:
    return result.status, result.winners, result.tied


# ---------------------------------------------------------------- hand-checked elections


@pytest.mark.parametrize(
    ("method", "winner"),
    [
        (Plurality(), "memphis"),
        (Borda(), "nashville"),
        (Dowdall(), "nashville"),
        (InstantRunoff(), "knoxville"),
        (TwoRound(), "nashville"),
        (Stv(seats=1), "knoxville"),
        (Stv(seats=1, transfer="meek"), "knoxville"),
        (Copeland(), "nashville"),
        (Schulze(), "nashville"),
        (RankedPairs(), "nashville"),
        (Minimax(), "nashville"),
        (Kemeny(), "nashville"),
    ],
    ids=lambda value: getattr(value, "kind", value),
)
def test_tennessee_capital(method: Method, winner: str) -> None:
    """Memphis wins plurality, Knoxville instant runoff, Nashville (Condorcet winner) the rest."""
    assert _elected(method.elect(TENNESSEE)) == (ElectionStatus.ELECTED, (winner,), ())


def test_borda_scores_of_the_tennessee_example() -> None:
    """Borda gives Memphis 126, Nashville 194, Chattanooga 173 and Knoxville 107 points."""
    scores = Borda().elect(TENNESSEE).scores

    assert dict(scores) == {"memphis": 126, "nashville": 194, "chattanooga": 173, "knoxville": 107}


def test_borda_averages_points_over_equal_and_unranked_candidates() -> None:
    """Equal ranks share their positions' points; unranked candidates share the bottom ones."""
    profile = RankedProfile.from_counts({(("a", "b"),): 1}, candidates=("a", "b", "c", "d"))

    assert dict(Borda().elect(profile).scores) == {
        "a": Fraction(5, 2),
        "b": Fraction(5, 2),
        "c": Fraction(1, 2),
        "d": Fraction(1, 2),
    }


def test_dowdall_scores_are_exact_harmonic_points() -> None:
    """Dowdall gives 1, 1/2, 1/3, ... exactly: Nashville scores 26 + 42/2 + 32/3 = 173/3."""
    assert Dowdall().elect(TENNESSEE).scores["nashville"] == Fraction(173, 3)


def test_instant_runoff_rounds_of_the_tennessee_example() -> None:
    """Chattanooga then Nashville are excluded; Knoxville wins 58 to 42."""
    rounds = InstantRunoff().elect(TENNESSEE).rounds

    assert [dict(r.counts) for r in rounds] == [
        {"memphis": 42, "nashville": 26, "chattanooga": 15, "knoxville": 17},
        {"memphis": 42, "nashville": 26, "knoxville": 32},
        {"memphis": 42, "knoxville": 58},
    ]
    assert [r.eliminated for r in rounds] == [("chattanooga",), ("nashville",), ()]
    assert dict(rounds[0].transfers) == {"knoxville": 15}


def test_instant_runoff_exhausts_truncated_ballots() -> None:
    """A ballot with no further preference is exhausted; the majority is of the rest."""
    profile = RankedProfile.from_counts({("a",): 5, ("b",): 4, ("c", "b"): 2, ("c",): 1})

    result = InstantRunoff().elect(profile)

    assert result.winners == ("b",)
    assert result.rounds[-1].exhausted == 1
    assert dict(result.rounds[-1].counts) == {"a": 5, "b": 6}


def test_candidates_without_votes_are_excluded_together() -> None:
    """Excluding zero-vote candidates in any order changes nothing, so they go at once."""
    profile = RankedProfile.from_counts(
        {("a", "b"): 3, ("b",): 2, ("c",): 1}, candidates=("a", "b", "c", "d", "e")
    )

    result = InstantRunoff().elect(profile)

    assert result.rounds[0].eliminated == ("d", "e")
    assert result.rounds[0].note == "no votes; excluded together"
    assert result.note == ""


def test_a_tie_that_does_not_matter_elects_and_says_so() -> None:
    """b and c tie for exclusion, but a wins whichever goes first: ELECTED, with a note."""
    profile = RankedProfile.from_counts({("a",): 4, ("b", "a"): 2, ("c", "a"): 2})

    result = InstantRunoff().elect(profile)

    assert _elected(result) == (ElectionStatus.ELECTED, ("a",), ())
    assert "b, c tied for exclusion with 2" in result.note
    assert "every way of breaking this tie elects a" in result.note


# Round 1: a 10, b 6, c 5, d 4; d's ballots make c 6: b and c tie in round 2, but c had
# fewer votes in round 1, so c is excluded and its ballots elect b.
BACKWARDS = RankedProfile.from_counts(
    {("a",): 10, ("b", "a"): 6, ("c", "b"): 5, ("d", "c"): 1, ("d",): 3}
)


def test_ties_for_exclusion_are_broken_by_earlier_rounds() -> None:
    """Backwards tie-breaking excludes the tied candidate with fewer votes earlier."""
    result = InstantRunoff().elect(BACKWARDS)

    assert _elected(result) == (ElectionStatus.ELECTED, ("b",), ())
    assert result.rounds[1].eliminated == ("c",)
    assert result.rounds[1].note == "b, c tied with 6; c had fewer votes in an earlier round"


def test_an_unbroken_tie_that_matters_is_tied() -> None:
    """Without backwards tie-breaking the b/c tie decides the winner: TIED between a and b."""
    result = InstantRunoff(backwards_tie_break=False).elect(BACKWARDS)

    assert _elected(result) == (ElectionStatus.TIED, (), ("a", "b"))
    assert result.summary() == "tied: a, b (instant runoff, 2 rounds)"
    assert "the result depends on how the tie is broken" in result.note


def test_two_round_runoff_between_the_top_two() -> None:
    """Nobody has a majority, so Memphis and Nashville meet; Nashville wins 58 to 42."""
    result = TwoRound().elect(TENNESSEE)

    assert dict(result.rounds[1].counts) == {"memphis": 42, "nashville": 58}
    assert result.rounds[0].eliminated == ("chattanooga", "knoxville")


def test_two_round_majority_wins_outright() -> None:
    """More than half of the first preferences elects in round one."""
    profile = RankedProfile.from_counts({("a", "b"): 3, ("b", "a"): 1, ("c", "b"): 1})

    assert len(TwoRound().elect(profile).rounds) == 1


def test_two_round_tie_for_second_place_is_explored() -> None:
    """b and c tie for the runoff place: a beats either, so a is elected."""
    profile = RankedProfile.from_counts({("a",): 4, ("b", "a"): 2, ("c", "a"): 2, ("d",): 1})

    result = TwoRound().elect(profile)

    assert _elected(result) == (ElectionStatus.ELECTED, ("a",), ())


def test_plurality_tie_is_a_result() -> None:
    """Equal first preferences are reported as TIED, not broken by order."""
    profile = RankedProfile.from_counts({("a",): 2, ("b",): 2, ("c",): 1})

    result = Plurality().elect(profile)

    assert _elected(result) == (ElectionStatus.TIED, (), ("a", "b"))
    assert result.summary() == "tied: a, b (plurality)"


def test_stv_food_election_with_gregory_transfers() -> None:
    """Chocolate's surplus of 6 passes at 1/2; Orange and then Strawberry are elected."""
    result = Stv(seats=3).elect(FOOD)

    assert result.winners == ("chocolate", "orange", "strawberry")
    assert result.quota == 6
    assert result.rounds[0].surplus == 6
    assert result.rounds[0].transfer_value == Fraction(1, 2)
    assert dict(result.rounds[0].transfers) == {"strawberry": 4, "hamburger": 2}
    assert (
        result.summary() == "elected: chocolate, orange, strawberry (STV, Droop quota 6, 4 rounds)"
    )


def test_stv_food_election_with_meek_transfers() -> None:
    """Meek's method elects the same three, keeping a share of chocolate's ballots."""
    result = Stv(seats=3, transfer="meek").elect(FOOD)

    assert set(result.winners) == {"chocolate", "orange", "strawberry"}
    assert 0 < result.rounds[-1].keep_values["chocolate"] < 1


@pytest.mark.parametrize("transfer", ["gregory", "meek"])
def test_stv_conserves_every_vote_in_every_round(transfer: str) -> None:
    """Votes held plus votes exhausted equal the 20 votes cast, exactly, in every round."""
    result = Stv(seats=3, transfer=transfer).elect(FOOD)

    assert [sum(r.counts.values()) + r.exhausted for r in result.rounds] == [20] * len(
        result.rounds
    )


def test_stv_hare_quota_is_exact() -> None:
    """The Hare quota is votes / seats as an exact fraction."""
    assert Stv(seats=3, quota="hare").elect(FOOD).quota == Fraction(20, 3)


def test_stv_with_fewer_candidates_than_seats_leaves_seats_unfilled() -> None:
    """Everyone standing is elected; the rest of the seats stay empty."""
    profile = RankedProfile.from_counts({("a", "b"): 3})

    result = Stv(seats=3).elect(profile)

    assert result.status is ElectionStatus.SEATS_UNFILLED
    assert result.summary().startswith("elected: a, b; 1 seat unfilled")


def test_approval_voting_elects_the_most_approved() -> None:
    """Approval voting counts marks; with two seats the top two are elected."""
    profile = ApprovalProfile.from_counts({("a", "b"): 3, ("b", "c"): 2})

    assert ApprovalVoting(seats=2).elect(profile).winners == ("b", "a")


def test_block_voting_tie_for_the_last_seat() -> None:
    """Candidates tied at the last seat are TIED; those above them are elected."""
    profile = ApprovalProfile.from_counts({("a", "b"): 2, ("c", "d"): 1, ("a", "c"): 1})

    result = BlockVoting(seats=2).elect(profile)

    assert _elected(result) == (ElectionStatus.TIED, ("a",), ("b", "c"))
    assert result.summary() == "elected: a; tied for 1 seat: b, c (block voting, 2 seats)"


def test_block_voting_refuses_ballots_with_too_many_marks() -> None:
    """A ballot marking more candidates than seats is invalid for block voting."""
    profile = ApprovalProfile.from_counts({("a", "b", "c"): 1})

    with pytest.raises(RuleError, match="at most 2 marks per ballot; a ballot marks a, b, c"):
        BlockVoting(seats=2).elect(profile)


def test_limited_voting_lets_a_large_minority_win_a_seat() -> None:
    """With 2 votes for 3 seats, 40% of the voters elect one of three."""
    profile = ApprovalProfile.from_counts({("a", "b"): 6, ("c", "d"): 4, ("c",): 1})

    assert LimitedVoting(seats=3, votes=2).elect(profile).winners == ("a", "b", "c")


def test_score_voting_sums_scores() -> None:
    """The highest total score wins."""
    profile = ScoreProfile.from_counts([({"a": 5, "b": 4}, 2), ({"b": 5}, 1), ({"a": 1}, 1)])

    result = ScoreVoting().elect(profile)

    assert result.winners == ("b",)
    assert dict(result.scores) == {"a": 11, "b": 13}


def test_star_runoff_between_the_two_highest_scored() -> None:
    """The finalist preferred on more ballots wins, even with the lower total."""
    profile = ScoreProfile.from_counts([({"a": 5, "b": 4}, 3), ({"b": 5, "c": 4}, 2)])

    result = Star().elect(profile)

    assert result.winners == ("a",)
    assert dict(result.scores) == {"a": 15, "b": 22, "c": 8}
    assert dict(result.rounds[1].counts) == {"b": 2, "a": 3}


def test_star_tied_runoff_goes_to_the_higher_total() -> None:
    """A tied runoff is won by the finalist with the higher total score."""
    profile = ScoreProfile.from_counts([({"a": 5, "b": 1}, 1), ({"b": 5, "a": 4}, 1)])

    result = Star().elect(profile)

    assert result.winners == ("a",)
    assert "a has the higher total score" in result.rounds[1].note


def test_schulze_example_with_winning_votes() -> None:
    """Wikipedia's 45-voter Schulze example elects E."""
    votes = {"ACBED": 5, "ADECB": 5, "BEDAC": 8, "CABED": 3}
    votes |= {"CAEBD": 7, "CBADE": 2, "DCEBA": 7, "EBADC": 8}
    profile = RankedProfile.from_counts([(tuple(order), n) for order, n in votes.items()])

    assert Schulze(strength="winning_votes").elect(profile).winners == ("E",)


def test_schulze_and_ranked_pairs_report_a_pure_cycle_as_tied() -> None:
    """A perfectly symmetric three-way cycle has no winner by any Condorcet method."""
    cycle = RankedProfile.from_counts({("a", "b", "c"): 1, ("b", "c", "a"): 1, ("c", "a", "b"): 1})

    for method in (Schulze(), RankedPairs(), Minimax(), Kemeny(), Copeland()):
        assert _elected(method.elect(cycle)) == (ElectionStatus.TIED, (), ("a", "b", "c"))


def test_minimax_scores_are_worst_defeats() -> None:
    """Minimax scores each candidate by its largest head-to-head defeat; lowest wins."""
    profile = RankedProfile.from_counts(
        {("a", "b", "c"): 4, ("b", "c", "a"): 3, ("c", "a", "b"): 2}
    )

    assert dict(Minimax().elect(profile).scores) == {"a": 1, "b": 3, "c": 5}
    assert dict(Minimax(strength="winning_votes").elect(profile).scores) == {
        "a": 5,
        "b": 6,
        "c": 7,
    }


def test_kemeny_refuses_too_many_candidates() -> None:
    """Kemeny-Young names its candidate limit instead of running for hours."""
    names = tuple(f"c{i}" for i in range(KEMENY_LIMIT + 1))
    profile = RankedProfile.from_counts({names: 1})

    with pytest.raises(RuleError, match=f"at most {KEMENY_LIMIT} candidates"):
        Kemeny().elect(profile)


# ---------------------------------------------------------------- results as values


def test_result_to_dict_is_json_with_exact_fractions() -> None:
    """to_dict gives JSON-able data; fractions are written as 'p/q' strings."""
    data = Stv(seats=3, quota="hare").elect(FOOD).to_dict()

    assert json.loads(json.dumps(data)) == data
    assert data["quota"] == "20/3"
    assert data["status"] == "elected"
    assert data["rounds"][0]["transfer_value"] is not None


def test_result_html_is_a_table_with_escaped_names() -> None:
    """The notebook view is a small HTML table; names are escaped."""
    profile = RankedProfile.from_counts({("<b>", "c&d"): 2, ("c&d",): 1})

    page = InstantRunoff().elect(profile)._repr_html_()

    assert "<table>" in page
    assert "&lt;b&gt;" in page
    assert "c&amp;d" in page


@pytest.mark.parametrize(
    ("method", "profile", "message"),
    [
        (Borda(), ApprovalProfile.from_ballots([{"a"}]), "Borda count counts ranked ballots"),
        (Plurality(), ScoreProfile.from_ballots([{"a": 1}]), "profile.to_ranked()"),
        (ApprovalVoting(), TENNESSEE, "approval voting counts approval ballots"),
        (Star(), TENNESSEE, "STAR counts score ballots"),
    ],
    ids=["borda", "plurality", "approval", "star"],
)
def test_the_wrong_kind_of_ballots_is_a_rule_error(
    method: Method, profile: Any, message: str
) -> None:
    """A method given ballots it cannot count says which ballots it counts."""
    with pytest.raises(RuleError, match=message):
        method.elect(profile)


# ---------------------------------------------------------------- options and configuration


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "stv", "seats": 0}, "seats must be a whole number of at least 1, got 0"),
        ({"kind": "stv", "seats": 2, "quota": "drop"}, "did you mean 'droop'"),
        ({"kind": "limited", "seats": 2, "votes": 2}, "votes must be fewer than seats"),
        ({"kind": "schulze", "strength": "margins"}, "'margin', 'winning_votes'"),
        ({"kind": "plurality", "seats": 2}, "unknown key 'seats'"),
    ],
)
def test_invalid_options_are_config_errors(data: dict[str, Any], message: str) -> None:
    """Options loaded from YAML data are checked and every message names the problem."""
    with pytest.raises(ConfigError, match=message):
        structure(data, Method)  # type: ignore[type-abstract]


def test_options_given_in_python_are_checked_too() -> None:
    """Building a method directly applies the same checks, located at the field."""
    with pytest.raises(
        ConfigError, match=r"quota must be one of 'droop', 'hare', got 'drop' @ \$\.quota"
    ):
        Stv(seats=2, quota="drop")


# ---------------------------------------------------------------- the contract of every method


def test_every_registered_method_has_example_options() -> None:
    """A new method cannot escape the contract tests: it must add EXAMPLE_OPTIONS."""
    assert sorted(EXAMPLE_OPTIONS) == list(METHODS)


@pytest.mark.parametrize(("kind", "options"), configured())
def test_every_method_loads_from_and_dumps_to_plain_data(
    kind: str, options: dict[str, Any]
) -> None:
    """{kind: ..., options} loads to the method and dumps back to the same data."""
    method = structure({"kind": kind, **options}, Method)  # type: ignore[type-abstract]

    assert method == build(kind, options)
    assert structure(converter.unstructure(method, Method), Method) == method  # type: ignore[type-abstract]


@pytest.mark.parametrize(("kind", "options"), configured())
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_method_returns_a_consistent_result_for_every_valid_profile(
    kind: str, options: dict[str, Any], data: st.DataObject
) -> None:
    """Totality: a valid profile always gives a result, and the result is self-consistent."""
    method = build(kind, options)
    profile = data.draw(profiles_for(kind, options))
    result = method.elect(profile)
    seats = result.seats  # consent without seats adopts every passing option

    candidates = set(profile.candidates)
    assert result.kind == kind
    assert set(result.winners) <= candidates
    assert set(result.tied) <= candidates - set(result.winners)
    assert len(set(result.winners)) == len(result.winners)
    if result.status is ElectionStatus.ELECTED:
        assert len(result.winners) == seats
        assert not result.tied
    elif result.status is ElectionStatus.TIED:
        assert len(result.winners) < seats
        assert len(result.winners) + len(result.tied) > seats
    elif kind == "consent":  # blocked: no option passes its objections
        assert len(result.winners) < seats
    else:
        assert len(result.winners) == len(candidates) < seats
    assert json.loads(json.dumps(result.to_dict())) == result.to_dict()
    assert result.summary()
    assert "<table>" in result._repr_html_()


@pytest.mark.parametrize("kind", list(METHODS))
def test_every_method_refuses_a_profile_of_the_wrong_kind(kind: str) -> None:
    """Each method counts one kind of ballot and names it when given another."""
    method = build(kind, EXAMPLE_OPTIONS[kind][0])
    wrong: Any = TENNESSEE
    if kind not in APPROVAL_KINDS and kind not in SCORE_KINDS:
        wrong = ApprovalProfile.from_ballots([{"a"}])

    with pytest.raises(RuleError, match="counts"):
        method.elect(wrong)
