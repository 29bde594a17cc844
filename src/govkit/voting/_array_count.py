"""
Counts in rounds over a `RankedArray`: instant runoff, Gregory STV and Meek's compression.

These are the array twins of the piles in ``_runoff`` and ``_stv``: the same
interface, the same exact results. Each row (a strict ballot) counts for its
*holder*, the code of the candidate it currently counts for (0: exhausted).
When candidates leave the count, only the rows they hold are read again: each
such row steps along its ranking from its holder's position, one column at a
time for all the rows still looking, and a status table per code says whether
to skip that candidate, stop there, or (Meek) note it and go on. A row's
position only moves forward over a whole count, so a count reads each entry
of a row at most once.

Gregory transfers stay exact without a `Fraction` per ballot: every row
carries a *group*, and a group's value per unit of weight is one exact
factor (1 at first; a surplus transfer at value t moves the donor's rows of
group g into a new group of factor ``factor[g] * t``). What a candidate
receives is then ``sum(factor[g] * weight of its new rows in group g)``,
with the weights added by ``bincount`` as whole numbers.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from govkit.voting._profile_base import Ranking, Weight
from govkit.voting._ranked_array import RankedArray

__all__ = ["GregoryPiles", "MeekRows", "RunoffPiles"]

SPAN = 1 << 22
"""Most keys a histogram of Meek's compressed ballots may have (else numpy.unique)."""

SKIP, PASS, TAKE, END = 0, 1, 2, 3
"""What a moving row does at a candidate: skip it, note it and go on, stop at it, stop (end)."""


def _table(size: int, codes: Iterable[int]) -> npt.NDArray[np.bool_]:
    """Return a lookup table by code: True at *codes* (code 0, exhausted, is always False)."""
    table = np.zeros(size + 1, dtype=bool)
    table[list(codes)] = True
    table[0] = False
    return table


class _Holders:
    """Which candidate each row counts for, and how rows move on when candidates leave."""

    def __init__(self, array: RankedArray, candidates: tuple[str, ...]) -> None:
        self.array = array
        self.candidates = candidates
        self.code = {name: index + 1 for index, name in enumerate(candidates)}
        self.flat = array.codes.ravel(order="F")  # column after column: a view
        self.holder = self.flat[: len(array.codes)].copy()  # the first column
        # where each row's holder sits in flat: position * rows + row (intp: indexes fastest)
        self.cursor = np.arange(len(array.codes), dtype=np.intp)

    def moving(self, names: Iterable[str]) -> npt.NDArray[np.intp]:
        """Return the rows held by *names*."""
        codes = [self.code[name] for name in names]
        if len(codes) == 1:
            return np.flatnonzero(self.holder == codes[0])
        return np.flatnonzero(_table(self.array.size, codes)[self.holder])

    def next_holders(
        self, rows: npt.NDArray[np.intp], staying: Collection[str]
    ) -> npt.NDArray[np.integer]:
        """Move *rows* on to their next candidate in *staying* (0 when none is left)."""
        status = np.zeros(self.array.size + 1, dtype=np.int8)
        status[[self.code[name] for name in staying]] = TAKE
        return self.advance(rows, status)

    def advance(
        self,
        rows: npt.NDArray[np.intp],
        status: npt.NDArray[np.int8],
        prefix: npt.NDArray[np.integer] | None = None,
    ) -> npt.NDArray[np.integer]:
        """Move *rows* on to the next candidate whose *status* is TAKE (0 when there is none)."""
        found, cursor = self.walk(self.cursor.take(rows), status, prefix)
        self.holder[rows] = found
        self.cursor[rows] = cursor
        return found

    def walk(
        self,
        cursor: npt.NDArray[np.integer],
        status: npt.NDArray[np.int8],
        prefix: npt.NDArray[np.integer] | None = None,
    ) -> tuple[npt.NDArray[np.integer], npt.NDArray[np.integer]]:
        """
        Return the next holder whose *status* is TAKE and its cursor, for rows at *cursor*.

        Everyone a row ranks before its holder has left the count for good, so
        the search goes on from the holder's position, one column at a time,
        for the rows not yet placed. Candidates whose status is PASS are
        written, in order, into *prefix* (one digit per candidate, one entry
        per row given). The rows' own arrays are not touched: the caller
        stores what is returned.
        """
        status[0] = END
        step, base = len(self.holder), self.array.size + 1
        passing = prefix is not None and bool((status == PASS).any())
        # take and compress, not fancy and boolean indexing: the same, in half the time
        cursor = cursor + step
        found = self.flat.take(cursor)  # the last column is all 0: every search ends
        state = status.take(found)
        if passing and prefix is not None:
            passed = np.flatnonzero(state == PASS)
            prefix[passed] = prefix.take(passed) * base + found.take(passed)
        at = np.flatnonzero(state < TAKE)  # the rows still looking, as positions in found
        while len(at):
            further = cursor.take(at) + step
            more = self.flat.take(further)
            state = status.take(more)
            found[at] = more
            cursor[at] = further
            if passing and prefix is not None:
                passed = state == PASS
                into = at.compress(passed)
                prefix[into] = prefix.take(into) * base + more.compress(passed)
            at = at.compress(state < TAKE)
        return found, cursor


