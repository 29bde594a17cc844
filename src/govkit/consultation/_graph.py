"""Procedure diagrams: Mermaid and Graphviz DOT text, as pure functions."""

from __future__ import annotations

from govkit.consultation._procedure import Procedure

__all__ = ["to_dot", "to_mermaid"]


def _label(text: str) -> str:
    return text.replace('"', "'").replace(":", " -").replace("\n", " ")


def to_mermaid(procedure: Procedure) -> str:
    """
    Return *procedure* as a Mermaid state diagram.

    Examples
    --------
    >>> from govkit.config import load_preset
    >>> print(to_mermaid(load_preset("roberts_motion")).splitlines()[1])
        [*] --> moved
    """
    lines = ["stateDiagram-v2", f"    [*] --> {procedure.start}"]
    for stage in procedure.stages:
        if stage.title:
            lines.append(f"    {stage.id} : {_label(stage.title)}")
    for stage in procedure.stages:
        for transition in stage.transitions:
            label = transition.outcome
            if transition.describe():
                label += f" ({transition.describe()})"
            lines.append(f"    {stage.id} --> {transition.to} : {_label(label)}")
        if stage.terminal:
            lines.append(f"    {stage.id} --> [*]")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(procedure: Procedure) -> str:
    """
    Return *procedure* as a Graphviz DOT digraph (terminal stages drawn as double octagons).

    Examples
    --------
    >>> from govkit.config import load_preset
    >>> print(to_dot(load_preset("roberts_motion")).splitlines()[0])
    digraph "roberts_motion" {
    """
    name = procedure.id or procedure.title or "procedure"
    lines = [
        f"digraph {_quote(name)} {{",
        "    rankdir=LR;",
        "    node [shape=box, style=rounded];",
        '    "__start__" [shape=point, label=""];',
    ]
    for stage in procedure.stages:
        shape = ", shape=doubleoctagon" if stage.terminal else ""
        lines.append(f"    {_quote(stage.id)} [label={_quote(stage.name)}{shape}];")
    lines.append(f'    "__start__" -> {_quote(procedure.start)};')
    for stage in procedure.stages:
        for transition in stage.transitions:
            label = transition.outcome
            if transition.describe():
                label += "\\n" + transition.describe().replace('"', "'")
            lines.append(f'    {_quote(stage.id)} -> {_quote(transition.to)} [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
