"""
Reading YAML safely: the only place in govkit that parses YAML.

The reader drives PyYAML's event parser (libyaml's C parser when PyYAML was built
with it, the pure-Python one otherwise: the same events, so the same behaviour;
syntax errors are reworded so that both give the same message) and builds plain
Python data itself, so that it can

* accept only the standard tags (``!!python/...`` and any custom tag is refused),
* refuse duplicate keys (PyYAML silently keeps the last one),
* bound the nesting depth before it can exhaust a stack, the alias expansion
  before a "billion laughs" file can exhaust memory or time, and the size of
  the input before reading it,
* remember where every node is (`Where`), so that a problem found later, while
  structuring, is reported at its file, line and column.

Plain scalars resolve exactly as ``yaml.safe_load`` resolves them (YAML 1.1:
``yes`` is a boolean, ``12:30`` is 750, ``1.10`` is 1.1); the raw text is kept so
that a field expecting something else can say so and suggest quoting.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, cast

import yaml
from attrs import frozen
from yaml import events
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from govkit.errors import ConfigError, PathPart, Problem

__all__ = ["Document", "Limits", "Source", "Where", "key_path_part", "read_documents"]

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
"""What `govkit.load` accepts: a path, YAML text, or an open stream."""

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_SCALAR_TAGS = frozenset(
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_INT = _TAG + "int"
_MAX_DIGITS = 1000
"""Longest integer read: Python refuses to print ints of more than 4300 digits."""
_LOOKS_LIKE = {
    _INT: "a number",
    _TAG + "float": "a number",
    _TAG + "timestamp": "a date",
    _TAG + "bool": "a boolean",
    _TAG + "null": "null",
}
_TAB, _TAB_FIX = "a tab character where YAML expects spaces", "indent with spaces, not tabs"
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: list(resolvers) for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_PARSER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@frozen(kw_only=True)
class Limits:
    """
    Bounds on what one `govkit.load` call will read.

    Parameters
    ----------
    max_bytes : int, default 64 MiB
        Largest input accepted, checked before it is parsed.
    max_depth : int, default 200
        Deepest nesting of mappings and sequences.
    max_alias_nodes : int, default 100,000
        Most nodes that aliases (``*name``) may add by repeating anchored
        content; a "billion laughs" file stops here.
    """

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 200
    max_alias_nodes: int = 100_000


class Where:
    """Where a node of a document is, and (for scalars) how it was written."""

    __slots__ = ("column", "items", "keys", "line", "plain", "raw")

    def __init__(
        self, line: int, column: int, raw: str | None = None, *, plain: bool = False
    ) -> None:
        self.line = line
        self.column = column
        self.raw = raw
        self.plain = plain
        self.items: dict[Any, Where] | list[Where] | None = None
        self.keys: dict[Any, Where] | None = None


@frozen
class Document:
    """One YAML document: its data, where its nodes are, and its source name."""

    data: Any
    where: Where
    source: str


def _name_of(source: Source) -> str:
    if isinstance(source, (str, os.PathLike)) and not _is_text(source):
        return os.fspath(source)
    if isinstance(source, str):
        return "<string>"
    return str(getattr(source, "name", "<stream>"))


def _is_text(source: str | os.PathLike[str]) -> bool:
    """Tell whether a str is YAML text: a line break, a ``key: value`` or a YAML start."""
    if not isinstance(source, str):
        return False
    return (
        not source
        or "\n" in source
        or ": " in source
        or source.lstrip().startswith(("govkit:", "{", "[", "---", "%YAML"))
    )


def _read(source: Source, name: str, limits: Limits) -> str:
    """Return the text of *source*, refusing oversize or undecodable input."""
    too_big = f"input is larger than the limit of {limits.max_bytes} bytes"
    fix = "split the file, or raise Limits.max_bytes if you trust it"
    data: str | bytes
    if isinstance(source, (str, os.PathLike)) and not _is_text(source):
        path = Path(source)
        try:
            if path.stat().st_size > limits.max_bytes:
                raise ConfigError([Problem(message=too_big, source=name, hint=fix)], name)
            data = path.read_bytes()
        except OSError as exc:
            msg = f"cannot read {name}: {exc.strerror or exc}"
            hint = "YAML text must contain a line break to be told apart from a path"
            raise ConfigError([Problem(message=msg, source=name, hint=hint)], name) from None
    elif isinstance(source, str):
        data = source
    else:
        data = cast("IO[Any]", source).read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes or (
        # text is measured in UTF-8 bytes too (at most 4 * max_bytes to encode)
        isinstance(data, str)
        and not data.isascii()
        and len(data.encode("utf-8")) > limits.max_bytes
    ):
        raise ConfigError([Problem(message=too_big, source=name, hint=fix)], name)
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            msg = f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}"
            problem = Problem(
                message=msg,
                source=name,
                line=line,
                column=column,
                hint="save the file as UTF-8; is it a YAML file at all?",
            )
            raise ConfigError([problem], name) from None
    return data


def read_documents(source: Source, limits: Limits | None = None) -> list[Document]:
    """
    Parse every YAML document in *source* into plain data with positions.

    Raises
    ------
    ConfigError
        For unreadable, oversize or malformed input, unsafe tags, duplicate
        keys, too deep nesting or too much alias expansion.
    """
    limits = limits or Limits()
    name = _name_of(source)
    text = _read(source, name, limits)
    reader = _Reader(text, name, limits)
    try:
        documents = reader.run()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message, hint = _syntax_problem(exc, text)
        problem = Problem(
            message=f"YAML syntax: {message}",
            source=name,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint=hint,
        )
        raise ConfigError([*reader.problems, problem], name) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        # libyaml's position counts bytes, PyYAML's characters: find the character itself
        position = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        position = exc.position if position < 0 else position
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        problem = Problem(
            message=f"YAML syntax: character #x{exc.character:04x} is not allowed",
            source=name,
            line=line,
            column=column,
            hint="the file contains control characters; is it a YAML file at all?",
        )
        raise ConfigError([*reader.problems, problem], name) from None
    if reader.problems:
        raise ConfigError(reader.problems, name)
    return documents


_SYNTAX: tuple[tuple[str, str, str | None, str, str | None], ...] = (
    # (problem contains, context contains, first character is one of, message, hint);
    # the first row that fits wins. {opened}: where the context starts, {rest}: the
    # text from the problem to the end of its line, {found}: its first character.
    (
        "',' or ']'",
        "flow sequence",
        None,
        "expected ',' or ']' in the list '[' opened at {opened}",
        "close the list with ']' and separate its items with ','",
    ),
    (
        "',' or '}'",
        "flow mapping",
        None,
        "expected ',' or '}}' in the mapping '{{' opened at {opened}",
        "close the mapping with '}' and separate its entries with ','",
    ),
    (
        "expected key",
        "block mapping",
        None,
        "unexpected {rest} in the mapping that starts at {opened}",
        "check the indentation: the keys of one mapping start in the same column",
    ),
    (
        "<block end>",
        "block mapping",
        None,
        "unexpected {rest} in the mapping that starts at {opened}",
        "check the indentation: the keys of one mapping start in the same column",
    ),
    (
        "'-'",
        "block collection",
        None,
        "unexpected {rest} in the list that starts at {opened}",
        "check the indentation: the items of one list start with '- ' in one column",
    ),
    (
        "<block end>",
        "block collection",
        None,
        "unexpected {rest} in the list that starts at {opened}",
        "check the indentation: the items of one list start with '- ' in one column",
    ),
    ("tab character", "", None, _TAB, _TAB_FIX),
    ("cannot start any token", "", "\t", _TAB, _TAB_FIX),
    ("cannot start any token", "", "@`", "a plain value cannot start with {found}", "quote it"),
    (
        "cannot start any token",
        "",
        None,
        "found character {found} that cannot start any token",
        None,
    ),
    (
        "mapping values are not allowed",
        "",
        None,
        "unexpected ':' here",
        "quote a value that contains ': ', or check the indentation",
    ),
    (
        "sequence entries are not allowed",
        "",
        None,
        "unexpected '- ' here",
        "start the list on a new line, indented under its key",
    ),
    (
        "alphabetic or numeric",
        "scanning an alias",
        None,
        "an alias '*' needs a name",
        "write *base, with letters or digits",
    ),
    (
        "alphabetic or numeric",
        "scanning an anchor",
        None,
        "an anchor '&' needs a name",
        "write &base, with letters or digits",
    ),
    (
        "end of stream",
        "quoted scalar",
        None,
        "the quoted text opened at {opened} is never closed",
        "add the closing quote",
    ),
    (
        "could not find expected ':'",
        "",
        None,
        "the key at {opened} has no ':'",
        "write 'key: value', or join the broken line",
    ),
    (
        "<document start>",
        "",
        None,
        "text after the end of a document ('...')",
        "start the next document with a '---' line",
    ),
    (
        "incompatible YAML document",
        "",
        None,
        "unsupported %YAML version",
        "write '%YAML 1.1', or remove the %YAML line",
    ),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str | None]:
    """
    Say what is wrong in govkit's words, the same whichever parser found it.

    libyaml and PyYAML's Python parser word their errors differently (``did not
    find expected ',' or ']'`` against ``expected ',' or ']', but got ...``);
    the common mistakes are recognised from either wording and explained with
    a hint, anything else keeps the parser's words.
    """
    problem = exc.problem or "malformed YAML"
    context = exc.context or ""
    opened = rest = ""
    if exc.context_mark is not None:
        opened = f"line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
    if exc.problem_mark is not None:  # line and column: libyaml's index counts bytes
        lines = _LINE_BREAK.split(text)
        if exc.problem_mark.line < len(lines):
            rest = lines[exc.problem_mark.line][exc.problem_mark.column :].rstrip()
    found = rest[:1]
    rest = rest.strip()
    shown = {
        "opened": opened,
        "rest": repr(rest if len(rest) <= 30 else rest[:27] + "..."),
        "found": repr(found),
    }
    for in_problem, in_context, first, message, hint in _SYNTAX:
        fits = first is None or (found != "" and found in first)
        if fits and in_problem in problem and in_context in context:
            return message.format(**shown), hint
    if context:
        problem += f" ({context} at {opened})" if opened else f" ({context})"
    return problem, None


class _Frame:
    """An open mapping or sequence while the reader walks the events."""

    __slots__ = ("anchor", "container", "key", "key_where", "merges", "nodes", "where")

    def __init__(
        self, container: dict[Any, Any] | list[Any], where: Where, anchor: str | None
    ) -> None:
        self.container = container
        self.where = where
        self.anchor = anchor
        self.nodes = 1
        self.key: Any = _NO_KEY
        self.key_where: Where | None = None
        self.merges: list[tuple[Any, Where]] = []


_NO_KEY = object()


class _Reader:
    """Turns the event stream of one input into `Document` values."""

    def __init__(self, text: str, name: str, limits: Limits) -> None:
        self.text = text
        self.name = name
        self.limits = limits
        self.problems: list[Problem] = []
        self.constructor = SafeConstructor()
        self.anchors: dict[str, tuple[Any, Where, int]] = {}
        self.alias_nodes = 0
        self.stack: list[_Frame] = []

    def problem(self, where: Where, message: str, hint: str | None = None) -> None:
        path: list[PathPart] = []
        for frame in self.stack:
            if type(frame.container) is list:
                path.append(len(frame.container))
            elif frame.key is not _NO_KEY:
                path.append(key_path_part(frame.key, frame.key_where))
        self.problems.append(
            Problem(
                message=message,
                path=tuple(path),
                source=self.name,
                line=where.line,
                column=where.column,
                hint=hint,
            )
        )

    def fail(self, where: Where, message: str, hint: str | None = None) -> ConfigError:
        self.problem(where, message, hint)
        return ConfigError(self.problems, self.name)

    def run(self) -> list[Document]:
        parser = _PARSER(io.StringIO(self.text))
        try:
            documents: list[Document] = []
            while True:
                event = parser.get_event()
                kind = type(event)
                if kind is events.StreamEndEvent:
                    return documents
                if kind is events.DocumentStartEvent:
                    self.anchors = {}
                    data, where = self.document(parser)
                    documents.append(Document(data, where, self.name))
        finally:
            parser.dispose()

    def document(self, parser: Any) -> tuple[Any, Where]:  # noqa: PLR0912 - one event loop
        stack = self.stack = []
        max_depth = self.limits.max_depth
        result: tuple[Any, Where] | None = None
        while True:
            event = parser.get_event()
            kind = type(event)
            mark = event.start_mark
            if kind is events.ScalarEvent:
                where = Where(mark.line + 1, mark.column + 1, event.value, plain=event.implicit[0])
                value = self.scalar(event, where)
                nodes = 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, where, 1)
            elif kind is events.AliasEvent:
                where = Where(mark.line + 1, mark.column + 1)
                value, where, nodes = self.alias(event, where)
            elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                where = Where(mark.line + 1, mark.column + 1)
                self.check_collection_tag(event, where, mapping=kind is events.MappingStartEvent)
                if len(stack) >= max_depth:
                    hint = "raise Limits.max_depth if the document is legitimately this deep"
                    msg = f"nesting deeper than {max_depth} levels"
                    raise self.fail(where, msg, hint)
                if kind is events.MappingStartEvent:
                    where.items, where.keys = {}, {}
                    stack.append(_Frame({}, where, event.anchor))
                else:
                    where.items = []
                    stack.append(_Frame([], where, event.anchor))
                continue
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                frame = stack.pop()
                if frame.merges:
                    self.merge(frame)
                value, where, nodes = frame.container, frame.where, frame.nodes
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (value, where, nodes)
            elif kind is events.DocumentEndEvent:
                if result is None:  # an empty document
                    return None, Where(mark.line + 1, mark.column + 1)
                return result
            else:  # pragma: no cover - the parser emits nothing else inside a document
                continue
            if not stack:
                result = (value, where)
                continue
            self.add(stack[-1], value, where, nodes)

    def add(self, frame: _Frame, value: Any, where: Where, nodes: int) -> None:
        frame.nodes += nodes
        container = frame.container
        if type(container) is list:
            container.append(value)
            frame.where.items.append(where)  # type: ignore[union-attr]
            return
        if frame.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                self.problem(where, "a mapping key must be a plain value, not a collection")
                value = f"<invalid key {len(container)}>"
            frame.key, frame.key_where = value, where
            return
        key, key_where = frame.key, cast(Where, frame.key_where)
        if key_where.plain and key_where.raw == "<<":
            frame.key = _NO_KEY
            frame.merges.append((value, where))
            return
        items: dict[Any, Where] = frame.where.items  # type: ignore[assignment]
        if key in container:
            first = frame.where.keys[key]  # type: ignore[index]
            self.problem(
                key_where,
                f"duplicate key {key_where.raw!r} (first at line {first.line})",
                "remove one of them; YAML keeps only one value per key",
            )
            frame.key = _NO_KEY
            return
        frame.key = _NO_KEY
        container[key] = value
        items[key] = where
        frame.where.keys[key] = key_where  # type: ignore[index]

    def merge(self, frame: _Frame) -> None:
        """Apply ``<<: *base`` merge keys: explicit keys win, earlier merges win."""
        container: dict[Any, Any] = frame.container  # type: ignore[assignment]
        items: dict[Any, Where] = frame.where.items  # type: ignore[assignment]
        keys: dict[Any, Where] = frame.where.keys  # type: ignore[assignment]
        for value, where in frame.merges:
            sources = value if isinstance(value, list) else [value]
            source_wheres = where.items if isinstance(value, list) else [where]
            for source, source_where in zip(sources, source_wheres or [], strict=False):
                if not isinstance(source, dict):
                    self.problem(source_where, "a merge key '<<' takes a mapping or a list of them")
                    continue
                for key, item in source.items():
                    if key not in container:
                        container[key] = item
                        items[key] = cast(dict[Any, Where], source_where.items)[key]
                        keys[key] = cast(dict[Any, Where], source_where.keys)[key]

    def alias(self, event: Any, where: Where) -> tuple[Any, Where, int]:
        try:
            value, anchored, nodes = self.anchors[event.anchor]
        except KeyError:
            name = event.anchor
            if any(frame.anchor == name for frame in self.stack):
                msg = f"alias *{name} is inside &{name} itself (a structure that contains itself)"
                raise self.fail(where, msg) from None
            hint = f"define &{name} above its first use; anchors do not reach across '---'"
            raise self.fail(where, f"unknown alias *{name}", hint) from None
        self.alias_nodes += nodes
        used = Where(where.line, where.column, anchored.raw, plain=anchored.plain)
        used.items, used.keys = anchored.items, anchored.keys
        if self.alias_nodes > self.limits.max_alias_nodes:
            msg = (
                f"aliases expand to more than {self.limits.max_alias_nodes} nodes (an alias bomb?)"
            )
            hint = "raise Limits.max_alias_nodes if you trust this file"
            raise self.fail(where, msg, hint)
        return value, used, nodes

    def check_collection_tag(self, event: Any, where: Where, *, mapping: bool) -> None:
        tag = event.tag
        if tag is None or tag == "!" or tag == _TAG + ("map" if mapping else "seq"):
            return
        raise self.fail(where, f"tag {_short(tag)} is not allowed", _TAG_HINT)

    def scalar(self, event: Any, where: Where) -> Any:
        value: str = event.value
        tag = event.tag
        implicit = tag is None or tag == "!"
        if implicit:
            if not event.implicit[0]:
                return value  # quoted or block scalar: always a string
            if _PLAIN_INT.fullmatch(value) and len(value) <= _MAX_DIGITS:
                return int(value)
            for candidate, pattern in _IMPLICIT.get(value[:1], ()):
                if pattern.match(value):
                    tag = candidate
                    break
            else:
                return value
            if tag not in _SCALAR_TAGS:  # '<<' (read by the mapping) or '=' (!!value)
                return value  # safe_load cannot construct a bare '=': here it is text
        elif tag not in _SCALAR_TAGS:
            raise self.fail(where, f"tag {_short(tag)} is not allowed", _TAG_HINT)
        if tag == _STR:
            return value
        quote = f"quote it if you mean the text: '{_shown(value, quotes=False)}'"
        if tag == _INT and len(value) > _MAX_DIGITS:
            msg = f"the number {_shown(value)} is longer than {_MAX_DIGITS} characters"
            raise self.fail(where, msg, quote if implicit else None)
        construct: Callable[[ScalarNode], Any] = getattr(
            self.constructor, "construct_yaml_" + tag.removeprefix(_TAG)
        )
        try:
            return construct(ScalarNode(tag, value))
        except (ValueError, TypeError, AttributeError, OverflowError, yaml.YAMLError):
            # PyYAML's constructors fail in several ways (a bad !!timestamp: AttributeError)
            if not implicit:
                raise self.fail(where, f"{_shown(value)} is not a valid {_short(tag)}") from None
            looks = _LOOKS_LIKE.get(tag, "a " + _short(tag))
            msg = f"{_shown(value)} looks like {looks} but is not a valid one"
            raise self.fail(where, msg, quote) from None


_TAG_HINT = "govkit reads plain YAML: only the standard tags !!str, !!int, !!float, !!bool, ..."


def _shown(value: str, *, quotes: bool = True) -> str:
    """Show a scalar in a message, shortened: a YAML file may hold huge ones."""
    shown = value if len(value) <= 40 else value[:37] + "..."
    return repr(shown) if quotes else shown


def key_path_part(key: Any, where: Where | None) -> PathPart:
    """
    Name a mapping key in a YAML path: a string as it is, anything else as written.

    ``1:``, ``yes:`` or ``2026-01-31:`` are keys YAML reads as a number, a boolean
    or a date; the path shows the text, so ``$['1']`` is never taken for an index.
    """
    if type(key) is str:
        return key
    if where is not None and where.raw is not None:
        return where.raw
    return str(key)


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
