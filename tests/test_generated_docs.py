"""The generated reference pages (YAML reference, presets) match the code they come from."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from govkit.config import DOCUMENTS, presets

ROOT = Path(__file__).parent.parent
SCRIPT = ROOT / "scripts" / "gen_reference.py"
SPEC = importlib.util.spec_from_file_location("gen_reference", SCRIPT)
assert SPEC is not None
assert SPEC.loader is not None
gen_reference = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(gen_reference)


@pytest.mark.parametrize("name", sorted(gen_reference.PAGES))
def test_reference_page_is_up_to_date(name: str) -> None:
    """Run `python scripts/gen_reference.py` after changing a kind, a docstring or a preset."""
    committed = (ROOT / "docs" / "reference" / name).read_text(encoding="utf-8")
    assert committed == gen_reference.PAGES[name](), f"docs/reference/{name} is stale"


def test_every_kind_and_preset_is_on_its_page() -> None:
    """Each document kind has a section; each preset a row."""
    yaml_page = gen_reference.yaml_reference()
    presets_page = gen_reference.presets_reference()
    for kind in DOCUMENTS:
        assert f"## `kind: {kind}`" in yaml_page
    for info in presets():
        assert f"| `{info.id}` |" in presets_page
