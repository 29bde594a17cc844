"""Working calendars: weekdays, holidays, make-up working days (调休), working hours."""

from __future__ import annotations

import datetime as dt
import enum
import re
from functools import cached_property
from typing import Any

from attrs import field, frozen

from govkit._extras import require
from govkit.calendar._working_time import WorkingClock
from govkit.config import Citation, document
from govkit.errors import ConfigError, RuleError

__all__ = ["BASES", "Weekday", "WorkingCalendar", "WorkingPeriod"]

_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")

BASES = ("china",)
"""Statutory holiday sets a calendar can build on (``base: china``)."""


class Weekday(enum.Enum):
    """A day of the week, as YAML writes it."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


_WEEKDAYS = tuple(Weekday)
_MONDAY_TO_FRIDAY = frozenset(_WEEKDAYS[:5])


def _hhmm(_: object, attribute: Any, value: str) -> None:
    if not isinstance(value, str) or not _HHMM.fullmatch(value):
        msg = f"{attribute.name} is a quoted time such as '09:00', got {value!r}"
        raise ConfigError.at((attribute.name,), msg)


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@frozen(kw_only=True)
class WorkingPeriod:
    """
    One stretch of working time in a working day (a morning, an afternoon).

    Parameters
    ----------
    start, end : str
        Quoted 24-hour times, ``'09:00'`` and ``'12:00'``; end after start.
    """

    start: str = field(validator=_hhmm)
    end: str = field(validator=_hhmm)

    def __attrs_post_init__(self) -> None:
        if _minutes(self.end) <= _minutes(self.start):
            msg = f"end ({self.end}) must be after start ({self.start})"
            raise ConfigError.at(("end",), msg)

    @property
    def minutes(self) -> int:
        """Return the length of the period in minutes."""
        return _minutes(self.end) - _minutes(self.start)


def _china_is_workday(day: dt.date) -> bool:
    chinese_calendar = require("chinese_calendar", "the China statutory holiday calendar")
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        msg = (
            f"no China statutory holiday data for {day.year}; "
            "upgrade the chinesecalendar package or list the holidays in the calendar"
        )
        raise RuleError(msg) from None


@document("calendar")
@frozen(kw_only=True)
class WorkingCalendar:
    """
    Which days are working days: weekdays, holidays and make-up working days (调休).

    A listed make-up working day is a working day and a listed holiday is not,
    whatever the weekday; ``base: china`` takes the State Council's statutory
    holidays and make-up days from the optional ``chinesecalendar`` package
    (``pip install 'govkit[holidays]'``), and the lists add local changes.
    Working time (`add_working_time`, `working_time_between`, `is_working_time`)
    counts only the ``working_hours`` of working days; deadlines in working
    days end at close of business (`working_days_deadline`).

    Parameters
    ----------
    id : str or None
        How procedures refer to the calendar.
    title : str or None
        A human-readable name.
    source : Citation or None
        Where the holiday list comes from.
    verified : bool, default False
        Whether the dates were checked against the notice in force.
    base : str or None
        ``china`` for the statutory holidays of the People's Republic of China.
    working_weekdays : set of Weekday
        Days of the week that are working days (default monday to friday);
        ignored for the weekdays a ``base`` decides.
    holidays : set of date
        Rest days, whatever their weekday.
    working_days : set of date
        Make-up working days (调休), whatever their weekday.
    working_hours : tuple of WorkingPeriod
        The working time of a working day, e.g. ``[{start: '09:00', end: '12:00'},
        {start: '13:30', end: '17:30'}]`` for a split day with a lunch break.

    Examples
    --------
    >>> cal = WorkingCalendar(holidays=frozenset({dt.date(2026, 5, 1)}),
    ...                       working_days=frozenset({dt.date(2026, 5, 9)}))
    >>> cal.is_working_day(dt.date(2026, 5, 1)), cal.is_working_day(dt.date(2026, 5, 9))
    (False, True)
    >>> cal.add_working_days(dt.date(2026, 4, 30), 2)
    datetime.date(2026, 5, 5)
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    base: str | None = None
    working_weekdays: frozenset[Weekday] = _MONDAY_TO_FRIDAY
    holidays: frozenset[dt.date] = frozenset()
    working_days: frozenset[dt.date] = frozenset()
    working_hours: tuple[WorkingPeriod, ...] = ()

    def __attrs_post_init__(self) -> None:
        problems: list[ConfigError] = []
        if self.base is not None and self.base not in BASES:
            msg = f"unknown calendar base {self.base!r}; known bases: {', '.join(BASES)}"
            problems.append(ConfigError.at(("base",), msg))
        both = sorted(self.holidays & self.working_days)
        if both:
            listed = ", ".join(day.isoformat() for day in both)
            msg = f"{listed} listed both as holiday and as working day"
            problems.append(ConfigError.at(("working_days",), msg))
        for index in range(1, len(self.working_hours)):
            before, period = self.working_hours[index - 1], self.working_hours[index]
            if _minutes(period.start) < _minutes(before.end):
                msg = f"working period {period.start}-{period.end} overlaps the one before"
                problems.append(ConfigError.at(("working_hours", index), msg))
        if problems:
            raise ConfigError([p for error in problems for p in error.problems])

    @cached_property
    def _weekday_numbers(self) -> frozenset[int]:
        return frozenset(_WEEKDAYS.index(day) for day in self.working_weekdays)

    @cached_property
    def _clock(self) -> WorkingClock:
        periods = tuple((_minutes(p.start), _minutes(p.end)) for p in self.working_hours)
        unbounded = bool(self.working_weekdays) or self.base is not None
        return WorkingClock(self._decide, periods, self.working_days, unbounded=unbounded)

    def _decide(self, day: dt.date) -> bool:
        if day in self.working_days:
            return True
        if day in self.holidays:
            return False
        if self.base == "china":
            return _china_is_workday(day)
        return day.weekday() in self._weekday_numbers

    def is_working_day(self, day: dt.date) -> bool:
        """
        Return whether *day* is a working day (cached per day on the calendar).

        Raises
        ------
        MissingExtraError
            For ``base: china`` without the ``holidays`` extra installed.
        RuleError
            For ``base: china`` and a year the installed data does not cover.
        """
        return self._clock.is_working(day.toordinal())

    def next_working_day(self, day: dt.date) -> dt.date:
        """Return *day* if it is a working day, else the first working day after it."""
        return dt.date.fromordinal(self._clock.next_working(day.toordinal()))

    def add_calendar_days(self, day: dt.date, days: int) -> dt.date:
        """Return the day *days* calendar days after *day* (rest days count)."""
        return day + dt.timedelta(days=days)

    def add_working_days(self, day: dt.date, days: int) -> dt.date:
        """
        Return the *days*-th working day after *day* (*day* itself is not counted).

        ``add_working_days(d, 0)`` is *d* itself.
        """
        if days < 0:
            msg = f"days must not be negative, got {days}"
            raise ValueError(msg)
        return dt.date.fromordinal(self._clock.shift(day.toordinal(), days))

    def period_end(self, start: dt.date, days: int, *, working_days: bool = False) -> dt.date:
        """
        Return the last day of a period of *days* days from *start* (Civil Code Arts. 201-203).

        The start day is not counted (Art. 201); a period ending on a rest day
        (statutory holiday or weekend) ends on the next working day (Art. 203).
        With ``working_days=True`` only working days are counted.

        Examples
        --------
        >>> cal = WorkingCalendar()
        >>> cal.period_end(dt.date(2026, 3, 2), 5)     # Monday + 5 days = Saturday -> Monday
        datetime.date(2026, 3, 9)
        >>> cal.period_end(dt.date(2026, 3, 2), 5, working_days=True)
        datetime.date(2026, 3, 9)
        """
        if working_days:
            return self.add_working_days(start, days)
        return self.next_working_day(self.add_calendar_days(start, days))

    @property
    def working_minutes(self) -> int:
        """Return the working minutes of one working day (0 when no hours are given)."""
        return sum(period.minutes for period in self.working_hours)

    def is_working_time(self, at: dt.datetime) -> bool:
        """
        Return whether *at* lies in working time: a working period of a working day.

        Periods are half-open, ``[start, end)``: 09:00 is working time, 12:00 is
        not (the lunch break starts). Without ``working_hours`` every moment of a
        working day is working time.

        Raises
        ------
        TypeError
            If *at* is naive.
        """
        return self._clock.is_working_time(at)

    def add_working_time(self, start: dt.datetime, span: dt.timedelta) -> dt.datetime:
        """
        Return the instant when *span* of working time has run from *start*.

        Only the working periods (``working_hours``) of working days count; a
        calendar without ``working_hours`` works all day, 00:00-24:00, on working
        days. Outside working time the count starts at the next working moment;
        a negative *span* walks backwards and starts at the previous one. A zero
        span returns *start* unchanged.

        **End of a period:** when the span runs out exactly at the end of a
        working period, the result is that end (12:00 for a morning ending at
        noon, not 13:30 when the afternoon starts; 24:00, written as the next
        day's 00:00, without working hours). Backwards, a span that runs out at
        the start of a period returns that start. So the result is always the
        earliest (backwards: the latest) instant with exactly *span* of working
        time in between.

        **Time zones:** the count runs on the wall clock of *start*'s own
        ``tzinfo`` and the result carries that ``tzinfo``. For a fixed offset
        (``+08:00``; Asia/Shanghai has no daylight saving time) this is exact.
        In a zone with daylight saving time working periods are wall-clock
        times: a day of a clock change still counts its periods by the clock
        (a day without working hours counts 24 hours, not 23 or 25); the result
        is computed as a wall time and the ``tzinfo`` re-attached with
        ``fold=0``, so an ambiguous wall time means its first occurrence and a
        wall time skipped by the change is read as ``zoneinfo`` reads it.

        Parameters
        ----------
        start : datetime
            A timezone-aware instant.
        span : timedelta
            Working time to count (microsecond precision).

        Raises
        ------
        TypeError
            If *start* is naive.
        RuleError
            If the calendar runs out of working days (or of holiday data).

        Examples
        --------
        >>> split = WorkingCalendar(working_hours=(WorkingPeriod(start="09:00", end="12:00"),
        ...                                        WorkingPeriod(start="13:30", end="17:30")))
        >>> beijing = dt.timezone(dt.timedelta(hours=8))
        >>> friday = dt.datetime(2026, 3, 6, 16, 0, tzinfo=beijing)
        >>> split.add_working_time(friday, dt.timedelta(hours=3)).isoformat()
        '2026-03-09T10:30:00+08:00'
        >>> split.add_working_time(dt.datetime(2026, 3, 9, 11, 0, tzinfo=beijing),
        ...                        dt.timedelta(hours=1)).isoformat()
        '2026-03-09T12:00:00+08:00'
        """
        return self._clock.add(start, span)

    def working_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """
        Return the working time in ``[start, end)``; negative when *end* is before *start*.

        Both instants are read on the wall clock of *start*'s ``tzinfo`` (*end*
        is converted to it first).

        This inverts `add_working_time`: ``working_time_between(s,
        add_working_time(s, d)) == d`` for every aware *s* and every ``d >= 0``
        (in whole microseconds), on a fixed-offset zone. The converse,
        ``add_working_time(s, working_time_between(s, e)) == e`` for ``s <= e``,
        holds when the working time between is positive and *e* is in working
        time or at the end of a working period; otherwise the result is the
        earliest instant with the same working time (the end of the last working
        period before *e*, or *s* itself when there is none).

        Raises
        ------
        TypeError
            If either instant is naive.
        """
        return self._clock.between(start, end)

    def close_of_business(self, day: dt.date, tzinfo: dt.tzinfo) -> dt.datetime:
        """
        Return the end of the last working period of *day*: when a period's last day ends.

        Civil Code Art. 203 para. 2: the last day of a period ends at 24:00, or,
        where there are business hours, when business closes. Without
        ``working_hours`` that is 24:00, returned as the next day's 00:00. The
        hours are those of a working day, whether or not *day* is one.

        Examples
        --------
        >>> beijing = dt.timezone(dt.timedelta(hours=8))
        >>> WorkingCalendar().close_of_business(dt.date(2026, 3, 6), beijing).isoformat()
        '2026-03-07T00:00:00+08:00'
        """
        if tzinfo is None:
            msg = "close_of_business needs a tzinfo, got None"
            raise TypeError(msg)
        return self._clock.close_of_business(day.toordinal(), tzinfo)

    def working_days_deadline(self, start: dt.datetime, days: int) -> dt.datetime:
        """
        Return close of business of the *days*-th working day after *start*'s date.

        The start day is not counted (Civil Code Art. 201) and the last day
        ends at close of business (Art. 203 para. 2). With ``days=0`` the
        deadline is close of business of *start*'s day if it is a working day
        and *start* is not after its close, else of the next working day, so a
        deadline is never before its start. The date is *start*'s wall-clock
        date.

        Raises
        ------
        TypeError
            If *start* is naive.
        ValueError
            If *days* is negative.

        Examples
        --------
        >>> beijing = dt.timezone(dt.timedelta(hours=8))
        >>> split = WorkingCalendar(working_hours=(WorkingPeriod(start="09:00", end="17:30"),))
        >>> friday_evening = dt.datetime(2026, 3, 6, 20, 0, tzinfo=beijing)
        >>> split.working_days_deadline(friday_evening, 2).isoformat()
        '2026-03-10T17:30:00+08:00'
        """
        if days < 0:
            msg = f"days must not be negative, got {days}"
            raise ValueError(msg)
        return self._clock.deadline(start, days)

    def count_working_days(self, after: dt.date, through: dt.date) -> int:
        """
        Return the number of working days in ``(after, through]``.

        *after* itself is not counted (Art. 201), *through* is. When *through*
        is before *after* the count is negative: minus the working days in
        ``(through, after]``.

        Examples
        --------
        >>> WorkingCalendar().count_working_days(dt.date(2026, 3, 6), dt.date(2026, 3, 9))
        1
        """
        return self._clock.count(after.toordinal(), through.toordinal())
