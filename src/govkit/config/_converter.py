"""
The one cattrs converter: strict hooks, family dispatch on ``kind``, references by id.

cattrs' defaults coerce (``3.7`` -> 3, ``True`` -> 1, ``"3"`` -> 3, ``"abc"`` ->
``('a', 'b', 'c')``); govkit's hooks refuse instead. Families of interchangeable
kinds register a Protocol and a `Registry`; a field annotated with the Protocol
then accepts any registered kind. Document kinds (the top level of a YAML file)
may also be given, wherever a field expects one, as the ``id`` of another
document loaded in the same call.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from fractions import Fraction
from typing import Any, NewType, Protocol, TypeVar, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory
from cattrs.gen import make_dict_structure_fn

from govkit._registry import Registry
from govkit._suggest import did_you_mean
from govkit.config._frozenmap import FrozenMap
from govkit.errors import ConfigError, Problem

__all__ = [
    "DOCUMENTS",
    "FAMILIES",
    "SHORTHANDS",
    "Quantity",
    "ReferenceResolver",
    "converter",
    "describe",
    "document",
    "register_family",
    "resolving",
    "shorthand",
    "to_fraction",
    "to_quantity",
]

T = TypeVar("T")
C = TypeVar("C", bound=type)

DOCUMENTS: Registry[type[Any]] = Registry("document")
"""Every kind that may stand at the top of a YAML document (``kind: decision_rule``)."""

FAMILIES: dict[Any, Registry[Any]] = {}
"""Protocol type -> the registry of its kinds, filled by `register_family`."""

Quantity = NewType("Quantity", Fraction)
"""An exact measured amount (area, households); YAML may write it as a decimal number."""

_QUANTITY = re.compile(r"\s*-?\d+(\.\d+)?\s*|\s*-?\d+\s*/\s*\d+\s*")
_FRACTION = re.compile(r"\s*(-?\d+)\s*(?:/\s*(\d+)\s*)?")
_DECIMAL = re.compile(r"\s*-?\d+\.\d+\s*")


def describe(value: object) -> str:  # noqa: PLR0911 - one return per YAML type
    """Name the type of a YAML value the way a YAML author thinks of it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"a string ({shown!r})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value!r})"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def to_fraction(value: object) -> Fraction:
    """
    Read an exact share: an integer, ``"2/3"``, an exact decimal string or a Fraction.

    Floats are refused: ``0.66`` is not two thirds, and at the boundary the
    difference decides real votes.

    Examples
    --------
    >>> to_fraction("2/3"), to_fraction(1), to_fraction("0.5")
    (Fraction(2, 3), Fraction(1, 1), Fraction(1, 2))
    >>> to_fraction(0.66)
    Traceback (most recent call last):
    ...
    TypeError: shares are exact: write a fraction such as 2/3, not the float 0.66
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        msg = f"expected an exact share such as '2/3', got {describe(value)}"
        raise TypeError(msg)
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        msg = f"shares are exact: write a fraction such as 2/3, not the float {value!r}"
        raise TypeError(msg)
    if isinstance(value, str):
        match = _FRACTION.fullmatch(value)
        if match:
            if match.group(2) is not None and int(match.group(2)) == 0:
                msg = f"{value!r} divides by zero"
                raise ValueError(msg)
            return Fraction(int(match.group(1)), int(match.group(2) or 1))
        if _DECIMAL.fullmatch(value):
            return Fraction(value.strip())
        msg = f"expected an exact share such as '2/3' or '1/2', got {value!r}"
        raise ValueError(msg)
    msg = f"expected an exact share such as '2/3', got {describe(value)}"
    raise TypeError(msg)


def to_quantity(value: object) -> Quantity:
    """
    Read a measured quantity (an area, a number of households) exactly.

    Decimals may be written as YAML numbers (``96.52``): a float is read back
    from its shortest decimal form, which is what was written, so ``96.52``
    becomes exactly 9652/100. Shares and thresholds are different: they refuse
    floats (see `govkit.config.to_fraction`).

    Examples
    --------
    >>> to_quantity(96.52), to_quantity(3), to_quantity("1/3")
    (Fraction(2413, 25), Fraction(3, 1), Fraction(1, 3))
    """
    quantity = _parse_quantity(value)
    if quantity.numerator < 0:
        msg = f"a measured amount cannot be negative, got {_raw(value)}"
        raise ValueError(msg)
    return quantity


def _raw(value: object) -> str:
    """Show a value as its author wrote it (a Fraction as 7/2, not Fraction(7, 2))."""
    if isinstance(value, Fraction):
        return str(value)
    return repr(value) if isinstance(value, str) else str(value)


def _parse_quantity(value: object) -> Quantity:  # noqa: PLR0911 - one per input form
    exact_type = type(value)  # fast paths first: isinstance on Fraction is an ABC check
    if exact_type is Fraction:
        return cast(Quantity, value)
    if exact_type is int:
        return Quantity(Fraction(cast(int, value)))
    if exact_type is float and math.isfinite(cast(float, value)):
        text = repr(value)
        if "e" not in text:
            whole, _, decimals = text.partition(".")
            return Quantity(Fraction(int(whole + decimals), 10 ** len(decimals)))
    if isinstance(value, Fraction):
        return Quantity(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        msg = f"expected a number such as 96.5, got {describe(value)}"
        raise TypeError(msg)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"expected a finite number, got {value!r}"
            raise ValueError(msg)
        return Quantity(Fraction(repr(value)))
    if isinstance(value, str) and not _QUANTITY.fullmatch(value):
        msg = f"expected a number such as 96.5 or 1/3, got {value!r}"
        raise ValueError(msg)
    if isinstance(value, str):
        denominator = value.replace(" ", "").partition("/")[2]
        if denominator and int(denominator) == 0:
            msg = f"{value!r} divides by zero"
            raise ValueError(msg)
        return Quantity(Fraction(value.replace(" ", "")))
    return Quantity(Fraction(value))


def _unstructure_quantity(value: Fraction) -> int | float | str:
    """Write a quantity as YAML authors do: 96.52, 1200, or '1/3' when no decimal is exact."""
    if value.denominator == 1:
        return value.numerator
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        as_float = float(value)
        if Fraction(repr(as_float)) == value:
            return as_float
    return f"{value.numerator}/{value.denominator}"


def quantity_text(value: Fraction) -> str:
    """
    Write an exact amount as text that `to_quantity` reads back to the same value.

    Examples
    --------
    >>> [quantity_text(Fraction(n, d)) for n, d in ((2413, 25), (1200, 1), (1, 3))]
    ['96.52', '1200', '1/3']
    """
    return str(_unstructure_quantity(value))


def _strict(expected: type, name: str, *also: type) -> Callable[[Any, type], Any]:
    def hook(value: Any, _: type) -> Any:
        if isinstance(value, bool) and expected is not bool:
            msg = f"expected {name}, got {describe(value)}"
            raise TypeError(msg)
        if not isinstance(value, (expected, *also)):
            msg = f"expected {name}, got {describe(value)}"
            raise TypeError(msg)
        return value if type(value) is expected else expected(value)

    return hook


def _structure_fraction(value: Any, _: type) -> Fraction:
    return to_fraction(value)


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    msg = f"expected a date such as 2026-01-31, got {describe(value)}"
    raise TypeError(msg)


def _structure_datetime(value: Any, _: type) -> dt.datetime:
    moment = value
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            moment = None
    if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        return moment
    if isinstance(moment, dt.datetime):
        msg = (
            f"a date and time needs its time zone, got {describe(value)}; "
            "write it as 2026-03-02T09:00:00+08:00"
        )
        raise TypeError(msg)
    msg = f"expected a date and time such as 2026-03-02T09:00:00+08:00, got {describe(value)}"
    raise TypeError(msg)


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    for member in cls:
        if member.value == value and type(member.value) is type(value):
            return member
    known = [str(member.value) for member in cls]
    hint = did_you_mean(str(value), known) if isinstance(value, str) else None
    msg = f"expected one of {', '.join(map(repr, known))}, got {describe(value)}"
    raise ValueError(msg + (f" ({hint})" if hint else ""))


def _is_collection(type_: Any) -> bool:
    return get_origin(type_) in (tuple, list, frozenset)


def _collection_factory(type_: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    origin = get_origin(type_)
    args = get_args(type_)
    if origin is frozenset:
        as_tuple = conv.get_structure_hook(tuple[args[0], ...])  # type: ignore[valid-type]

        def set_hook(value: Any, _: Any) -> frozenset[Any]:
            items = as_tuple(value, tuple)
            unique = frozenset(items)
            if len(unique) != len(items):
                seen: set[Any] = set()
                for item in items:
                    if item in seen:
                        msg = f"{item!r} is listed twice"
                        raise ValueError(msg)
                    seen.add(item)
            return unique

        return set_hook
    inner: Callable[[Any, Any], Any]
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        inner = conv._structure_tuple  # fixed-size tuple: cattrs checks each position
    elif origin is tuple:
        inner = homogenous_tuple_structure_factory(type_, conv)
    else:
        inner = list_structure_factory(type_, conv)

    def hook(value: Any, t: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            msg = f"expected a list, got {describe(value)}"
            raise TypeError(msg)
        if origin is tuple and len(args) != 2 and len(value) != len(args):
            msg = f"expected a list of {len(args)} items, got {len(value)}"
            raise ValueError(msg)
        return inner(value, t)

    return hook


def _is_mapping_type(type_: Any) -> bool:
    return get_origin(type_) in (dict, FrozenMap)


def _mapping_factory(type_: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    frozen = get_origin(type_) is FrozenMap
    inner = conv.gen_structure_mapping(dict[get_args(type_)] if frozen else type_)  # type: ignore[misc]

    def hook(value: Any, t: Any) -> Any:
        if not isinstance(value, (dict, FrozenMap)):
            msg = f"expected a mapping, got {describe(value)}"
            raise TypeError(msg)
        result = inner(value, t)
        return FrozenMap(result) if frozen else result

    return hook


def _is_frozenmap(type_: Any) -> bool:
    return type_ is FrozenMap or get_origin(type_) is FrozenMap


def _unstructure_frozenmap_factory(type_: Any, conv: cattrs.Converter) -> Callable[[Any], Any]:
    args = get_args(type_)
    key_type, value_type = args if args else (Any, Any)

    def hook(value: FrozenMap[Any, Any]) -> dict[Any, Any]:
        return {
            conv.unstructure(key, key_type): conv.unstructure(item, value_type)
            for key, item in value.items()
        }

    return hook


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(
        forbid_extra_keys=True,
        prefer_attrib_converters=False,
        unstruct_collection_overrides={tuple: list, frozenset: _sorted_list},
    )
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(float, _strict(float, "a number", int))
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(Fraction, _structure_fraction)
    conv.register_unstructure_hook(Fraction, _unstructure_fraction)
    conv.register_structure_hook(Quantity, lambda value, _: to_quantity(value))
    conv.register_unstructure_hook(Quantity, _unstructure_quantity)
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda value: value)
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    conv.register_structure_hook_factory(_is_collection, _collection_factory)
    conv.register_structure_hook_factory(_is_mapping_type, _mapping_factory)
    conv.register_unstructure_hook_factory(attrs.has, _unstructure_attrs_factory)
    conv.register_unstructure_hook_factory(_is_frozenmap, _unstructure_frozenmap_factory)
    conv.register_structure_hook_factory(
        lambda t: attrs.has(t) and not isinstance(t, type(Protocol)), _structure_attrs_factory
    )
    return conv


def _sorted_list(items: frozenset[Any]) -> list[Any]:
    return sorted(items, key=str)


def _unstructure_fraction(value: Fraction) -> int | str:
    return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


SHORTHANDS: dict[type[Any], str] = {}
"""Classes that YAML may write as a plain string: class -> the field the string fills."""


def shorthand(field_name: str) -> Callable[[type[T]], type[T]]:
    """
    Let YAML write an instance as a plain string that fills *field_name*.

    ``members: [ann, bo]`` then means ``[{id: ann}, {id: bo}]``; dump writes the
    short form back whenever every other field has its default.
    """

    def register(cls: type[T]) -> type[T]:
        SHORTHANDS[cls] = field_name
        return cls

    return register


def _structure_attrs_factory(cls: type[Any], conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = make_dict_structure_fn(cls, conv)
    kind = DOCUMENTS.kind_of(cls)
    short = SHORTHANDS.get(cls)

    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, cls):  # already built (structure() from Python code)
            return value
        if isinstance(value, str) and short is not None:
            return inner({short: value}, cls)
        if isinstance(value, str) and kind is not None:
            return _resolve(value, cls, kind)
        if not isinstance(value, dict):
            what = f"a {kind}" if kind else "a mapping"
            msg = f"expected {what}, got {describe(value)}"
            raise TypeError(msg)
        if kind is not None and "kind" in value:
            if value["kind"] != kind:
                msg = f"expected a {kind} here, got kind {value['kind']!r}"
                raise ValueError(msg)
            value = {key: item for key, item in value.items() if key != "kind"}
        return inner(value, cls)

    return hook


def _unstructure_attrs_factory(cls: type[Any], conv: cattrs.Converter) -> Callable[[Any], Any]:
    """Fields in declared order, leaving out those that equal their default."""
    attrs.resolve_types(cls)
    plan = []
    for attribute in attrs.fields(cls):
        default = attribute.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = attrs.NOTHING if default.takes_self else default.factory()
        plan.append((attribute.name, attribute.type, default))

    short = SHORTHANDS.get(cls)

    def hook(obj: Any) -> Any:
        out: dict[str, Any] = {}
        for name, type_, default in plan:
            value = getattr(obj, name)
            if default is not attrs.NOTHING and value == default:
                continue
            out[name] = conv.unstructure(value, type_)
        if short is not None and list(out) == [short] and isinstance(out[short], str):
            return out[short]
        return out

    return hook


converter = _make_converter()
"""govkit's single cattrs converter; use `govkit.config.structure` and `unstructure`."""


