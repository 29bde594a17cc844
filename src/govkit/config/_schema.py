"""A JSON Schema of every registered kind, for editors that complete and check YAML."""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from fractions import Fraction
from typing import Any, Union, get_args, get_origin

import attrs

from govkit._version import __version__
from govkit.config._converter import DOCUMENTS, FAMILIES, SHORTHANDS
from govkit.config._door import SCHEMA_VERSION
from govkit.config._frozenmap import FrozenMap

__all__ = ["json_schema"]

FRACTION_PATTERN = r"^\s*-?\d+\s*(/\s*\d+\s*)?$|^\s*-?\d+\.\d+\s*$"
_PARAM = re.compile(r"^(\w+(?:, \w+)*) : [^\n]*\n((?:    [^\n]*\n?)+)", re.MULTILINE)


def _field_docs(cls: type[Any]) -> dict[str, str]:
    """Field descriptions from the numpydoc ``Parameters`` section of *cls*."""
    doc = cls.__doc__ or ""
    section = doc.split("Parameters\n", 1)[-1] if "Parameters\n" in doc else ""
    section = re.split(r"\n\s*\n\s*[A-Z][a-z]+\n\s*-{3,}", section, maxsplit=1)[0]
    lines = [line[4:] if line.startswith("    ") else line for line in section.splitlines()]
    docs: dict[str, str] = {}
    for match in _PARAM.finditer("\n".join(lines) + "\n"):
        text = " ".join(part.strip() for part in match.group(2).splitlines())
        for name in match.group(1).split(", "):
            docs[name] = text
    return docs


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, cls: type[Any]) -> dict[str, Any]:
        # Keyed by package and name: voting's AllOf and another package's AllOf stay apart.
        package = cls.__module__.split(".")[1] if cls.__module__.startswith("govkit.") else "ext"
        name = f"{package}.{cls.__name__}"
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type[Any], *, header: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            hints = typing.get_type_hints(cls)
        except (NameError, TypeError):  # an annotation only a type checker can read
            hints = {}
        docs = _field_docs(cls)
        properties: dict[str, Any] = dict(header or {})
        required = list(header or {})
        kind = DOCUMENTS.kind_of(cls) or getattr(cls, "kind", None)
        if header is None and kind is not None:
            properties["kind"] = {"const": kind}
        for attribute in attrs.fields(cls):
            schema = self.type(hints.get(attribute.name, attribute.type))
            if attribute.name in docs:
                schema = {**schema, "description": docs[attribute.name]}
            properties[attribute.name] = schema
            if attribute.default is attrs.NOTHING:
                required.append(attribute.name)
        out: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        summary = (cls.__doc__ or "").strip().split("\n", 1)[0]
        if summary:
            out["description"] = summary
        if required:
            out["required"] = required
        return out

    def type(self, type_: Any) -> dict[str, Any]:  # noqa: PLR0911, PLR0912 - one case per type
        origin = get_origin(type_)
        args = get_args(type_)
        if type_ is type(None):
            return {"type": "null"}
        if origin in (Union, types.UnionType):
            return {"anyOf": [self.type(arg) for arg in args]}
        if type_ is bool:
            return {"type": "boolean"}
        if type_ is int:
            return {"type": "integer"}
        if type_ is float:
            return {"type": "number"}
        if type_ is str:
            return {"type": "string"}
        if type_ is Fraction:
            return {
                "anyOf": [{"type": "integer"}, {"type": "string", "pattern": FRACTION_PATTERN}],
                "description": "an exact share: an integer or a quoted fraction such as '2/3'",
            }
        if type_ is dt.date:
            return {"type": "string", "format": "date"}
        if type_ is dt.datetime:
            return {"type": "string", "format": "date-time"}
        if isinstance(type_, type) and issubclass(type_, enum.Enum):
            return {"enum": [member.value for member in type_]}
        if origin in (tuple, list, frozenset):
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                items = [self.type(arg) for arg in args]
                return {
                    "type": "array",
                    "prefixItems": items,
                    "items": False,
                    "minItems": len(items),
                }
            schema: dict[str, Any] = {"type": "array", "items": self.type(args[0])}
            if origin is frozenset:
                schema["uniqueItems"] = True
            return schema
        if origin in (dict, FrozenMap):
            return {"type": "object", "additionalProperties": self.type(args[1])}
        if type_ in FAMILIES:
            registry = FAMILIES[type_]
            return {
                "oneOf": [{**self.ref(cls), "required": ["kind"]} for cls in registry.classes()],
                "description": f"a {registry.family}: a mapping with a 'kind' key",
            }
        if attrs.has(type_):
            ref = self.ref(type_)
            if type_ in SHORTHANDS:
                short = {"type": "string", "description": f"short for {{{SHORTHANDS[type_]}: ...}}"}
                return {"anyOf": [ref, short]}
            kind = DOCUMENTS.kind_of(type_)
            if kind is None:
                return ref
            article = "an" if kind[0] in "aeiou" else "a"
            reference = {"type": "string", "description": f"the id of {article} {kind} document"}
            return {"anyOf": [ref, reference]}
        return {}


def json_schema() -> dict[str, Any]:
    """
    One JSON Schema (draft 2020-12) for every document kind govkit can load.

    Editors (VS Code's YAML extension, JetBrains IDEs) use it to complete keys
    and flag mistakes as you type; ``govkit validate`` stays the authority, since
    some checks (references, graphs, cross-field rules) need govkit itself.
    """
    builder = _Builder()
    documents = []
    for kind in DOCUMENTS:
        cls = DOCUMENTS[kind]
        header = {"govkit": {"const": SCHEMA_VERSION}, "kind": {"const": kind}}
        body = builder.object(cls, header=header)
        builder.defs[f"document_{kind}"] = body
        documents.append({"$ref": f"#/$defs/document_{kind}"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"govkit {__version__} document",
        "description": "One YAML document of govkit: 'govkit: 1', a 'kind' and its fields.",
        "oneOf": documents,
        "$defs": dict(sorted(builder.defs.items())),
    }
