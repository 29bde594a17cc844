"""
Working calendars, working time and the Civil Code period rules.

A `WorkingCalendar` (``kind: calendar``) says which days are working days:
weekdays, holidays, make-up working days (调休), optionally on top of China's
statutory holidays (``base: china``, the optional ``holidays`` extra), and the
working hours of a day. Deadlines count calendar days or working days; the
Civil Code rule (Arts. 201-203) does not count the start day and moves a period
that ends on a rest day to the next working day. Working time counts only the
working periods of working days (a split day with a lunch break), and a
`TimeSpan` (``{working_hours: 2}``, ``{working_days: 5}``, ``{days: 7}``) is a
time limit's length in either kind of time.
"""

from govkit.calendar._calendar import BASES, Weekday, WorkingCalendar, WorkingPeriod
from govkit.calendar._span import TimeSpan

__all__ = ["BASES", "TimeSpan", "Weekday", "WorkingCalendar", "WorkingPeriod"]
