"""Cases driven through their lifecycles: every path, the clocks, escalation, whistle, replay."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import govkit
from govkit.calendar import TimeSpan
from govkit.cases import (
    Case,
    Cases,
    CaseSystem,
    Report,
    open311_requests,
    open_case,
    replay_case,
    to_open311,
)
from govkit.events import AuditLog, Event, record
from tests.cases.helpers import CST, T0, at, district, drive, event, new_case

SPLIT_DAY = """
govkit: 1
kind: calendar
id: street_office
working_hours: [{start: '09:00', end: '12:00'}, {start: '13:30', end: '17:30'}]
holidays: [2026-03-04]
working_days: [2026-03-07]
---
govkit: 1
kind: time_limits
id: city_limits
rules:
  - {when: {category: [road]}, response: {working_hours: 2}, resolution: {working_days: 2},
     warn_before: {working_hours: 1}}
  - {response: {working_hours: 4}, resolution: {working_days: 5}}
---
govkit: 1
kind: case_system
id: city
hierarchy:
  scheme: standard_grid_levels
  units:
    - {id: d, level: district, units: [{id: s, level: street, units: [{id: c, level: community,
       units: [{id: g1, level: grid, measures: {households: 300}},
               {id: g2, level: grid, measures: {households: 310}}]}]}]}
lifecycle: city_management_loop
routing: {fallback: grid}
limits: city_limits
calendar: street_office
escalation:
  version: "2026-03"
  steps:
    - {id: to_community, when: not_resolved, after: {working_days: 1}, action: escalate,
       to: community}
    - {id: again, when: verification_failed, after: {working_hours: 1}, action: escalate,
       to: street}
