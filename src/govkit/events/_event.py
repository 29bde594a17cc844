"""One thing that happened: what, who, when, and the details."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from govkit.config import FrozenMap

__all__ = ["Event", "Payload", "canonical_json", "freeze_payload", "thaw_payload"]


class Payload(FrozenMap[str, Any]):
    """
    The frozen details of an event: a hashable, read-only mapping of JSON values.

    Lookups (``get``, ``in``) go straight to a dict: a replay reads payloads millions of times.

    Examples
    --------
    >>> payload = Payload({"choice": "for"})
    >>> payload.get("choice"), "voter" in payload, payload == {"choice": "for"}
    ('for', False, True)
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Payload({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Payload, (dict(self.items()),))


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return Payload({str(key): _freeze(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(item) for item in value)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    msg = f"event payloads hold JSON values (str, int, bool, null, lists, mappings), got {value!r}"
    raise TypeError(msg)


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_thaw(item) for item in value]
    return value


def freeze_payload(payload: Mapping[str, Any]) -> Payload:
    """
    Make a payload immutable and hashable: mappings become Payloads, lists tuples.

    Floats are refused: a payload is exact JSON, so its hash never depends on rounding.

    Examples
    --------
    >>> freeze_payload({"ballots": [{"voter": "ann", "choice": "for"}]})["ballots"][0]["voter"]
    'ann'
    """
    frozen_payload = _freeze(payload)
    if not isinstance(frozen_payload, Payload):
        msg = f"an event payload is a mapping, got {payload!r}"
        raise TypeError(msg)
    return frozen_payload


def thaw_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Return a payload as plain JSON data (dicts and lists)."""
    thawed: dict[str, Any] = _thaw(payload)
    return thawed


def _aware(_: object, __: object, value: dt.datetime) -> None:
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        msg = f"an event time is a datetime with a time zone, got {value!r}"
        raise TypeError(msg)


def _kind(_: object, __: object, value: str) -> None:
    if not isinstance(value, str) or not value:
        msg = f"an event kind is a non-empty string, got {value!r}"
        raise TypeError(msg)


@frozen(kw_only=True)
class Event:
    """
    One thing that happened, as an event-sourced log records it.

    Parameters
    ----------
    kind : str
        What happened, in snake_case: ``submitted``, ``supported``, ``ballots_cast``.
    actor : str
        Who did it (a member id, a role, ``system`` for the passing of time).
    at : datetime
        When, with a time zone; the caller's clock, never the wall clock.
    payload : mapping
        Details as JSON values (no floats), frozen.

    Examples
    --------
    >>> import datetime as dt
    >>> at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    >>> event = Event(kind="supported", actor="ann", at=at, payload={"note": "+1"})
    >>> event.to_json()
    '{"actor":"ann","at":"2026-03-02T09:00:00+00:00","kind":"supported","payload":{"note":"+1"}}'
    >>> Event.from_dict(json.loads(event.to_json())) == event
    True
    """

    kind: str = field(validator=_kind)
    actor: str
    at: dt.datetime = field(validator=_aware)
    payload: Payload = field(factory=Payload, converter=freeze_payload)

    def to_dict(self) -> dict[str, Any]:
        """Return the event as JSON data (the time in ISO 8601)."""
        return {
            "actor": self.actor,
            "at": self.at.isoformat(),
            "kind": self.kind,
            "payload": thaw_payload(self.payload),
        }

    def to_json(self) -> str:
        """Return canonical JSON: sorted keys, no spaces, UTF-8 text as is."""
        return canonical_json(self.to_dict())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        """Build an event from `to_dict` data; raise TypeError/ValueError on bad data."""
        at = data["at"]
        return cls(
            kind=data["kind"],
            actor=data["actor"],
            at=dt.datetime.fromisoformat(at) if isinstance(at, str) else at,
            payload=data.get("payload", {}),
        )


def canonical_json(data: Any) -> str:
    """Serialise *data* the one way the hash chain hashes it."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
