"""An immutable, hashable mapping for frozen models (attrs classes never hold dicts)."""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar, overload

__all__ = ["FrozenMap", "to_frozenmap"]

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class FrozenMap(Mapping[K, V]):
    """
    A read-only mapping that hashes and compares by content; YAML writes it as a mapping.

    Examples
    --------
    >>> measures = FrozenMap({"area": 96, "headcount": 1})
    >>> measures["area"], len(measures), measures == {"headcount": 1, "area": 96}
    (96, 2, True)
    >>> hash(measures) == hash(FrozenMap({"headcount": 1, "area": 96}))
    True
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(data)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    # Delegate to the dict: the Mapping mixins would go through __getitem__ key by key.
    def __contains__(self, key: object) -> bool:
        return key in self._data

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, default: V | T, /) -> V | T: ...
    def get(self, key: K, default: object = None, /) -> object:
        """Return the value for *key*, or *default*."""
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        """Return a view of the keys."""
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        """Return a view of the values."""
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        """Return a view of the (key, value) pairs."""
        return self._data.items()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))


def to_frozenmap(value: Mapping[Any, Any]) -> FrozenMap[Any, Any]:
    """
    Return *value* itself when it is already a `FrozenMap`, else a frozen copy.

    The attrs converter of every mapping field of a frozen model.

    Examples
    --------
    >>> frozen = to_frozenmap({"area": 96})
    >>> to_frozenmap(frozen) is frozen
    True
    """
    return value if isinstance(value, FrozenMap) else FrozenMap(value)
