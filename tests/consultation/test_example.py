"""The example procedure runs on its own working calendar, counting working days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import govkit
from govkit.consultation import AllGuards, ObjectionsFewerThan, Procedure, TimeElapsed, start
from tests.consultation.drive import CHINA, Driver, act, roll

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "procedure_building_repair.yaml"
RESIDENTS = {f"r{i}": ["resident"] for i in range(1, 7)} | {"head": ["building_head"]}


def test_notice_counts_working_days_over_may_day() -> None:
    """5 working days from 04-27 skip the May Day holidays: the vote opens on 05-08."""
    procedure = govkit.load_all(EXAMPLE).of(Procedure)[0]
    monday = dt.datetime(2026, 4, 27, 9, 0, tzinfo=CHINA)
    driver = Driver(start(procedure, item="Fix the lift", roles=RESIDENTS), at=monday)
    driver.run([act("submitted", "r1"), *[act("supported", f"r{i}") for i in range(1, 6)]])

    on_last_day = driver.send("time_passed", "clock", 10, {})  # 05-07
    next_day = driver.send("time_passed", "clock", 1, {})  # 05-08

    assert on_last_day.state.stage == "notice"
    assert next_day.state.stage == "vote"


def test_guards_compose_and_describe_themselves() -> None:
    """all_of holds only when every guard holds; each guard says what it waits for."""
    guard = AllGuards(guards=(TimeElapsed(days=2), ObjectionsFewerThan(count=3)))
    procedure = govkit.load(
        "govkit: 1\nkind: procedure\nstart: a\nstages:\n"
        "  - id: a\n    allows: [submit, object]\n    transitions:\n"
        "      - to: b\n        outcome: passed\n        when:\n"
        "          kind: all_of\n"
        "          guards:\n"
        "            - {kind: time_elapsed, days: 2}\n"
        "            - {kind: objections_fewer_than, count: 3}\n"
        "      - {to: c, outcome: stopped, when: {kind: objections_at_least, count: 3}}\n"
        "  - {id: b, terminal: true}\n  - {id: c, terminal: true}\n"
    )
    quiet = Driver(start(procedure, item="x", roll=roll("a")))
    noisy = Driver(start(procedure, item="x"))

    quiet.run([act("submitted", "a"), act("objection_filed", "b"), act("time_passed", "c", 3)])
    noisy.run([act("submitted", "a"), *[act("objection_filed", who) for who in "bcd"]])

    assert guard.describe() == "2 days elapsed and fewer than 3 objections"
    assert quiet.state.stage == "b"
    assert noisy.state.stage == "c"
