"""Time spans for time limits: calendar time or working time on a working calendar."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from attrs import field, frozen

from govkit.calendar._calendar import WorkingCalendar
from govkit.calendar._working_time import require_aware
from govkit.errors import ConfigError

__all__ = ["TimeSpan"]

_UNITS = ("minutes", "hours", "days", "working_hours", "working_days")
_ALLOWED = ", ".join(_UNITS)
_HINT = "write one key, e.g. {working_hours: 2}, {days: 7} or {working_days: 5}"
_PER_UNIT = {  # working days have no fixed length: their entry is never used as one
    "minutes": dt.timedelta(minutes=1),
    "hours": dt.timedelta(hours=1),
    "days": dt.timedelta(days=1),
    "working_hours": dt.timedelta(hours=1),
    "working_days": dt.timedelta(days=1),
}


def _whole(_: object, attribute: Any, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{attribute.name} is a whole number such as 2, got {value!r}"
        raise ConfigError.at((attribute.name,), msg)
    if value < 0:
        msg = f"{attribute.name} must not be negative, got {value}"
        raise ConfigError.at((attribute.name,), msg)


def _elapsed(start: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """Return *start* + *delta* of elapsed time, in *start*'s time zone."""
    if isinstance(start.tzinfo, dt.timezone):  # a fixed offset: wall and elapsed time agree
        return start + delta
    return (start.astimezone(dt.UTC) + delta).astimezone(start.tzinfo)


