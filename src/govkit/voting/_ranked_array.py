"""
Strict ranked ballots held as NumPy arrays: the fast path of `RankedProfile`.

A profile built by `RankedProfile.from_array` keeps its ballots as arrays,
never as one Python object per ballot: a column-major matrix of *codes* (the
candidate index plus one, 0 where a truncated ballot has stopped) and a
vector of whole-number weights. Rows need not be distinct: every kernel adds
weights, so duplicates cost a row, not a merge. What methods ask for is
computed with ``numpy.bincount``:

- first preferences: one bincount of the first column;
- position counts (for Borda and for who ranks whom at all): one bincount
  per column (or the margins of the joint histograms below, once made);
- head-to-head counts: one bincount per block of up to five columns, whose
  joint histogram holds every pair of positions in the block; a few blocks
  cover all pairs.

``bincount`` adds in float64, which is exact for whole numbers below 2**53:
a profile whose total weight reaches `EXACT_LIMIT` is not kept as arrays.
Everything returned is a Python int. NumPy is imported only by this module
and ``_array_count``, and they only when a profile is built from an array
(the ``fast`` extra).
"""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from govkit.errors import RuleError
from govkit.voting._profile_base import Ranking

__all__ = ["EXACT_LIMIT", "RankedArray"]

Codes: TypeAlias = npt.NDArray[np.integer]
Mass: TypeAlias = npt.NDArray[np.float64]

EXACT_LIMIT = 2**53
"""Total weight from which float64 sums stop being exact: such profiles stay dicts."""

BLOCK_BINS = 200_000
"""Most bins in one joint histogram of a block of columns (and at most 4 per row)."""

BLOCK_BYTES = 1 << 20
"""About how much of the input rows the build reads at a time (a block stays in the cache)."""


def _first_bad_row(rows: npt.NDArray[np.integer], bad: Any) -> list[int]:
    index = int(np.flatnonzero(bad)[0])
    return [int(value) for value in rows[index]]


def _check_shape(rows: npt.NDArray[np.integer], size: int) -> bool:
    """Check the indices; return True when some row is truncated (has a -1)."""
    if rows.ndim != 2 or not np.issubdtype(rows.dtype, np.integer):
        msg = f"expected a 2-D array of integer candidate indices, got shape {rows.shape}"
        raise RuleError(msg)
    if rows.size == 0:
        return False
    if rows.dtype.isnative and int(rows.view(np.dtype(f"u{rows.dtype.itemsize}")).max()) < size:
        return False  # one pass: read unsigned, a negative index would be huge
    high, low = int(rows.max()), int(rows.min())
    if high >= size:
        msg = f"index {high} is out of range for {size} candidates"
        raise RuleError(msg)
    if low < -1:
        row = _first_bad_row(rows, (rows < -1).any(axis=1))
        msg = f"row {row} ranks a candidate twice or has an index below -1"
        raise RuleError(msg)
    return low < 0


def _code_type(size: int) -> type[np.signedinteger[Any]]:
    return np.int8 if size < 127 else np.int16 if size < 32767 else np.int32