def register_family(protocol: Any, registry: Registry[Any]) -> None:
    """
    Let fields annotated with *protocol* take any kind registered in *registry*.

    The YAML form is a mapping with a ``kind`` key; ``kind`` is written back on dump.
    """

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            msg = (
                f"expected a {registry.family} (a mapping with a 'kind' key), got {describe(value)}"
            )
            raise TypeError(msg)
        if "kind" not in value:
            msg = f"a {registry.family} needs a 'kind'; known kinds: {', '.join(registry)}"
            raise ValueError(msg)
        cls = registry[value["kind"]]
        return converter.structure({key: item for key, item in value.items() if key != "kind"}, cls)

    def unstructure(value: Any) -> dict[str, Any]:
        return {"kind": type(value).kind, **converter.unstructure(value, type(value))}

    FAMILIES[protocol] = registry
    converter.register_structure_hook(protocol, structure)
    converter.register_unstructure_hook(protocol, unstructure)


def document(kind: str) -> Callable[[type[T]], type[T]]:
    """
    Register a class as a top-level document kind (``govkit: 1``, ``kind: <kind>``).

    The class must be an attrs class; if it has an ``id`` field, other documents
    can refer to it by that id.
    """
    return DOCUMENTS.register(kind)


class ReferenceResolver(Protocol):
    """Builds the document a reference names; set by `govkit.load` while it runs."""

    def build(self, ident: str, cls: type[Any], kind: str) -> Any:
        """Return the document called *ident*, structured as *cls*."""


_RESOLVER: ContextVar[ReferenceResolver | None] = ContextVar("govkit_resolver", default=None)


@contextmanager
def resolving(resolver: ReferenceResolver) -> Iterator[None]:
    """Resolve references by id through *resolver* while the block runs."""
    token = _RESOLVER.set(resolver)
    try:
        yield
    finally:
        _RESOLVER.reset(token)


def _resolve(ident: str, cls: type[Any], kind: str) -> Any:
    resolver = _RESOLVER.get()
    if resolver is None:  # outside govkit.load only packaged presets can be named
        from govkit.config._preset import load_preset, preset_ids  # noqa: PLC0415 - a cycle

        if ident in preset_ids():
            found = load_preset(ident)
            if isinstance(found, cls):
                return found
        msg = (
            f"expected a {kind} mapping, got the reference {ident!r}; outside govkit.load "
            "a reference names a packaged preset, and no preset of that kind has this id"
        )
        raise ConfigError([Problem(message=msg, hint=did_you_mean(ident, preset_ids()))])
    return resolver.build(ident, cls, kind)
