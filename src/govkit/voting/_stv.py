"""
The single transferable vote, counted exactly: weighted inclusive Gregory, or Meek's method.

Every vote value is an exact `Fraction`; in every round the votes held by
candidates plus the exhausted votes add up to the votes cast, exactly.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar

import attrs
from attrs import field, frozen

from govkit.voting._condition import format_amount
from govkit.voting._method import (
    METHODS,
    Chooser,
    ElectionResult,
    ElectionRound,
    Profile,
    break_by_earlier_rounds,
    check_seats,
    choice,
    explore,
    ranked,
)
from govkit.voting._profile import RankedProfile, Ranking, Weight

if TYPE_CHECKING:
    from govkit.voting._array_count import GregoryPiles, MeekRows

__all__ = ["Quota", "Stv", "Transfer"]


class Quota(enum.Enum):
    """The share of the votes that elects a candidate."""

    DROOP = "droop"
    """floor(votes / (seats + 1)) + 1 (Gregory); over (votes - exhausted) / (seats + 1) (Meek)."""
    HARE = "hare"
    """votes / seats (Gregory); (votes - exhausted) / seats (Meek); reached at least."""


class Transfer(enum.Enum):
    """How votes move on from elected candidates."""

    GREGORY = "gregory"
    """Weighted inclusive Gregory; every ballot of an elected candidate passes on at one value."""
    MEEK = "meek"
    """Meek's method; elected candidates keep a share of every ballot reaching them."""


def _to_quota(value: Quota | str) -> Quota:
    return choice(Quota, "quota", value)


def _to_transfer(value: Transfer | str) -> Transfer:
    return choice(Transfer, "transfer", value)


KEEP_PLACES = 9
"""Meek keep values are rounded up to this many decimal places."""

MEEK_TOLERANCE = Fraction(1, 10**6)
"""Meek iterations stop when elected candidates' total surplus is at most this many votes."""

MEEK_ITERATIONS = 500
"""... or after this many iterations in one round, or when keep values stop changing."""

Count = Callable[[Chooser], tuple[str, ...]]


