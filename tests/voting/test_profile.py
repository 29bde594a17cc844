"""Profiles count distinct ballots exactly, refuse invalid ones, and merge by adding."""

from __future__ import annotations

import sys
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.config import FrozenMap
from govkit.errors import MissingExtraError, RuleError
from govkit.voting._profile import ApprovalProfile, RankedProfile, ScoreProfile
from tests.voting.strategies import NAMES, rankings

ABC = ("a", "b", "c")


def test_identical_ballots_are_counted_once_with_their_count() -> None:
    """from_rankings stores each distinct ranking once, with how many cast it."""
    profile = RankedProfile.from_rankings([("a", "b"), ["a", "b"], ("b",)], candidates=ABC)

    assert dict(profile.ballots) == {(("a",), ("b",)): 2, (("b",),): 1}
    assert profile.total_weight == 3


def test_rankings_are_stored_canonically() -> None:
    """Names become one-candidate ranks; equal ranks are sorted; empty ranks vanish."""
    profile = RankedProfile.from_rankings([("c", ["b", "a"], []), ("c", ("a", "b"))])

    assert dict(profile.ballots) == {(("c",), ("a", "b")): 2}
    assert profile.candidates == ABC
    assert not profile.is_strict


def test_constructor_accepts_loose_rankings_and_equals_from_counts() -> None:
    """RankedProfile(...) and from_counts(...) build the same canonical profile."""
    direct = RankedProfile(ABC, {("a", ("b", "c")): 2, (("a",), ("b", "c")): 1})

    assert direct == RankedProfile.from_counts({(("a",), ("b", "c")): 3}, candidates=ABC)


def test_ballots_ranking_nobody_or_counting_zero_are_left_out() -> None:
    """An empty ranking is not a vote for anyone; a zero count adds nothing."""
    profile = RankedProfile.from_counts([((), 4), (("a",), 0), (("b",), 1)], candidates=ABC)

    assert dict(profile.ballots) == {(("b",),): 1}


@pytest.mark.parametrize(
    ("ballot", "count", "message"),
    [
        (("a", "z"), 1, "ranks 'z', who is not standing"),
        (("a", "b", "a"), 1, "ranks 'a' twice"),
        (("a", ("b", "a")), 1, "ranks 'a' twice"),
        (("a",), 1.5, "got float 1.5"),
        (("a",), True, "got a boolean"),
        (("a",), -1, "must not be negative"),
        (("a",), "2", "got str"),
    ],
)
def test_invalid_ballots_are_refused_with_the_reason(
    ballot: tuple[object, ...], count: object, message: str
) -> None:
    """Unknown or repeated candidates and non-exact or negative counts raise RuleError."""
    with pytest.raises(RuleError, match=message):
        RankedProfile.from_counts([(ballot, count)], candidates=ABC)  # type: ignore[list-item]


@pytest.mark.parametrize("ballot", ["abc", {"a", "b"}, 3, {"a": 1}])
def test_a_ranking_must_be_an_ordered_sequence(ballot: object) -> None:
    """A bare string, a set, a number or a mapping is not a ranking."""
    with pytest.raises(RuleError, match="a ranking lists candidates"):
        RankedProfile.from_rankings([ballot], candidates=ABC)  # type: ignore[list-item]


def test_rankings_written_as_lists_are_counted_but_strings_still_refused() -> None:
    """Lists (as JSON gives them) count like tuples; a bare string among them is refused."""
    profile = RankedProfile.from_rankings([["a", "b"], ("a", "b"), ["b"]], candidates=ABC)

    assert dict(profile.ballots) == {(("a",), ("b",)): 2, (("b",),): 1}
    with pytest.raises(RuleError, match="got 'ab'"):
        RankedProfile.from_rankings([["a", "b"], "ab"], candidates=ABC)


@pytest.mark.parametrize(
    ("candidates", "message"),
    [((), "at least one candidate"), (("a", "a"), "listed twice"), (("a", ""), "non-empty")],
)
def test_invalid_candidate_lists_are_refused(candidates: tuple[str, ...], message: str) -> None:
    """A profile needs distinct, non-empty candidate names."""
    with pytest.raises(RuleError, match=message):
        RankedProfile(candidates, {})


