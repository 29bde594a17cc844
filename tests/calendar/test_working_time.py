"""Working time on a split day with holidays and a make-up Saturday, and TimeSpan."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.calendar import TimeSpan, Weekday, WorkingCalendar, WorkingPeriod
from govkit.config import structure, unstructure
from govkit.errors import ConfigError, RuleError

D = dt.date
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
BEIJING = dt.timezone(dt.timedelta(hours=8))
HAS_CHINESE_CALENDAR = importlib.util.find_spec("chinese_calendar") is not None

# 1, 4 and 5 May 2026 are holidays (a Friday, Monday, Tuesday); Saturday 9 May is a
# make-up working day (调休). A working day is 09:00-12:00 and 13:30-17:30: 7 hours.
STREET = WorkingCalendar(
    holidays=frozenset({D(2026, 5, 1), D(2026, 5, 4), D(2026, 5, 5)}),
    working_days=frozenset({D(2026, 5, 9)}),
    working_hours=(
        WorkingPeriod(start="09:00", end="12:00"),
        WorkingPeriod(start="13:30", end="17:30"),
    ),
)
ALL_DAY = WorkingCalendar()  # Monday to Friday, no working hours: 00:00-24:00


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """An instant of 2026 in Beijing time."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("start", "span", "end"),
    [
        (at(4, 30, 16), 2 * H, at(5, 6, 9, 30)),  # over the holidays and the weekend
        (at(4, 30, 11), 1 * H, at(4, 30, 12)),  # ends on the end of the morning: 12:00
        (at(4, 30, 11), 1 * H + M, at(4, 30, 13, 31)),  # the lunch break does not count
        (at(4, 30, 12, 30), 30 * M, at(4, 30, 14)),  # from the lunch break: from 13:30
        (at(4, 30, 20), 1 * H, at(5, 6, 10)),  # from the evening: from the next working day
        (at(5, 8, 17), 1 * H, at(5, 9, 9, 30)),  # the make-up Saturday is worked
        (at(5, 9, 17), 1 * H, at(5, 11, 9, 30)),  # Sunday is not
        (at(4, 30, 9), 7 * H, at(4, 30, 17, 30)),  # one whole day: close of business
        (at(4, 29, 9), 21 * H, at(5, 6, 17, 30)),  # three whole days
        (at(5, 6, 9), dt.timedelta(0), at(5, 6, 9)),
        (at(5, 6, 10), -2 * H, at(4, 30, 16, 30)),  # backwards over the holidays
        (at(5, 6, 14, 30), -1 * H, at(5, 6, 13, 30)),  # backwards to a start: that start
        (at(5, 6, 14, 30), -2 * H, at(5, 6, 11)),
        (at(5, 6, 12, 45), -30 * M, at(5, 6, 11, 30)),  # backwards from the lunch break
        (at(5, 11, 9, 30), -1 * H, at(5, 9, 17)),  # back to the make-up Saturday
    ],
)
def test_add_working_time(start: dt.datetime, span: dt.timedelta, end: dt.datetime) -> None:
    """Only working periods of working days count; a span ending on a period end stops there."""
    result = STREET.add_working_time(start, span)

    assert result == end
    assert result.tzinfo is BEIJING


def test_a_day_without_working_hours_runs_to_midnight() -> None:
    """Without working hours a working day is worked 00:00-24:00; 24:00 is the next 00:00."""
    friday_evening = at(3, 6, 23)

    assert ALL_DAY.add_working_time(friday_evening, 1 * H) == at(3, 7)
    assert ALL_DAY.add_working_time(friday_evening, 2 * H) == at(3, 9, 1)
    assert ALL_DAY.add_working_time(at(3, 9, 1), -2 * H) == at(3, 6, 23)
    assert ALL_DAY.close_of_business(D(2026, 3, 6), BEIJING) == at(3, 7)


@pytest.mark.parametrize(
    ("start", "end", "working"),
    [
        (at(4, 30, 16), at(5, 6, 9, 30), 2 * H),
        (at(5, 6, 9, 30), at(4, 30, 16), -2 * H),
        (at(4, 30, 12), at(4, 30, 13, 30), dt.timedelta(0)),  # the lunch break
        (at(5, 2, 10), at(5, 3, 10), dt.timedelta(0)),  # a weekend
        (at(4, 29, 9), at(5, 11, 9), 42 * H),  # 29, 30 April, 6, 7, 8, 9 May
        (at(4, 30, 10), at(4, 30, 10), dt.timedelta(0)),
    ],
)
def test_working_time_between(start: dt.datetime, end: dt.datetime, working: dt.timedelta) -> None:
    """Working time in [start, end), negative backwards."""
    assert STREET.working_time_between(start, end) == working


