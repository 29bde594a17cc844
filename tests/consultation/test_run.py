"""Runs: refusals leave the state unchanged and say why; the snapshot holds; time is injected."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from govkit.config import load_preset
from govkit.consultation import Procedure, Runs, replay, start
from govkit.events import Event, fold
from govkit.voting import Share
from tests.consultation.drive import MONDAY, Driver, act, ballots, roll

MEMBERS = {name: ["member"] for name in ("ann", "bo", "cy")} | {"chair": ["chair"]}


def motion() -> Driver:
    procedure = load_preset("roberts_motion", Procedure)
    return Driver(start(procedure, item="Buy a shed", roll=roll("ann", "bo", "cy"), roles=MEMBERS))


@pytest.mark.parametrize(
    ("actions", "kind", "actor", "why"),
    [
        ([], "supported", "bo", "the item has not been submitted yet"),
        ([act("submitted", "ann")], "submitted", "ann", "the item was already submitted"),
        (
            [act("submitted", "ann")],
            "ballots_cast",
            "ann",
            "Motion made does not allow vote (allows: submit, support)",
        ),
        (
            [act("submitted", "ann")],
            "supported",
            "zed",
            "'zed' may not support here: only member may",
        ),
        (
            [act("submitted", "ann")],
            "stage_closed",
            "bo",
            "'bo' may not stage closed here: only chair may",
        ),
        (
            [act("submitted", "ann")],
            "dance",
            "bo",
            "unknown event kind 'dance'; known kinds: submitted, supported, commented, "
            "ballots_cast, objection_filed, time_passed, vote_closed, stage_closed, "
            "objection_upheld, withdrawn",
        ),
        (
            [act("submitted", "ann"), act("supported", "bo")],
            "withdrawn",
            "bo",
            "'bo' may not withdrawn here: only chair may",
        ),
        (
            [act("submitted", "ann"), act("supported", "bo")],
            "objection_upheld",
            "chair",
            "nothing in Debate answers objection_upheld "
            "(ways out: debate_closed: on stage closed; withdrawn: on withdrawn)",
        ),
        (
            [act("submitted", "ann"), act("stage_closed")],
            "supported",
            "bo",
            "the item is closed: it ended in Died for lack of a second",
        ),
    ],
)
def test_illegal_event_is_refused_with_a_reason(
    actions: list[tuple[str, str, int, dict[str, str]]], kind: str, actor: str, why: str
) -> None:
    """An illegal event is refused, says why, and leaves the state exactly as it was."""
    driver = motion()
    before = driver.run(actions)

    step = driver.send(kind, actor, 0, {})

    assert not step.accepted
    assert step.why == why
    assert step.state is before


def test_events_must_come_in_time_order() -> None:
    """An event earlier than the last one is refused."""
    driver = motion()
    driver.run([act("submitted", "ann")])
    earlier = Event(kind="supported", actor="bo", at=MONDAY - dt.timedelta(days=1))

    step = driver.state.apply(earlier)

    assert not step.accepted
    assert step.why.startswith("events come in time order")


def test_ballot_refusals() -> None:
    """Ballots off the roll, twice from one voter or with a bad choice are refused."""
    driver = motion()
    driver.run([act("submitted", "ann"), act("supported", "bo"), act("stage_closed")])

    assert (
        driver.send("ballots_cast", "zed", 0, {"choice": "for"}).why
        == "voter 'zed' is not on the roll"
    )
    assert driver.send("ballots_cast", "ann", 0, {"choice": "yes"}).why.startswith(
        "a ballot's choice is one of"
    )
    assert driver.send("ballots_cast", "ann", 0, {"choice": "for"}).accepted
    assert (
        driver.send("ballots_cast", "ann", 0, {"choice": "for"}).why == "voter 'ann' already voted"
    )
    assert (
        driver.send(*ballots(bo="for")).why
        == "'teller' may not record ballots here: only chair may"
    )


def test_notice_period_cannot_be_cut_short() -> None:
    """During a minimum period (15 days' notice) nothing leaves the stage; after it, time does."""
    pytest.importorskip("chinese_calendar")
    procedure = load_preset("owners_assembly", Procedure)
    driver = Driver(start(procedure, item="Repaint", roles={"c": ["owners_committee"]}))
    driver.run([act("submitted", "c"), act("stage_closed", "c")])

    early = driver.send("time_passed", "clock", 14, {})
    last_day = driver.send("time_passed", "clock", 1, {})
    after = driver.send("time_passed", "clock", 1, {})

    assert early.state.stage == last_day.state.stage == "notice"
    assert after.state.stage == "voting"
    assert after.effects[0].startswith(
        "会议通知 (15 days' notice to every owner) -> 业主表决 (vote)"
    )


def test_period_ending_on_a_holiday_runs_to_the_next_working_day() -> None:
    """A 15-day notice from 2026-09-16 would end on 10-01 (National Day): it runs to 10-08."""
    pytest.importorskip("chinese_calendar")
    procedure = load_preset("owners_assembly", Procedure)
    served = dt.datetime(2026, 9, 16, 9, 0, tzinfo=MONDAY.tzinfo)
    driver = Driver(start(procedure, item="Repaint", roles={"c": ["owners_committee"]}), at=served)
    driver.run([act("submitted", "c"), act("stage_closed", "c")])

    assert driver.state.period_end(15) == dt.date(2026, 10, 8)
    assert driver.send("time_passed", "clock", 22, {}).state.stage == "notice"  # 10-08
    assert driver.send("time_passed", "clock", 1, {}).state.stage == "voting"  # 10-09


def test_participation_after_the_maximum_is_refused() -> None:
    """After a stage's maximum duration, supporting is refused with the closing date."""
    procedure = load_preset("liquidfeedback_issue", Procedure)
    driver = Driver(start(procedure, item="x", roles={"m1": ["member"], "m2": ["member"]}))
    driver.run([act("submitted", "m1")])

    step = driver.send("supported", "m2", 9, {})

    assert not step.accepted
    assert step.why == "Admission closed on 2026-03-10 (at most 8 days)"


def test_snapshot_editing_the_rule_later_changes_nothing() -> None:
    """The procedure and rule in force are the ones the item started with."""
    procedure = load_preset("roberts_motion", Procedure)
    driver = Driver(start(procedure, item="Shed", roll=roll("ann", "bo", "cy"), roles=MEMBERS))
    driver.run([act("submitted", "ann"), act("supported", "bo"), act("stage_closed")])
    voting = procedure["voting"]
    assert voting.rule is not None
    strict = attrs.evolve(voting.rule, threshold=Share(count="for", of="cast", at_least="1"))
    edited = attrs.evolve(
        procedure,
        stages=tuple(
            attrs.evolve(s, rule=strict) if s.id == "voting" else s for s in procedure.stages
        ),
    )

    final = driver.run(
        [
            act("ballots_cast", "ann", choice="for"),
            act("ballots_cast", "bo", choice="for"),
            act("ballots_cast", "cy", choice="against"),
            act("vote_closed"),
        ]
    )

    assert edited["voting"].rule == strict
    assert final.procedure is procedure
    assert final.stage == "adopted"


def test_casting_vote_and_seed_are_passed_to_the_rule() -> None:
    """vote_closed may carry the chair's casting vote, used by a casting_vote tie-break."""
    text = """
govkit: 1
kind: procedure
start: a
stages:
  - id: a
    allows: [submit, vote]
    rule:
      threshold: {kind: share, count: for, of: cast, more_than: 1/2}
      tie_break: [{kind: casting_vote}]
    transitions:
      - {to: yes_, outcome: adopted, when: {kind: decided, status: adopted}}
      - {to: no_, outcome: rejected, when: {kind: decided, status: rejected}}
      - {to: no_, outcome: tied, when: {kind: decided, status: tied}}
  - {id: yes_, terminal: true}
  - {id: no_, terminal: true}
"""
    import govkit

    driver = Driver(start(govkit.load(text), item="x"))
    final = driver.run(
        [
            act("submitted", "a"),
            act("ballots_cast", "a", choice="for"),
            act("ballots_cast", "b", choice="against"),
            act("vote_closed", "c", casting_vote="for"),
        ]
    )

    assert final.stage == "yes_"


def test_runs_machine_folds_like_replay() -> None:
    """The generic fold with the Runs machine equals replay."""
    driver = motion()
    driver.run([act("submitted", "ann"), act("supported", "bo"), act("commented", "cy")])

    assert fold(Runs(), driver.initial, driver.log.events) == replay(
        driver.initial, driver.log.events
    )
    assert replay(driver.initial, driver.log.events) == driver.state


def test_rolls_for_unknown_stages_are_refused() -> None:
    """start() refuses a roll for a stage the procedure does not have."""
    with pytest.raises(ValueError, match="rolls given for unknown stages: votes"):
        start(load_preset("roberts_motion", Procedure), item="x", rolls={"votes": roll("a")})


def test_state_as_json_data() -> None:
    """to_dict gives JSON-able data an app can store next to the log."""
    import json

    driver = motion()
    driver.run([act("submitted", "ann"), act("supported", "bo"), act("stage_closed")])
    driver.run([act("ballots_cast", "ann", choice="for"), act("ballots_cast", "bo", choice="for")])
    data = driver.run([act("vote_closed")]).to_dict()

    assert json.loads(json.dumps(data)) == data
    assert data["stage"] == "adopted"
    assert data["closed"] is True
    assert data["path"] == ["moved", "debate", "voting", "adopted"]
    assert data["ballots"] == [["ann", "for"], ["bo", "for"]]
    assert data["decision"]["status"] == "adopted"
    assert data["proposer"] == "ann"
