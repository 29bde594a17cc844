"""Exports: cases as Open311 GeoReport v2 requests; lifecycles, routing and policies as diagrams."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from govkit.cases._case import Case
from govkit.cases._lifecycle import CaseLifecycle
from govkit.cases._policy import Action, EscalationPolicy
from govkit.cases._routing import Routing

__all__ = ["DRAWABLE", "open311_requests", "to_dot", "to_mermaid", "to_open311"]

DRAWABLE = (CaseLifecycle, Routing, EscalationPolicy)
"""The case documents `to_mermaid` and `to_dot` draw."""


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(Decimal(text))
    except InvalidOperation:
        msg = f"a coordinate is decimal text such as '39.9042', got {text!r}"
        raise ValueError(msg) from None


def to_open311(case: Case, *, service_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """
    Return *case* as an Open311 GeoReport v2 service request (JSON data).

    The fields are those of GeoReport v2's ``GET requests`` response:
    ``service_request_id`` is the report's id, ``status`` the lifecycle state's
    Open311 status (``open`` or ``closed``), ``status_notes`` the state's title,
    ``service_code`` the category (``category/subcategory`` when there is one),
    ``service_name`` from *service_names* (default: the code),
    ``agency_responsible`` the current holder, ``expected_datetime`` the
    resolution deadline, ``address_id`` the hierarchy unit. Coordinates become
    JSON numbers.
    """
    report = case.file.report
    lifecycle = case.system.lifecycle
    state = None if case.state is None else lifecycle.state(case.state)
    code = (
        report.category if report.subcategory is None else f"{report.category}/{report.subcategory}"
    )
    resolution = case.clock("resolution")

    def moment(value: Any) -> str | None:
        return None if value is None else value.isoformat()

    return {
        "service_request_id": report.id,
        "status": "open" if state is None else state.open311_status,
        "status_notes": None if state is None else state.name,
        "service_name": (service_names or {}).get(code, code),
        "service_code": code,
        "description": report.description,
        "agency_responsible": None if case.holder is None else str(case.holder),
        "service_notice": None,
        "requested_datetime": moment(case.opened_at),
        "updated_datetime": moment(case.now),
        "expected_datetime": None if resolution is None else resolution.deadline.isoformat(),
        "address": report.address,
        "address_id": report.unit,
        "zipcode": None,
        "lat": _number(report.lat),
        "long": _number(report.long),
        "media_url": None,
    }


def open311_requests(
    cases: Iterable[Case], *, service_names: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Return *cases* as a GeoReport v2 ``requests.json`` body (a list of service requests)."""
    return [to_open311(case, service_names=service_names) for case in cases]


def _label(text: str) -> str:
    return text.replace('"', "'").replace(":", " -").replace("\n", " ")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _edges(
    document: CaseLifecycle | Routing | EscalationPolicy,
) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]], str, set[str]]:
    """Return nodes (id, label), edges (from, to, label), the start node and the end nodes."""
    nodes: list[tuple[str, str]] = []
    edges: list[tuple[str, str, str]] = []
    if isinstance(document, CaseLifecycle):
        nodes = [(state.id, state.name) for state in document.states]
        edges = [
            (state.id, target, event)
            for state in document.states
            for event, target in state.next.items()
        ]
        return nodes, edges, document.start, set(document.terminals)
    if isinstance(document, Routing):
        nodes = [("report", "report")]
        seen: set[str] = set()
        for number, rule in enumerate(document.rules, 1):
            for target in rule.to:
                name = str(target).replace(" ", "_")
                if name not in seen:
                    nodes.append((name, str(target)))
                    seen.add(name)
                edges.append(("report", name, f"{number}. {rule.when.describe()}"))
        if document.fallback is not None:
            name = str(document.fallback).replace(" ", "_")
            if name not in seen:
                nodes.append((name, str(document.fallback)))
            edges.append(("report", name, "otherwise (fallback)"))
        return nodes, edges, "report", set()
    nodes = [("dispatched", "dispatched to the handler")]
    previous = "dispatched"
    for step in document.steps:
        nodes.append((step.id, f"{step.action.value}: {step.to or ''}".rstrip(": ")))
        label = f"{step.when.value} after {step.after}"
        if step.repeat is not None:
            label += f", then {step.repeat.times}x every {step.repeat.every}"
        edges.append((previous, step.id, label))
        for summons in step.summon:
            name = f"{step.id}_{summons.department}"
            duties = ", ".join(f"{duty} {span}" for duty, span in summons.deadlines())
            nodes.append((name, f"{summons.department}: {duties}"))
            edges.append((step.id, name, "summons"))
        if step.action is Action.ESCALATE:
            previous = step.id
    return nodes, edges, "dispatched", set()


def to_mermaid(document: CaseLifecycle | Routing | EscalationPolicy) -> str:
    """
    Return a lifecycle as a Mermaid state diagram, routing or a policy as a flowchart.

    Examples
    --------
    >>> from govkit.config import load_preset
    >>> print(to_mermaid(load_preset("open311_loop")))
    stateDiagram-v2
        [*] --> open
        rejected : closed (not accepted)
        open --> open : dispatched
        open --> closed : closed
        open --> rejected : rejected
        closed --> [*]
        rejected --> [*]
    <BLANKLINE>
    """
    nodes, edges, start, ends = _edges(document)
    if isinstance(document, CaseLifecycle):
        lines = ["stateDiagram-v2", f"    [*] --> {start}"]
        lines += [f"    {node} : {_label(label)}" for node, label in nodes if label != node]
        lines += [f"    {a} --> {b} : {_label(label)}" for a, b, label in edges]
        lines += [f"    {node} --> [*]" for node, _ in nodes if node in ends]
        return "\n".join(lines) + "\n"
    lines = ["flowchart TD"]
    lines += [f'    {node}["{_label(label)}"]' for node, label in nodes]
    lines += [f'    {a} -->|"{_label(label)}"| {b}' for a, b, label in edges]
    return "\n".join(lines) + "\n"


def to_dot(document: CaseLifecycle | Routing | EscalationPolicy) -> str:
    """
    Return a lifecycle, routing or policy as a Graphviz DOT digraph.

    Examples
    --------
    >>> from govkit.config import load_preset
    >>> print(to_dot(load_preset("street_whistle")).splitlines()[0])
    digraph "street_whistle" {
    """
    nodes, edges, start, ends = _edges(document)
    name = document.id or document.title or type(document).__name__
    lines = [
        f"digraph {_quote(name)} {{",
        "    rankdir=LR;",
        "    node [shape=box, style=rounded];",
    ]
    if isinstance(document, CaseLifecycle):
        lines.append('    "__start__" [shape=point, label=""];')
    for node, label in nodes:
        shape = ", shape=doubleoctagon" if node in ends else ""
        lines.append(f"    {_quote(node)} [label={_quote(label)}{shape}];")
    if isinstance(document, CaseLifecycle):
        lines.append(f'    "__start__" -> {_quote(start)};')
    lines += [f"    {_quote(a)} -> {_quote(b)} [label={_quote(label)}];" for a, b, label in edges]
    lines.append("}")
    return "\n".join(lines) + "\n"
