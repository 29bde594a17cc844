"""
Working-time arithmetic: instants and spans counted only in the working periods of working days.

Everything is computed on integers: a day is its proleptic ordinal
(`datetime.date.toordinal`) and an instant within it the microseconds since its
wall-clock midnight. A `WorkingClock` caches whether each day is a working day
and holds the day's working periods as microsecond offsets, so whole working
days are skipped in O(1) each and only the result becomes a `datetime.datetime`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from govkit.errors import RuleError

__all__ = ["MICROSECONDS_PER_DAY", "WorkingClock", "require_aware"]

MICROSECONDS_PER_DAY = 86_400_000_000
"""A wall-clock day, 00:00 to 24:00, in microseconds."""

_MICROSECONDS_PER_MINUTE = 60_000_000
_TIMEDELTA = dt.timedelta
_UNBOUNDED = 10**9  # past any date ordinal (date.max is 3_652_059): no search bound


def require_aware(at: dt.datetime, name: str) -> None:
    """Refuse a naive datetime: working time is counted on a wall clock of a known zone."""
    if at.tzinfo is None or at.utcoffset() is None:
        msg = (
            f"{name} must be timezone-aware, e.g. tzinfo=timezone(timedelta(hours=8)); "
            f"got the naive {at.isoformat()}"
        )
        raise TypeError(msg)


def _position(at: dt.datetime) -> int:
    """Microseconds since *at*'s wall-clock midnight."""
    return ((at.hour * 60 + at.minute) * 60 + at.second) * 1_000_000 + at.microsecond


