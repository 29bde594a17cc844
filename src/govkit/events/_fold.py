"""A pure state-machine fold: apply events one by one; refusals are values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar

from attrs import frozen

from govkit.events._event import Event
from govkit.events._log import AuditLog

__all__ = ["Machine", "Step", "accept", "fold", "record", "refuse"]

S = TypeVar("S")


@frozen
class Step(Generic[S]):
    """
    What applying one event did: the new state, whether it was accepted, and why.

    Attributes
    ----------
    state : S
        The state after the event (the same object when refused).
    accepted : bool
        False when the event was refused; the state is then unchanged.
    why : str
        The reason, in words for the minutes.
    effects : tuple of str
        What else happened, one line each ("moved from notice to vote: 15 days passed").
    """

    state: S
    accepted: bool
    why: str
    effects: tuple[str, ...] = ()


def accept(state: S, why: str, *effects: str) -> Step[S]:
    """Return an accepted step."""
    return Step(state, True, why, effects)


def refuse(state: S, why: str) -> Step[S]:
    """Return a refused step: *state* unchanged."""
    return Step(state, False, why)


class Machine(Protocol[S]):
    """**Protocol**: a pure transition function over states of type S."""

    def apply(self, state: S, event: Event) -> Step[S]:
        """Return the step *event* makes from *state*; never mutate *state*."""


def fold(machine: Machine[S], state: S, events: Iterable[Event]) -> S:
    """
    Apply *events* in order from *state* and return the final state.

    Refused events leave the state as it was, so replaying a log that holds
    them gives the same state as the run that refused them.

    Examples
    --------
    >>> import datetime as dt
    >>> class Counter:
    ...     def apply(self, state: int, event: Event) -> Step[int]:
    ...         if event.kind != "tick":
    ...             return refuse(state, f"unknown event {event.kind!r}")
    ...         return accept(state + 1, "counted")
    >>> at = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)
    >>> events = [Event(kind=k, actor="x", at=at) for k in ("tick", "tock", "tick")]
    >>> fold(Counter(), 0, events)
    2
    """
    apply = machine.apply
    for event in events:
        state = apply(state, event).state
    return state


def record(machine: Machine[S], state: S, log: AuditLog, event: Event) -> tuple[Step[S], AuditLog]:
    """Apply *event*; when accepted, append it to *log*. Return the step and the log."""
    step = machine.apply(state, event)
    return step, (log.append(event) if step.accepted else log)
