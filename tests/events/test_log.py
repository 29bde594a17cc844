"""The audit log: append-only, JSON lines, minutes, and a chain that catches any tampering."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.errors import ConfigError
from govkit.events import AuditLog, Event

UTC8 = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC8)

payloads = st.dictionaries(
    st.sampled_from(["note", "choice", "count", "ok", "list"]),
    st.one_of(
        st.text(max_size=8),
        st.integers(-5, 5),
        st.booleans(),
        st.none(),
        st.lists(st.text(max_size=3), max_size=2),
    ),
    max_size=3,
)
events = st.builds(
    Event,
    kind=st.sampled_from(["submitted", "supported", "ballots_cast", "time_passed"]),
    actor=st.text(min_size=1, max_size=6),
    at=st.integers(0, 10_000).map(lambda minutes: START + dt.timedelta(minutes=minutes)),
    payload=payloads,
)


def chain(count: int) -> AuditLog:
    return AuditLog(chained=True).extend(
        Event(kind="supported", actor=f"m{i}", at=START + dt.timedelta(hours=i))
        for i in range(count)
    )


@settings(max_examples=60, deadline=None)
@given(items=st.lists(events, max_size=6), chained=st.booleans())
def test_jsonl_round_trip(items: list[Event], chained: bool) -> None:
    """A log written as JSON lines reads back equal, and still verifies."""
    log = AuditLog(chained=chained).extend(items)

    again = AuditLog.from_jsonl(log.to_jsonl())

    assert again.entries == log.entries
    assert again.chained == (chained and bool(items))  # an empty file cannot say
    assert again.verify()
    assert log.to_jsonl().count("\n") == len(items)


def test_append_returns_a_new_log() -> None:
    """Appending never changes the log it is called on."""
    log = chain(2)

    longer = log.append(Event(kind="x", actor="a", at=START))

    assert len(log) == 2
    assert len(longer) == 3
    assert longer.entries[:2] == log.entries


def _edited(log: AuditLog, index: int, how: str) -> AuditLog:
    entries = list(log.entries)
    entry = entries[index]
    if how == "actor":
        entries[index] = attrs.evolve(entry, event=attrs.evolve(entry.event, actor="mallory"))
    elif how == "time":
        later = entry.event.at + dt.timedelta(seconds=1)
        entries[index] = attrs.evolve(entry, event=attrs.evolve(entry.event, at=later))
    elif how == "payload":
        entries[index] = attrs.evolve(entry, event=attrs.evolve(entry.event, payload={"x": 1}))
    elif how == "digest":
        entries[index] = attrs.evolve(entry, digest="0" * 64)
    elif how == "drop":
        del entries[index]
    elif how == "swap":
        entries[index], entries[index + 1] = entries[index + 1], entries[index]
    elif how == "duplicate":
        entries.insert(index, entry)
    return AuditLog(True, tuple(entries))


@pytest.mark.parametrize("how", ["actor", "time", "payload", "digest", "drop", "swap", "duplicate"])
@pytest.mark.parametrize("index", range(5))
def test_every_single_entry_tampering_is_caught(how: str, index: int) -> None:
    """Editing, dropping, reordering or duplicating any one entry fails verification."""
    log = chain(6)
    tampered = _edited(log, index, how)

    result = tampered.verify(head=log.head)

    assert not result.ok
    assert result.first_bad is not None
    assert result.first_bad <= index + 1


def test_dropping_the_last_entry_needs_the_head() -> None:
    """Truncation is invisible to the chain alone; the published head catches it."""
    log = chain(4)
    truncated = AuditLog(True, log.entries[:-1])

    assert truncated.verify()
    assert truncated.verify(head=log.head) == truncated.verify(head=log.head)
    assert not truncated.verify(head=log.head).ok
    assert truncated.verify(head=log.head).first_bad == 3


def test_tampering_in_the_exported_text_is_caught() -> None:
    """Editing one line of the JSON-lines export is caught after import."""
    text = chain(3).to_jsonl().replace('"actor":"m1"', '"actor":"m9"')

    result = AuditLog.from_jsonl(text).verify()

    assert (result.ok, result.first_bad) == (False, 1)
    assert result.reason == "entry 1 was edited: its digest does not match its content"


def test_unchained_log_checks_the_sequence_only() -> None:
    """Without a chain, verify still finds entries out of sequence."""
    log = AuditLog().extend(chain(3).events)
    swapped = AuditLog(False, (log.entries[1], log.entries[0], log.entries[2]))

    assert log.verify().reason == "3 entries, sequence intact (not chained)"
    assert swapped.verify().first_bad == 0


def test_bad_jsonl_lines_are_located() -> None:
    """Every line that is not an entry is reported with its line number."""
    good = chain(1).to_jsonl()
    text = good + "not json\n" + '{"seq": "1", "kind": "x", "actor": "a", "at": "2026-03-02"}\n'

    with pytest.raises(ConfigError) as info:
        AuditLog.from_jsonl(text, source="run.jsonl")

    assert [(p.source, p.line) for p in info.value.problems] == [("run.jsonl", 2), ("run.jsonl", 3)]


def test_minutes_read_like_minutes() -> None:
    """Each entry is one readable line: position, time, actor, what and details."""
    log = AuditLog().append(
        Event(kind="ballots_cast", actor="teller", at=START, payload={"choice": "for", "n": 3})
    )

    assert (
        log.minutes()
        == "[0] 2026-03-02 09:00 UTC+08:00  teller: ballots cast (choice: for, n: 3)\n"
    )