def test_working_time_between_reads_end_in_the_start_zone() -> None:
    """An end given in another zone is read on the start's wall clock."""
    end = at(5, 6, 9, 30).astimezone(dt.UTC)

    assert STREET.working_time_between(at(4, 30, 16), end) == 2 * H


@pytest.mark.parametrize(
    ("moment", "working"),
    [
        (at(4, 30, 9), True),
        (at(4, 30, 12), False),  # periods are [start, end)
        (at(4, 30, 11, 59), True),
        (at(4, 30, 13, 30), True),
        (at(4, 30, 17, 30), False),
        (at(4, 30, 8, 59), False),
        (at(5, 1, 10), False),  # a holiday
        (at(5, 9, 10), True),  # the make-up Saturday
    ],
)
def test_is_working_time(moment: dt.datetime, working: bool) -> None:
    """Working time is a working period of a working day."""
    assert STREET.is_working_time(moment) is working


@pytest.mark.parametrize(
    ("start", "days", "deadline"),
    [
        (at(4, 30, 10), 1, at(5, 6, 17, 30)),  # the start day is not counted (Art. 201)
        (at(4, 30, 10), 2, at(5, 7, 17, 30)),
        (at(5, 8, 10), 1, at(5, 9, 17, 30)),  # the make-up Saturday counts
        (at(5, 2, 10), 0, at(5, 6, 17, 30)),  # 0 from a rest day: the next working day
        (at(5, 6, 10), 0, at(5, 6, 17, 30)),  # 0 from a working day: its close of business
        (at(5, 6, 18), 0, at(5, 7, 17, 30)),  # 0 after hours: the next working day's close
    ],
)
def test_working_days_deadline(start: dt.datetime, days: int, deadline: dt.datetime) -> None:
    """A deadline in working days ends at close of business of its last day (Art. 203)."""
    assert STREET.working_days_deadline(start, days) == deadline


def test_close_of_business_and_counting_working_days() -> None:
    """Close of business ends the last period; working days count in (after, through]."""
    assert STREET.close_of_business(D(2026, 5, 6), BEIJING) == at(5, 6, 17, 30)
    assert STREET.count_working_days(D(2026, 4, 30), D(2026, 5, 11)) == 5
    assert STREET.count_working_days(D(2026, 5, 11), D(2026, 4, 30)) == -5
    assert STREET.count_working_days(D(2026, 5, 1), D(2026, 5, 1)) == 0
    assert STREET.is_working_day(dt.datetime(2026, 5, 1, 10)) is False


def test_negative_working_days_are_refused() -> None:
    """A deadline cannot be a negative number of working days away."""
    with pytest.raises(ValueError, match="days must not be negative, got -1"):
        STREET.working_days_deadline(at(5, 6), -1)


@pytest.mark.parametrize(
    "call",
    [
        lambda naive: STREET.add_working_time(naive, H),
        lambda naive: STREET.working_time_between(naive, at(5, 6)),
        lambda naive: STREET.working_time_between(at(5, 6), naive),
        STREET.is_working_time,
        lambda naive: STREET.working_days_deadline(naive, 1),
        lambda naive: TimeSpan(days=1).after(naive, STREET),
        lambda naive: TimeSpan(working_days=1).before(naive, STREET),
    ],
)
def test_naive_datetimes_are_refused(call: Any) -> None:
    """Working time needs a time zone: a naive datetime is a TypeError."""
    with pytest.raises(TypeError, match="must be timezone-aware"):
        call(dt.datetime(2026, 5, 6, 10))


def test_running_out_of_working_days_is_a_rule_error() -> None:
    """A calendar whose working days end refuses to count past them, never loops."""
    listed_only = WorkingCalendar(
        working_weekdays=frozenset(), working_days=frozenset({D(2026, 5, 9)})
    )
    none = WorkingCalendar(working_weekdays=frozenset())

    with pytest.raises(RuleError, match="no working days after 2026-05-09"):
        listed_only.add_working_time(at(5, 9, 12), 24 * H)
    with pytest.raises(RuleError, match="no working days before 2026-05-09"):
        listed_only.add_working_time(at(5, 9, 12), -24 * H)
    with pytest.raises(RuleError, match="no working days after 2026-05-09"):
        listed_only.next_working_day(D(2026, 5, 10))
    with pytest.raises(RuleError, match="this calendar has no working days"):
        none.add_working_time(at(5, 9, 12), H)


