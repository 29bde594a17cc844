"""A department summoned by a whistle (吹哨报到), with its sign, contact and report deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from attrs import frozen

from govkit.calendar import WorkingCalendar
from govkit.cases._policy import Summons

__all__ = ["DUTIES", "Summoned"]

DUTIES = ("sign", "contact", "report")
"""What a summoned department owes, in order: sign for it, contact, report back."""


@frozen(kw_only=True)
class Summoned:
    """
    One department's summons on one case: when it was called, its deadlines, what it did.

    Attributes
    ----------
    department : str
        The department summoned.
    called_at : datetime
        When the whistle blew.
    deadlines : tuple of (str, datetime)
        Each duty's deadline.
    done : tuple of (str, datetime)
        Each duty done, and when.
    missed : tuple of str
        Duties whose deadline passed before they were done.
    """

    department: str
    called_at: dt.datetime
    deadlines: tuple[tuple[str, dt.datetime], ...] = ()
    done_at: tuple[tuple[str, dt.datetime], ...] = ()
    missed_duties: tuple[str, ...] = ()

    @classmethod
    def call(cls, summons: Summons, at: dt.datetime, calendar: WorkingCalendar) -> Summoned:
        """Return the summons of *summons*' department, called at *at*."""
        deadlines = tuple((duty, span.after(at, calendar)) for duty, span in summons.deadlines())
        return cls(department=summons.department, called_at=at, deadlines=deadlines)

    def deadline(self, duty: str) -> dt.datetime | None:
        """Return the deadline of *duty* (None when it has none)."""
        return dict(self.deadlines).get(duty)

    def done(self, duty: str, at: dt.datetime) -> Summoned:
        """Return the summons with *duty* done at *at* (the first time counts)."""
        if duty in dict(self.done_at):
            return self
        return attrs.evolve(self, done_at=(*self.done_at, (duty, at)))

    def late(self, duty: str) -> bool:
        """Return whether *duty* was done after its deadline."""
        deadline, done = self.deadline(duty), dict(self.done_at).get(duty)
        return deadline is not None and done is not None and done > deadline

    def missed(self, duty: str) -> Summoned:
        """Return the summons with *duty* recorded as missed."""
        return attrs.evolve(self, missed_duties=(*self.missed_duties, duty))

    def open_deadlines(self) -> tuple[tuple[str, dt.datetime], ...]:
        """Return the deadlines neither met nor recorded as missed."""
        done = dict(self.done_at)
        return tuple(
            (duty, deadline)
            for duty, deadline in self.deadlines
            if duty not in done and duty not in self.missed_duties
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the summons as JSON data."""
        return {
            "department": self.department,
            "called_at": self.called_at.isoformat(),
            "deadlines": {duty: at.isoformat() for duty, at in self.deadlines},
            "done": {duty: at.isoformat() for duty, at in self.done_at},
            "missed": list(self.missed_duties),
        }