def _elapsed_between(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    return end.astimezone(dt.UTC) - start.astimezone(dt.UTC)


@frozen(kw_only=True)
class TimeSpan:
    """
    A time limit's length, in calendar time or in working time.

    Exactly one of ``minutes``, ``hours``, ``days``, ``working_hours`` and
    ``working_days`` is given; YAML writes one key: ``{working_hours: 2}``,
    ``{days: 7}``, ``{working_days: 5}``.
    Calendar units (``minutes``, ``hours``, ``days``) are elapsed time: a day
    is 24 hours and rest days are not skipped. Working units are counted on a
    `WorkingCalendar`: ``working_hours`` in its working periods (see
    `WorkingCalendar.add_working_time`), ``working_days`` as a Civil Code
    period that ends at close of business (see
    `WorkingCalendar.working_days_deadline`).

    Parameters
    ----------
    minutes, hours, days, working_hours, working_days : int or None
        The one unit given, a whole number ``>= 0``; the others stay unset.

    Examples
    --------
    >>> from govkit.calendar import WorkingPeriod
    >>> street = WorkingCalendar(working_hours=(WorkingPeriod(start="09:00", end="12:00"),
    ...                                         WorkingPeriod(start="13:30", end="17:30")))
    >>> beijing = dt.timezone(dt.timedelta(hours=8))
    >>> reported = dt.datetime(2026, 3, 6, 16, 30, tzinfo=beijing)   # a Friday
    >>> span = TimeSpan(working_hours=2)
    >>> span, str(span)
    (TimeSpan(working_hours=2), '2 working hours')
    >>> print(span.after(reported, street))
    2026-03-09 10:00:00+08:00
    >>> print(TimeSpan(working_days=1).after(reported, street))
    2026-03-09 17:30:00+08:00
    >>> print(TimeSpan(days=7).after(reported, street))
    2026-03-13 16:30:00+08:00
    >>> TimeSpan(hours=2, days=1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govkit.errors.ConfigError: a time span has exactly one unit, got hours and days @ $.days (...)
    """

    minutes: int | None = field(default=None, validator=_whole)
    hours: int | None = field(default=None, validator=_whole)
    days: int | None = field(default=None, validator=_whole)
    working_hours: int | None = field(default=None, validator=_whole)
    working_days: int | None = field(default=None, validator=_whole)

    def __attrs_post_init__(self) -> None:
        given = [name for name in _UNITS if getattr(self, name) is not None]
        if not given:
            msg = f"a time span needs one of {_ALLOWED}"
            raise ConfigError.at((), msg, hint=_HINT)
        if len(given) > 1:
            msg = f"a time span has exactly one unit, got {' and '.join(given)}"
            raise ConfigError.at((given[-1],), msg, hint=_HINT)

    @cached_property
    def _measure(self) -> tuple[str, int, dt.timedelta]:
        unit = next(name for name in _UNITS if getattr(self, name) is not None)
        amount: int = getattr(self, unit)
        return unit, amount, _PER_UNIT[unit] * amount

    @property
    def unit(self) -> str:
        """Return the unit given, e.g. ``working_hours``."""
        return self._measure[0]

    @property
    def amount(self) -> int:
        """Return how many of the unit."""
        return self._measure[1]

    @property
    def is_working_time(self) -> bool:
        """Return whether the span is working time (``working_hours`` or ``working_days``)."""
        return self._measure[0].startswith("working_")

    def __repr__(self) -> str:
        unit, amount, _ = self._measure
        return f"TimeSpan({unit}={amount})"

    def __str__(self) -> str:
        unit, amount, _ = self._measure
        words = unit.replace("_", " ")
        return f"{amount} {words if amount != 1 else words[:-1]}"

    def to_timedelta(self) -> dt.timedelta:
        """
        Return the span as a `datetime.timedelta`, for calendar units only.

        Raises
        ------
        ValueError
            For ``working_hours`` and ``working_days``: their length depends on
            the calendar and the start (use `after`).
        """
        unit, _, delta = self._measure
        if unit.startswith("working_"):
            msg = f"{self} is working time: its length depends on the calendar; use after()"
            raise ValueError(msg)
        return delta

    def after(self, start: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
        """
        Return the deadline: the instant this span after *start*.

        ``minutes``, ``hours``, ``days``: *start* plus the elapsed time (in a
        zone with daylight saving time, a day is 24 elapsed hours).
        ``working_hours``: `WorkingCalendar.add_working_time`.
        ``working_days``: `WorkingCalendar.working_days_deadline`, close of
        business of the n-th working day after *start*'s date.

        Raises
        ------
        TypeError
            If *start* is naive.
        """
        unit, amount, delta = self._measure
        if unit == "working_days":
            return calendar.working_days_deadline(start, amount)
        if unit == "working_hours":
            return calendar.add_working_time(start, delta)
        require_aware(start, "start")
        return _elapsed(start, delta)

    def before(self, deadline: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
        """
        Return the instant this span before *deadline*, e.g. to warn 2 working hours ahead.

        Calendar units subtract elapsed time; ``working_hours`` walk the working
        time backwards (a span that runs out at the start of a working period
        returns that start); ``working_days`` give close of business of the
        working day that many working days before the deadline's day. A
        deadline at exactly 00:00 belongs to the day before (24:00, the close
        of business of a calendar without hours). A zero span returns
        *deadline*.

        Raises
        ------
        TypeError
            If *deadline* is naive.
        """
        unit, amount, delta = self._measure
        require_aware(deadline, "deadline")
        if amount == 0:
            return deadline
        if unit == "working_days":
            clock = calendar._clock
            day, _ = clock.day_of(deadline)
            return clock.instant(deadline, clock.shift(day, -amount), clock.periods[-1][1])
        if unit == "working_hours":
            return calendar.add_working_time(deadline, -delta)
        return _elapsed(deadline, -delta)

    def extend(
        self,
        deadline: dt.datetime,
        paused_from: dt.datetime,
        paused_to: dt.datetime,
        calendar: WorkingCalendar,
    ) -> dt.datetime:
        """
        Return *deadline* moved on by a pause of the clock from *paused_from* to *paused_to*.

        The pause is measured in the span's own unit, so a clock paused in a
        parked state loses no time it would have counted:

        * ``minutes``, ``hours``, ``days``: the elapsed time paused is added;
        * ``working_hours``: the working time paused
          (`WorkingCalendar.working_time_between`) is added with
          `WorkingCalendar.add_working_time`;
        * ``working_days``: the deadline moves by the working days in
          ``(paused_from, paused_to]``, counting dates in the deadline's time
          zone (the day the pause starts is not counted, the day it ends is,
          as for a period), to the same time of day (00:00 counting as 24:00 of
          the day before) on the working day that many working days later.

        An empty pause (``paused_to == paused_from``) returns *deadline* unchanged.

        Raises
        ------
        TypeError
            If an instant is naive.
        ValueError
            If *paused_to* is before *paused_from*.
        """
        require_aware(deadline, "deadline")
        require_aware(paused_from, "paused_from")
        require_aware(paused_to, "paused_to")
        if paused_to < paused_from:
            msg = (
                f"paused_to ({paused_to.isoformat()}) is before "
                f"paused_from ({paused_from.isoformat()})"
            )
            raise ValueError(msg)
        unit, _, _ = self._measure
        if unit == "working_hours":
            paused = calendar.working_time_between(paused_from, paused_to)
            return calendar.add_working_time(deadline, paused)
        if unit == "working_days":
            zone = deadline.tzinfo
            moved = calendar.count_working_days(
                paused_from.astimezone(zone).date(), paused_to.astimezone(zone).date()
            )
            if moved == 0:
                return deadline
            clock = calendar._clock
            day, position = clock.day_of(deadline)
            return clock.instant(deadline, clock.shift(day, moved), position)
        return _elapsed(deadline, _elapsed_between(paused_from, paused_to))