"""


def city() -> CaseSystem:
    """Return a city-management system on a split working day with a holiday and 调休."""
    system = govkit.load_all(SPLIT_DAY)["city"]
    assert isinstance(system, CaseSystem)
    return system


def test_happy_path_through_the_hotline_loop() -> None:
    """Received, routed, signed, handled, evaluated, closed: in time, at the community."""
    case, effects = drive(
        new_case(),
        event("reported", 0),
        event("dispatched", 0.25),
        event("signed_for", 1),
        event("replied", 30),
        event("evaluated", 31, satisfied=True),
        event("closed", 31.5),
    )
    assert case.path == ("received", "dispatched", "handling", "follow_up", "follow_up", "closed")
    assert case.is_closed
    assert case.resolved
    assert case.closed_tier == "community"
    assert case.holder is not None
    assert case.holder.id == "yonganli"
    response, resolution = case.clock("response"), case.clock("resolution")
    assert response is not None
    assert response.met
    assert not response.breached
    assert resolution is not None
    assert resolution.met
    assert case.depth == 0
    assert not case.whistled
    assert case.breaches == ()
    assert effects == []
    assert case.to_dict()["closed_tier"] == "community"


@pytest.mark.parametrize(
    ("events", "end"),
    [
        ((("marked_duplicate", 1),), "duplicate"),
        ((("dispatched", 1), ("returned", 2), ("rejected", 3)), "not_responsible"),
        ((("answered_directly", 0.1),), "closed"),
    ],
)
def test_every_other_way_to_end(events: tuple[tuple[str, float], ...], end: str) -> None:
    """Duplicates, cases nobody is responsible for and direct answers end in their own states."""
    case, _ = drive(new_case(), event("reported", 0), *(event(k, h) for k, h in events))
    assert case.state == end
    assert case.is_closed
    assert case.resolved is (end == "closed")
    assert all(clock.stopped_at is not None for clock in case.clocks)


def test_refusals_leave_the_case_unchanged() -> None:
    """Before reporting, an event the state does not allow, out-of-order time, after closing."""
    case = new_case()
    step = case.apply(event("dispatched", 0))
    assert (step.accepted, step.why) == (False, "the case has not been reported yet")
    case, _ = drive(case, event("reported", 1))
    step = case.apply(event("replied", 2))
    assert not step.accepted
    assert step.state is case
    assert step.why.startswith("'replied' cannot happen in 受理 (received); allowed: dispatched")
    step = case.apply(event("dispatched", 0.5))
    assert not step.accepted
    assert "time order" in step.why
    case, _ = drive(case, event("marked_duplicate", 2))
    step = case.apply(event("time_passed", 3))
    assert (step.accepted, step.why) == (False, "the case is closed: it ended in duplicate")
    assert case.apply(event("evaluated", 3)).accepted is False


def test_payloads_are_checked() -> None:
    """An evaluation without 'satisfied', a dispute without units, an unknown summons: refused."""
    case, _ = drive(new_case(), event("reported", 0), event("dispatched", 0.1))
    answered, _ = drive(case, event("signed_for", 0.5), event("replied", 1))
    assert "satisfied" in answered.apply(event("evaluated", 2)).why
    assert "units" in case.apply(event("disputed", 1, units=["nowhere"])).why
    assert "was not summoned" in case.apply(event("summons_signed", 1, department="x")).why
    assert "where to" in case.apply(event("escalated", 1)).why
    bad = case.apply(event("dispatched", 1))
    assert not bad.accepted  # dispatched twice: the loop has no such edge from dispatched


def test_explicit_dispatch_and_disputes() -> None:
    """A dispatcher may name the handlers; a dispute goes to the lowest common superior."""
    case, _ = drive(
        new_case(),
        event("reported", 0),
        event("dispatched", 0.1, to=[{"department": "housing"}, {"level": "grid"}]),
    )
    assert [str(h) for h in case.handlers] == ["housing", "yonganli_g1"]
    assert case.holder is not None
    assert case.holder.tier == "district"
    case, _ = drive(case, event("disputed", 1, units=["yonganli_g1", "jianguoli_g1"]))
    assert case.holder is not None
    assert (case.holder.id, case.holder.tier) == ("jianwai", "street")
    case, _ = drive(case, event("escalated", 2, to={"level": "district"}))
    assert case.holder is not None
    assert case.holder.id == "chaoyang"
    assert case.depth == 1


def test_response_breach_reminders_and_escalation_fall_due_in_time_order() -> None:
    """Nobody signs: reminders (bounded), breach, the community takes over at 4 hours."""
    case, effects = drive(
        new_case(), event("reported", 0), event("dispatched", 0.5), event("time_passed", 10)
    )
    stamps = [effect.split(": ", 1)[0] for effect in effects]
    assert stamps == sorted(stamps)
    assert [effect.split(": ", 2)[1] for effect in effects if "remind_to_sign" in effect] == [
        "remind_to_sign"
    ] * 3  # once, then 2 repeats: bounded
    assert f"{at(2.5).isoformat()}: response limit of 2 hours breached" in effects
    assert any(e.startswith(f"{at(4.5).isoformat()}: community_takes_over") for e in effects)
    assert case.breaches == (("response", at(2.5)),)


def test_whistle_summons_departments_with_their_own_deadlines() -> None:
    """Unresolved after 6 days the street whistles; late and missed duties are recorded."""
    case, effects = drive(
        new_case(),
        event("reported", 0),
        event("dispatched", 0.5),
        event("signed_for", 1),
        event("time_passed", 6 * 24 + 0.5),
        event("summons_signed", 6 * 24 + 1, department="housing"),
    )
    assert case.whistled
    assert [s.department for s in case.summons] == ["urban_management", "housing"]
    assert case.holder is not None
    assert case.holder.id == "jianwai"
    assert case.depth == 1
    housing = case.summons[1]
    assert housing.deadline("sign") == at(6 * 24 + 1.5)
    assert not housing.late("sign")
    case, effects = drive(
        case,
        event("summons_contacted", 6 * 24 + 2, department="housing"),
        event("time_passed", 7 * 24),
    )
    assert f"{at(6 * 24 + 1.5).isoformat()}: urban_management missed its sign deadline" in effects
    assert ("resolution", at(7 * 24 + 0.5)) not in case.breaches  # not yet: 7 days after 09:30
    assert dict(case.summons[1].done_at)["contact"] == at(6 * 24 + 2)
    case, effects = drive(case, event("time_passed", 7 * 24 + 1))
    assert ("resolution", at(7 * 24 + 0.5)) in case.breaches


def test_dissatisfaction_is_reported_at_once() -> None:
    """A zero-delay step fires at the event that starts its condition."""
    case, effects = drive(
        new_case(),
        event("reported", 0),
        event("dispatched", 0.1),
        event("signed_for", 0.2),
        event("replied", 5),
        event("evaluated", 6, satisfied=False),
    )
    assert effects[-1] == (
        f"{at(6).isoformat()}: report_dissatisfaction: reported to street_dispatcher of jianwai "
        "(dissatisfied after 0 minutes)"
    )
    case, _ = drive(case, event("reopened", 7))
    assert case.state == "reopened"
    assert case.dissatisfied_at == at(6)


def test_working_time_clocks_pause_while_parked_and_extend() -> None:
    """Limits count working hours on a split day, skip the holiday, pause while parked."""
    system = city()
    report = Report(id="r1", category="road", unit="g1")
    case, effects = drive(
        open_case(system, report),
        Event(kind="reported", actor="grid_worker", at=T0),
        Event(kind="registered", actor="centre", at=T0),
        Event(kind="dispatched", actor="centre", at=dt.datetime(2026, 3, 2, 11, 0, tzinfo=CST)),
    )
    response = case.clock("response")
    assert response is not None  # 2 working hours from 11:00: 12:00, then 13:30-14:30
    assert response.deadline == dt.datetime(2026, 3, 2, 14, 30, tzinfo=CST)
    resolution = case.clock("resolution")
    assert resolution is not None  # 2 working days, Wednesday 4 March a holiday: Thursday's close
    assert resolution.deadline == dt.datetime(2026, 3, 5, 17, 30, tzinfo=CST)
    case, effects = drive(
        case,
        Event(kind="signed_for", actor="h", at=dt.datetime(2026, 3, 2, 13, 45, tzinfo=CST)),
        Event(kind="parked", actor="h", at=dt.datetime(2026, 3, 3, 9, 0, tzinfo=CST)),
        Event(kind="unparked", actor="h", at=dt.datetime(2026, 3, 6, 9, 0, tzinfo=CST)),
    )
    # a warning 1 working hour before the response deadline; the escalation after 1 working
    # day of the resolution clock waited for the pause to end
    assert effects == [
        "2026-03-02T13:30:00+08:00: warning, response limit runs out at 2026-03-02 14:30:00+08:00"
    ]
    resolution = case.clock("resolution")
    assert resolution is not None
    assert resolution.pauses
    # paused from Tuesday to Friday: two working days (Thursday, Friday) more, counted
    # from Thursday's close: Friday, then Saturday 7 March, a make-up working day
    assert resolution.deadline == dt.datetime(2026, 3, 7, 17, 30, tzinfo=CST)
    case, effects = drive(
        case,
        Event(kind="extension_requested", actor="h", at=dt.datetime(2026, 3, 6, 10, 0, tzinfo=CST)),
        Event(
            kind="extension_granted",
            actor="centre",
            at=dt.datetime(2026, 3, 6, 11, 0, tzinfo=CST),
            payload={"by": {"working_days": 1}},
        ),
    )
    resolution = case.clock("resolution")
    assert resolution is not None  # one working day after Saturday: Monday
    assert resolution.deadline == dt.datetime(2026, 3, 9, 17, 30, tzinfo=CST)
    assert effects == []
    # the escalation after 1 working day: Tuesday's close, moved by the two working days
    # of the pause to Friday's close
    case, effects = drive(
        case, Event(kind="time_passed", actor="clock", at=dt.datetime(2026, 3, 6, 18, tzinfo=CST))
    )
    assert effects == [
        "2026-03-06T17:30:00+08:00: to_community: escalated from g1 to c "
        "(not resolved after 1 working day)"
    ]


def test_verification_failure_escalates_and_rework_gets_a_fresh_limit() -> None:
    """A failed verification starts its own condition; the rework restarts the resolution clock."""
    system = city()
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)
    events = [
        Event(kind=kind, actor="x", at=start + dt.timedelta(hours=hours))
        for kind, hours in [
            ("reported", 0),
            ("registered", 0),
            ("dispatched", 0),
            ("signed_for", 0.5),
            ("handled", 1),
            ("verification_requested", 1),
            ("verification_failed", 2),
            ("time_passed", 5),
        ]
    ]
    case, effects = drive(open_case(system, Report(id="r", category="noise", unit="g2")), *events)
    assert case.state == "handling"
    assert [c.name for c in case.clocks] == ["response", "resolution", "resolution"]
    assert any("again: escalated from g2 to s" in effect for effect in effects)
    assert case.depth == 1


def test_replay_reproduces_the_case_and_the_log_proves_it() -> None:
    """Folding the accepted events gives the same case; refused events change nothing."""
    events = [
        event("reported", 0),
        event("signed_for", 0.1),  # refused: not dispatched yet
        event("dispatched", 0.5),
        event("time_passed", 20),
        event("signed_for", 21),
        event("replied", 40),
        event("evaluated", 41, satisfied=True),
        event("closed", 42),
    ]
    case, log = new_case(), AuditLog(chained=True)
    for item in events:
        step, log = record(Cases(), case, log, item)
        case = step.state
    assert len(log.events) == len(events) - 1
    assert log.verify().ok
    assert replay_case(new_case(), events) == case
    assert replay_case(new_case(), log.events) == case


def test_a_case_keeps_the_policy_it_was_opened_under() -> None:
    """Editing the system after a case opens (a new policy version) does not reach that case."""
    system = district()
    case, _ = drive(new_case(system=system), event("reported", 0), event("dispatched", 0.5))
    assert system.escalation is not None
    assert case.file.policy_version == "2026-01"
    changed = attrs.evolve(system.escalation, version="2026-02", steps=system.escalation.steps[:1])
    edited = attrs.evolve(system, escalation=changed)
    assert edited.escalation is not None
    assert edited.escalation.version == "2026-02"
    case, effects = drive(case, event("time_passed", 6))
    assert any("community_takes_over" in effect for effect in effects)
    assert case.file.policy_version == "2026-01"


def test_open311_export() -> None:
    """A case exports as a GeoReport v2 service request; coordinates become numbers."""
    case = new_case(
        "road",
        description="Pothole",
        address="建国门外大街 1 号",
        lat="39.9087",
        long="116.4468",
        subcategory="pothole",
    )
    case, _ = drive(case, event("reported", 0), event("dispatched", 0.5))
    request = to_open311(case, service_names={"road/pothole": "Pothole repair"})
    assert request["status"] == "open"
    assert request["service_code"] == "road/pothole"
    assert request["service_name"] == "Pothole repair"
    assert request["agency_responsible"] == "urban_management"
    assert request["lat"] == 39.9087
    assert request["long"] == 116.4468
    assert request["requested_datetime"] == T0.isoformat()
    assert request["expected_datetime"] == at(0.5 + 7 * 24).isoformat()
    closed, _ = drive(case, event("signed_for", 1), event("replied", 2), event("closed", 3))
    assert open311_requests([closed])[0]["status"] == "closed"
    with pytest.raises(ValueError, match="decimal text"):
        to_open311(
            attrs.evolve(
                case,
                file=attrs.evolve(case.file, report=attrs.evolve(case.file.report, lat="north")),
            )
        )


def test_mediation_ladder_climbs_every_thirty_days() -> None:
    """The ladder preset in a system: people's mediation, then the judicial office, then court."""
    text = (
        "govkit: 1\nkind: case_system\nid: m\n"
        "hierarchy: {scheme: standard_grid_levels, units: [{id: d, level: district, units: "
        "[{id: t, level: township, units: [{id: v, level: village, units: "
        "[{id: g, level: grid, measures: {households: 200}}]}]}]}]}\n"
        "lifecycle: open311_loop\nrouting: {fallback: village}\n"
        "limits: {rules: [{resolution: {days: 120}}]}\n"
        "escalation: mediation_ladder\n"
        "departments: [{id: judicial_office, tier: township}, {id: court, tier: district}]\n"
    )
    system = govkit.load_all(text)["m"]
    assert isinstance(system, CaseSystem)
    case = open_case(system, Report(id="dispute", category="neighbours", unit="g"))
    case, effects = drive(case, event("reported", 0), event("dispatched", 0))
    assert effects[0].endswith(
        "peoples_mediation: reminded mediator of g (not resolved after 0 minutes)"
    )
    case, effects = drive(case, event("time_passed", 24 * 95))
    assert [e.split(": ")[1] for e in effects] == [
        "administrative_mediation",
        "judicial_mediation",
        "litigation",
    ]
    assert case.holder is not None
    assert case.holder.id == "court"
    assert case.depth == 2