# --- properties ---------------------------------------------------------------------------

instants = st.datetimes(min_value=dt.datetime(2026, 4, 20), max_value=dt.datetime(2026, 5, 20)).map(
    lambda moment: moment.replace(tzinfo=BEIJING)
)
spans = st.integers(0, 10 * 7 * 60 * 60 * 1_000_000).map(
    lambda microseconds: dt.timedelta(microseconds=microseconds)
)
calendars = st.sampled_from([STREET, ALL_DAY, WorkingCalendar(working_weekdays=frozenset(Weekday))])
EPSILON = dt.timedelta(microseconds=1)


@given(calendar=calendars, start=instants, span=spans)
def test_working_time_between_inverts_add_working_time(
    calendar: WorkingCalendar, start: dt.datetime, span: dt.timedelta
) -> None:
    """working_time_between(s, add_working_time(s, d)) == d for every s and d >= 0."""
    assert calendar.working_time_between(start, calendar.add_working_time(start, span)) == span


@given(calendar=calendars, start=instants, end=instants)
def test_add_working_time_inverts_working_time_between(
    calendar: WorkingCalendar, start: dt.datetime, end: dt.datetime
) -> None:
    """add_working_time(s, working_time_between(s, e)) == e when e ends working time."""
    working = calendar.working_time_between(start, end)
    if start <= end and working and calendar.is_working_time(end - EPSILON):
        assert calendar.add_working_time(start, working) == end


@given(calendar=calendars, start=instants, first=spans, second=spans)
def test_add_working_time_is_monotonic(
    calendar: WorkingCalendar, start: dt.datetime, first: dt.timedelta, second: dt.timedelta
) -> None:
    """A longer span never ends earlier, forwards or backwards."""
    shorter, longer = sorted([first, second])

    assert calendar.add_working_time(start, shorter) <= calendar.add_working_time(start, longer)
    assert calendar.add_working_time(start, -shorter) >= calendar.add_working_time(start, -longer)


@given(calendar=calendars, start=instants, span=spans)
def test_backwards_undoes_forwards(
    calendar: WorkingCalendar, start: dt.datetime, span: dt.timedelta
) -> None:
    """From working time, going forward then back by the same span returns to the start."""
    forward = calendar.add_working_time(start, span)
    backward = calendar.add_working_time(start, -span)

    if calendar.is_working_time(start):
        assert calendar.add_working_time(forward, -span) == start
    if calendar.is_working_time(start - EPSILON):
        assert calendar.add_working_time(backward, span) == start
    assert calendar.working_time_between(backward, start) == span


units = st.sampled_from(["minutes", "hours", "days", "working_hours", "working_days"])
time_spans = st.builds(lambda unit, amount: TimeSpan(**{unit: amount}), units, st.integers(0, 40))


@given(span=time_spans, start=instants)
def test_a_deadline_is_never_before_its_start(span: TimeSpan, start: dt.datetime) -> None:
    """TimeSpan.after(start) >= start, in every unit."""
    assert span.after(start, STREET) >= start


@given(span=time_spans, deadline=instants, pause=instants)
def test_an_empty_pause_changes_nothing(
    span: TimeSpan, deadline: dt.datetime, pause: dt.datetime
) -> None:
    """Extending by a pause of no length is the identity."""
    assert span.extend(deadline, pause, pause, STREET) == deadline


@settings(max_examples=50)
@given(days=st.integers(1, 20), start=instants)
def test_before_undoes_a_working_days_deadline(days: int, start: dt.datetime) -> None:
    """n working days before a deadline of n working days is close of business of the start."""
    span = TimeSpan(working_days=days)
    deadline = span.after(start, STREET)

    if STREET.is_working_day(start.date()):
        assert span.before(deadline, STREET) == STREET.close_of_business(start.date(), BEIJING)


# --- TimeSpan -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (TimeSpan(working_hours=2), "2 working hours"),
        (TimeSpan(working_hours=1), "1 working hour"),
        (TimeSpan(working_days=1), "1 working day"),
        (TimeSpan(working_days=5), "5 working days"),
        (TimeSpan(days=7), "7 days"),
        (TimeSpan(days=1), "1 day"),
        (TimeSpan(hours=1), "1 hour"),
        (TimeSpan(minutes=30), "30 minutes"),
        (TimeSpan(minutes=0), "0 minutes"),
    ],
)
def test_time_span_reads_aloud(span: TimeSpan, text: str) -> None:
    """A span prints as a secretary would write it, singular or plural."""
    assert str(span) == text


