"""Turn what went wrong while structuring into located `Problem` values."""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from govkit._suggest import did_you_mean
from govkit.config._yaml import Where, key_path_part
from govkit.errors import ConfigError, PathPart, Problem, UnknownKindError

__all__ = ["BrokenReference", "locate", "problems_of"]

_FIELD_NAME = re.compile(r"'([A-Za-z_][A-Za-z0-9_]*)'")


class BrokenReference(Exception):  # noqa: N818 - a marker, never shown to users
    """A reference names a document that has problems of its own (reported there)."""


def _walk(
    exc: BaseException, path: tuple[PathPart, ...]
) -> Iterator[tuple[tuple[PathPart, ...], BaseException]]:
    if isinstance(exc, ClassValidationError):
        with_notes, others = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _walk(sub, (*path, note.name))
        for sub in others:
            yield from _walk(sub, path)
    elif isinstance(exc, IterableValidationError):
        with_index, rest = exc.group_exceptions()
        for sub, index_note in with_index:
            yield from _walk(sub, (*path, index_note.index))
        for sub in rest:
            yield from _walk(sub, path)
    elif isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            yield from _walk(inner, path)
    else:
        yield path, exc


def locate(where: Where, path: tuple[PathPart, ...], *, key: bool = False) -> Where:
    """Return the deepest node on *path* that exists; with *key*, the last key itself."""
    for depth, part in enumerate(path):
        items = where.items
        if isinstance(items, dict) and part in items:
            if key and depth == len(path) - 1 and where.keys is not None:
                return where.keys[part]
            where = items[part]
        elif isinstance(items, list) and isinstance(part, int) and 0 <= part < len(items):
            where = items[part]
        else:
            break
    return where


_NOT_TEXT = ("an integer", "a number", "true or false", "an exact share", "a date", "one of")
"""What a message says was expected when quoting the value would not help."""


def _yaml11_hint(where: Where, message: str) -> str | None:
    """Explain a YAML 1.1 surprise when the raw text was not meant as that type."""
    raw = where.raw
    if raw is None or not where.plain or where.items is not None:
        return None
    expected, _, found = message.partition("got ")
    found = found.strip()  # as `describe` words it: "an integer (750)", "a boolean (true)"
    if found == "nothing (null)":
        return "the value is empty; write one, or remove the key"
    if len(raw) > 40:
        raw = raw[:37] + "..."
    kind = "boolean" if found.startswith("a boolean") else found.split(" ", 1)[0]
    if found.startswith("an integer"):
        kind = "int"
    elif found.startswith("a number"):
        kind = "float"
    elif found.startswith(("a date and time", "a date")):
        kind = "datetime" if found.startswith("a date and time") else "date"
    if any(what in expected for what in _NOT_TEXT):  # quoting would not help: just explain
        surprise = kind == "boolean" and raw.lower() not in ("true", "false")
        return f"YAML 1.1 reads {raw} as a boolean" if surprise else None
    if kind == "int" and ":" in raw:
        return f"YAML 1.1 reads {raw} as a base-60 number; quote it: '{raw}'"
    hints = {
        "boolean": f"YAML reads {raw} as a boolean; quote it if you mean the text: '{raw}'",
        "int": f"YAML reads {raw} as a number; quote it to keep it as written: '{raw}'",
        "float": f"YAML reads {raw} as a number; quote it to keep it as written: '{raw}'",
        "date": f"YAML reads {raw} as a date; quote it if you mean the text: '{raw}'",
        "datetime": f"YAML reads {raw} as a date and time; quote it if you mean the text: '{raw}'",
    }
    return hints.get(kind)


def problems_of(
    exc: BaseException, where: Where, source: str, base: tuple[PathPart, ...] = ()
) -> list[Problem]:
    """Every problem inside *exc*, located in the document whose root is *where*."""
    problems: list[Problem] = []

    def add(
        path: tuple[PathPart, ...], message: str, hint: str | None = None, node: Where | None = None
    ) -> None:
        node = node or locate(where, path)
        problems.append(
            Problem(
                message=message,
                path=path,
                source=source,
                line=node.line,
                column=node.column,
                hint=hint,
            )
        )

    for path, error in _walk(exc, base):
        if isinstance(error, BrokenReference):
            continue
        if isinstance(error, ConfigError):
            for problem in error.problems:
                full = (*path, *problem.path)
                hint = problem.hint or _yaml11_hint(locate(where, full), problem.message)
                add(full, problem.message, hint)
        elif isinstance(error, ForbiddenExtraKeysError):
            fields = [field.name for field in attrs.fields(error.cl)] if attrs.has(error.cl) else []
            for extra in sorted(error.extra_fields, key=str):
                node = locate(where, (*path, extra), key=True)  # the key itself, as written
                name = key_path_part(extra, node if node.raw is not None else None)
                hint = did_you_mean(str(name), fields)
                allowed = f"; allowed keys: {', '.join(fields)}" if fields else ""
                add((*path, name), f"unknown key {str(name)!r}{allowed}", hint, node)
        elif isinstance(error, KeyError):
            name = error.args[0] if error.args else "?"
            parent = path[:-1] if path and path[-1] == name else path
            add(parent, f"missing required key {name!r}")
        elif isinstance(error, UnknownKindError):
            add((*path, "kind"), error.message, error.hint)
        elif isinstance(error, (TypeError, ValueError)):
            message = str(error.args[0]) if error.args else type(error).__name__
            node_path = path
            match = _FIELD_NAME.match(message)
            items = locate(where, path).items
            if match and isinstance(items, dict) and match.group(1) in items:
                node_path = (*path, match.group(1))
            hint = _yaml11_hint(locate(where, node_path), message)
            add(node_path, message, hint)
        else:
            add(path, f"invalid value ({type(error).__name__}: {error})")
    return problems
