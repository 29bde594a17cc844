"""Packaged presets: every id is unique across all kinds and every file loads."""

from __future__ import annotations

from collections import Counter

import pytest

import govkit
from govkit.config import preset_ids, presets
from govkit.config._preset import _TOP_LEVEL_ID, _preset_files


def test_preset_ids_are_unique_across_kinds() -> None:
    """A reference by id must name one preset: no id is used twice, whatever the kinds."""
    ids = [
        match.group(1)
        for path in _preset_files()
        for match in _TOP_LEVEL_ID.finditer(path.read_text(encoding="utf-8"))
    ]

    assert [ident for ident, count in Counter(ids).items() if count > 1] == []


def test_every_preset_id_loads_as_listed() -> None:
    """The id index (read without loading) agrees with the loaded presets."""
    listed = {info.id for info in presets()}

    assert listed == set(preset_ids())


@pytest.mark.parametrize("path", _preset_files(), ids=lambda path: path.name)
def test_every_preset_file_loads_and_carries_its_source(path: object) -> None:
    """Each preset is valid and says where its numbers come from, and whether verified."""
    for document in govkit.load_all(path):  # type: ignore[arg-type]
        assert getattr(document, "id", None), f"a preset in {path} has no id"
        if hasattr(document, "verified"):
            assert getattr(document, "source", None) is not None, f"{document.id} has no source"
