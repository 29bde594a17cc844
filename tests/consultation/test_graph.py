"""Diagrams: Mermaid and DOT for every preset, and the `govkit graph` command."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from govkit.cli import main
from govkit.config import load_preset, presets
from govkit.consultation import Procedure, to_dot, to_mermaid

PROCEDURES = [info.id for info in presets("procedure")]


@pytest.mark.parametrize("ident", PROCEDURES)
def test_every_transition_is_drawn(ident: str) -> None:
    """Each transition appears as an edge in both diagrams, each terminal as an end."""
    procedure = load_preset(ident, Procedure)
    mermaid = to_mermaid(procedure)
    dot = to_dot(procedure)

    edges = [(s.id, t.to) for s in procedure.stages for t in s.transitions]
    assert mermaid.startswith(f"stateDiagram-v2\n    [*] --> {procedure.start}\n")
    assert sum(line.startswith("    ") and " --> " in line for line in mermaid.splitlines()) == (
        len(edges) + len(procedure.terminals) + 1
    )
    for source, target in edges:
        assert f"    {source} --> {target} : " in mermaid
        assert f'    "{source}" -> "{target}" [label=' in dot
    assert dot.count("doubleoctagon") == len(procedure.terminals)
    assert dot.rstrip().endswith("}")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_cli_graph_draws_a_preset_as_mermaid_and_dot() -> None:
    """`govkit graph ID` prints Mermaid; `--format dot` prints DOT."""
    code, out, _ = run("graph", "roberts_motion")
    code_dot, dot, _ = run("graph", "roberts_motion", "--format", "dot")

    assert code == code_dot == 0
    assert out == to_mermaid(load_preset("roberts_motion", Procedure))
    assert dot.startswith('digraph "roberts_motion" {')


def test_cli_graph_reads_a_file_and_picks_by_id(tmp_path: Path) -> None:
    """A file with several procedures needs --id; a broken file prints located problems."""
    path = tmp_path / "two.yaml"
    one = (
        "govkit: 1\nkind: procedure\nid: {}\nstart: a\nstages:\n"
        "  - {{id: a, allows: [submit],\n"
        "     transitions: [{{to: b, outcome: done, event: stage_closed}}]}}\n"
        "  - {{id: b, terminal: true}}\n"
    )
    path.write_text(one.format("first") + "---\n" + one.format("second"), encoding="utf-8")

    ambiguous = run("graph", str(path))
    picked = run("graph", str(path), "--id", "second")
    path.write_text(one.format("x").replace("to: b", "to: c"), encoding="utf-8")
    broken = run("graph", str(path))

    assert ambiguous[0] == 1
    assert "use --id: first, second" in ambiguous[2]
    assert picked[0] == 0
    assert "a --> b : done (on stage closed)" in picked[1]
    assert broken[0] == 1
    assert "transition to unknown stage 'c'" in broken[2]
