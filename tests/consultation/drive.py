"""A small driver for runs in tests: events at increasing times, a chained log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from govkit.config import load_preset
from govkit.consultation import Procedure, RunState, start
from govkit.events import AuditLog, Event, Step
from govkit.voting import Member, Roll

CHINA = dt.timezone(dt.timedelta(hours=8))
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CHINA)

# (kind, actor, days to wait before it, payload)
Action = tuple[str, str, int, Mapping[str, Any]]


def roll(*ids: str, **measures: Mapping[str, int]) -> Roll:
    """A roll of *ids*; measures per id as keyword arguments."""
    return Roll(members=tuple(Member(id=i, measures=measures.get(i, {})) for i in ids))


def act(kind: str, actor: str = "chair", days: int = 0, **payload: Any) -> Action:
    return (kind, actor, days, payload)


def ballots(**choices: str) -> Action:
    """One ballots_cast event recording every voter's choice (by a teller)."""
    entries = [{"voter": voter, "choice": choice} for voter, choice in choices.items()]
    return ("ballots_cast", "teller", 0, {"ballots": entries})


class Driver:
    """Feeds events one minute apart (plus any days to wait) and keeps a chained log."""

    def __init__(self, state: RunState, at: dt.datetime = MONDAY) -> None:
        self.initial = state
        self.state = state
        self.at = at
        self.log = AuditLog(chained=True)
        self.steps: list[Step[RunState]] = []

    def send(self, kind: str, actor: str, days: int, payload: Mapping[str, Any]) -> Step[RunState]:
        self.at += dt.timedelta(days=days, minutes=1)
        event = Event(kind=kind, actor=actor, at=self.at, payload=payload)
        step = self.state.apply(event)
        self.steps.append(step)
        if step.accepted:
            self.state = step.state
            self.log = self.log.append(event)
        return step

    def run(self, actions: Iterable[Action]) -> RunState:
        """Send every action; each must be accepted."""
        for kind, actor, days, payload in actions:
            step = self.send(kind, actor, days, payload)
            assert step.accepted, f"{kind} by {actor} refused: {step.why}"
        return self.state


def started(preset: str, **kwargs: Any) -> RunState:
    procedure: Procedure = load_preset(preset, Procedure)
    return start(procedure, item=f"an item under {preset}", **kwargs)