@METHODS.register("stv")
@frozen(kw_only=True)
class Stv:
    r"""
    The single transferable vote (STV) for ``seats`` seats, counted exactly.

    Formally, each ballot counts for its highest-ranked *hopeful* candidate
    (split equally among hopefuls it ranks equal). A hopeful whose votes
    reach the quota is elected. Then, round by round: if seats are left and
    an elected candidate holds a surplus over the quota, the surplus is
    transferred (largest first); otherwise the hopeful with the fewest votes
    is excluded and its ballots pass on at their current value. When as many
    hopefuls are left as seats, they are all elected. A ballot with no
    further hopeful is exhausted.

    With ``transfer: gregory`` (weighted inclusive Gregory, WIGM, as in the
    Scottish rules of 2007 but without their rounding to five decimals), the
    quota is fixed; an elected candidate's surplus *s* of *v* votes passes on
    every ballot it holds at value times ``s / v``.

    With ``transfer: meek``, every candidate has a keep value (1 for
    hopefuls, 0 once excluded); a ballot gives each candidate it reaches that
    share of its remaining value and passes the rest on. Keep values of the
    elected are lowered, iteratively, until each holds just the quota, which
    is recomputed from the votes not exhausted. Keep values are rounded up to
    ``KEEP_PLACES`` decimals (as in the New Zealand rules); the votes they
    yield are computed exactly, so no vote is lost to rounding.

    Ties are handled as follows. Hopefuls with no votes are excluded together
    when that leaves enough hopefuls for the seats. Ties for exclusion (and
    between equal surpluses) are broken by earlier rounds, most recent first,
    when ``backwards_tie_break`` is on. Any tie still unbroken is explored:
    every way of breaking it is counted; if they all elect the same
    candidates, the tie did not matter and the note says so; otherwise the
    result is TIED (see `govkit.voting.ElectionResult`).

    ``ElectionResult.scores`` holds the votes of the last round.

    Parameters
    ----------
    seats : int
        How many to elect.
    quota : {"droop", "hare"}, default "droop"
        The quota, see `Quota`.
    transfer : {"gregory", "meek"}, default "gregory"
        How surpluses pass on, see `Transfer`.
    backwards_tie_break : bool, default True
        Break ties by earlier rounds first.

    Examples
    --------
    >>> from govkit.voting._profile import RankedProfile
    >>> profile = RankedProfile.from_counts({
    ...     ("ann", "bo"): 500, ("bo",): 200, ("cy", "di"): 200, ("di",): 100,
    ... })
    >>> result = Stv(seats=2).elect(profile)
    >>> result.summary()
    'elected: ann, bo (STV, Droop quota 334, 2 rounds)'
    >>> result.rounds[0].surplus, result.rounds[0].transfer_value
    (166, Fraction(83, 250))
    >>> Stv(seats=2, transfer="meek").elect(profile).winners
    ('ann', 'bo')

    References
    ----------
    - The Scottish Local Government Elections Order 2007 (SSI 2007/42),
      Schedule 1, rules 45-52 (weighted inclusive Gregory).
    - I. D. Hill, B. A. Wichmann and D. R. Woodall, "Algorithm 123: single
      transferable vote by Meek's method", *The Computer Journal* 30(3),
      1987, 277-281.
    - B. L. Meek, "Une nouvelle approche du scrutin transférable",
      *Mathématiques et Sciences Humaines* 25, 1969, 13-23.
    """

    kind: ClassVar[str]
    seats: int = field(validator=check_seats)
    quota: Quota = field(default=Quota.DROOP, converter=_to_quota)
    transfer: Transfer = field(default=Transfer.GREGORY, converter=_to_transfer)
    backwards_tie_break: bool = True

    def elect(self, profile: Profile) -> ElectionResult:
        """Count the ballots by STV and elect ``seats`` candidates."""
        ballots = ranked(profile, "STV")
        quota_name = "Droop" if self.quota is Quota.DROOP else "Hare"
        if self.transfer is Transfer.GREGORY:
            quota = _gregory_quota(ballots.total_weight, self.seats, self.quota)
            count = _Gregory(ballots, self, quota).count
            label = f"STV, {quota_name} quota {format_amount(quota)}"
            final_quota: Weight = quota
        else:
            count = _Meek(ballots, self).count
            final_quota = _meek_quota(ballots.total_weight, self.seats, self.quota)
            label = f"STV (Meek), {quota_name} quota"
        result = explore(
            count,
            kind=self.kind,
            label=label,
            candidates=ballots.candidates,
            seats=self.seats,
            quota=final_quota,
            scores=lambda chooser: chooser.rounds[-1].counts if chooser.rounds else {},
        )
        if self.transfer is Transfer.MEEK and result.rounds:
            last = result.rounds[-1]
            final = _meek_quota(ballots.total_weight - last.exhausted, self.seats, self.quota)
            result = attrs.evolve(
                result, quota=final, label=f"{label} {format_amount(final)} at the end"
            )
        return result


def _gregory_quota(total: Weight, seats: int, rule: Quota) -> Weight:
    if rule is Quota.DROOP:
        return math.floor(Fraction(total) / (seats + 1)) + 1
    quota = Fraction(total) / seats
    return quota.numerator if quota.denominator == 1 else quota


def _meek_quota(active: Weight, seats: int, rule: Quota) -> Fraction:
    return Fraction(active) / (seats + 1 if rule is Quota.DROOP else seats)


