"""Procedures: every structural problem is a ConfigError at its YAML line."""

from __future__ import annotations

import networkx as nx
import pytest

import govkit
from govkit.config import load_preset, presets
from govkit.consultation import Procedure
from govkit.errors import ConfigError

HEADER = "govkit: 1\nkind: procedure\nid: p\nstart: a\nstages:\n"


def problems(stages: str, header: str = HEADER) -> list[tuple[int | None, str]]:
    with pytest.raises(ConfigError) as info:
        govkit.load(header + stages)
    return [(problem.line, problem.message) for problem in info.value.problems]


def test_a_valid_procedure_loads_with_a_frozen_graph() -> None:
    """A minimal procedure loads; its graph is frozen networkx."""
    procedure = govkit.load(
        HEADER + "  - {id: a, allows: [submit], "
        "    transitions: [{to: b, outcome: done, event: stage_closed}]}\n"
        + "  - {id: b, terminal: true}\n"
    )

    assert isinstance(procedure, Procedure)
    assert procedure.terminals == ("b",)
    assert nx.is_frozen(procedure.graph)
    assert list(procedure.graph.edges(data="outcome")) == [("a", "b", "done")]


def test_unreachable_stage_is_reported_at_its_line() -> None:
    """A stage nothing leads to is an error at that stage's line."""
    found = problems(
        "  - {id: a, allows: [submit], "
        "    transitions: [{to: b, outcome: done, event: stage_closed}]}\n"
        "  - {id: b, terminal: true}\n"
        "  - {id: lost, terminal: true}\n"
    )

    assert found == [(8, "stage 'lost' cannot be reached from the start 'a'")]


def test_stage_that_cannot_end_is_reported() -> None:
    """A stage with no way to a terminal stage (a loop) is an error."""
    found = problems(
        "  - id: a\n"
        "    allows: [submit]\n"
        "    transitions:\n"
        "      - {to: b, outcome: go, event: stage_closed}\n"
        "      - {to: end, outcome: x, event: withdrawn}\n"
        "  - {id: b, transitions: [{to: c, outcome: go, event: stage_closed}]}\n"
        "  - {id: c, transitions: [{to: b, outcome: back, event: stage_closed}]}\n"
        "  - {id: end, terminal: true}\n"
    )

    assert [line for line, _ in found] == [11, 12]
    assert "cannot reach a terminal stage" in found[0][1]


def test_transition_without_guard_or_event_is_refused() -> None:
    """Every transition names a guard or an event."""
    found = problems(
        "  - id: a\n"
        "    allows: [submit]\n"
        "    transitions:\n"
        "      - {to: b, outcome: done}\n"
        "  - {id: b, terminal: true}\n"
    )

    assert found == [(9, "a transition needs a guard ('when:') or an event ('event:')")]


def test_unknown_target_and_trigger_are_located() -> None:
    """A transition to an unknown stage, or on an unknown event, points at the key."""
    found = problems(
        "  - id: a\n"
        "    allows: [submit]\n"
        "    transitions:\n"
        "      - {to: nowhere, outcome: done, event: stage_closed}\n"
        "      - {to: b, outcome: done, event: closed}\n"
        "  - {id: b, terminal: true}\n"
    )

    assert found == [
        (9, "transition to unknown stage 'nowhere'"),
        (
            10,
            "unknown trigger event 'closed'; "
            "known: stage_closed, vote_closed, objection_upheld, withdrawn",
        ),
    ]


def test_vote_stage_needs_a_rule_and_decided_guard_needs_a_vote() -> None:
    """A vote stage without a rule, and a decided guard outside a vote, are errors."""
    found = problems(
        "  - id: a\n"
        "    allows: [submit, vote]\n"
        "    transitions:\n"
        "      - {to: b, outcome: yes_, when: {kind: decided, status: adopted}}\n"
        "  - {id: b, terminal: true}\n"
    )

    assert [message for _, message in found] == [
        "vote stage 'a' needs a decision rule ('rule:')",
        "guard 'decided' in stage 'a', which has no decision rule",
    ]


def test_rule_reference_must_exist() -> None:
    """A vote stage names an existing decision rule: in the file or a preset."""
    found = problems(
        "  - id: a\n"
        "    allows: [submit, vote]\n"
        "    rule: roberts_majorty\n"
        "    transitions:\n"
        "      - {to: b, outcome: yes_, when: {kind: decided, status: adopted}}\n"
        "  - {id: b, terminal: true}\n"
    )

    assert found[0][0] == 8
    assert "no document or preset has id 'roberts_majorty'" in found[0][1]


