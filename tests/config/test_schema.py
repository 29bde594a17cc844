"""The JSON Schema covers every kind, and every example and preset validates against it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from govkit.config import DOCUMENTS, json_schema, presets

ROOT = Path(__file__).parent.parent.parent
EXAMPLE_FILES = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "src" / "govkit" / "examples").glob("*.yaml")
)
PRESET_FILES = sorted({info.path for info in presets()})


def _as_json(value: Any) -> Any:
    """What an editor sees: YAML dates are strings in JSON."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_names_every_document_kind() -> None:
    """Each registered document kind has its own definition in the schema."""
    schema = json_schema()

    assert [ref["$ref"] for ref in schema["oneOf"]] == [
        f"#/$defs/document_{kind}" for kind in DOCUMENTS
    ]


@pytest.mark.parametrize("path", EXAMPLE_FILES + PRESET_FILES, ids=lambda p: p.name)
def test_every_example_and_preset_validates(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    """Editors using the schema accept every file govkit ships."""
    documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))

    for document in documents:
        errors = [error.message for error in validator.iter_errors(_as_json(document))]
        assert errors == []


@pytest.mark.parametrize(
    "document",
    [
        {"govkit": 1, "kind": "roll", "members": ["a"], "qorum": 1},
        {"govkit": 2, "kind": "roll", "members": ["a"]},
        {
            "govkit": 1,
            "kind": "decision_rule",
            "threshold": {"kind": "share", "count": "for", "of": "cast", "more_than": 0.5},
        },
        {"govkit": 1, "kind": "nothing"},
    ],
    ids=["unknown-key", "wrong-version", "float-share", "unknown-kind"],
)
def test_schema_rejects_what_govkit_rejects(
    document: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    """The schema flags the common mistakes an editor should underline."""
    assert not validator.is_valid(document)


def test_field_descriptions_come_from_docstrings() -> None:
    """Editors show each field's description, taken from the class docstring."""
    schema = json_schema()

    share = schema["$defs"]["voting.Share"]["properties"]
    assert "inclusive or strict" in share["at_least"]["description"]


def test_same_named_classes_of_two_packages_do_not_clash() -> None:
    """Definitions are keyed by package and name, so each class keeps its own."""
    defs = json_schema()["$defs"]

    assert "voting.AllOf" in defs
    assert all("." in name or name.startswith("document_") for name in defs)