class _Count:
    """What both transfer methods share: the rounds, the tie rules, the fill rule."""

    def __init__(self, profile: RankedProfile, method: Stv) -> None:
        self.profile = profile
        self.candidates = profile.candidates
        self.seats = method.seats
        self.backwards = method.backwards_tie_break

    def start(self) -> None:
        self.hopeful = set(self.candidates)
        self.elected: list[str] = []
        self.history: list[dict[str, Weight]] = []

    def in_count(self) -> list[str]:
        return [name for name in self.candidates if name in self.hopeful or name in self.elected]

    def by_votes(self, names: Iterable[str], votes: Mapping[str, Weight]) -> list[str]:
        return sorted(names, key=lambda name: -votes[name])

    def open_seats(self) -> int:
        return self.seats - len(self.elected)

    def pick_excluded(
        self, chooser: Chooser, votes: dict[str, Weight], pending: ElectionRound
    ) -> tuple[list[str], str]:
        """Who is excluded this round, and a note on any tie."""
        hopefuls = [name for name in self.candidates if name in self.hopeful]
        fewest = min(votes[name] for name in hopefuls)
        lowest = [name for name in hopefuls if votes[name] == fewest]
        if fewest == 0 and len(hopefuls) - len(lowest) >= self.open_seats() and len(lowest) > 1:
            return lowest, "no votes; excluded together"
        if len(lowest) == 1:
            return lowest, "no votes" if fewest == 0 else ""
        return self.broken(chooser, lowest, pending, by_most=False, what="exclusion")

    def broken(
        self,
        chooser: Chooser,
        tied: list[str],
        pending: ElectionRound,
        *,
        by_most: bool,
        what: str,
    ) -> tuple[list[str], str]:
        """Break a tie by earlier rounds (most votes first when *by_most*), else explore it."""
        remaining = tied
        if self.backwards:
            remaining = break_by_earlier_rounds(tied, self.history, lowest=not by_most)
        if len(remaining) == 1:
            note = f"{', '.join(tied)} tied for {what}; {remaining[0]} chosen by an earlier round"
            return remaining, note
        reason = f"{', '.join(remaining)} tied for {what}"
        if self.backwards and self.history:
            reason += " (and in every earlier round)"
        contenders = [name for name in self.candidates if name in self.hopeful]
        picked = chooser.choose(remaining, reason, pending=pending, contenders=contenders)
        return [picked], ""

    def finished(
        self,
        chooser: Chooser,
        pending: ElectionRound,
        newly: list[str],
        votes: Mapping[str, Weight],
    ) -> bool:
        """Record the last round and return True when every seat is filled or filled by rule."""
        if self.open_seats() == 0:
            chooser.rounds.append(attrs.evolve(pending, elected=tuple(newly)))
            return True
        if len(self.hopeful) <= self.open_seats():
            rest = self.by_votes([n for n in self.candidates if n in self.hopeful], votes)
            self.elected.extend(rest)
            self.hopeful.clear()
            note = "as many hopefuls left as seats: elected without reaching the quota"
            chooser.rounds.append(attrs.evolve(pending, elected=(*newly, *rest), note=note))
            return True
        return False


class _TuplePiles:
    """Which pieces of which ballots each candidate holds, ballot by ballot."""

    def __init__(self, profile: RankedProfile, rankings: list[Ranking], hopeful: set[str]) -> None:
        self.rankings = rankings
        self.hopeful = hopeful
        self.votes: dict[str, Weight] = dict.fromkeys(profile.candidates, 0)
        self.piles: dict[str, list[tuple[int, int, Weight]]] = {n: [] for n in profile.candidates}
        self.exhausted: Weight = 0
        for index, weight in enumerate(profile.ballots.values()):
            self.place(index, 0, weight, {})

    def move(self, names: list[str], value: Fraction | None, received: dict[str, Weight]) -> None:
        """Pass the ballots *names* hold on to their next hopefuls, times *value* if given."""
        moving = [piece for name in names for piece in self.piles.pop(name)]
        for name in names:
            self.piles[name] = []
        for index, position, held in moving:
            self.place(index, position, held if value is None else held * value, received)

    def place(self, index: int, position: int, value: Weight, received: dict[str, Weight]) -> None:
        """Give a ballot's value to its next hopefuls from *position* on, or exhaust it."""
        ranking = self.rankings[index]
        for at in range(position, len(ranking)):
            members = [name for name in ranking[at] if name in self.hopeful]
            if members:
                share = value if len(members) == 1 else Fraction(value) / len(members)
                for name in members:
                    self.piles[name].append((index, at, share))
                    self.votes[name] += share
                    received[name] = received.get(name, 0) + share
                return
        self.exhausted += value


