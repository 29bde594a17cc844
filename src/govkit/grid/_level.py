"""Levels of a territorial tree, which levels may sit under which, and official code schemes."""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Iterable

from attrs import field, frozen

from govkit.config import Citation, FrozenMap, document, to_frozenmap
from govkit.errors import ConfigError

__all__ = ["CodeScheme", "Confidence", "Level", "LevelScheme", "suggest"]

_IDENT = re.compile(r"[a-z][a-z0-9_]*")


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """
    Return "did you mean 'x'?" for the closest of *choices*, or None.

    Examples
    --------
    >>> suggest("gird", ["grid", "street"])
    "did you mean 'grid'?"
    """
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


class Confidence(enum.Enum):
    """How far a number in a preset can be trusted (``confidence:`` in YAML)."""

    HIGH = "high"
    """Read in the text of a statute or an official standard."""
    MEDIUM = "medium"
    """Consistent across several secondary sources (reports, local rules)."""
    LOW = "low"
    """A rule of thumb from few or anecdotal sources; check locally."""


def _snake(_: object, attribute: object, value: str) -> None:
    if not isinstance(value, str) or not _IDENT.fullmatch(value):
        name = getattr(attribute, "name", "id")
        msg = f"{name!r} must be a snake_case word such as 'micro_grid', got {value!r}"
        raise ConfigError.at((name,), msg)


@frozen(kw_only=True)
class Level:
    """
    One level of a territorial tree (``street``, ``community``, ``grid``).

    Parameters
    ----------
    id : str
        The level's snake_case name, used by units (``level: grid``).
    name : str or None
        What people call it (``网格``).
    parents : tuple of str
        The levels a unit of this level may sit directly under; each must be listed
        earlier in the scheme. Empty for the top level (the root).
    must_contain : str or None
        A measure (``households``) that every unit of this level must have a positive
        amount of, counted over its sub-units; a unit with none is reported as empty.
    """

    id: str = field(validator=_snake)
    name: str | None = None
    parents: tuple[str, ...] = ()
    must_contain: str | None = None


def _code_digits(_: object, __: object, value: FrozenMap[str, int]) -> None:
    for level, digits in value.items():
        if digits < 1:
            msg = f"a code has at least 1 significant digit, got {digits} for level {level!r}"
            raise ConfigError.at(("digits", level), msg)


@frozen(kw_only=True)
class CodeScheme:
    """
    Official codes of the units: how many digits, and how many are significant per level.

    A code is written with `length` digits at most; the digits after a level's
    significant ones are zeros (``110000`` is the province ``11``). Codes are
    prefix-consistent: a unit's code starts with the significant digits of the code
    of its nearest coded superior.

    Parameters
    ----------
    name : str
        Which scheme: ``GB/T 2260`` (6-digit administrative), ``statistical`` (12
        digits), ``unit grid`` (15 digits, as in Beijing).
    length : int
        The most digits a code may have.
    digits : dict of str to int
        Significant digits per level id (``{province: 2, city: 4, district: 6}``).
        Units of levels not listed may carry any code; it is only checked for
        duplicates.
    """

    name: str
    length: int
    digits: FrozenMap[str, int] = field(
        factory=FrozenMap, converter=to_frozenmap, validator=_code_digits
    )

    def __attrs_post_init__(self) -> None:
        for level, digits in self.digits.items():
            if digits > self.length:
                msg = (
                    f"level {level!r} has {digits} significant digits, more than the {self.length}"
                )
                raise ConfigError.at(("digits", level), msg)


def _check_levels(levels: tuple[Level, ...]) -> None:
    seen: set[str] = set()
    roots = [level.id for level in levels if not level.parents]
    for index, level in enumerate(levels):
        if level.id in seen:
            msg = f"level {level.id!r} is listed twice"
            raise ConfigError.at(("levels", index, "id"), msg)
        for parent in level.parents:
            if parent not in seen:
                known = {lvl.id for lvl in levels}
                where = "is listed after it" if parent in known else "is not a level"
                hint = None if parent in known else suggest(parent, known)
                msg = f"level {level.id!r} may not sit under {parent!r}: {parent!r} {where}"
                raise ConfigError.at(("levels", index, "parents"), msg, hint=hint)
        seen.add(level.id)
    if not levels:
        raise ConfigError.at(("levels",), "a level scheme needs at least one level")
    if len(roots) != 1:
        msg = f"exactly one level may have no parents (the root), got {len(roots)}: {roots}"
        raise ConfigError.at(("levels",), msg)


@document("level_scheme")
@frozen(kw_only=True)
class LevelScheme:
    """
    The levels of a territorial tree, top first, and optionally its code scheme.

    Parameters
    ----------
    id : str or None
        How hierarchies refer to this scheme (``scheme: standard_grid_levels``).
    title : str or None
        A human-readable name.
    source : Citation or None
        Where the levels come from.
    verified : bool
        Whether the levels were checked against the cited text.
    confidence : Confidence or None
        How far the scheme can be trusted: ``high``, ``medium`` or ``low``.
    levels : tuple of Level
        The levels, top first; each names the levels it may sit under.
    codes : CodeScheme or None
        The official code scheme, if units carry codes that must be checked.

    Examples
    --------
    >>> scheme = LevelScheme(levels=(Level(id="community"),
    ...                              Level(id="grid", parents=("community",))))
    >>> scheme.level_ids
    ('community', 'grid')
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    confidence: Confidence | None = None
    levels: tuple[Level, ...] = field(validator=lambda _, __, value: _check_levels(value))
    codes: CodeScheme | None = None

    def __attrs_post_init__(self) -> None:
        if self.codes is None:
            return
        known = set(self.level_ids)
        for level in self.codes.digits:
            if level not in known:
                msg = f"the code scheme names level {level!r}, which is not a level"
                raise ConfigError.at(("codes", "digits", level), msg, hint=suggest(level, known))

    @property
    def level_ids(self) -> tuple[str, ...]:
        """Return the level ids, top first."""
        return tuple(level.id for level in self.levels)

    def level(self, level_id: str) -> Level:
        """Return the level called *level_id*, or raise KeyError naming the levels."""
        for level in self.levels:
            if level.id == level_id:
                return level
        hint = suggest(level_id, self.level_ids)
        msg = f"no level {level_id!r}" + (f" ({hint})" if hint else "")
        raise KeyError(msg)
