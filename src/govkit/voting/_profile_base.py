"""
Shared machinery of profiles: canonical ballots with counts, one pass to build, ``+`` to merge.

`RankedProfile`, `ApprovalProfile` and `ScoreProfile` (in ``_profile``) each
say how one ballot is read; this module counts them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from functools import cached_property
from typing import Any, ClassVar, TypeAlias, TypeVar

from attrs import field, frozen

from govkit.config import FrozenMap
from govkit.errors import RuleError

__all__ = ["P", "Ranking", "Weight"]

Weight: TypeAlias = int | Fraction
"""How much a ballot counts: a whole number of identical ballots, or an exact weight."""

Ranking: TypeAlias = tuple[tuple[str, ...], ...]
"""A ranked ballot: ranks from first to last, each rank the candidates placed equal there."""

P = TypeVar("P", bound="_Profile")


def _weight(value: object, ballot: object) -> Weight:
    """Check one ballot's count: a non-negative int or Fraction, never a float."""
    if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
        kind = "a boolean" if isinstance(value, bool) else type(value).__name__
        msg = f"a ballot's count is a whole number or a Fraction, got {kind} {value!r}"
        msg += f" for {ballot!r}"
        raise RuleError(msg)
    if value < 0:
        msg = f"a ballot's count must not be negative, got {value} for {ballot!r}"
        raise RuleError(msg)
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return value


def _to_candidates(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        msg = f"candidates must be a list of names, got the string {value!r}"
        raise RuleError(msg)
    return tuple(value)


def _check_candidates(_: object, __: object, value: tuple[str, ...]) -> None:
    if not value:
        msg = "a profile needs at least one candidate"
        raise RuleError(msg)
    seen: set[str] = set()
    for name in value:
        if not isinstance(name, str) or not name:
            msg = f"candidate names are non-empty strings, got {name!r}"
            raise RuleError(msg)
        if name in seen:
            msg = f"candidate {name!r} is listed twice"
            raise RuleError(msg)
        seen.add(name)


def _to_map(value: Mapping[Any, Any] | Iterable[tuple[Any, Any]]) -> FrozenMap[Any, Any]:
    if isinstance(value, (str, bytes)):
        msg = f"ballots are a mapping of ballot to count, got {value!r}"
        raise RuleError(msg)
    return FrozenMap(value)


def _pairs(counts: Mapping[Any, Any] | Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return list(counts.items() if isinstance(counts, Mapping) else counts)


def _names_in(ballot: object) -> Iterable[str]:
    """Every candidate name a loosely written ballot mentions (to infer candidates)."""
    if isinstance(ballot, str) or not isinstance(ballot, Iterable):
        return ()
    names: list[str] = []
    for item in ballot:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, Iterable):
            names.extend(name for name in item if isinstance(name, str))
    return names


@frozen(repr=False)
class _Profile:
    """Shared machinery: canonical ballots with counts, one pass to build, ``+`` to merge."""

    candidates: tuple[str, ...] = field(converter=_to_candidates, validator=_check_candidates)
    ballots: FrozenMap[Any, Weight] = field(converter=_to_map)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "ballots", FrozenMap(self._canonical(self.ballots.items())))

    def _reader(self) -> Any:
        """Return a function making one ballot canonical (empty when it counts for nobody)."""
        raise NotImplementedError

    _keeps_blank: ClassVar[bool] = False
    """Whether a ballot that marks nobody still counts as a ballot (approval, score)."""

    def _canonical(self, pairs: Iterable[tuple[Any, object]]) -> dict[Any, Weight]:
        read = self._reader()
        keep_blank = self._keeps_blank
        ballots: dict[Any, Weight] = {}
        for raw, count in pairs:
            ballot = read(raw)
            weight = _weight(count, raw)
            if weight and (ballot or keep_blank):
                ballots[ballot] = ballots.get(ballot, 0) + weight
        return ballots

    def _evolve(self: P, ballots: dict[Any, Weight] | None) -> P:
        """Copy with other, already canonical ballots (no second pass over them).

        With *ballots* None, the copy has no ballots yet: its ``ballots`` are
        made on first use (a ranked profile held as arrays).
        """
        profile = object.__new__(type(self))
        for name in self.__attrs_attrs__:
            if name.name != "ballots":
                object.__setattr__(profile, name.name, getattr(self, name.name))
        if ballots is not None:
            object.__setattr__(profile, "ballots", FrozenMap(ballots))
        return profile

    def __add__(self: P, other: P) -> P:
        if type(other) is not type(self):
            return NotImplemented
        if (self.candidates, self._scale_text) != (other.candidates, other._scale_text):
            msg = (
                f"cannot add profiles over different candidates or scales: "
                f"{list(self.candidates)}{self._scale_text} and "
                f"{list(other.candidates)}{other._scale_text}"
            )
            raise RuleError(msg)
        return self._plus(other)

    def _plus(self: P, other: P) -> P:
        merged = dict(self.ballots)
        for ballot, weight in other.ballots.items():
            merged[ballot] = merged.get(ballot, 0) + weight
        return self._evolve(merged)

    @property
    def _scale_text(self) -> str:
        return ""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(candidates={self.candidates!r}, {self._distinct} "
            f"distinct ballots, total weight {self.total_weight}{self._scale_text})"
        )

    @property
    def _distinct(self) -> int:
        return len(self.ballots)

    @cached_property
    def total_weight(self) -> Weight:
        """The number (or total weight) of ballots."""
        return self._total()

    def _total(self) -> Weight:
        return sum(self.ballots.values(), 0)


def _built(
    counts: Mapping[Any, Weight] | Iterable[tuple[Any, Weight]],
    candidates: Sequence[str] | None,
    empty: Callable[[tuple[str, ...]], P],
) -> P:
    """Build a profile from ballots with counts, checking each distinct ballot once."""
    pairs = _pairs(counts)
    if candidates is None:
        candidates = sorted({name for raw, _ in pairs for name in _names_in(raw)})
    names = _to_candidates(candidates)
    _check_candidates(None, None, names)
    profile = empty(names)
    return profile._evolve(profile._canonical(pairs))