class WorkingClock:
    """
    The working time of one calendar, as integers, with a per-day cache.

    Parameters
    ----------
    decide : callable
        Whether a date is a working day (the calendar's uncached rule).
    periods : tuple of (int, int)
        The working periods of a working day in minutes since midnight; empty
        for a calendar that works all day (00:00-24:00).
    listed_working_days : frozenset of date
        The make-up working days, which bound the search when *unbounded* is false.
    unbounded : bool
        Whether working days recur for ever (working weekdays or a base).
    """

    __slots__ = ("_days", "_decide", "_first", "_last", "day_length", "periods", "reversed")

    def __init__(
        self,
        decide: Callable[[dt.date], bool],
        periods: tuple[tuple[int, int], ...],
        listed_working_days: frozenset[dt.date],
        *,
        unbounded: bool,
    ) -> None:
        self._decide = decide
        self._days: dict[int, bool] = {}
        self.periods = tuple(
            (start * _MICROSECONDS_PER_MINUTE, end * _MICROSECONDS_PER_MINUTE)
            for start, end in periods
        ) or ((0, MICROSECONDS_PER_DAY),)
        self.reversed = self.periods[::-1]
        self.day_length = sum(end - start for start, end in self.periods)
        if unbounded:
            self._first, self._last = -_UNBOUNDED, _UNBOUNDED
        elif listed_working_days:
            self._first = min(listed_working_days).toordinal()
            self._last = max(listed_working_days).toordinal()
        else:
            self._first, self._last = _UNBOUNDED, -_UNBOUNDED

    # --- working days -------------------------------------------------------------------

    def is_working(self, ordinal: int) -> bool:
        """Return whether the day *ordinal* is a working day (cached)."""
        working = self._days.get(ordinal)
        if working is None:
            working = self._days[ordinal] = self._decide(dt.date.fromordinal(ordinal))
        return working

    def _exhausted(self, ordinal: int, *, forward: bool) -> None:
        """Raise when no working day lies beyond *ordinal* in the search direction."""
        if forward and ordinal < self._last:
            return
        if not forward and ordinal > self._first:
            return
        if self._first > self._last:
            msg = "this calendar has no working days"
        else:
            bound = dt.date.fromordinal(self._last if forward else self._first)
            msg = f"this calendar has no working days {'after' if forward else 'before'} {bound}"
        raise RuleError(msg)

    def next_working(self, ordinal: int) -> int:
        """Return *ordinal* if it is a working day, else the next working day."""
        days = self._days
        while not (days.get(ordinal) or self.is_working(ordinal)):
            self._exhausted(ordinal, forward=True)
            ordinal += 1
        return ordinal

    def shift(self, ordinal: int, count: int) -> int:
        """Return the *count*-th working day after *ordinal* (before it when negative)."""
        days = self._days
        step = 1 if count > 0 else -1
        remaining = abs(count)
        while remaining:
            ordinal += step
            if days.get(ordinal) or self.is_working(ordinal):
                remaining -= 1
            else:
                self._exhausted(ordinal, forward=step > 0)
        return ordinal

    def count(self, after: int, through: int) -> int:
        """Return the number of working days in (after, through]."""
        if through < after:
            return -self.count(through, after)
        days = self._days
        total = 0
        for ordinal in range(after + 1, through + 1):
            working = days.get(ordinal)
            if working is None:
                working = self.is_working(ordinal)
            total += working
        return total

    # --- instants -----------------------------------------------------------------------

    def is_working_time(self, at: dt.datetime) -> bool:
        """Return whether *at* lies in a working period of a working day."""
        if at.tzinfo is None or at.utcoffset() is None:
            require_aware(at, "at")
        ordinal = at.toordinal()
        if not (self._days.get(ordinal) or self.is_working(ordinal)):
            return False
        position = ((at.hour * 60 + at.minute) * 60 + at.second) * 1_000_000 + at.microsecond
        for start, end in self.periods:
            if position < end:
                return position >= start
        return False

    def close_of_business(self, ordinal: int, tzinfo: dt.tzinfo) -> dt.datetime:
        """Return the end of the last working period of the day *ordinal*, in *tzinfo*."""
        midnight = dt.datetime.combine(dt.date.fromordinal(ordinal), dt.time(), tzinfo)
        return midnight + _TIMEDELTA(0, 0, self.periods[-1][1])

    def deadline(self, start: dt.datetime, days: int) -> dt.datetime:
        """Return close of business of the *days*-th working day after *start*'s date."""
        if start.tzinfo is None or start.utcoffset() is None:
            require_aware(start, "start")
        ordinal, position, close = start.toordinal(), _position(start), self.periods[-1][1]
        if days:
            day = self.shift(ordinal, days)
        else:
            day = self.next_working(ordinal)
            if day == ordinal and position > close:  # after hours: the next working day's close
                day = self.next_working(ordinal + 1)
        return start + _TIMEDELTA(0, 0, (day - ordinal) * MICROSECONDS_PER_DAY + close - position)

    def day_of(self, at: dt.datetime) -> tuple[int, int]:
        """Return *at* as (day, microseconds), 00:00 counted as 24:00 of the day before."""
        position = _position(at)
        if position == 0:
            return at.toordinal() - 1, MICROSECONDS_PER_DAY
        return at.toordinal(), position

    @staticmethod
    def instant(like: dt.datetime, ordinal: int, position: int) -> dt.datetime:
        """Return the wall-clock instant (day, microseconds) in *like*'s time zone, fold 0."""
        midnight = like.replace(hour=0, minute=0, second=0, microsecond=0, fold=0)
        return midnight + dt.timedelta(days=ordinal - like.toordinal(), microseconds=position)

    # --- spans --------------------------------------------------------------------------

    def add(self, start: dt.datetime, span: dt.timedelta) -> dt.datetime:
        """Return the instant *span* of working time after *start* (before it if negative)."""
        if start.tzinfo is None or start.utcoffset() is None:
            require_aware(start, "start")
        remaining = (span.days * 86_400 + span.seconds) * 1_000_000 + span.microseconds
        if not remaining:
            return start
        ordinal = start.toordinal()
        position = (
            (start.hour * 60 + start.minute) * 60 + start.second
        ) * 1_000_000 + start.microsecond
        if remaining > 0:
            day, at = self._forward(ordinal, position, remaining)
        else:
            day, at = self._backward(ordinal, position, -remaining)
        # wall-clock arithmetic: an aware datetime plus a timedelta keeps tzinfo, fold 0
        return start + _TIMEDELTA(0, 0, (day - ordinal) * MICROSECONDS_PER_DAY + at - position)

    def _forward(self, ordinal: int, position: int, remaining: int) -> tuple[int, int]:
        days, periods = self._days, self.periods
        if days.get(ordinal) or self.is_working(ordinal):
            for start, end in periods:
                if position < end:
                    begin = position if position > start else start
                    available = end - begin
                    if remaining <= available:
                        return ordinal, begin + remaining
                    remaining -= available
        day_length, last = self.day_length, self._last
        while True:
            ordinal += 1
            working = days.get(ordinal)
            if working is None:
                working = self.is_working(ordinal)
            if not working:
                if ordinal >= last:
                    self._exhausted(ordinal, forward=True)
                continue
            if remaining > day_length:
                remaining -= day_length
                continue
            for start, end in periods:
                available = end - start
                if remaining <= available:
                    return ordinal, start + remaining
                remaining -= available

    def _backward(self, ordinal: int, position: int, remaining: int) -> tuple[int, int]:
        days, periods = self._days, self.reversed
        if days.get(ordinal) or self.is_working(ordinal):
            for start, end in periods:
                if position > start:
                    finish = position if position < end else end
                    available = finish - start
                    if remaining <= available:
                        return ordinal, finish - remaining
                    remaining -= available
        day_length, first = self.day_length, self._first
        while True:
            ordinal -= 1
            working = days.get(ordinal)
            if working is None:
                working = self.is_working(ordinal)
            if not working:
                if ordinal <= first:
                    self._exhausted(ordinal, forward=False)
                continue
            if remaining > day_length:
                remaining -= day_length
                continue
            for start, end in periods:
                available = end - start
                if remaining <= available:
                    return ordinal, end - remaining
                remaining -= available

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Return the working time in [start, end), negative when end comes first."""
        if start.tzinfo is None or start.utcoffset() is None:
            require_aware(start, "start")
        if end.tzinfo is not start.tzinfo:
            require_aware(end, "end")
            end = end.astimezone(start.tzinfo)
        first, last = start.toordinal(), end.toordinal()
        begin, finish = _position(start), _position(end)
        if last < first or (last == first and finish < begin):
            return -_TIMEDELTA(0, 0, self._between(last, finish, first, begin))
        return _TIMEDELTA(0, 0, self._between(first, begin, last, finish))

    def _between(self, day: int, position: int, last_day: int, last_position: int) -> int:
        if day == last_day:
            return self._within(day, position, last_position)
        return (
            self._within(day, position, MICROSECONDS_PER_DAY)
            + self.count(day, last_day - 1) * self.day_length
            + self._within(last_day, 0, last_position)
        )

    def _within(self, ordinal: int, begin: int, finish: int) -> int:
        """Working microseconds of the day *ordinal* between *begin* and *finish*."""
        if begin >= finish or not (self._days.get(ordinal) or self.is_working(ordinal)):
            return 0
        total = 0
        for start, end in self.periods:
            low = begin if begin > start else start
            high = finish if finish < end else end
            if high > low:
                total += high - low
        return total