class _Gregory(_Count):
    def __init__(self, profile: RankedProfile, method: Stv, quota: Weight) -> None:
        super().__init__(profile, method)
        self.quota = quota
        self.rankings: list[Ranking] = [] if profile._array is not None else list(profile.ballots)

    def piles(self) -> _TuplePiles | GregoryPiles:
        """Piles over the ballots, or over the profile's arrays when it has them (same results)."""
        if self.profile._array is None:
            return _TuplePiles(self.profile, self.rankings, self.hopeful)
        from govkit.voting._array_count import GregoryPiles  # noqa: PLC0415 - needs numpy

        return GregoryPiles(self.profile._array, self.candidates, self.hopeful)

    def count(self, chooser: Chooser) -> tuple[str, ...]:
        self.start()
        piles = self.piles()
        votes = piles.votes
        surplus_of: list[str] = []
        while True:
            shown_votes = {name: votes[name] for name in self.in_count()}
            pending = ElectionRound(
                number=len(self.history) + 1, counts=shown_votes, exhausted=piles.exhausted
            )
            hopefuls = [name for name in self.candidates if name in self.hopeful]
            newly = [n for n in self.by_votes(hopefuls, votes) if votes[n] >= self.quota]
            newly = newly[: self.open_seats()]
            for name in newly:
                self.hopeful.discard(name)
                self.elected.append(name)
                if votes[name] > self.quota:
                    surplus_of.append(name)
            if self.finished(chooser, pending, newly, votes):
                return tuple(self.elected)
            pending = attrs.evolve(pending, elected=tuple(newly))
            received: dict[str, Weight] = {}
            if surplus_of:
                most = max(votes[name] for name in surplus_of)
                largest = [name for name in self.candidates if name in surplus_of]
                largest = [name for name in largest if votes[name] == most]
                note = ""
                if len(largest) > 1:
                    largest, note = self.broken(
                        chooser, largest, pending, by_most=True, what="the first surplus"
                    )
                donor = largest[0]
                surplus_of.remove(donor)
                surplus = votes[donor] - self.quota
                value = Fraction(surplus) / votes[donor]
                piles.move([donor], value, received)
                votes[donor] = self.quota
                self.history.append(shown_votes)
                chooser.rounds.append(
                    attrs.evolve(
                        pending,
                        surplus=surplus,
                        transfer_value=value,
                        transfers=received,
                        note=note,
                    )
                )
                continue
            excluded, note = self.pick_excluded(chooser, votes, pending)
            self.hopeful.difference_update(excluded)
            piles.move(excluded, None, received)
            for name in excluded:
                votes[name] = 0
            self.history.append(shown_votes)
            chooser.rounds.append(
                attrs.evolve(pending, eliminated=tuple(excluded), transfers=received, note=note)
            )


