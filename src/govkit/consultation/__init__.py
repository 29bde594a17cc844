"""
Consultation: agendas, procedures as stage graphs, event-sourced runs, notices.

An `Agenda` orders items by an order of business within a meeting's time. A
`Procedure` (``kind: procedure``) is a directed graph of named stages, each
saying what participants may do, who may do it, how long it lasts and the
guarded, outcome-labelled transitions out of it; every way to fail ends in a
named terminal stage. An item runs through a procedure as a pure fold over
events (`RunState.apply`), with the procedure, rules and roll snapshotted when
it starts; `notices` lists the public notices of a run, and `to_mermaid` and
`to_dot` draw a procedure.
"""

from govkit.consultation._agenda import Agenda, AgendaItem, AgendaOrder, Slot
from govkit.consultation._graph import to_dot, to_mermaid
from govkit.consultation._guard import (
    GUARDS,
    AllGuards,
    Decided,
    Guard,
    ObjectionsAtLeast,
    ObjectionsFewerThan,
    SupportAtLeast,
    TimeElapsed,
)
from govkit.consultation._notice import Notice, notices
from govkit.consultation._procedure import TRIGGERS, Action, Duration, Procedure, Stage, Transition
from govkit.consultation._run import EVENT_KINDS, Runs, RunState, Snapshot, replay, start

__all__ = [
    "EVENT_KINDS",
    "GUARDS",
    "TRIGGERS",
    "Action",
    "Agenda",
    "AgendaItem",
    "AgendaOrder",
    "AllGuards",
    "Decided",
    "Duration",
    "Guard",
    "Notice",
    "ObjectionsAtLeast",
    "ObjectionsFewerThan",
    "Procedure",
    "RunState",
    "Runs",
    "Slot",
    "Snapshot",
    "Stage",
    "SupportAtLeast",
    "TimeElapsed",
    "Transition",
    "notices",
    "replay",
    "start",
    "to_dot",
    "to_mermaid",
]