def test_case_must_happen_in_the_tree() -> None:
    """Opening a case in a unit the hierarchy does not have is a ValueError."""
    with pytest.raises(ValueError, match="not in the hierarchy"):
        open_case(district(), Report(id="x", category="road", unit="mars"))


def test_json_of_a_case_is_plain_data() -> None:
    """to_dict holds only JSON values."""
    import json

    case, _ = drive(
        new_case(), event("reported", 0), event("dispatched", 0.5), event("time_passed", 200)
    )
    data = json.loads(json.dumps(case.to_dict()))
    assert data["summons"][0]["department"] == "urban_management"
    assert isinstance(Case, type)
    assert TimeSpan(days=1)


def test_escalation_never_moves_a_case_down() -> None:
    """A road case with a district department stays there when the street step fires."""
    case, effects = drive(
        new_case("road"),
        event("reported", 0),
        event("dispatched", 0.5),
        event("signed_for", 1),
        event("time_passed", 5 * 24 + 1),
    )
    assert case.holder is not None
    assert case.holder.id == "urban_management"
    assert case.depth == 0
    assert any(
        "street_takes_over: stays with urban_management, on a tier above jianwai" in e
        for e in effects
    )


def test_a_case_answered_directly_closes_where_it_happened() -> None:
    """No holder, resolved: containment counts it at the tier of its unit."""
    case, _ = drive(new_case(), event("reported", 0), event("answered_directly", 0.2))
    assert case.resolved
    assert case.closed_tier == "grid"


def test_a_reopened_case_gets_a_fresh_resolution_limit_and_a_return_keeps_the_clock() -> None:
    """Returning does not stop the resolution clock; reopening starts a new one."""
    case, _ = drive(
        new_case(),
        event("reported", 0),
        event("dispatched", 0.5),
        event("returned", 1),
        event("dispatched", 2),
        event("signed_for", 3),
        event("replied", 4),
    )
    (resolution,) = [clock for clock in case.clocks if clock.name == "resolution"]
    assert resolution.started_at == at(0.5)
    assert resolution.stopped_at == at(4)
    assert [clock.name for clock in case.clocks].count("response") == 2
    case, _ = drive(case, event("reopened", 30), event("dispatched", 31))
    assert case.path[-2:] == ("reopened", "dispatched")
    latest = case.clock("resolution")
    assert latest is not None
    assert latest.started_at == at(31)
    assert latest.active