class _Meek(_Count):
    """Meek's method in fixed point: keep values in units of 10**-KEEP_PLACES."""

    UNIT = 10**KEEP_PLACES

    def __init__(self, profile: RankedProfile, method: Stv) -> None:
        super().__init__(profile, method)
        self.rule = method.quota
        self.arrays = profile._array
        self.rows: MeekRows | None = None
        weights = [] if self.arrays is not None else list(profile.ballots.values())
        denominators = [w.denominator for w in weights if isinstance(w, Fraction)]
        ties = 1 if profile.is_strict else math.factorial(len(profile.candidates))
        self.weight_scale = math.lcm(1, *denominators)
        # votes are integers over this scale: every share of every ballot divides it exactly
        self.scale = self.weight_scale * ties * self.UNIT ** len(profile.candidates)
        self.total = int(profile.total_weight * self.scale)

    def count(self, chooser: Chooser) -> tuple[str, ...]:
        self.start()
        if self.arrays is not None:
            from govkit.voting._array_count import MeekRows  # noqa: PLC0415 - needs numpy

            if MeekRows.fits(len(self.candidates), self.seats):
                self.rows = MeekRows(self.arrays, self.candidates, self.seats)
        keep = dict.fromkeys(self.candidates, self.UNIT)
        while True:
            votes, exhausted, iterations = self.settle(keep)
            shown_votes: dict[str, Weight] = {
                name: Fraction(votes[name], self.scale) for name in self.in_count()
            }
            pending = ElectionRound(
                number=len(self.history) + 1,
                counts=shown_votes,
                exhausted=Fraction(exhausted, self.scale),
                keep_values={n: Fraction(keep[n], self.UNIT) for n in self.elected},
                note=f"{iterations} iterations" if iterations > 1 else "",
            )
            active = self.total - exhausted
            hopefuls = [name for name in self.candidates if name in self.hopeful]
            newly = [n for n in self.by_votes(hopefuls, votes) if self.reaches(votes[n], active)]
            newly = newly[: self.open_seats()]
            for name in newly:
                self.hopeful.discard(name)
                self.elected.append(name)
            if self.finished(chooser, pending, newly, shown_votes):
                return tuple(self.elected)
            if newly:
                self.history.append(shown_votes)
                chooser.rounds.append(attrs.evolve(pending, elected=tuple(newly)))
                continue
            excluded, note = self.pick_excluded(chooser, shown_votes, pending)
            self.hopeful.difference_update(excluded)
            for name in excluded:
                keep[name] = 0
            self.history.append(shown_votes)
            note = "; ".join(part for part in (pending.note, note) if part)
            chooser.rounds.append(attrs.evolve(pending, eliminated=tuple(excluded), note=note))

    def reaches(self, votes: int, active: int) -> bool:
        if self.rule is Quota.DROOP:
            return votes * (self.seats + 1) > active
        return votes * self.seats >= active

    def settle(self, keep: dict[str, int]) -> tuple[dict[str, int], int, int]:
        """Lower the elected candidates' keep values until each holds about the quota."""
        ballots = self.compressed(keep)
        divisor = self.seats + 1 if self.rule is Quota.DROOP else self.seats
        tolerance = MEEK_TOLERANCE * self.scale
        for iteration in range(1, MEEK_ITERATIONS + 1):
            votes, exhausted = self.distribute(ballots, keep)
            active = self.total - exhausted
            surplus = sum(votes[name] * divisor - active for name in self.elected)
            if not self.elected or surplus <= tolerance * divisor:
                return votes, exhausted, iteration
            changed = False
            for name in self.elected:
                if votes[name] == 0:
                    continue
                lowered = min(self.UNIT, -(-keep[name] * active // (votes[name] * divisor)))
                changed |= lowered != keep[name]
                keep[name] = lowered
            if not changed:
                return votes, exhausted, iteration
        return votes, exhausted, MEEK_ITERATIONS

    def compressed(self, keep: dict[str, int]) -> list[tuple[Ranking, int]]:
        """Merge ballots that read the same once excluded candidates are struck out."""
        if self.rows is not None:  # the same, by numpy: only rows whose hopeful left are read
            return self.rows.compressed([n for n in self.candidates if keep[n]], self.hopeful)
        merged: dict[Ranking, int] = {}
        for ranking, weight in self.profile.ballots.items():
            kept: list[tuple[str, ...]] = []
            for rank in ranking:
                members = tuple(name for name in rank if keep[name])
                if members:
                    kept.append(members)
                    if all(name in self.hopeful for name in members):
                        break  # hopefuls keep everything: nothing passes further
            key = tuple(kept)
            merged[key] = merged.get(key, 0) + int(weight * self.weight_scale)
        return list(merged.items())

    def distribute(
        self, ballots: list[tuple[Ranking, int]], keep: dict[str, int]
    ) -> tuple[dict[str, int], int]:
        unit = self.UNIT
        votes = dict.fromkeys(self.candidates, 0)
        exhausted = 0
        start = self.scale // self.weight_scale
        for ranking, weight in ballots:
            remaining = weight * start
            for rank in ranking:
                if len(rank) == 1:
                    taken = remaining * keep[rank[0]] // unit
                    votes[rank[0]] += taken
                    remaining -= taken
                else:
                    part = remaining // len(rank)
                    remaining = 0
                    for name in rank:
                        taken = part * keep[name] // unit
                        votes[name] += taken
                        remaining += part - taken
                if not remaining:
                    break
            exhausted += remaining
        return votes, exhausted