def test_first_preferences_split_equal_first_ranks() -> None:
    """A ballot ranking k candidates equal first gives each 1/k of its weight."""
    profile = RankedProfile.from_counts({(("a", "b"), "c"): 3, ("c",): 1}, candidates=ABC)

    assert dict(profile.first_preferences) == {"a": Fraction(3, 2), "b": Fraction(3, 2), "c": 1}


def test_pairwise_support_puts_unranked_candidates_last_and_equal() -> None:
    """support(a, b) counts ballots ranking a strictly above b; unranked rank below all."""
    profile = RankedProfile.from_counts({("a",): 2, ("b", ("a", "c")): 1}, candidates=ABC)

    assert profile.support("a", "b") == 2
    assert profile.support("b", "a") == 1
    assert profile.support("a", "c") == 2
    assert profile.support("c", "a") == 0
    assert profile.margin("b", "c") == 1
    assert profile.support("a", "a") == 0


def test_pairwise_support_of_an_unknown_candidate_is_a_rule_error() -> None:
    """Asking about someone not standing is an error that lists the candidates."""
    profile = RankedProfile.from_rankings([("a", "b")])

    with pytest.raises(RuleError, match="'z' is not a candidate; candidates: a, b"):
        profile.support("a", "z")


def test_profiles_add_by_summing_counts() -> None:
    """p + q holds every ballot of both, with counts added."""
    p = RankedProfile.from_counts({("a", "b"): 2, ("c",): 1}, candidates=ABC)
    q = RankedProfile.from_counts({("a", "b"): Fraction(1, 2)}, candidates=ABC)

    assert dict((p + q).ballots) == {(("a",), ("b",)): Fraction(5, 2), (("c",),): 1}


def test_profiles_over_different_candidates_do_not_add() -> None:
    """Shards of one count must list the same candidates in the same order."""
    p = RankedProfile.from_rankings([("a",)], candidates=("a", "b"))
    q = RankedProfile.from_rankings([("a",)], candidates=("b", "a"))

    with pytest.raises(RuleError, match="different candidates"):
        p + q


def test_profiles_are_frozen_and_hashable() -> None:
    """A profile is an immutable value: equal profiles hash alike and cannot be changed."""
    p = RankedProfile.from_rankings([("a", "b")])
    q = RankedProfile.from_counts({("a", "b"): 1})

    assert p == q
    assert hash(p) == hash(q)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.candidates = ("x",)  # type: ignore[misc]


def test_repr_summarises_instead_of_listing_every_ballot() -> None:
    """The repr of a large profile stays one short line."""
    profile = RankedProfile.from_rankings([("a", "b")] * 1000 + [("b",)])

    assert repr(profile) == (
        "RankedProfile(candidates=('a', 'b'), 2 distinct ballots, total weight 1001)"
    )


@settings(max_examples=60, deadline=None)
@given(
    first=st.lists(rankings(NAMES[:4]), max_size=8),
    second=st.lists(rankings(NAMES[:4]), max_size=8),
)
def test_merging_shards_equals_counting_the_whole(
    first: list[tuple[tuple[str, ...], ...]], second: list[tuple[tuple[str, ...], ...]]
) -> None:
    """Counting two shards separately and adding them equals counting all ballots at once."""
    candidates = NAMES[:4]
    whole = RankedProfile.from_rankings(first + second, candidates=candidates)
    shards = RankedProfile.from_rankings(
        first, candidates=candidates
    ) + RankedProfile.from_rankings(second, candidates=candidates)

    assert shards == whole
    assert shards.first_preferences == whole.first_preferences


def test_from_array_counts_rows_and_stops_at_negative_indexes() -> None:
    """A NumPy array of candidate indices builds the same profile as the rankings."""
    np = pytest.importorskip("numpy")
    rows = np.array([[0, 1, 2], [0, 1, 2], [2, -1, -1], [1, 0, -1]])

    profile = RankedProfile.from_array(rows, candidates=ABC)

    assert profile == RankedProfile.from_rankings(
        [("a", "b", "c"), ("a", "b", "c"), ("c",), ("b", "a")], candidates=ABC
    )


