"""Scenarios: one file composing votes, scripted runs and cases, and case-flow simulations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from attrs import field, frozen

from govkit.cases import CaseFlow, CaseSystem, Report
from govkit.config import FrozenMap, document, to_frozenmap
from govkit.consultation import Procedure
from govkit.errors import ConfigError
from govkit.events import Event, freeze_payload
from govkit.voting import MotionVote, Roll

__all__ = ["Scenario", "ScriptedCase", "ScriptedEvent", "ScriptedRun"]


@frozen(kw_only=True)
class ScriptedEvent:
    """
    One event of a script: what happened, who did it, when, with what details.

    Parameters
    ----------
    kind : str
        The event kind (``submitted``, ``ballots_cast``, ``dispatched``, ...).
    actor : str, default "system"
        Who did it.
    at : datetime
        When, with its time zone (``2026-03-02T09:00:00+08:00``).
    payload : mapping
        Details as JSON values (no floats): ``{ballots: [{voter: ann, choice: for}]}``.
    """

    kind: str
    actor: str = "system"
    at: dt.datetime
    payload: FrozenMap[str, Any] = field(factory=FrozenMap, converter=to_frozenmap)

    def __attrs_post_init__(self) -> None:
        try:
            freeze_payload(dict(self.payload))
        except TypeError as exc:
            raise ConfigError.at(("payload",), str(exc)) from None

    def to_event(self) -> Event:
        """Return the event."""
        return Event(kind=self.kind, actor=self.actor, at=self.at, payload=dict(self.payload))


@frozen(kw_only=True)
class ScriptedRun:
    """
    An item run through a procedure by a script of events.

    Parameters
    ----------
    procedure : Procedure
        The procedure (an id of a document or preset, or inline).
    item : str
        The item's title.
    roll : Roll or None
        Who votes, in every vote stage without its own roll.
    rolls : mapping of str to Roll
        A roll per vote stage.
    roles : mapping of str to set of str
        Each actor's roles.
    events : tuple of ScriptedEvent
        What happens, in time order.
    """

    procedure: Procedure
    item: str
    roll: Roll | None = None
    rolls: FrozenMap[str, Roll] = field(factory=FrozenMap, converter=to_frozenmap)
    roles: FrozenMap[str, frozenset[str]] = field(factory=FrozenMap, converter=to_frozenmap)
    events: tuple[ScriptedEvent, ...] = ()


@frozen(kw_only=True)
class ScriptedCase:
    """
    A resident's case run through a case system by a script of events.

    Parameters
    ----------
    system : CaseSystem
        The case system (an id or inline).
    report : Report
        What was reported, where.
    events : tuple of ScriptedEvent
        What happens, in time order (the first is ``reported``).
    """

    system: CaseSystem
    report: Report
    events: tuple[ScriptedEvent, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.report.unit not in self.system.hierarchy:
            msg = f"unit {self.report.unit!r} is not in the case system's hierarchy"
            raise ConfigError.at(("report", "unit"), msg)


@document("scenario")
@frozen(kw_only=True)
class Scenario:
    """
    A real situation in one file: votes to decide, items and cases to run, flows to simulate.

    ``govkit run SCENARIO.yaml`` runs it and prints a report; ``--json`` and
    ``--out DIR`` write machine outputs. Every part refers to documents of the
    same file or to presets by id, or holds them inline.

    Parameters
    ----------
    id : str or None
        The scenario's id.
    title : str or None
        What it is about.
    votes : tuple of MotionVote
        Votes to decide, in order (e.g. two rounds of an owners' assembly).
    runs : tuple of ScriptedRun
        Items run through procedures by scripts of events.
    cases : tuple of ScriptedCase
        Cases run through case systems by scripts of events.
    simulations : tuple of CaseFlow
        Case flows to simulate (``kind: case_flow``), each with its own seed.
    notes : str or None
        Anything a reader should know.
    """

    id: str | None = None
    title: str | None = None
    votes: tuple[MotionVote, ...] = ()
    runs: tuple[ScriptedRun, ...] = ()
    cases: tuple[ScriptedCase, ...] = ()
    simulations: tuple[CaseFlow, ...] = ()
    notes: str | None = None