class RunoffPiles(_Holders):
    """The array twin of ``_runoff._Piles`` (strict ballots: no shares)."""

    def __init__(self, array: RankedArray, candidates: tuple[str, ...]) -> None:
        super().__init__(array, candidates)
        self.alive = set(candidates)
        self.counts: dict[str, Weight] = dict(
            zip(candidates, array.first_preferences(), strict=True)
        )
        self.exhausted: Weight = 0

    def exclude(self, excluded: list[str]) -> dict[str, Weight]:
        """Exclude candidates, pass their ballots on, and return what each candidate got."""
        rows = self.moving(excluded)
        self.alive.difference_update(excluded)
        for name in excluded:
            del self.counts[name]
        new = self.next_holders(rows, self.alive)
        mass = self.array.mass[rows]
        self.exhausted += int(mass[new == 0].sum())
        received = self.array.tally(new, mass)
        transfers: dict[str, Weight] = {}
        for name in self.counts:
            amount = received[self.code[name] - 1]
            if amount:
                self.counts[name] += amount
                transfers[name] = amount
        return transfers


class GregoryPiles(_Holders):
    """The array twin of ``_stv._TuplePiles``: weighted inclusive Gregory, exact by groups."""

    def __init__(
        self, array: RankedArray, candidates: tuple[str, ...], hopeful: Collection[str]
    ) -> None:
        super().__init__(array, candidates)
        self.hopeful = hopeful
        self.group = np.zeros(len(self.holder), dtype=np.intp)
        self.factors: list[Weight] = [1]
        self.votes: dict[str, Weight] = dict(
            zip(candidates, array.first_preferences(), strict=True)
        )
        self.exhausted: Weight = 0

    def move(self, names: list[str], value: Fraction | None, received: dict[str, Weight]) -> None:
        """Pass the ballots *names* hold on to their next hopefuls, times *value* if given."""
        rows = self.moving(names)
        groups = self.group[rows]
        if value is not None and len(rows):
            old = np.flatnonzero(np.bincount(groups, minlength=len(self.factors)))
            renamed = np.zeros(len(self.factors), dtype=np.intp)
            renamed[old] = np.arange(len(self.factors), len(self.factors) + len(old))
            self.factors.extend(self.factors[g] * value for g in old.tolist())
            groups = renamed[groups]
            self.group[rows] = groups
        new = self.next_holders(rows, self.hopeful)
        width = len(self.factors)
        code = new.astype(np.intp) * width + groups
        sums = np.bincount(code, self.array.mass[rows], minlength=(self.array.size + 1) * width)
        table = sums.reshape(self.array.size + 1, width)
        for g in np.flatnonzero(table[0]).tolist():
            self.exhausted += self.factors[g] * int(table[0, g])
        for name in self.candidates:
            line = table[self.code[name]]
            for g in np.flatnonzero(line).tolist():
                share = self.factors[g] * int(line[g])
                self.votes[name] += share
                received[name] = received.get(name, 0) + share


