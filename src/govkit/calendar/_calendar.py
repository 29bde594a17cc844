"""Working calendars: weekdays, holidays, make-up working days (调休), working hours."""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import re
from functools import cached_property
from typing import Any

from attrs import field, frozen

from govkit.config import Citation, document
from govkit.errors import ConfigError, MissingExtraError, RuleError

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
    try:
        chinese_calendar = importlib.import_module("chinese_calendar")  # the optional extra
    except ImportError:
        feature = "the China statutory holiday calendar"
        raise MissingExtraError(feature, "holidays", "chinese_calendar") from None
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

    def is_working_day(self, day: dt.date) -> bool:
        """
        Return whether *day* is a working day.

        Raises
        ------
        MissingExtraError
            For ``base: china`` without the ``holidays`` extra installed.
        RuleError
            For ``base: china`` and a year the installed data does not cover.
        """
        if day in self.working_days:
            return True
        if day in self.holidays:
            return False
        if self.base == "china":
            return _china_is_workday(day)
        return day.weekday() in self._weekday_numbers

    def next_working_day(self, day: dt.date) -> dt.date:
        """Return *day* if it is a working day, else the first working day after it."""
        if not (self.working_weekdays or self.working_days or self.base):
            msg = "this calendar has no working days"
            raise RuleError(msg)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

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
        counted = 0
        while counted < days:
            day = self.next_working_day(day + dt.timedelta(days=1))
            counted += 1
        return day

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
