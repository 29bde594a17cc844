"""`govkit graph` draws the case documents too; `govkit validate` locates their problems."""

from __future__ import annotations

import io
from pathlib import Path

from govkit.cases import to_mermaid
from govkit.cli import main
from govkit.config import load_preset


def run(*argv: str) -> tuple[int, str, str]:
    """Run the govkit command; return its exit code, output and error output."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_graph_draws_lifecycles_routing_and_policies() -> None:
    """Presets by id, a file's routing by --id; other kinds are refused with their kind."""
    code, out, _ = run("graph", "city_management_loop")
    assert code == 0
    assert out == to_mermaid(load_preset("city_management_loop"))
    code, out, _ = run("graph", "street_whistle", "--format", "dot")
    assert code == 0
    assert out.startswith('digraph "street_whistle" {')
    code, out, _ = run("graph", "examples/cases_district.yaml")
    assert code == 0
    assert 'report -->|"otherwise (fallback)"| level_community' in out
    code, _, err = run("graph", "civil_code_278_ordinary")
    assert code == 1
    assert "civil_code_278_ordinary is a decision_rule" in err


def test_validate_locates_case_system_problems(tmp_path: Path) -> None:
    """A misspelt tier in a routing rule is reported with its path and a suggestion.

    The routing is its own document, checked against the hierarchy by the case system that
    refers to it: the problem is located at that reference, with the path into the routing.
    """
    text = Path("examples/cases_district.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("to: [community]", "to: [comunity]"), encoding="utf-8")
    code, _, err = run("validate", str(broken))
    line = text.splitlines().index("routing: jianwai_routing") + 1
    assert code == 1
    assert f"broken.yaml:{line}:10: error: unknown tier or level 'comunity'" in err
    assert "[$.routing.rules[2].to[0].level]" in err
    assert "did you mean 'community'?" in err