@pytest.mark.parametrize(
    ("span", "start", "deadline"),
    [
        (TimeSpan(working_hours=2), at(4, 30, 16), at(5, 6, 9, 30)),
        (TimeSpan(working_days=2), at(4, 30, 10), at(5, 7, 17, 30)),
        (TimeSpan(days=7), at(4, 24, 10), at(5, 1, 10)),  # calendar days: a holiday stands
        (TimeSpan(hours=2), at(4, 30, 23), at(5, 1, 1)),
        (TimeSpan(minutes=30), at(4, 30, 23, 45), at(5, 1, 0, 15)),
    ],
)
def test_time_span_after(span: TimeSpan, start: dt.datetime, deadline: dt.datetime) -> None:
    """Working units count on the calendar; calendar units are exact elapsed time."""
    assert span.after(start, STREET) == deadline


@pytest.mark.parametrize(
    ("span", "deadline", "warning"),
    [
        (TimeSpan(working_hours=2), at(5, 6, 9, 30), at(4, 30, 16)),
        (TimeSpan(working_days=1), at(5, 7, 17, 30), at(5, 6, 17, 30)),
        (TimeSpan(working_days=2), at(5, 6, 17, 30), at(4, 29, 17, 30)),
        (TimeSpan(days=1), at(5, 6, 10), at(5, 5, 10)),
        (TimeSpan(working_hours=0), at(5, 6, 10), at(5, 6, 10)),
        (TimeSpan(working_days=0), at(5, 6, 10), at(5, 6, 10)),
    ],
)
def test_time_span_before(span: TimeSpan, deadline: dt.datetime, warning: dt.datetime) -> None:
    """before() walks back from a deadline in the span's own unit."""
    assert span.before(deadline, STREET) == warning


def test_working_days_before_a_midnight_deadline() -> None:
    """A deadline at 00:00 belongs to the day before (24:00 on a calendar without hours)."""
    deadline = TimeSpan(working_days=1).after(at(3, 5, 10), ALL_DAY)  # Friday 24:00

    assert deadline == at(3, 7)
    assert TimeSpan(working_days=1).before(deadline, ALL_DAY) == at(3, 6)  # Thursday 24:00


@pytest.mark.parametrize(
    ("span", "deadline", "paused", "extended"),
    [
        (TimeSpan(hours=2), at(5, 6, 11), (at(5, 6, 9), at(5, 6, 9, 30)), at(5, 6, 11, 30)),
        # 1.5 working hours on 30 April and 1 on 6 May were paused
        (TimeSpan(working_hours=4), at(5, 6, 11), (at(4, 30, 16), at(5, 6, 10)), at(5, 6, 15)),
        # working days in (30 April, 6 May]: only 6 May
        (
            TimeSpan(working_days=5),
            at(5, 7, 17, 30),
            (at(4, 30, 10), at(5, 6, 10)),
            at(5, 8, 17, 30),
        ),
        (
            TimeSpan(working_days=5),
            at(5, 7, 17, 30),
            (at(5, 2, 10), at(5, 3, 18)),
            at(5, 7, 17, 30),
        ),
    ],
)
def test_time_span_extend(
    span: TimeSpan,
    deadline: dt.datetime,
    paused: tuple[dt.datetime, dt.datetime],
    extended: dt.datetime,
) -> None:
    """A pause moves the deadline by the time it paused, in the span's own unit."""
    assert span.extend(deadline, *paused, STREET) == extended


def test_extend_refuses_a_pause_that_ends_before_it_starts() -> None:
    """A pause must not run backwards."""
    with pytest.raises(ValueError, match=r"paused_to \(2026-05-06T09:00:00\+08:00\) is before"):
        TimeSpan(hours=1).extend(at(5, 7), at(5, 6, 10), at(5, 6, 9), STREET)


def test_to_timedelta_is_for_calendar_units_only() -> None:
    """Calendar units have a fixed length; working time depends on the calendar."""
    assert TimeSpan(days=7).to_timedelta() == dt.timedelta(days=7)
    assert TimeSpan(minutes=90).to_timedelta() == dt.timedelta(minutes=90)
    with pytest.raises(ValueError, match="2 working hours is working time"):
        TimeSpan(working_hours=2).to_timedelta()


@pytest.mark.parametrize(
    ("data", "span"),
    [
        ({"working_hours": 2}, TimeSpan(working_hours=2)),
        ({"days": 7}, TimeSpan(days=7)),
        ({"working_days": 5}, TimeSpan(working_days=5)),
    ],
)
def test_time_span_structures_from_yaml_data(data: dict[str, int], span: TimeSpan) -> None:
    """YAML writes a span as one key; unstructuring writes the same key back."""
    assert structure(data, TimeSpan) == span
    assert unstructure(span) == data
    assert (span.unit, span.amount) == next(iter(data.items()))


