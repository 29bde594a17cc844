"""A profile held as NumPy arrays gives exactly what the same ballots give as rankings."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.errors import RuleError
from govkit.voting._method import METHODS, Method
from govkit.voting._profile import RankedProfile
from govkit.voting._stv import Stv

np = pytest.importorskip("numpy")

NAMES = ("ann", "bo", "cy", "di", "ed", "flo")

ACCELERATED: list[tuple[str, dict[str, Any]]] = [
    ("plurality", {}),
    ("borda", {}),
    ("instant_runoff", {}),
    ("instant_runoff", {"backwards_tie_break": False}),
    ("stv", {"seats": 1}),
    ("stv", {"seats": 2}),
    ("stv", {"seats": 3, "quota": "hare"}),
    ("stv", {"seats": 2, "backwards_tie_break": False}),
    ("stv", {"seats": 2, "transfer": "meek"}),
    ("stv", {"seats": 3, "quota": "hare", "transfer": "meek", "backwards_tie_break": False}),
    ("schulze", {}),
    ("schulze", {"strength": "winning_votes"}),
    ("copeland", {}),
    ("ranked_pairs", {}),
    ("minimax", {}),
    ("two_round", {}),
    ("dowdall", {}),
]


@st.composite
def array_ballots(draw: st.DrawFn) -> tuple[tuple[str, ...], list[list[int]], list[int]]:
    """Candidates, rows of indices (-1 pads truncated rows) and a count per row."""
    size = draw(st.integers(1, len(NAMES)))
    width = draw(st.integers(1, size + 1))
    order = st.permutations(range(size)).map(list)
    rows = []
    for ranking in draw(st.lists(order, min_size=0, max_size=12)):
        length = draw(st.integers(0, min(width, size)))
        rows.append(ranking[:length] + [-1] * (width - length))
    counts = draw(
        st.lists(
            st.one_of(st.integers(0, 6), st.integers(0, 10**9)),
            min_size=len(rows),
            max_size=len(rows),
        )
    )
    return NAMES[:size], rows, counts


def both(
    ballots: tuple[tuple[str, ...], list[list[int]], list[int]],
) -> tuple[RankedProfile, RankedProfile]:
    """The ballots held as arrays, and the same ballots as rankings (the pure-Python path)."""
    names, rows, counts = ballots
    width = len(rows[0]) if rows else 1
    array = np.array(rows, dtype=np.int64).reshape(len(rows), width)
    fast = RankedProfile.from_array(array, candidates=names, counts=np.array(counts, np.int64))
    pairs = zip(rows, counts, strict=True)
    rankings = [(tuple(names[i] for i in row if i >= 0), n) for row, n in pairs]
    return fast, RankedProfile.from_counts(rankings, candidates=names)


@pytest.mark.parametrize(("kind", "options"), ACCELERATED)
@settings(max_examples=120, deadline=None)
@given(ballots=array_ballots())
def test_array_path_gives_the_same_result(
    kind: str, options: dict[str, Any], ballots: tuple[tuple[str, ...], list[list[int]], list[int]]
) -> None:
    """Winners, rounds, ties and notes are the same from arrays as from rankings."""
    fast, pure = both(ballots)
    method: Method = METHODS[kind](**options)

    assert method.elect(fast).to_dict() == method.elect(pure).to_dict()
    assert method.elect(fast) == method.elect(pure)


@settings(max_examples=200, deadline=None)
@given(ballots=array_ballots())
def test_array_profile_reads_like_the_rankings(
    ballots: tuple[tuple[str, ...], list[list[int]], list[int]],
) -> None:
    """Totals, first preferences, head-to-head support and the ballots themselves agree."""
    fast, pure = both(ballots)
    pairs = [(a, b) for a in pure.candidates for b in pure.candidates]

    assert fast.total_weight == pure.total_weight
    assert fast.first_preferences == pure.first_preferences
    assert [fast.support(a, b) for a, b in pairs] == [pure.support(a, b) for a, b in pairs]
    assert repr(fast) == repr(pure)
    assert fast.is_strict
    assert dict(fast.ballots) == dict(pure.ballots)
    assert fast == pure


@settings(max_examples=60, deadline=None)
@given(first=array_ballots(), second=array_ballots())
def test_array_profiles_add_like_rankings(
    first: tuple[tuple[str, ...], list[list[int]], list[int]],
    second: tuple[tuple[str, ...], list[list[int]], list[int]],
) -> None:
    """Adding two array profiles (of different widths) gives the sum of the rankings."""
    _, rows, counts = second
    width = len(rows[0]) if rows else 1
    kept: list[list[int]] = [[]] * len(rows)
    for index, row in enumerate(rows):
        stop = next((at for at, i in enumerate(row) if not 0 <= i < len(first[0])), len(row))
        kept[index] = row[:stop] + [-1] * (width - stop)
    fast_a, pure_a = both(first)
    fast_b, pure_b = both((first[0], kept, counts))

    total = fast_a + fast_b

    assert total._array is not None
    assert total == pure_a + pure_b
    assert total.first_preferences == (pure_a + pure_b).first_preferences


def test_indices_after_the_first_negative_one_are_ignored() -> None:
    """A row stops at its first -1, as before: what follows it is not read."""
    profile = RankedProfile.from_array(np.array([[0, -1, 1]]), candidates=("a", "b"))

    assert dict(profile.ballots) == {(("a",),): 1}
    assert profile.first_preferences == {"a": 1, "b": 0}


@pytest.mark.parametrize(
    ("rows", "counts", "message"),
    [
        ([[0, -2]], None, r"row \[0, -2\] .* below -1"),
        ([[0, 1], [1, 1]], None, r"row \[1, 1\] ranks a candidate twice"),
        ([[0, 1]], [-1], "must not be negative"),
        ([[0, 1]], [1.5], "counts must be 1 integers"),
    ],
)
def test_invalid_rows_and_counts_are_refused(
    rows: list[list[int]], counts: list[Any] | None, message: str
) -> None:
    """Indices below -1, repeated candidates and negative or float counts raise RuleError."""
    weights = None if counts is None else np.array(counts)

    with pytest.raises(RuleError, match=message):
        RankedProfile.from_array(np.array(rows), candidates=("a", "b"), counts=weights)


def test_weights_too_large_for_exact_float_sums_are_held_as_a_dict() -> None:
    """From 2**53 votes on, the profile holds its ballots as rankings: still exact."""
    counts = np.array([2**62 + 1, 3, 2**62 - 1], dtype=np.int64)
    rows = np.array([[0, 1], [1, 0], [0, 1]])
    profile = RankedProfile.from_array(rows, candidates=("a", "b"), counts=counts)

    assert profile._array is None
    assert profile.first_preferences == {"a": 2**63, "b": 3}
    assert profile.total_weight == 2**63 + 3


def test_counts_beyond_int64_are_refused() -> None:
    """An unsigned count of 2**63 or more cannot be held as an int64 weight."""
    counts = np.array([2**63], dtype=np.uint64)

    with pytest.raises(RuleError, match="2\\*\\*63"):
        RankedProfile.from_array(np.array([[0]]), candidates=("a",), counts=counts)


@pytest.mark.parametrize("path", ["unique", "rankings"])
@settings(max_examples=60, deadline=None)
@given(ballots=array_ballots())
def test_meek_without_the_key_histogram_gives_the_same_result(
    path: str, ballots: tuple[tuple[str, ...], list[list[int]], list[int]]
) -> None:
    """Meek's other paths (numpy.unique of keys; the rankings, for many seats) agree too."""
    from govkit.voting import _array_count

    fast, pure = both(ballots)
    method = Stv(seats=2, transfer="meek")
    with pytest.MonkeyPatch.context() as patch:
        if path == "unique":
            patch.setattr(_array_count, "SPAN", 0)
        else:
            patch.setattr(_array_count.MeekRows, "fits", staticmethod(lambda *_: False))

        assert method.elect(fast) == method.elect(pure)


