"""
Event-sourced runs: events, an append-only (optionally hash-chained) audit log, a pure fold.

A run of a procedure or a case is a state folded over its events: each event
says who did what, when, with what details; applying it returns a `Step` with
the new state and the reason, or a refusal that leaves the state unchanged.
The `AuditLog` keeps the accepted events in order, exports them as JSON lines
and readable minutes, and with ``chained=True`` proves it was not edited.
"""

from govkit.events._event import Event, Payload, canonical_json, freeze_payload, thaw_payload
from govkit.events._flow import stuck_and_unreachable
from govkit.events._fold import Machine, Step, accept, fold, record, refuse
from govkit.events._log import AuditLog, Entry, Verification

__all__ = [
    "AuditLog",
    "Entry",
    "Event",
    "Machine",
    "Payload",
    "Step",
    "Verification",
    "accept",
    "canonical_json",
    "fold",
    "freeze_payload",
    "record",
    "refuse",
    "stuck_and_unreachable",
    "thaw_payload",
]