def _checked_codes(rows: npt.NDArray[np.integer], size: int) -> Codes | None:
    """
    `_to_codes` of rows whose indices are all in ``range(size)``; None if some is not.

    One pass, a block of rows at a time while it is in the cache: check the
    block's indices (read unsigned, a negative index would be huge), narrow
    them, and write them column-major. The caller goes the long way (`_check_shape`)
    when None comes back: truncated rows, or an error to report.
    """
    count, width = rows.shape
    if not count or not width or not rows.dtype.isnative:
        return None
    dtype = _code_type(size)
    unsigned = rows.view(np.dtype(f"u{rows.dtype.itemsize}"))
    by_column = np.zeros((width + 1, count), dtype=dtype)  # its transpose is column-major
    step = max(1, BLOCK_BYTES // (width * rows.dtype.itemsize))
    for start in range(0, count, step):
        stop = start + step
        if int(unsigned[start:stop].max()) >= size:
            return None
        by_column[:width, start:stop] = rows[start:stop].astype(dtype, copy=False).T
    by_column[:width] += 1
    return by_column.T


def _to_codes(rows: npt.NDArray[np.integer], size: int, *, truncated: bool) -> Codes:
    """
    Candidate index + 1, column-major; everything after a row's first -1 becomes 0.

    One more column of zeros closes every row, so that a search along a row
    always ends at a 0.
    """
    dtype = _code_type(size)
    count, width = rows.shape
    by_column = np.zeros((width + 1, count), dtype=dtype)  # its transpose is column-major
    by_column[:width] = rows.astype(dtype).T  # narrow first: the transposing copy is smaller
    by_column[:width] += 1
    codes = by_column.T
    if truncated:
        going = codes[:, 0] != 0
        for column in range(1, width):
            codes[:, column] *= going
            going &= codes[:, column] != 0
    return codes


def _check_distinct(
    rows: npt.NDArray[np.integer], codes: Codes, size: int, *, truncated: bool
) -> None:
    """
    Refuse a row ranking a candidate twice.

    Each candidate is a bit, made by shifting (code c gives ``1 << c >> 1``,
    0 for code 0); a row's bits add up to their union only if no bit is
    repeated. A row of all *size* candidates is a permutation exactly when
    its bits add up to ``2**size - 1`` (n powers of two with n one-bits in
    their sum cannot carry), which saves the union; such rows have no code 0,
    so their bits are ``1 << c``, all doubled, which saves the second shift.
    """
    count, width = codes.shape[0], codes.shape[1] - 1
    if width < 2:
        return
    complete = not truncated and width == size
    largest = width << (size if complete else size - 1)  # the largest sum (and 1 << size fits)
    sized = [
        kind for kind in (np.uint16, np.uint32, np.uint64) if largest < 2 ** (8 * kind().itemsize)
    ]
    if not sized:
        ordered = np.sort(codes[:, :width], axis=1)
        repeated = ((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] != 0)).any(axis=1)
    else:
        kind = sized[0]
        one = kind(1)
        total = np.zeros(count, dtype=kind)
        bits = np.empty(count, dtype=kind)
        union = None if complete else np.zeros(count, dtype=kind)
        for column in range(width):
            np.copyto(bits, codes[:, column], casting="unsafe")  # a code is not negative
            np.left_shift(one, bits, out=bits)
            if union is not None:
                np.right_shift(bits, one, out=bits)
                np.bitwise_or(union, bits, out=union)
            np.add(total, bits, out=total)
        repeated = total != ((1 << (size + 1)) - 2 if union is None else union)
    if repeated.any():
        row = _first_bad_row(rows, repeated)
        msg = f"row {row} ranks a candidate twice or has an index below -1"
        raise RuleError(msg)


def _check_counts(counts: object, rows: npt.NDArray[np.integer]) -> npt.NDArray[np.int64]:
    if counts is None:  # one each: a read-only view, nothing to allocate
        return np.broadcast_to(np.int64(1), rows.shape[:1])
    weights = np.asarray(counts)
    if weights.shape != rows.shape[:1] or not np.issubdtype(weights.dtype, np.integer):
        msg = f"counts must be {rows.shape[0]} integers, one per row"
        raise RuleError(msg)
    if weights.size and int(weights.min()) < 0:
        index = int(np.flatnonzero(weights < 0)[0])
        row = [int(value) for value in rows[index]]
        msg = f"a ballot's count must not be negative, got {int(weights[index])} for {row!r}"
        raise RuleError(msg)
    if weights.size and int(weights.max()) >= 2**63:
        msg = "a count of 2**63 or more does not fit an array; give such counts as Python ints"
        raise RuleError(msg)
    return weights.astype(np.int64, copy=False)


@cache
def _blocks(width: int, bins: int, limit: int) -> tuple[tuple[int, ...], ...]:
    """Blocks of columns covering every pair of columns, each of at most *limit* cells."""
    size = 1
    while size < width and bins ** (size + 1) <= limit:
        size += 1
    uncovered = set(itertools.combinations(range(width), 2))
    blocks: list[tuple[int, ...]] = []
    unseen = set(range(width))
    while uncovered or unseen:
        start = sorted(uncovered)[0] if uncovered else (min(unseen),)
        block = list(start)
        while len(block) < size:
            best = max(
                (c for c in range(width) if c not in block),
                key=lambda c: sum((min(b, c), max(b, c)) in uncovered for b in block),
                default=None,
            )
            if best is None:
                break
            block.append(best)
        block.sort()
        uncovered -= set(itertools.combinations(block, 2))
        unseen -= set(block)
        blocks.append(tuple(block))
    return tuple(blocks)