def test_a_second_surplus_passes_on_ballots_of_two_values() -> None:
    """Gregory: the second donor holds ballots at two values; both pass on exactly."""
    rows = np.array([[0, 1, 2], [1, 2, -1], [2, 3, -1], [3, -1, -1]])
    counts = np.array([60, 25, 10, 5])
    names = ("a", "b", "c", "d")
    fast = RankedProfile.from_array(rows, candidates=names, counts=counts)
    pure = RankedProfile.from_counts(
        {("a", "b", "c"): 60, ("b", "c"): 25, ("c", "d"): 10, ("d",): 5}, candidates=names
    )

    result = Stv(seats=3).elect(fast)

    assert result == Stv(seats=3).elect(pure)
    assert [r.transfer_value for r in result.rounds[:2]] == [Fraction(17, 30), Fraction(33, 59)]


@settings(max_examples=80, deadline=None)
@given(ballots=array_ballots())
def test_rows_checked_a_block_at_a_time_read_the_same(
    ballots: tuple[tuple[str, ...], list[list[int]], list[int]],
) -> None:
    """The build's blocks (here of one or two rows) change nothing: ballots and errors agree."""
    from govkit.voting import _ranked_array

    names, rows, _ = ballots
    width = len(rows[0]) if rows else 1
    array = np.array(rows, dtype=np.int64).reshape(len(rows), width)
    whole = RankedProfile.from_array(array, candidates=names)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_ranked_array, "BLOCK_BYTES", 16)
        blocks = RankedProfile.from_array(array, candidates=names)
        narrow = RankedProfile.from_array(array.astype(np.int8), candidates=names)

    assert dict(blocks.ballots) == dict(whole.ballots) == dict(narrow.ballots)
    assert blocks.first_preferences == whole.first_preferences


