"""`load` and `dump`: the way in and the way out for every govkit document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar, overload

import yaml
from attrs import field, frozen

from govkit._suggest import did_you_mean
from govkit.config._converter import DOCUMENTS, converter, describe, resolving
from govkit.config._locate import BrokenReference, locate, problems_of
from govkit.config._yaml import Document, Limits, Source, read_documents
from govkit.errors import ConfigError, PathPart, Problem, UnknownKindError

__all__ = ["SCHEMA_VERSION", "Bundle", "dump", "load", "load_all", "structure", "unstructure"]

T = TypeVar("T")

SCHEMA_VERSION = 1
"""The ``govkit:`` version this release reads and writes."""

_DUMPER: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@frozen
class Bundle:
    r"""
    Every document of one `load_all` call, in file order, with lookup by id.

    Examples
    --------
    >>> bundle = load_all("govkit: 1\nkind: roll\nid: council\nmembers: [ann, bo]\n")
    >>> len(bundle), [member.id for member in bundle["council"].members]
    (1, ['ann', 'bo'])
    """

    documents: tuple[Any, ...]
    _ids: dict[str, Any] = field(factory=dict, eq=False, repr=False, alias="_ids")

    def __getitem__(self, ident: str) -> Any:
        try:
            return self._ids[ident]
        except KeyError:
            hint = did_you_mean(ident, self._ids)
            msg = f"no document with id {ident!r}" + (f" ({hint})" if hint else "")
            raise KeyError(msg) from None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def of(self, cls: type[T]) -> tuple[T, ...]:
        """Return the documents that are instances of *cls*."""
        return tuple(doc for doc in self.documents if isinstance(doc, cls))


def structure(data: Any, cls: type[T], *, source: str | None = None) -> T:
    """
    Build *cls* from plain data (already parsed), or raise ConfigError listing every problem.

    Positions are unknown here; use `load` for YAML text so problems carry lines.
    """
    try:
        return converter.structure(data, cls)
    except Exception as exc:  # every problem is turned into a located ConfigError
        from govkit.config._yaml import Where  # noqa: PLC0415

        problems = problems_of(exc, Where(0, 0), source or "<data>")
        unlocated = [
            Problem(message=p.message, path=p.path, source=source, hint=p.hint) for p in problems
        ]
        raise ConfigError(unlocated, source) from None


def unstructure(obj: Any) -> Any:
    """Turn a govkit object into plain data (dicts, lists, str, int, dates)."""
    return converter.unstructure(obj)


class _Assembler:
    """Structures the documents of one input, resolving references by id."""

    def __init__(self, documents: list[Document], source: str) -> None:
        self.documents = documents
        self.source = source
        self.problems: list[Problem] = []
        self.classes: dict[int, type[Any]] = {}
        self.ids: dict[str, list[int]] = {}
        self.built: dict[int, Any] = {}
        self.failed: set[int] = set()
        self.building: list[int] = []

    def problem(
        self, index: int, path: tuple[PathPart, ...], message: str, hint: str | None = None
    ) -> None:
        doc = self.documents[index]
        node = locate(doc.where, path)
        self.problems.append(
            Problem(
                message=message,
                path=path,
                source=doc.source,
                line=node.line,
                column=node.column,
                hint=hint,
            )
        )

    def check_header(self, index: int) -> None:
        data = self.documents[index].data
        start = "start each document with 'govkit: 1' and 'kind: ...'"
        if not isinstance(data, dict):
            self.problem(index, (), f"a govkit document is a mapping, got {describe(data)}", start)
            return
        if "govkit" not in data:
            self.problem(index, (), "missing 'govkit: 1' (the schema version)", start)
        elif type(data["govkit"]) is not int or data["govkit"] != SCHEMA_VERSION:
            self.check_version(index)
        known = ", ".join(DOCUMENTS)
        if "kind" not in data:
            self.problem(index, (), f"missing 'kind'; known kinds: {known}", start)
            return
        if not isinstance(data["kind"], str):
            msg = f"expected a document kind ({known}), got {describe(data['kind'])}"
            self.problem(index, ("kind",), msg)
            return
        try:
            cls = DOCUMENTS[data["kind"]]
        except UnknownKindError as exc:
            self.problem(index, ("kind",), exc.message, exc.hint)
            return
        self.classes[index] = cls
        ident = data.get("id")
        if not isinstance(ident, str):  # a wrong id is reported when the document is built
            return
        self.ids.setdefault(ident, []).append(index)
        if len(self.ids[ident]) > 1:
            first = locate(self.documents[self.ids[ident][0]].where, ("id",))
            self.problem(
                index,
                ("id",),
                f"duplicate id {ident!r} (first at line {first.line})",
                "give every document its own id",
            )

    def check_version(self, index: int) -> None:
        """Report a ``govkit:`` version this release cannot read, shown as written."""
        found = self.documents[index].data["govkit"]
        node = locate(self.documents[index].where, ("govkit",))
        if node.raw is None or node.items is not None:
            written = describe(found)
        elif node.plain:
            written = node.raw or "(empty)"
        else:
            written = repr(node.raw)
        hint = f"write 'govkit: {SCHEMA_VERSION}'"
        if type(found) is str and not node.plain:
            hint += " (a number, without quotes)"
        elif type(found) is int and found > SCHEMA_VERSION:
            hint = f"this file needs a newer govkit; {hint} only if it follows schema 1"
        msg = f"unsupported schema version govkit: {written}; this govkit reads {SCHEMA_VERSION}"
        self.problem(index, ("govkit",), msg, hint)

    def build(self, ident: str, cls: type[Any], kind: str) -> Any:
        """Resolve a reference (`ReferenceResolver` protocol)."""
        indexes = self.ids.get(ident)
        if not indexes:
            preset = _preset(ident, cls)
            if preset is not None:
                return preset
            from govkit.config._preset import preset_ids  # noqa: PLC0415

            same_kind = sorted(
                i for i, found in self.ids.items() if self.classes.get(found[0]) is cls
            )
            hint = did_you_mean(ident, [*self.ids, *preset_ids()]) or (
                f"{kind} ids in this file: {', '.join(same_kind)}"
                if same_kind
                else f"no {kind} in this file has an id; see govkit presets list"
            )
            msg = f"no document or preset has id {ident!r}"
            raise ConfigError([Problem(message=msg, hint=hint)])
        if len(indexes) > 1:
            lines = ", ".join(str(locate(self.documents[i].where, ("id",)).line) for i in indexes)
            msg = f"ambiguous reference {ident!r}: documents at lines {lines} all have this id"
            raise ConfigError([Problem(message=msg)])
        index = indexes[0]
        found = self.classes.get(index)
        if found is not cls:
            msg = f"{ident!r} is a {found.kind if found else 'document'}, expected a {kind}"
            raise ConfigError([Problem(message=msg)])
        if index in self.building:
            names = [
                self.documents[i].data.get("id", "?")
                for i in self.building[self.building.index(index) :]
            ]
            msg = "reference cycle: " + " -> ".join([*names, ident])
            raise ConfigError([Problem(message=msg)])
        return self.structure(index)

    def structure(self, index: int) -> Any:
        if index in self.built:
            return self.built[index]
        if index in self.failed:
            raise BrokenReference
        doc = self.documents[index]
        cls = self.classes[index]
        body = {key: value for key, value in doc.data.items() if key not in ("govkit", "kind")}
        self.building.append(index)
        try:
            with resolving(self):
                obj = converter.structure(body, cls)
        except Exception as exc:  # every problem is located and reported together
            self.failed.add(index)
            self.problems.extend(problems_of(exc, doc.where, doc.source))
            raise BrokenReference from None
        finally:
            self.building.pop()
        self.built[index] = obj
        return obj

    def run(self) -> Bundle:
        if not self.documents:
            problem = Problem(
                message="no govkit document in the input",
                source=self.source,
                line=1,
                column=1,
                hint="start the file with 'govkit: 1' and 'kind: ...'",
            )
            raise ConfigError([problem], self.source)
        for index in range(len(self.documents)):
            self.check_header(index)
        for index in self.classes:
            try:
                self.structure(index)
            except BrokenReference:
                continue
        if self.problems:
            ordered = sorted(self.problems, key=lambda p: (p.line or 0, p.column or 0))
            raise ConfigError(ordered, self.source)
        objects = tuple(self.built[index] for index in range(len(self.documents)))
        ids = {ident: self.built[indexes[0]] for ident, indexes in self.ids.items()}
        return Bundle(objects, ids)


def _preset(ident: str, cls: type[Any]) -> Any:
    """Return the packaged preset *ident* when it is a *cls*, else None."""
    from govkit.config._preset import load_preset, preset_ids  # noqa: PLC0415 - presets use load_all

    if ident in preset_ids():
        document = load_preset(ident)
        return document if isinstance(document, cls) else None
    return None


def load_all(source: Source, *, limits: Limits | None = None) -> Bundle:
    """
    Load every document of a YAML file, string or stream.

    Parameters
    ----------
    source : path, str or stream
        A `pathlib.Path` or a str without line breaks is a file path; a str with a
        line break (or starting ``govkit:``, ``{`` or ``---``) is YAML text; an
        object with ``read()`` is a stream.
    limits : Limits, optional
        Bounds on size, nesting and alias expansion.

    Raises
    ------
    ConfigError
        Listing every problem found, each with file, line, column and YAML path.
    """
    documents = [doc for doc in read_documents(source, limits) if doc.data is not None]
    name = documents[0].source if documents else _source_name(source)
    return _Assembler(documents, name).run()


def _source_name(source: Source) -> str:
    from govkit.config._yaml import _name_of  # noqa: PLC0415

    return _name_of(source)


@overload
def load(source: Source, kind: type[T], *, limits: Limits | None = None) -> T: ...
@overload
def load(source: Source, kind: None = None, *, limits: Limits | None = None) -> Any: ...
def load(source: Source, kind: type[T] | None = None, *, limits: Limits | None = None) -> Any:
    r"""
    Load one govkit object from a YAML file, string or stream.

    The input may hold several documents (a rule and the documents it refers
    to by id); `load` returns the one of class *kind*, or the only document
    when *kind* is not given. Use `load_all` to get them all.

    Raises
    ------
    ConfigError
        Listing every problem found, or when the input holds no single document
        of the class asked for.

    Examples
    --------
    >>> roll = load("govkit: 1\nkind: roll\nmembers: [ann, bo]\n")
    >>> [member.id for member in roll.members]
    ['ann', 'bo']
    """
    bundle = load_all(source, limits=limits)
    candidates = bundle.of(kind) if kind is not None else bundle.documents
    if len(candidates) == 1:
        return candidates[0]
    name = _source_name(source)
    wanted = DOCUMENTS.kind_of(kind) or kind.__name__ if kind is not None else "document"
    kinds = ", ".join(type(doc).kind for doc in bundle.documents)
    msg = f"expected one {wanted}, found {len(candidates)} among the documents ({kinds})"
    raise ConfigError(
        [Problem(message=msg, source=name, hint="use govkit.load_all to get them all")], name
    )


def dump(*objects: Any) -> str:
    """
    Write govkit objects as YAML documents that `load` reads back equal.

    Examples
    --------
    >>> from govkit.voting import Roll
    >>> print(dump(Roll(members=("ann", "bo"))), end="")
    govkit: 1
    kind: roll
    members:
    - ann
    - bo
    """
    data = []
    for obj in objects:
        kind = DOCUMENTS.kind_of(type(obj))
        if kind is None:
            family, name = "document", type(obj).__name__
            raise UnknownKindError(family, name, tuple(DOCUMENTS))
        data.append(
            {"govkit": SCHEMA_VERSION, "kind": kind, **converter.unstructure(obj, type(obj))}
        )
    return yaml.dump_all(
        data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, default_flow_style=False
    )