def test_rule_may_be_a_document_in_the_same_file() -> None:
    """A rule given by the id of a decision_rule document in the same file resolves."""
    text = (
        HEADER
        + "  - id: a\n    allows: [submit, vote]\n    rule: mine\n"
        + "    transitions: [{to: b, outcome: adopted, when: {kind: decided, status: adopted}}]\n"
        + "  - {id: b, terminal: true}\n"
        + "---\ngovkit: 1\nkind: decision_rule\nid: mine\n"
        + "threshold: {kind: share, count: for, of: cast, more_than: 1/2}\n"
    )

    procedure = govkit.load_all(text).of(Procedure)[0]

    assert procedure["a"].rule is not None
    assert procedure["a"].rule.id == "mine"


def test_durations_must_be_consistent() -> None:
    """min ≤ max, and a time_elapsed guard lies within the stage's bounds."""
    found = problems(
        "  - id: a\n"
        "    allows: [submit]\n"
        "    min_duration: {days: 10}\n"
        "    max_duration: {days: 5}\n"
        "    transitions: [{to: b, outcome: done, event: stage_closed}]\n"
        "  - id: b\n"
        "    min_duration: {days: 7}\n"
        "    max_duration: {days: 7}\n"
        "    transitions:\n"
        "      - {to: c, outcome: early, when: {kind: time_elapsed, days: 3}}\n"
        "      - {to: c, outcome: late, when: {kind: time_elapsed, days: 9}}\n"
        "      - {to: c, outcome: other, when: {kind: time_elapsed, days: 7, working_days: true}}\n"
        "  - {id: c, terminal: true}\n"
    )

    assert found == [
        (9, "max_duration (5 days) is less than min_duration (10 days)"),
        (15, "time_elapsed (3 days) ends before min_duration (7 days)"),
        (16, "time_elapsed (9 days) ends after max_duration (7 days)"),
        (17, "time_elapsed counts other days than the stage's min_duration"),
    ]


def test_support_and_objection_guards_need_the_action() -> None:
    """A support or objection guard in a stage that does not allow it is an error."""
    found = problems(
        "  - id: a\n"
        "    allows: [submit]\n"
        "    transitions:\n"
        "      - {to: b, outcome: ok, when: {kind: support_at_least, count: 2}}\n"
        "      - {to: b, outcome: stopped, when: {kind: objections_at_least, count: 1}}\n"
        "  - {id: b, terminal: true}\n"
    )

    assert [line for line, _ in found] == [9, 10]


def test_duplicate_stage_terminal_with_transitions_and_dead_end() -> None:
    """Duplicate ids, terminal stages with transitions and dead ends are each reported."""
    found = problems(
        "  - {id: a, allows: [submit], transitions: [{to: b, outcome: go, event: stage_closed}]}\n"
        "  - {id: b, terminal: true, transitions: [{to: a, outcome: back, event: stage_closed}]}\n"
        "  - {id: b}\n"
    )

    assert sorted(found) == [
        (7, "terminal stage 'b' has transitions"),
        (8, "stage 'b' has no transitions and is not terminal"),
        (8, "stage 'b' is defined twice"),
    ]


def test_start_must_exist_and_allow_submit() -> None:
    """The start stage is a stage, and it allows submit."""
    assert problems("  - {id: b, terminal: true}\n") == [
        (4, "start stage 'a' is not a stage; stages: b")
    ]
    assert problems(
        "  - {id: a, transitions: [{to: b, outcome: go, event: stage_closed}]}\n"
        "  - {id: b, terminal: true}\n"
    ) == [(4, "the start stage 'a' must allow submit")]


@pytest.mark.parametrize("ident", [info.id for info in presets("procedure")])
def test_every_preset_is_sourced_and_every_stage_can_end(ident: str) -> None:
    """Each procedure preset cites its source and each of its stages reaches a terminal."""
    procedure = load_preset(ident, Procedure)

    assert procedure.source is not None
    assert procedure.terminals
    for stage in procedure.stages:
        assert any(nx.has_path(procedure.graph, stage.id, end) for end in procedure.terminals)


def test_dump_then_load_is_identity_for_presets() -> None:
    """Every procedure preset dumps to YAML that loads back equal (rules inline)."""
    for info in presets("procedure"):
        procedure = load_preset(info.id, Procedure)

        assert govkit.load(govkit.dump(procedure)) == procedure