@given(span=time_spans)
def test_time_span_round_trips(span: TimeSpan) -> None:
    """Whatever span can be built is written out and read back unchanged."""
    assert structure(unstructure(span), TimeSpan) == span


@pytest.mark.parametrize(
    ("data", "message", "path"),
    [
        ({}, "a time span needs one of minutes, hours, days, working_hours, working_days", ()),
        (
            {"hours": 1, "days": 2},
            "a time span has exactly one unit, got hours and days",
            ("days",),
        ),
        ({"hours": -1}, "hours must not be negative, got -1", ("hours",)),
        ({"working_hours": 1.5}, "expected an integer", ("working_hours",)),
        ({"working_days": True}, "expected an integer, got a boolean", ("working_days",)),
        ({"weeks": 2}, "unknown key 'weeks'; allowed keys: minutes, hours, days", ("weeks",)),
    ],
)
def test_bad_time_spans_are_located(
    data: dict[str, Any], message: str, path: tuple[str, ...]
) -> None:
    """Each mistake in a span is a ConfigError at the key that is wrong."""
    with pytest.raises(ConfigError, match=message) as caught:
        structure(data, TimeSpan)

    assert caught.value.problems[0].path == path


def test_time_span_errors_name_the_allowed_keys() -> None:
    """Building a span in Python reports the same located error, with a hint."""
    with pytest.raises(ConfigError, match=r"@ \$ \(write one key, e.g. \{working_hours: 2\}"):
        TimeSpan()


# --- time zones ---------------------------------------------------------------------------


def _berlin() -> dt.tzinfo | None:
    try:
        import zoneinfo

        return zoneinfo.ZoneInfo("Europe/Berlin")
    except (ImportError, LookupError, OSError):
        return None


BERLIN = _berlin()


@pytest.mark.skipif(BERLIN is None, reason="DST test: no zoneinfo data for Europe/Berlin")
def test_daylight_saving_time_counts_wall_clock_time() -> None:
    """DST zone (skipped without tz data): working time is wall time, calendar units elapse."""
    every_day = WorkingCalendar(working_weekdays=frozenset(Weekday))
    saturday = dt.datetime(2026, 3, 28, 12, tzinfo=BERLIN)  # clocks go forward on 29 March
    sunday_noon = dt.datetime(2026, 3, 29, 12, tzinfo=BERLIN)

    assert every_day.add_working_time(saturday, 24 * H) == sunday_noon
    assert every_day.working_time_between(saturday, sunday_noon) == 24 * H
    assert sunday_noon - saturday == 24 * H  # wall-clock difference, same tzinfo
    assert sunday_noon.astimezone(dt.UTC) - saturday.astimezone(dt.UTC) == 23 * H
    assert TimeSpan(days=1).after(saturday, every_day) == dt.datetime(
        2026, 3, 29, 13, tzinfo=BERLIN
    )
    autumn = every_day.add_working_time(
        dt.datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN), 1 * H
    )  # 02:30 happens twice on 25 October
    assert (autumn.hour, autumn.minute, autumn.fold) == (2, 30, 0)


# --- China's statutory calendar -----------------------------------------------------------


@pytest.mark.skipif(not HAS_CHINESE_CALENDAR, reason="the holidays extra is not installed")
def test_working_days_over_national_day_2026() -> None:
    """2 working days from 30 September 2026 skip 1-7 October and end on 9 October."""
    chinese_calendar: Any = importlib.import_module("chinese_calendar")

    # the dates as the installed package has them: 1-7 October rest days,
    # Sunday 20 September and Saturday 10 October make-up working days
    rest = [D(2026, 10, day) for day in range(1, 8)]
    assert not any(chinese_calendar.is_workday(day) for day in rest)
    assert chinese_calendar.is_workday(D(2026, 9, 20))
    assert chinese_calendar.is_workday(D(2026, 10, 10))
    china = WorkingCalendar(base="china", working_hours=STREET.working_hours)

    assert china.working_days_deadline(at(9, 30, 10), 2) == at(10, 9, 17, 30)
    assert china.working_days_deadline(at(10, 9, 10), 1) == at(10, 10, 17, 30)
    assert TimeSpan(working_hours=2).after(at(9, 30, 16, 30), china) == at(10, 8, 10)
    assert china.count_working_days(D(2026, 9, 30), D(2026, 10, 12)) == 4
