"""Working calendars: make-up working days, Civil Code periods, China's statutory holidays."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys

import pytest

import govkit
from govkit.calendar import Weekday, WorkingCalendar, WorkingPeriod
from govkit.config import load_preset
from govkit.errors import ConfigError, MissingExtraError, RuleError

D = dt.date
HAS_CHINESE_CALENDAR = importlib.util.find_spec("chinese_calendar") is not None
needs_holidays = pytest.mark.skipif(
    not HAS_CHINESE_CALENDAR, reason="the holidays extra (chinesecalendar) is not installed"
)

LOCAL = """govkit: 1
kind: calendar
id: street_office
holidays: [2026-05-01, 2026-05-04, 2026-05-05]
working_days: [2026-05-09]
working_hours:
  - {start: '09:00', end: '12:00'}
  - {start: '13:30', end: '17:30'}
"""


def test_custom_calendar_from_yaml() -> None:
    """Holidays are rest days and make-up days are working days, whatever the weekday."""
    calendar = govkit.load(LOCAL)

    assert not calendar.is_working_day(D(2026, 5, 4))  # a Monday holiday
    assert calendar.is_working_day(D(2026, 5, 9))  # a Saturday make-up day
    assert not calendar.is_working_day(D(2026, 5, 10))  # Sunday
    assert calendar.working_minutes == 420
    assert govkit.load(govkit.dump(calendar)) == calendar


def test_add_working_days_skips_rest_days() -> None:
    """The start day is not counted; holidays and weekends are skipped; make-up days count."""
    calendar = govkit.load(LOCAL)

    assert calendar.add_working_days(D(2026, 4, 30), 1) == D(2026, 5, 6)
    assert calendar.add_working_days(D(2026, 5, 8), 1) == D(2026, 5, 9)
    assert calendar.add_working_days(D(2026, 5, 8), 0) == D(2026, 5, 8)
    assert calendar.add_calendar_days(D(2026, 4, 30), 3) == D(2026, 5, 3)


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (D(2026, 3, 2), 4, D(2026, 3, 6)),  # Monday + 4 = Friday: a working day
        (D(2026, 3, 2), 5, D(2026, 3, 9)),  # ends on Saturday: runs to Monday
        (D(2026, 4, 24), 7, D(2026, 5, 6)),  # ends on 05-01 (holiday): runs past 05-04, 05-05
        (D(2026, 5, 1), 8, D(2026, 5, 9)),  # ends on the make-up Saturday: it stands
    ],
)
def test_civil_code_period_end(start: dt.date, days: int, end: dt.date) -> None:
    """Arts. 201-203: the start day is not counted; a period ending on a rest day runs on."""
    assert govkit.load(LOCAL).period_end(start, days) == end


def test_working_weekdays_can_be_changed() -> None:
    """A six-day week makes Saturdays working days."""
    calendar = WorkingCalendar(working_weekdays=frozenset(list(Weekday)[:6]))

    assert calendar.is_working_day(D(2026, 3, 7))
    assert calendar.period_end(D(2026, 3, 2), 5) == D(2026, 3, 7)


@pytest.mark.parametrize(
    ("yaml_tail", "message"),
    [
        ("holidays: [2026-05-09]\nworking_days: [2026-05-09]\n", "2026-05-09 listed both"),
        ("base: japan\n", "unknown calendar base 'japan'; known bases: china"),
        ("working_hours: [{start: '9:00', end: '12:00'}]\n", "start is a quoted time"),
        ("working_hours: [{start: '12:00', end: '09:00'}]\n", r"end \(09:00\) must be after start"),
        (
            "working_hours: [{start: '09:00', end: '12:00'}, {start: '11:00', end: '14:00'}]\n",
            "working period 11:00-14:00 overlaps the one before",
        ),
    ],
)
def test_invalid_calendars_are_refused(yaml_tail: str, message: str) -> None:
    """Contradictions in a calendar are configuration errors."""
    with pytest.raises(ConfigError, match=message):
        govkit.load("govkit: 1\nkind: calendar\n" + yaml_tail)


def test_a_calendar_without_working_days_refuses_to_count() -> None:
    """Counting on a calendar with no working weekdays is an error, not an endless loop."""
    calendar = WorkingCalendar(working_weekdays=frozenset())

    with pytest.raises(RuleError, match="no working days"):
        calendar.add_working_days(D(2026, 3, 2), 1)


def test_period_minutes() -> None:
    """A working period knows its length."""
    assert WorkingPeriod(start="13:30", end="17:30").minutes == 240


@needs_holidays
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 10, 1), False),  # National Day
        (D(2026, 10, 7), False),
        (D(2026, 9, 20), True),  # make-up Sunday before National Day
        (D(2026, 2, 14), True),  # make-up Saturday before the Spring Festival
        (D(2026, 2, 17), False),  # Spring Festival
        (D(2026, 3, 3), True),  # an ordinary Tuesday
    ],
)
def test_china_statutory_calendar(day: dt.date, working: bool) -> None:
    """The china_statutory preset follows the State Council's holidays and make-up days."""
    calendar = load_preset("china_statutory", WorkingCalendar)

    assert calendar.is_working_day(day) is working


@needs_holidays
def test_china_period_over_national_day() -> None:
    """A 15-day period from 2026-09-16 ends in the holiday and runs to the next working day."""
    calendar = load_preset("china_statutory", WorkingCalendar)

    assert calendar.period_end(D(2026, 9, 16), 15) == D(2026, 10, 8)
    assert calendar.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)


@needs_holidays
def test_china_years_without_data_are_a_rule_error() -> None:
    """A year the installed package has no data for is a clear error, not a guess."""
    calendar = load_preset("china_statutory", WorkingCalendar)

    with pytest.raises(RuleError, match="no China statutory holiday data for 2099"):
        calendar.is_working_day(D(2099, 1, 2))


def test_missing_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the package, base: china fails with the extra to install."""
    monkeypatch.setitem(sys.modules, "chinese_calendar", None)
    calendar = WorkingCalendar(base="china")

    with pytest.raises(MissingExtraError, match=r"pip install 'govkit\[holidays\]'"):
        calendar.is_working_day(D(2026, 3, 3))

    local = WorkingCalendar(base="china", holidays=frozenset({D(2026, 3, 3)}))
    assert not local.is_working_day(D(2026, 3, 3))  # listed days need no package