class RankedArray:
    """
    Strict rankings as codes (candidate index + 1, 0 past the end) with whole weights.

    Build with `from_rows`, which checks the rows as `RankedProfile.from_array`
    documents; rows ranking nobody and rows of weight 0 are left out.
    """

    __slots__ = ("_blocks", "_mass", "_positions", "codes", "ones", "size", "total", "weights")

    def __init__(
        self, codes: Codes, weights: npt.NDArray[np.int64], size: int, *, ones: bool = False
    ) -> None:
        """Hold *codes* and *weights*; *ones*: every weight is known to be 1."""
        self.codes = codes
        self.weights = weights
        self.size = size
        self.ones = ones  # then a histogram counts rows: bincount without weights, faster
        if ones:
            self.total = len(weights)
        else:
            largest = int(weights.max()) if weights.size else 0
            fits = largest * len(weights) < 2**63  # else the int64 sum could overflow
            self.total = int(weights.sum()) if fits else sum(weights.tolist())
        # float64 weights, as bincount adds them: made now, unless every weight is 1
        self._mass: Mass | None = None if ones else weights.astype(np.float64)
        self._blocks: list[tuple[tuple[int, ...], npt.NDArray[np.float64]]] | None = None
        self._positions: list[list[int]] | None = None

    @property
    def mass(self) -> Mass:
        """The weights as float64, as ``bincount`` adds them (of weights all 1: when needed)."""
        if self._mass is None:
            self._mass = self.weights.astype(np.float64)
        return self._mass

    @classmethod
    def from_rows(cls, array: object, counts: object, size: int) -> RankedArray:
        """Check rows of candidate indices (-1 ends a ballot) and their counts."""
        rows = np.asarray(array)
        if rows.ndim == 2 and np.issubdtype(rows.dtype, np.integer):
            codes = _checked_codes(rows, size)  # the usual case: untruncated, in range
        else:
            codes = None
        every = codes is not None and counts is None  # every row ranks someone, once
        truncated = False
        if codes is None:
            truncated = _check_shape(rows, size)
        weights = _check_counts(counts, rows)
        if codes is None:
            codes = _to_codes(rows, size, truncated=truncated)
        _check_distinct(rows, codes, size, truncated=truncated)
        if not every:
            keep = codes[:, 0] != 0
            if weights.size and int(weights.min()) == 0:
                keep &= weights != 0
            if not keep.all():
                codes = np.asfortranarray(codes[keep])
                weights = weights[keep]
        return cls(codes, weights, size, ones=counts is None)

    def __add__(self, other: RankedArray) -> RankedArray:
        width = max(self.codes.shape[1], other.codes.shape[1])
        parts = [np.pad(a.codes, ((0, 0), (0, width - a.codes.shape[1]))) for a in (self, other)]
        codes = np.asfortranarray(np.concatenate(parts))
        weights = np.concatenate([self.weights, other.weights])
        return RankedArray(codes, weights, self.size, ones=self.ones and other.ones)

    @property
    def width(self) -> int:
        """How many ranks a row has room for."""
        return int(self.codes.shape[1]) - 1

    @property
    def is_complete(self) -> bool:
        """True when every row ranks every candidate."""
        if self.width < self.size:
            return False
        return not len(self.codes) or bool(self.codes[:, self.width - 1].all())

    def tally(self, codes: Codes, mass: Mass | None = None) -> list[int]:
        """Weight per candidate of the rows whose code is given (code 0 is dropped)."""
        if mass is None and self.ones:  # whole counts, exact: no weights to add
            counted = np.bincount(codes, minlength=self.size + 1)
        else:
            counted = np.bincount(
                codes, self.mass if mass is None else mass, minlength=self.size + 1
            )
        return [int(value) for value in counted[1:].tolist()]

    def first_preferences(self) -> list[int]:
        """Each candidate's first preferences."""
        if not len(self.codes):
            return [0] * self.size
        return self.tally(self.codes[:, 0])

    def histograms(self) -> list[tuple[tuple[int, ...], npt.NDArray[np.float64]]]:
        """Return the joint histogram of the codes in each block of columns (cached)."""
        if self._blocks is None:
            bins = self.size + 1
            found: list[tuple[tuple[int, ...], npt.NDArray[np.float64]]] = []
            # no more cells than a few per row: small profiles take small blocks
            limit = min(BLOCK_BINS, max(bins * bins, 4 * len(self.codes)))
            for block in _blocks(self.width, bins, limit):
                code = self.codes[:, block[0]].astype(np.int32)  # < BLOCK_BINS: fits
                for column in block[1:]:
                    code *= bins
                    code += self.codes[:, column]
                weights = None if self.ones else self.mass
                counted = np.bincount(code, weights, minlength=bins ** len(block))
                joint = counted.astype(np.float64, copy=False).reshape((bins,) * len(block))
                found.append((block, joint))
            self._blocks = found
        return self._blocks

    def positions(self) -> list[list[int]]:
        """``positions[p][c]``: weight of the rows ranking candidate c in position p (0-based)."""
        if self._positions is None and self._blocks is None:  # one bincount per column
            self._positions = [self.tally(self.codes[:, p]) for p in range(self.width)]
        elif self._positions is None:  # the margins of the joint histograms, already made
            table: dict[int, list[int]] = {}
            for block, counted in self.histograms():
                for axis, column in enumerate(block):
                    if column not in table:
                        others = tuple(a for a in range(len(block)) if a != axis)
                        marginal = counted.sum(axis=others) if others else counted
                        table[column] = [int(value) for value in marginal[1:].tolist()]
            self._positions = [table[column] for column in range(self.width)]
        return self._positions

    def ranked(self) -> list[int]:
        """Weight of the rows ranking each candidate at all."""
        if self.is_complete:
            return [self.total] * self.size
        return [sum(column) for column in zip(*self.positions(), strict=True)] or [0] * self.size

    def borda_doubled(self) -> tuple[list[int], int]:
        """
        Doubled Borda points per candidate from the ranks, and those every candidate gets.

        A candidate in position p of a row ranking L of n candidates gets
        ``n - 2p + L - 1`` doubled points; each row also gives everyone
        ``n - L - 1`` (the left-out candidates' average), as `Borda` defines.
        """
        n = self.size
        doubled = [0] * n
        for position, counts in enumerate(self.positions()):
            for index, weight in enumerate(counts):
                doubled[index] += weight * (n - 2 * position - 1)
        if self.is_complete:  # every row ranks all n: L = n
            return [d + self.total * n for d in doubled], -self.total
        lengths = (self.codes != 0).sum(axis=1) if len(self.codes) else np.zeros(0, np.intp)
        by_length = np.bincount(lengths, self.mass, minlength=n + 1)
        unranked = sum(int(w) * (n - length - 1) for length, w in enumerate(by_length.tolist()))
        lengthened = self.mass * lengths
        extra = [0] * n
        for column in range(self.width):
            for index, weight in enumerate(self.tally(self.codes[:, column], lengthened)):
                extra[index] += weight
        return [d + e for d, e in zip(doubled, extra, strict=True)], unranked

    def above(self) -> list[list[int]]:
        """``above[a][b]``: weight of the rows ranking both, a before b."""
        n = self.size
        found = np.zeros((n + 1, n + 1))
        done: set[tuple[int, int]] = set()
        for block, counted in self.histograms():
            for i, j in itertools.combinations(range(len(block)), 2):
                if (block[i], block[j]) in done:
                    continue
                done.add((block[i], block[j]))
                axes = "abcdefghijklmnopqrstuvwxyz"[: len(block)]  # <= 17 axes (BLOCK_BINS)
                found += np.einsum(f"{axes}->{axes[i]}{axes[j]}", counted)
        return [[int(value) for value in row[1:]] for row in found[1:].tolist()]

    def support(self) -> list[list[int]]:
        """``support[a][b]``: weight of the rows ranking a above b (unranked is last)."""
        above, ranked = self.above(), self.ranked()
        return [[ranked[a] - above[b][a] for b in range(self.size)] for a in range(self.size)]

    def distinct(self) -> tuple[Codes, list[int]]:
        """Return the distinct rows, sorted, with their summed weights (exact ints)."""
        if not len(self.codes):
            return self.codes, []
        bits = max(1, int(self.size).bit_length())
        if bits * self.width > 63:
            rows, inverse = np.unique(self.codes, axis=0, return_inverse=True)
        else:
            key = np.zeros(len(self.codes), dtype=np.int64)
            for column in range(self.width):
                key <<= bits
                key |= self.codes[:, column]
            _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
            rows = self.codes[first]
        if self.total < EXACT_LIMIT:  # float64 sums are exact
            summed = np.bincount(inverse.ravel(), self.mass, minlength=len(rows))
            return rows, summed.astype(np.int64).tolist()
        exact = [0] * len(rows)
        for index, weight in zip(inverse.ravel().tolist(), self.weights.tolist(), strict=True):
            exact[index] += weight
        return rows, exact

    def mapping(self, candidates: tuple[str, ...]) -> dict[Ranking, int]:
        """Return the ballots as `RankedProfile.ballots` holds them: ranking -> count."""
        single = [()] + [(name,) for name in candidates]
        rows, weights = self.distinct()
        ballots: dict[Ranking, int] = {}
        for row, weight in zip(rows.tolist(), weights, strict=True):
            cut = row.index(0) if 0 in row else len(row)
            ballots[tuple([single[code] for code in row[:cut]])] = weight
        return ballots

    def distinct_count(self) -> int:
        """How many distinct rankings there are."""
        return len(self.distinct()[1])
