"""Events: exact JSON payloads, zoned times, canonical JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from govkit.events import Event, freeze_payload, thaw_payload

AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_payload_is_frozen_and_hashable() -> None:
    """Nested lists and mappings become tuples and FrozenMaps, so events hash."""
    event = Event(kind="k", actor="a", at=AT, payload={"b": [{"v": "x"}]})

    assert hash(event) == hash(Event(kind="k", actor="a", at=AT, payload={"b": [{"v": "x"}]}))
    assert thaw_payload(event.payload) == {"b": [{"v": "x"}]}


@pytest.mark.parametrize("value", [0.5, object(), {1, 2}])
def test_payload_refuses_non_json_values(value: object) -> None:
    """Floats and other non-JSON values are refused (hashes must not depend on rounding)."""
    with pytest.raises(TypeError, match="event payloads hold JSON values"):
        freeze_payload({"x": value})


def test_time_needs_a_zone() -> None:
    """A naive datetime is refused: a log's times must be unambiguous."""
    with pytest.raises(TypeError, match="with a time zone"):
        Event(kind="k", actor="a", at=dt.datetime(2026, 3, 2, 9, 0))


def test_canonical_json_is_sorted_and_compact() -> None:
    """The JSON form is canonical: sorted keys, no spaces, text kept as written."""
    event = Event(kind="k", actor="业主", at=AT, payload={"z": 1, "a": "公示"})

    assert event.to_json() == (
        '{"actor":"业主","at":"2026-03-02T09:00:00+00:00","kind":"k","payload":{"a":"公示","z":1}}'
    )