class MeekRows(_Holders):
    """
    Meek's compressed ballots, kept up to date as candidates are elected or excluded.

    A row compresses to the elected candidates it ranks before its first
    hopeful, then that hopeful (its holder): ``_stv._Meek.compressed`` with
    the excluded struck out. The elected are kept per row as the digits of a
    number (its *prefix*, base candidates + 1), so a compressed ballot is one
    integer, ``prefix * base + holder``, and equal ones are added by bincount.
    Only rows whose holder leaves are read again.
    """

    def __init__(self, array: RankedArray, candidates: tuple[str, ...], seats: int) -> None:
        super().__init__(array, candidates)
        self.hopeful = frozenset(candidates)
        self.base = array.size + 1
        span = self.base ** (seats + 1)  # every key is below: a prefix holds elected candidates
        small = span <= SPAN  # then every key fits an int32
        self.prefix: npt.NDArray[np.integer] = np.zeros(
            len(self.holder), dtype=np.int32 if small else np.int64
        )
        self.sums = np.bincount(self.holder, array.mass, minlength=span) if span <= SPAN else None

    @staticmethod
    def fits(size: int, seats: int) -> bool:
        """Return True when every compressed ballot fits in an int64 key."""
        return bool((size + 1) ** (seats + 1) < 2**62)

    def compressed(
        self, kept: Collection[str], hopeful: Collection[str]
    ) -> list[tuple[Ranking, int]]:
        """Each distinct compressed ballot with its weight (*kept*: candidates not excluded)."""
        leaving = [name for name in self.candidates if name in self.hopeful and name not in hopeful]
        if leaving:
            rows = self.moving(leaving)
            prefix = self.prefix.take(rows)
            if self.sums is not None:  # a key's last digit is its rows' holder: all of them leave
                last = np.arange(len(self.sums)) % self.base
                self.sums[_table(self.array.size, [self.code[n] for n in leaving])[last]] = 0
            elected = [self.code[name] for name in leaving if name in kept]
            if len(elected) == len(leaving):
                prefix *= self.base
                prefix += self.holder.take(rows)
            elif elected:
                holders = self.holder.take(rows)
                now = _table(self.array.size, elected)[holders]
                prefix[now] = prefix[now] * self.base + holders[now]
            status = np.full(self.array.size + 1, SKIP, dtype=np.int8)
            status[[self.code[name] for name in kept]] = PASS
            status[[self.code[name] for name in hopeful]] = TAKE
            holders, cursor = self.walk(self.cursor.take(rows), status, prefix)
            self.holder[rows] = holders
            self.cursor[rows] = cursor
            if elected or (status == PASS).any():  # else no prefix has changed
                self.prefix[rows] = prefix
            if self.sums is not None:
                new = prefix * self.base + holders
                mass = self.array.mass.take(rows)
                self.sums += np.bincount(new, mass, minlength=len(self.sums))
        self.hopeful = frozenset(hopeful)
        if self.sums is not None:
            found = np.flatnonzero(self.sums)
            sums = self.sums[found]
        else:
            found, inverse = np.unique(self.prefix * self.base + self.holder, return_inverse=True)
            sums = np.bincount(inverse.ravel(), self.array.mass, minlength=len(found))
        base = self.base
        compressed: list[tuple[Ranking, int]] = []
        for key_value, weight in zip(found.tolist(), sums.tolist(), strict=True):
            digits, rest = [], key_value
            while rest:
                rest, digit = divmod(rest, base)
                digits.append(digit)
            ranking = tuple((self.candidates[d - 1],) for d in reversed(digits) if d)
            compressed.append((ranking, int(weight)))
        return compressed