def test_from_array_takes_a_count_per_row() -> None:
    """Row counts are summed over identical rows."""
    np = pytest.importorskip("numpy")
    rows = np.array([[0, 1], [1, 0], [0, 1]])

    profile = RankedProfile.from_array(rows, candidates=("a", "b"), counts=np.array([2, 5, 3]))

    assert dict(profile.ballots) == {(("a",), ("b",)): 5, (("b",), ("a",)): 5}


@pytest.mark.parametrize(
    ("rows", "message"),
    [([[0, 3]], "out of range"), ([[0, 0]], "twice"), ([0, 1], "2-D array")],
)
def test_from_array_refuses_invalid_rows(rows: list[object], message: str) -> None:
    """Out-of-range or repeated indices and wrong shapes raise RuleError."""
    np = pytest.importorskip("numpy")

    with pytest.raises(RuleError, match=message):
        RankedProfile.from_array(np.array(rows), candidates=ABC)


def test_from_array_without_numpy_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without NumPy, building from an array says which extra to install."""
    monkeypatch.setitem(sys.modules, "numpy", None)

    with pytest.raises(MissingExtraError, match=r"pip install 'govkit\[fast\]'"):
        RankedProfile.from_array([[0]], candidates=("a",))


def test_approval_profiles_count_sets_of_marks() -> None:
    """Approval ballots are counted by distinct set, a blank one too; totals per candidate."""
    profile = ApprovalProfile.from_ballots([["a", "b"], {"b", "a"}, ("c",), ()], candidates=ABC)

    assert dict(profile.ballots) == {
        frozenset({"a", "b"}): 2,
        frozenset({"c"}): 1,
        frozenset(): 1,
    }
    assert dict(profile.approvals) == {"a": 2, "b": 2, "c": 1}
    assert profile.total_weight == 4


@pytest.mark.parametrize(
    ("ballot", "message"), [("ab", "a set of candidates"), ({"a", "z"}, "'z', who is not")]
)
def test_invalid_approval_ballots_are_refused(ballot: object, message: str) -> None:
    """A bare string or an unknown candidate is not a valid approval ballot."""
    with pytest.raises(RuleError, match=message):
        ApprovalProfile.from_ballots([ballot], candidates=ABC)  # type: ignore[list-item]


def test_approval_profiles_add() -> None:
    """Approval shards merge by adding counts."""
    p = ApprovalProfile.from_ballots([{"a"}], candidates=ABC)

    assert dict((p + p).approvals) == {"a": 2, "b": 0, "c": 0}


def test_score_profiles_total_scores_and_drop_zeros() -> None:
    """Score totals are weighted sums; zero scores are not stored."""
    profile = ScoreProfile.from_counts([({"a": 5, "b": 0}, 2), ({"a": 5}, 1), ({"b": 3}, 1)])

    assert dict(profile.ballots) == {FrozenMap({"a": 5}): 3, FrozenMap({"b": 3}): 1}
    assert dict(profile.totals) == {"a": 15, "b": 3}


@pytest.mark.parametrize(
    ("ballot", "message"),
    [({"a": 6}, "from 0 to 5, got 6"), ({"a": 1.5}, "got 1.5"), ({"z": 1}, "'z', who is not")],
)
def test_invalid_score_ballots_are_refused(ballot: dict[str, object], message: str) -> None:
    """Scores are whole numbers on the profile's scale, for standing candidates."""
    with pytest.raises(RuleError, match=message):
        ScoreProfile.from_ballots([ballot], candidates=ABC)  # type: ignore[list-item]


def test_score_profiles_on_different_scales_do_not_add() -> None:
    """Shards scored on different scales cannot be merged."""
    p = ScoreProfile.from_ballots([{"a": 1}], max_score=5)
    q = ScoreProfile.from_ballots([{"a": 1}], max_score=10)

    with pytest.raises(RuleError, match="scales"):
        p + q


def test_score_ballots_read_as_rankings() -> None:
    """Higher scores rank first, equal scores rank equal, zero scores are unranked."""
    profile = ScoreProfile.from_counts([({"a": 2, "b": 4, "c": 2}, 1), ({"c": 1}, 2)])

    assert dict(profile.to_ranked().ballots) == {(("b",), ("a", "c")): 1, (("c",),): 2}
