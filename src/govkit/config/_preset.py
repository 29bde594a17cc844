"""Presets: packaged YAML documents (real rules with their sources), found by id."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from attrs import frozen

from govkit._suggest import did_you_mean
from govkit.config._converter import DOCUMENTS
from govkit.config._door import load_all
from govkit.errors import ConfigError, Problem

__all__ = ["PresetInfo", "load_preset", "preset_ids", "preset_path", "presets"]

T = TypeVar("T")


def _preset_files() -> list[Path]:
    root = Path(str(resources.files("govkit.presets")))
    return sorted(root.rglob("*.yaml"))


@frozen(kw_only=True)
class PresetInfo:
    """One packaged preset: its id, kind, title, source and whether it is verified."""

    id: str
    kind: str
    title: str
    source: str
    verified: bool
    path: Path


def presets(kind: str | None = None) -> tuple[PresetInfo, ...]:
    """
    List the packaged presets, sorted by id (optionally only those of one *kind*).

    Examples
    --------
    >>> [p.id for p in presets("decision_rule")][:2]
    ['civil_code_278_ordinary', 'civil_code_278_participation']
    """
    found = []
    for path in _preset_files():
        if kind is not None and not re.search(
            rf"^kind:[ \t]*{re.escape(kind)}[ \t]*$", path.read_text(encoding="utf-8"), re.MULTILINE
        ):
            continue  # no document of that kind here: do not load the file
        for document in load_all(path):
            ident = getattr(document, "id", None)
            document_kind = DOCUMENTS.kind_of(type(document)) or "?"
            if ident is None or (kind is not None and document_kind != kind):
                continue
            source = getattr(document, "source", None)
            found.append(
                PresetInfo(
                    id=ident,
                    kind=document_kind,
                    title=getattr(document, "title", None) or ident,
                    source=str(source) if source is not None else "",
                    verified=bool(getattr(document, "verified", False)),
                    path=path,
                )
            )
    return tuple(sorted(found, key=lambda info: info.id))


_TOP_LEVEL_ID = re.compile(r"^id:[ \t]*['\"]?([^'\"#\s]+)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)


def preset_ids() -> dict[str, Path]:
    """
    Map every packaged preset id to its file, without loading any preset.

    A top-level ``id:`` line in a preset file names a preset; reading only those
    lines keeps references to presets fast, and a problem in one preset file
    from breaking references to the others.
    """
    ids: dict[str, Path] = {}
    for path in _preset_files():
        for match in _TOP_LEVEL_ID.finditer(path.read_text(encoding="utf-8")):
            ids.setdefault(match.group(1), path)
    return ids


def preset_path(name: str) -> Path:
    """Return the packaged file that holds preset *name*, or raise ConfigError."""
    ids = preset_ids()
    if name in ids:
        return ids[name]
    hint = did_you_mean(name, ids) or "see: govkit presets list"
    raise ConfigError([Problem(message=f"no preset {name!r}", source="<presets>", hint=hint)])


def load_preset(name: str, kind: type[T] | None = None) -> Any:
    """
    Load the packaged preset called *name* (a document id), as *kind* if given.

    Examples
    --------
    >>> from govkit.voting import DecisionRule
    >>> load_preset("roberts_two_thirds", DecisionRule).threshold.at_least
    Fraction(2, 3)
    """
    bundle = load_all(preset_path(name))
    document = bundle[name]
    if kind is not None and not isinstance(document, kind):
        found = DOCUMENTS.kind_of(type(document))
        wanted = DOCUMENTS.kind_of(kind) or kind.__name__
        msg = f"preset {name!r} is a {found}, not a {wanted}"
        raise ConfigError([Problem(message=msg, source=str(preset_path(name)))])
    return document
