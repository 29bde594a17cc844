"""The generic registry every family of interchangeable kinds uses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import ClassVar, Generic, Protocol, TypeVar

from govkit.errors import UnknownKindError

__all__ = ["Kinded", "Registry"]

_SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


class Kinded(Protocol):
    """Anything registered carries its YAML name as a class variable."""

    kind: ClassVar[str]


C = TypeVar("C", bound=type)


class Registry(Generic[C]):
    """
    Registered classes of one family, looked up by their YAML ``kind``.

    Parameters
    ----------
    family : str
        What the family is called in messages ("decision rule").

    Examples
    --------
    >>> from attrs import frozen
    >>> SHAPES: Registry[type] = Registry("shape")
    >>> @SHAPES.register("square")
    ... @frozen
    ... class Square:
    ...     side: int
    >>> SHAPES["square"] is Square, Square.kind, list(SHAPES)
    (True, 'square', ['square'])
    >>> SHAPES["sqare"]  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govkit.errors.UnknownKindError: unknown shape kind 'sqare' (did you mean 'square'?); ...
    """

    def __init__(self, family: str) -> None:
        self.family = family
        self._classes: dict[str, C] = {}

    def register(self, kind: str) -> Callable[[C], C]:
        """Register a class under *kind* (snake_case, unique in the family)."""
        if not _SNAKE.fullmatch(kind):
            msg = f"{self.family} kind {kind!r} must be snake_case, e.g. 'more_than'"
            raise ValueError(msg)

        def add(cls: C) -> C:
            if kind in self._classes:
                taken = self._classes[kind].__qualname__
                msg = f"{self.family} kind {kind!r} is already taken by {taken}"
                raise ValueError(msg)
            cls.kind = kind  # type: ignore[attr-defined]
            self._classes[kind] = cls
            return cls

        return add

    def __getitem__(self, kind: str) -> C:
        try:
            return self._classes[kind]
        except (KeyError, TypeError):
            raise UnknownKindError(self.family, str(kind), tuple(self)) from None

    def __contains__(self, kind: object) -> bool:
        return kind in self._classes

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._classes))

    def __len__(self) -> int:
        return len(self._classes)

    def classes(self) -> tuple[C, ...]:
        """Return the registered classes, sorted by kind."""
        return tuple(self._classes[kind] for kind in self)

    def kind_of(self, cls: type) -> str | None:
        """Return the kind *cls* is registered under here, or None."""
        for kind, registered in self._classes.items():
            if registered is cls:
                return kind
        return None
