"""The append-only audit log: entries in order, optionally SHA-256 hash-chained."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from attrs import frozen

from govkit.errors import ConfigError, Problem
from govkit.events._event import Event, canonical_json

__all__ = ["AuditLog", "Entry", "Verification"]


@frozen(kw_only=True)
class Entry:
    """
    One entry of an audit log: its position, the event, and its place in the chain.

    Parameters
    ----------
    seq : int
        The entry's position, from 0.
    event : Event
        What happened.
    previous : str or None
        The digest of the entry before (None for the first, or in an unchained log).
    digest : str or None
        SHA-256 of the previous digest and the canonical JSON of ``seq`` and the event.
    """

    seq: int
    event: Event
    previous: str | None = None
    digest: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as one JSON object (the event's fields inline)."""
        data: dict[str, Any] = {"seq": self.seq, **self.event.to_dict()}
        if self.digest is not None:
            data["previous"] = self.previous
            data["digest"] = self.digest
        return data


def _digest(seq: int, event: Event, previous: str | None) -> str:
    body = canonical_json({"seq": seq, **event.to_dict()})
    return hashlib.sha256(((previous or "") + "\n" + body).encode("utf-8")).hexdigest()


def _seq(value: Any) -> int:
    if type(value) is not int:
        msg = f"seq is an integer, got {value!r}"
        raise TypeError(msg)
    return int(value)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@frozen
class Verification:
    """
    What `AuditLog.verify` found: ok, or the first bad entry and why.

    Attributes
    ----------
    ok : bool
        True when every entry is where and what the chain says.
    first_bad : int or None
        The position of the first entry that was edited, dropped, moved or added
        (the log's length when entries are missing at the end).
    reason : str
        One line for the minutes.
    """

    ok: bool
    first_bad: int | None
    reason: str

    def __bool__(self) -> bool:
        return self.ok


@frozen
class AuditLog:
    """
    An append-only log of events; chained, each entry seals the one before it.

    `append` returns a new log (the old one is unchanged), so a run's history
    is a value. With ``chained=True`` each entry carries the SHA-256 of the
    previous entry's digest and its own canonical JSON; `verify` then finds any
    entry that was edited, dropped, reordered or inserted. Dropping entries at
    the end is found when the expected `head` digest (published elsewhere, e.g.
    in a notice) is passed to `verify`.

    Examples
    --------
    >>> import datetime as dt
    >>> at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    >>> log = AuditLog(chained=True).append(Event(kind="submitted", actor="ann", at=at))
    >>> log = log.append(Event(kind="supported", actor="bo", at=at))
    >>> log.verify()
    Verification(ok=True, first_bad=None, reason='2 entries, chain intact')
    >>> AuditLog.from_jsonl(log.to_jsonl()) == log
    True
    """

    chained: bool = False
    entries: tuple[Entry, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    @property
    def events(self) -> tuple[Event, ...]:
        """Return the events in order."""
        return tuple(entry.event for entry in self.entries)

    @property
    def head(self) -> str | None:
        """Return the digest of the last entry (None when unchained or empty)."""
        return self.entries[-1].digest if self.entries else None

    def append(self, event: Event) -> AuditLog:
        """Return a new log with *event* added at the end."""
        return self.extend((event,))

    def extend(self, events: Iterable[Event]) -> AuditLog:
        """Return a new log with *events* added at the end, in order."""
        added: list[Entry] = []
        seq = len(self.entries)
        previous = self.head
        for event in events:
            if self.chained:
                digest = _digest(seq, event, previous)
                added.append(Entry(seq=seq, event=event, previous=previous, digest=digest))
                previous = digest
            else:
                added.append(Entry(seq=seq, event=event))
            seq += 1
        return AuditLog(self.chained, self.entries + tuple(added))

    def verify(self, head: str | None = None) -> Verification:
        """
        Check that every entry is in place and unedited.

        Parameters
        ----------
        head : str, optional
            The digest the last entry must have; finds entries dropped at the end.
        """
        previous: str | None = None
        for index, entry in enumerate(self.entries):
            if entry.seq != index:
                why = f"entry {index} has seq {entry.seq}: an entry was dropped, moved or added"
                return Verification(ok=False, first_bad=index, reason=why)
            if not self.chained:
                continue
            if entry.previous != previous:
                why = f"entry {index} does not follow entry {index - 1}: the chain is broken"
                return Verification(ok=False, first_bad=index, reason=why)
            if entry.digest != _digest(entry.seq, entry.event, entry.previous):
                why = f"entry {index} was edited: its digest does not match its content"
                return Verification(ok=False, first_bad=index, reason=why)
            previous = entry.digest
        if head is not None and head != self.head:
            why = f"the last entry is not the expected head: entries after {len(self) - 1} missing"
            return Verification(ok=False, first_bad=len(self), reason=why)
        kind = "chain intact" if self.chained else "sequence intact (not chained)"
        return Verification(ok=True, first_bad=None, reason=f"{len(self)} entries, {kind}")

    def to_jsonl(self) -> str:
        """Return the log as JSON lines, one entry per line, each canonical JSON."""
        return "".join(canonical_json(entry.to_dict()) + "\n" for entry in self.entries)

    @classmethod
    def from_jsonl(cls, text: str, *, source: str = "<jsonl>") -> AuditLog:
        """
        Read a log written by `to_jsonl`, keeping the stored digests (so `verify` can check them).

        Raises
        ------
        ConfigError
            Naming every line that is not an entry.
        """
        entries: list[Entry] = []
        problems: list[Problem] = []
        chained = False
        for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: U+0085
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                digest = data.pop("digest", None)
                previous = data.pop("previous", None)
                seq = _seq(data.pop("seq"))
                event = Event.from_dict(data)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                message = f"not an audit log entry: {exc}"
                problems.append(Problem(message=message, source=source, line=number, column=1))
                continue
            chained = chained or digest is not None
            entries.append(Entry(seq=seq, event=event, previous=previous, digest=digest))
        if problems:
            raise ConfigError(problems, source)
        return cls(chained, tuple(entries))

    def minutes(self) -> str:
        """
        Return the log as readable minutes: one line per event.

        Examples
        --------
        >>> import datetime as dt
        >>> at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
        >>> print(AuditLog().append(Event(kind="objection_filed", actor="cy", at=at,
        ...       payload={"reason": "too loud"})).minutes(), end="")
        [0] 2026-03-02 09:00 UTC  cy: objection filed (reason: too loud)
        """
        lines = []
        for entry in self.entries:
            event = entry.event
            when = event.at.strftime("%Y-%m-%d %H:%M %Z").rstrip()
            details = ", ".join(
                f"{key}: {_text(value)}" for key, value in event.to_dict()["payload"].items()
            )
            what = event.kind.replace("_", " ") + (f" ({details})" if details else "")
            lines.append(f"[{entry.seq}] {when}  {event.actor}: {what}\n")
        return "".join(lines)
