"""Public notices of a run: what is disclosed when an item enters a disclosing stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from attrs import frozen

from govkit.consultation._run import Runs, RunState
from govkit.events import AuditLog, Event

__all__ = ["Notice", "notices"]


@frozen(kw_only=True)
class Notice:
    """
    One public notice (公示, 公开): a resolution disclosed, implementation results disclosed.

    Attributes
    ----------
    kind : str
        What is disclosed, from the stage's ``discloses`` (``resolution``).
    item : str
        The item's title.
    stage : str
        The stage that discloses it.
    at : datetime
        When the stage opened.
    decision : str or None
        The summary of the decision that led here, if any.
    seal : str or None
        The audit log digest of the event that opened the stage (chained logs):
        publishing it anchors the log, so dropping later entries is detectable.
    """

    kind: str
    item: str
    stage: str
    at: dt.datetime
    decision: str | None = None
    seal: str | None = None

    def text(self) -> str:
        """Return the notice as it is posted."""
        what = self.kind.replace("_", " ")
        lines = [
            f"Public notice: {what} disclosed",
            f"Item: {self.item}",
            f"Stage: {self.stage}, from {self.at.strftime('%Y-%m-%d %H:%M %Z').rstrip()}",
        ]
        if self.decision:
            lines.append(f"Decision: {self.decision}")
        if self.seal:
            lines.append(f"Audit log seal: {self.seal}")
        return "\n".join(lines) + "\n"


def notices(state: RunState, events: AuditLog | Iterable[Event]) -> tuple[Notice, ...]:
    """
    Replay *events* from *state* and return the notices the run published, in order.

    Parameters
    ----------
    state : RunState
        The run's initial state (see `start`).
    events : AuditLog or iterable of Event
        The run's log; a chained log seals each notice with its digest.
    """
    seals: Iterable[str | None]
    if isinstance(events, AuditLog):
        seals = [entry.digest for entry in events.entries]
        events = events.events
    else:
        events = list(events)
        seals = [None] * len(events)
    found: list[Notice] = []
    machine = Runs()
    for event, seal in zip(events, seals, strict=True):
        before = state
        state = machine.apply(state, event).state
        if state.path == before.path:
            continue
        procedure = state.procedure
        for stage_id in state.path[len(before.path) :]:
            stage = procedure.stage_map[stage_id]
            if stage.discloses:
                found.append(
                    Notice(
                        kind=stage.discloses,
                        item=state.snapshot.item,
                        stage=stage.name,
                        at=event.at,
                        decision=state.decision.summary() if state.decision else None,
                        seal=seal,
                    )
                )
    return tuple(found)
