"""Voter rolls: who may take part in a decision."""

from __future__ import annotations

from attrs import field, frozen

from govkit.config import document
from govkit.errors import ConfigError

__all__ = ["Roll"]


def _unique(_: object, attribute: object, members: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for index, member in enumerate(members):
        if member in seen:
            raise ConfigError.at(("members", index), f"member {member!r} is listed twice")
        seen.add(member)


@document("roll")
@frozen(kw_only=True)
class Roll:
    """
    The members entitled to take part, snapshotted when a decision starts.

    Parameters
    ----------
    id : str or None
        How other documents refer to this roll.
    title : str or None
        A human-readable name.
    members : tuple of str
        Member ids, each listed once.
    """

    id: str | None = None
    title: str | None = None
    members: tuple[str, ...] = field(validator=_unique)