@pytest.mark.parametrize(
    ("last", "message"),
    [
        ([2, 0], r"index 2 is out of range for 2 candidates"),
        ([1, -2], r"row \[1, -2\] .* below -1"),
        ([1, 1], r"row \[1, 1\] ranks a candidate twice"),
    ],
)
def test_a_bad_row_in_a_later_block_is_refused(last: list[int], message: str) -> None:
    """Rows are read a block at a time; a bad row past the first block gets the same error."""
    from govkit.voting import _ranked_array

    rows = np.array([[0, 1], [1, 0]] * 20 + [last])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_ranked_array, "BLOCK_BYTES", 64)
        with pytest.raises(RuleError, match=message):
            RankedProfile.from_array(rows, candidates=("a", "b"))


def test_a_truncated_row_in_a_later_block_ends_there() -> None:
    """A -1 after the first block: the build takes the long way, with the same ballots."""
    from govkit.voting import _ranked_array

    rows = np.array([[0, 1]] * 20 + [[1, -1]])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_ranked_array, "BLOCK_BYTES", 64)
        profile = RankedProfile.from_array(rows, candidates=("a", "b"))

    assert dict(profile.ballots) == {(("a",), ("b",)): 20, (("b",),): 1}


def test_rows_in_the_other_byte_order_are_read_by_value() -> None:
    """Big-endian rows give the same ballots; an index of 2**56 there is still out of range."""
    rows = np.array([[0, 1], [1, 0], [0, 1]])
    native = RankedProfile.from_array(rows, candidates=("a", "b"))
    swapped = RankedProfile.from_array(rows.astype(">i8"), candidates=("a", "b"))

    assert dict(swapped.ballots) == dict(native.ballots)
    with pytest.raises(RuleError, match="out of range"):
        RankedProfile.from_array(np.array([[0, 2**56]], dtype=">i8"), candidates=("a", "b"))


def test_complete_rows_ranking_someone_twice_are_refused() -> None:
    """Rows ranking all n candidates: the sum of their bits must be 2**n - 1, with no carry."""
    rows = np.array([[0, 1, 2], [2, 1, 0], [1, 1, 0]])

    with pytest.raises(RuleError, match=r"row \[1, 1, 0\] ranks a candidate twice"):
        RankedProfile.from_array(rows, candidates=("a", "b", "c"))


@settings(max_examples=40, deadline=None)
@given(ballots=array_ballots())
def test_rows_without_counts_give_the_same_results(
    ballots: tuple[tuple[str, ...], list[list[int]], list[int]],
) -> None:
    """Rows given without counts (one ballot each: histograms count rows) read the same."""
    names, rows, _ = ballots
    ones = [1] * len(rows)
    width = len(rows[0]) if rows else 1
    array = np.array(rows, dtype=np.int64).reshape(len(rows), width)
    fast = RankedProfile.from_array(array, candidates=names)
    _, pure = both((names, rows, ones))

    assert fast == pure
    assert fast.first_preferences == pure.first_preferences
    for kind, options in ACCELERATED:
        method: Method = METHODS[kind](**options)
        assert method.elect(fast) == method.elect(pure), (kind, options)
