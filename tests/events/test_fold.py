"""The generic fold: refusals are values, and record() logs only accepted events."""

from __future__ import annotations

import datetime as dt

from govkit.events import AuditLog, Event, Step, accept, fold, record, refuse

AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Counter:
    """Counts ticks, refuses anything else."""

    def apply(self, state: int, event: Event) -> Step[int]:
        if event.kind != "tick":
            return refuse(state, f"unknown event {event.kind!r}")
        return accept(state + 1, "counted", f"now {state + 1}")


def test_fold_skips_refused_events() -> None:
    """A refused event leaves the state as it was."""
    events = [Event(kind=k, actor="x", at=AT) for k in ("tick", "tock", "tick")]

    assert fold(Counter(), 0, events) == 2


def test_record_appends_only_accepted_events() -> None:
    """record() applies an event and logs it only when it was accepted."""
    log = AuditLog(chained=True)

    step, log = record(Counter(), 0, log, Event(kind="tick", actor="x", at=AT))
    refused, log = record(Counter(), step.state, log, Event(kind="tock", actor="x", at=AT))

    assert (step.accepted, step.effects) == (True, ("now 1",))
    assert (refused.accepted, refused.why, refused.state) == (False, "unknown event 'tock'", 1)
    assert [entry.event.kind for entry in log] == ["tick"]
