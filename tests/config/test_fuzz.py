"""Bad input of any shape gets a ConfigError: never a dependency's exception or a bare one."""

from __future__ import annotations

import io
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govkit
from govkit.config import DOCUMENTS, unstructure
from govkit.errors import ConfigError, Problem
from tests.strategies import DOCUMENT_STRATEGIES

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["yes", "12:30", "1.10", "2/3", "0.66", "~", "2026-02-30", "-1", "1e400"]),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def load_or_config_error(source: str | io.BytesIO) -> None:
    """Load *source*; a failure must be a ConfigError with at least one worded problem."""
    problems: tuple[Problem, ...] = ()
    try:
        govkit.load_all(source)
    except ConfigError as error:
        problems = error.problems or (Problem(message=""),)
    assert all(problem.message for problem in problems)


@SETTINGS
@given(text=st.text(max_size=200))
def test_any_text_loads_or_fails_with_config_error(text: str) -> None:
    """Arbitrary text (syntax errors, control characters, junk) never escapes as another error."""
    load_or_config_error(text + "\n")


@SETTINGS
@given(data=st.binary(max_size=200))
def test_any_bytes_load_or_fail_with_config_error(data: bytes) -> None:
    """Arbitrary bytes from a stream (binary junk, bad UTF-8) give a ConfigError."""
    load_or_config_error(io.BytesIO(data))


@SETTINGS
@given(
    kind=st.sampled_from(list(DOCUMENTS)),
    body=st.dictionaries(st.text(max_size=10), yaml_values),
)
def test_random_bodies_of_every_kind_fail_cleanly(kind: str, body: dict[str, Any]) -> None:
    """Any mapping under any kind is either valid or a located ConfigError."""
    document = {"govkit": 1, "kind": kind, **body}

    load_or_config_error(yaml.safe_dump(document, allow_unicode=True))


@st.composite
def mutated_documents(draw: Any) -> str:
    """A valid document with one value somewhere replaced by a random YAML value."""
    kind = draw(st.sampled_from(list(DOCUMENTS)))
    data = unstructure(draw(DOCUMENT_STRATEGIES[kind]))
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*path, index))

    walk(data, ())
    path = draw(st.sampled_from(paths[1:])) if len(paths) > 1 else ()
    if path:
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = draw(yaml_values)
    return yaml.safe_dump({"govkit": 1, "kind": kind, **data}, allow_unicode=True)


@SETTINGS
@given(text=mutated_documents())
def test_mutated_valid_documents_fail_cleanly(text: str) -> None:
    """One wrong value anywhere in a valid document is reported, not raised raw."""
    load_or_config_error(text)
