"""Guards: the conditions that let a stage end (time, support, a decision, objections)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Protocol

from attrs import field, frozen, validators

from govkit._registry import Registry
from govkit.config import register_family
from govkit.voting import Status

if TYPE_CHECKING:
    from govkit.consultation._run import RunState

__all__ = [
    "GUARDS",
    "AllGuards",
    "Decided",
    "Guard",
    "ObjectionsAtLeast",
    "ObjectionsFewerThan",
    "SupportAtLeast",
    "TimeElapsed",
    "compile_guard",
]


class Guard(Protocol):
    """**Protocol**: a condition on a run's current stage that lets a transition fire."""

    kind: ClassVar[str]

    def is_met(self, state: RunState) -> bool:
        """Return whether the condition holds in *state*."""

    def describe(self) -> str:
        """Return the condition in words, for the minutes and the diagrams."""


GUARDS: Registry[type[Guard]] = Registry("guard")


@GUARDS.register("time_elapsed")
@frozen(kw_only=True)
class TimeElapsed:
    """
    Holds once a period of *days* has run since the stage opened (Civil Code Arts. 201-203).

    The opening day is not counted; a period that ends on a rest day runs to the
    next working day of the procedure's calendar; the guard holds from the start
    of the day after the period's last day.

    Parameters
    ----------
    days : int
        Length of the period, at least 1.
    working_days : bool, default False
        Count working days only (otherwise calendar days).
    """

    kind: ClassVar[str]
    days: int = field(validator=validators.ge(1))
    working_days: bool = False

    def is_met(self, state: RunState) -> bool:
        """Return whether the period has run out at the state's time."""
        return state.has_elapsed(self.days, working_days=self.working_days)

    def describe(self) -> str:
        """Return e.g. ``15 days elapsed``."""
        unit = "working days" if self.working_days else "days"
        return f"{self.days} {unit} elapsed"

    def due(self, state: RunState) -> dt.date | None:
        """Return the period's last day for the state's current stage."""
        return state.period_end(self.days, working_days=self.working_days)


@GUARDS.register("support_at_least")
@frozen(kw_only=True)
class SupportAtLeast:
    """
    Holds when *at least* ``count`` distinct members support the item in this stage.

    Parameters
    ----------
    count : int
        Supporters needed, at least 1.
    """

    kind: ClassVar[str]
    count: int = field(validator=validators.ge(1))

    def is_met(self, state: RunState) -> bool:
        """Return whether enough members support the item."""
        return len(state.supporters) >= self.count

    def describe(self) -> str:
        """Return e.g. ``at least 10 supporters``."""
        return f"at least {self.count} supporter{'s' if self.count > 1 else ''}"


@GUARDS.register("decided")
@frozen(kw_only=True)
class Decided:
    """
    Holds when the stage's vote has been closed and its decision rule gave ``status``.

    Parameters
    ----------
    status : Status
        ``adopted``, ``rejected``, ``no_quorum`` or ``tied``.
    """

    kind: ClassVar[str]
    status: Status

    def is_met(self, state: RunState) -> bool:
        """Return whether the decision has this status."""
        return state.decision is not None and state.decision.status is self.status

    def describe(self) -> str:
        """Return e.g. ``vote adopted``."""
        return f"vote {self.status.value.replace('_', ' ')}"


@GUARDS.register("objections_at_least")
@frozen(kw_only=True)
class ObjectionsAtLeast:
    """
    Holds when *at least* ``count`` objections were filed in this stage.

    Parameters
    ----------
    count : int
        Objections that sustain a challenge, at least 1.
    """

    kind: ClassVar[str]
    count: int = field(validator=validators.ge(1))

    def is_met(self, state: RunState) -> bool:
        """Return whether enough objections were filed."""
        return state.objections >= self.count

    def describe(self) -> str:
        """Return e.g. ``at least 1 objection``."""
        return f"at least {self.count} objection{'s' if self.count > 1 else ''}"


@GUARDS.register("objections_fewer_than")
@frozen(kw_only=True)
class ObjectionsFewerThan:
    """
    Holds when *fewer than* ``count`` objections were filed in this stage.

    Parameters
    ----------
    count : int
        The number of objections that would sustain a challenge, at least 1.
    """

    kind: ClassVar[str]
    count: int = field(validator=validators.ge(1))

    def is_met(self, state: RunState) -> bool:
        """Return whether the objections stay below the count."""
        return state.objections < self.count

    def describe(self) -> str:
        """Return e.g. ``fewer than 1 objection``."""
        return f"fewer than {self.count} objection{'s' if self.count > 1 else ''}"


@GUARDS.register("all_of")
@frozen(kw_only=True)
class AllGuards:
    """
    Holds when every one of ``guards`` holds.

    Parameters
    ----------
    guards : tuple of Guard
        At least one guard.
    """

    kind: ClassVar[str]
    guards: tuple[Guard, ...] = field(validator=validators.min_len(1))

    def is_met(self, state: RunState) -> bool:
        """Return whether every guard holds."""
        return all(guard.is_met(state) for guard in self.guards)

    def describe(self) -> str:
        """Return the guards joined by ``and``."""
        return " and ".join(guard.describe() for guard in self.guards)


register_family(Guard, GUARDS)


def flatten(guard: Guard | None) -> tuple[Guard, ...]:
    """Return *guard* and every guard inside it."""
    if guard is None:
        return ()
    if isinstance(guard, AllGuards):
        return (guard, *(inner for item in guard.guards for inner in flatten(item)))
    return (guard,)


def compile_guard(guard: Guard) -> Callable[[RunState], bool]:  # noqa: PLR0911
    """
    Return a function equal to ``guard.is_met``, without its method calls (built-in kinds).

    A run checks guards after many events; the built-in kinds become closures over
    their parameters that read the state the way their ``is_met`` does (same calls,
    same errors). Any other guard, a subclass included, keeps its own ``is_met``.
    """
    kind = type(guard)
    if kind is TimeElapsed and isinstance(guard, TimeElapsed):
        return _time_elapsed(guard.days, guard.working_days)
    if kind is SupportAtLeast and isinstance(guard, SupportAtLeast):
        supporters_needed = guard.count
        return lambda state: len(state.supporters) >= supporters_needed
    if kind is Decided and isinstance(guard, Decided):
        status = guard.status
        return lambda state: state.decision is not None and state.decision.status is status
    if kind is ObjectionsAtLeast and isinstance(guard, ObjectionsAtLeast):
        sustained = guard.count
        return lambda state: state.objections >= sustained
    if kind is ObjectionsFewerThan and isinstance(guard, ObjectionsFewerThan):
        limit = guard.count
        return lambda state: state.objections < limit
    if kind is AllGuards and isinstance(guard, AllGuards):
        return _all_of(tuple(compile_guard(inner) for inner in guard.guards))
    return guard.is_met


def _time_elapsed(days: int, working_days: bool) -> Callable[[RunState], bool]:
    def is_met(state: RunState) -> bool:  # RunState.has_elapsed, inlined
        now, opened = state.now, state.opened_at
        if opened is None or now is None:
            return False
        return now >= state.snapshot.procedure.elapsed_at(opened, days, working_days=working_days)

    return is_met


def _all_of(checks: tuple[Callable[[RunState], bool], ...]) -> Callable[[RunState], bool]:
    def is_met(state: RunState) -> bool:
        return all(check(state) for check in checks)

    return is_met
