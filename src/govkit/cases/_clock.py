"""Clocks of a case: a limit on a working calendar, paused, resumed, warned and breached."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from attrs import frozen

from govkit.calendar import TimeSpan, WorkingCalendar

__all__ = ["Clock"]


@frozen(kw_only=True)
class Clock:
    """
    One running limit of a case (response or resolution).

    Attributes
    ----------
    name : str
        ``response`` or ``resolution``.
    limit : TimeSpan
        The limit it runs under.
    warn_before : TimeSpan or None
        How long before the deadline to warn.
    started_at : datetime
        When it started.
    deadline : datetime
        When it runs out, moved later by pauses and extensions.
    pauses : tuple of (datetime, datetime)
        Completed pauses, in order.
    paused_since : datetime or None
        When the current pause began (None while running).
    stopped_at : datetime or None
        When it stopped (the case was signed for, or resolved).
    warned, breached : bool
        Whether the warning and the breach were recorded.
    """

    name: str
    limit: TimeSpan
    warn_before: TimeSpan | None = None
    started_at: dt.datetime
    deadline: dt.datetime
    pauses: tuple[tuple[dt.datetime, dt.datetime], ...] = ()
    paused_since: dt.datetime | None = None
    stopped_at: dt.datetime | None = None
    warned: bool = False
    breached: bool = False

    @classmethod
    def start(
        cls,
        name: str,
        limit: TimeSpan,
        at: dt.datetime,
        calendar: WorkingCalendar,
        warn_before: TimeSpan | None = None,
    ) -> Clock:
        """Return a clock started at *at*."""
        return cls(
            name=name,
            limit=limit,
            warn_before=warn_before,
            started_at=at,
            deadline=limit.after(at, calendar),
        )

    @property
    def running(self) -> bool:
        """Return whether the clock counts now (started, not stopped, not paused)."""
        return self.stopped_at is None and self.paused_since is None

    @property
    def active(self) -> bool:
        """Return whether the clock has not stopped (it may be paused)."""
        return self.stopped_at is None

    @property
    def met(self) -> bool | None:
        """Return whether it stopped in time (None while it has not stopped)."""
        if self.stopped_at is None:
            return None
        return self.stopped_at <= self.deadline

    def warn_at(self, calendar: WorkingCalendar) -> dt.datetime | None:
        """Return when to warn (None without a warning span, or when it would fall at the start)."""
        if self.warn_before is None:
            return None
        warn = self.warn_before.before(self.deadline, calendar)
        return warn if warn > self.started_at else None

    def pause(self, at: dt.datetime) -> Clock:
        """Return the clock paused at *at* (unchanged if not running)."""
        return attrs.evolve(self, paused_since=at) if self.running else self

    def resume(self, at: dt.datetime, calendar: WorkingCalendar) -> Clock:
        """Return the clock resumed at *at*, its deadline moved by the pause."""
        since = self.paused_since
        if since is None or self.stopped_at is not None:
            return self
        return attrs.evolve(
            self,
            paused_since=None,
            pauses=(*self.pauses, (since, at)),
            deadline=self.limit.extend(self.deadline, since, at, calendar),
        )

    def extend(self, span: TimeSpan, calendar: WorkingCalendar) -> Clock:
        """Return the clock with its deadline *span* later (an extension granted, 延期)."""
        return attrs.evolve(self, deadline=span.after(self.deadline, calendar))

    def stop(self, at: dt.datetime) -> Clock:
        """Return the clock stopped at *at*."""
        if self.stopped_at is not None:
            return self
        return attrs.evolve(self, stopped_at=at, paused_since=None)

    def due(self, span: TimeSpan, calendar: WorkingCalendar) -> dt.datetime | None:
        """
        Return when *span* of this clock's time has run since it started, pauses skipped.

        None while the clock is paused before that moment or stopped before it.
        """
        due = span.after(self.started_at, calendar)
        for paused_from, paused_to in self.pauses:
            if paused_from < due:
                due = span.extend(due, paused_from, paused_to, calendar)
        if self.paused_since is not None and self.paused_since < due:
            return None
        if self.stopped_at is not None and self.stopped_at < due:
            return None
        return due

    def to_dict(self) -> dict[str, Any]:
        """Return the clock as JSON data."""

        def moment(value: dt.datetime | None) -> str | None:
            return None if value is None else value.isoformat()

        return {
            "name": self.name,
            "limit": str(self.limit),
            "started_at": self.started_at.isoformat(),
            "deadline": self.deadline.isoformat(),
            "paused_since": moment(self.paused_since),
            "stopped_at": moment(self.stopped_at),
            "met": self.met,
            "warned": self.warned,
            "breached": self.breached,
        }
