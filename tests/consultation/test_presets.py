"""Every procedure preset, driven through its happy path and every way it can fail."""

from __future__ import annotations

from typing import Any

import pytest

from govkit.config import presets
from govkit.consultation import notices, replay
from tests.consultation.drive import Action, Driver, act, ballots, roll, started

pytest.importorskip("chinese_calendar")  # the Chinese presets count on statutory holidays

ROBERTS: dict[str, Any] = {
    "roles": {name: ["member"] for name in ("ann", "bo", "cy", "dee", "eve")}
    | {"chair": ["chair"], "teller": ["chair"]},
    "roll": roll("ann", "bo", "cy", "dee", "eve"),
}
ROBERTS_DEBATE = [act("submitted", "ann"), act("supported", "bo"), act("commented", "cy")]
ROBERTS_VOTE = [*ROBERTS_DEBATE, act("stage_closed")]

OWNERS: dict[str, Any] = {
    "roles": {"committee": ["owners_committee"], "teller": ["owners_committee"]},
    "roll": roll("o1", "o2", "o3", "o4", **{o: {"area": 100} for o in ("o1", "o2", "o3", "o4")}),
}
OWNERS_VOTE = [
    act("submitted", "committee"),
    act("stage_closed", "committee"),
    act("time_passed", "clock", 16),
]

VILLAGERS: dict[str, Any] = {
    "roles": {"committee": ["villagers_committee"], "teller": ["villagers_committee"]},
    "roll": roll(
        "v1",
        "v2",
        "v3",
        "v4",
        "v5",
        **{v: {"households": 1} for v in ("v1", "v2", "v3", "v4", "v5")},
    ),
}
VILLAGERS_VOTE = [
    act("submitted", "committee"),
    act("stage_closed", "committee"),
    act("time_passed", "clock", 11),
]

FOUR: dict[str, Any] = {
    "roles": {"secretary": ["party_branch"], "teller": ["party_branch"]},
    "rolls": {
        "two_committees": roll("c1", "c2", "c3"),
        "party_members": roll("p1", "p2", "p3", "p4"),
        "villagers": roll("r1", "r2", "r3", "r4", "r5"),
    },
}
FOUR_COMMITTEES = [act("submitted", "secretary"), act("stage_closed", "secretary")]
FOUR_PARTY = [
    *FOUR_COMMITTEES,
    ballots(c1="for", c2="for", c3="against"),
    act("vote_closed", "secretary"),
]
FOUR_VILLAGERS = [
    *FOUR_PARTY,
    ballots(p1="for", p2="for", p3="for"),
    act("vote_closed", "secretary", expected={"headcount": 4}),
]

COMMUNITY: dict[str, Any] = {
    "roles": {f"r{i}": ["resident"] for i in range(1, 13)}
    | {"c1": ["council"], "c2": ["council"], "c3": ["council"], "teller": ["council"]},
    "rolls": {"screening": roll("c1", "c2", "c3"), "vote": roll("p1", "p2", "p3", "p4", "p5")},
}
COMMUNITY_SCREENING = [act("submitted", "r1"), *[act("supported", f"r{i}") for i in range(1, 11)]]
COMMUNITY_DELIBERATION = [
    *COMMUNITY_SCREENING,
    ballots(c1="for", c2="for", c3="against"),
    act("vote_closed", "c1"),
    act("time_passed", "clock", 8),
]
COMMUNITY_VOTE = [*COMMUNITY_DELIBERATION, act("commented", "r2"), act("stage_closed", "c1")]
COMMUNITY_PUBLICITY = [
    *COMMUNITY_VOTE,
    ballots(p1="for", p2="for", p3="for"),
    act("vote_closed", "c1"),
]

LIQUID: dict[str, Any] = {
    "roles": {f"m{i}": ["member"] for i in range(1, 13)} | {"teller": ["member"]},
    "roll": roll(*(f"m{i}" for i in range(1, 13))),
}
LIQUID_DISCUSSION = [act("submitted", "m1"), *[act("supported", f"m{i}") for i in range(1, 11)]]
LIQUID_VERIFICATION = [*LIQUID_DISCUSSION, act("commented", "m3"), act("time_passed", "clock", 20)]
LIQUID_VOTING = [
    *LIQUID_VERIFICATION,
    *[act("supported", f"m{i}") for i in range(1, 11)],
    act("time_passed", "clock", 12),
]

OPENSLIDES: dict[str, Any] = {
    "roles": {f"d{i}": ["delegate"] for i in range(1, 6)}
    | {"chair": ["chair"], "teller": ["chair"]},
}
OPENSLIDES_PERMITTED = [act("submitted", "d1"), act("supported", "d2"), act("supported", "d3")]

SCENARIOS: dict[str, tuple[str, dict[str, Any], list[Action], str, tuple[str, ...]]] = {
    # name: (preset, start kwargs, actions, terminal stage, notices published)
    "roberts-adopted": (
        "roberts_motion",
        ROBERTS,
        [*ROBERTS_VOTE, ballots(ann="for", bo="for", cy="against"), act("vote_closed")],
        "adopted",
        (),
    ),
    "roberts-rejected": (
        "roberts_motion",
        ROBERTS,
        [*ROBERTS_VOTE, ballots(ann="for", bo="against", cy="against"), act("vote_closed")],
        "rejected",
        (),
    ),
    "roberts-tie-fails": (
        "roberts_motion",
        ROBERTS,
        [*ROBERTS_VOTE, ballots(ann="for", bo="against", cy="abstain"), act("vote_closed")],
        "rejected",
        (),
    ),
    "roberts-no-quorum": (
        "roberts_motion",
        ROBERTS,
        [*ROBERTS_VOTE, ballots(ann="for", bo="for"), act("vote_closed")],
        "no_quorum",
        (),
    ),
    "roberts-not-seconded": (
        "roberts_motion",
        ROBERTS,
        [act("submitted", "ann"), act("stage_closed")],
        "died",
        (),
    ),
    "roberts-withdrawn": (
        "roberts_motion",
        ROBERTS,
        [*ROBERTS_DEBATE, act("withdrawn", "ann")],
        "withdrawn",
        (),
    ),
    "owners-adopted": (
        "owners_assembly",
        OWNERS,
        [
            *OWNERS_VOTE,
            ballots(o1="for", o2="for", o3="for", o4="against"),
            act("vote_closed", "committee"),
            act("stage_closed", "committee"),
        ],
        "adopted",
        ("meeting_notice", "resolution"),
    ),
    "owners-rejected": (
        "owners_assembly",
        OWNERS,
        [
            *OWNERS_VOTE,
            ballots(o1="for", o2="against", o3="against", o4="abstain"),
            act("vote_closed", "committee"),
        ],
        "rejected",
        ("meeting_notice",),
    ),
    "owners-no-quorum": (
        "owners_assembly",
        OWNERS,
        [*OWNERS_VOTE, ballots(o1="for", o2="for"), act("vote_closed", "committee")],
        "no_quorum",
        ("meeting_notice",),
    ),
    "owners-withdrawn": (
        "owners_assembly",
        OWNERS,
        [act("submitted", "committee"), act("withdrawn", "committee")],
        "withdrawn",
        (),
    ),
    "villagers-adopted": (
        "villagers_assembly_meeting",
        VILLAGERS,
        [
            *VILLAGERS_VOTE,
            ballots(v1="for", v2="for", v3="against"),
            act("vote_closed", "committee"),
            act("stage_closed", "committee"),
        ],
        "adopted",
        ("meeting_notice", "resolution"),
    ),
    "villagers-rejected": (
        "villagers_assembly_meeting",
        VILLAGERS,
        [
            *VILLAGERS_VOTE,
            ballots(v1="for", v2="against", v3="against"),
            act("vote_closed", "committee"),
        ],
        "rejected",
        ("meeting_notice",),
    ),
    "villagers-no-quorum": (
        "villagers_assembly_meeting",
        VILLAGERS,
        [*VILLAGERS_VOTE, ballots(v1="for", v2="for"), act("vote_closed", "committee")],
        "no_quorum",
        ("meeting_notice",),
    ),
    "villagers-withdrawn": (
        "villagers_assembly_meeting",
        VILLAGERS,
        [act("submitted", "committee"), act("withdrawn", "committee")],
        "withdrawn",
        (),
    ),
    "four-completed": (
        "four_deliberations_two_disclosures",
        FOUR,
        [
            *FOUR_VILLAGERS,
            ballots(r1="for", r2="for", r3="for", r4="against"),
            act("vote_closed", "secretary"),
            act("stage_closed", "secretary"),
            act("stage_closed", "secretary", 30),
            act("stage_closed", "secretary"),
        ],
        "completed",
        ("resolution", "implementation_results"),
    ),
    "four-committees-reject": (
        "four_deliberations_two_disclosures",
        FOUR,
        [
            *FOUR_COMMITTEES,
            ballots(c1="for", c2="against", c3="against"),
            act("vote_closed", "secretary"),
        ],
        "rejected_by_committees",
        (),
    ),
    "four-party-rejects": (
        "four_deliberations_two_disclosures",
        FOUR,
        [
            *FOUR_PARTY,
            ballots(p1="for", p2="against", p3="against"),
            act("vote_closed", "secretary", expected={"headcount": 4}),
        ],
        "rejected_by_party_members",
        (),
    ),
    "four-party-no-quorum": (
        "four_deliberations_two_disclosures",
        FOUR,
        [
            *FOUR_PARTY,
            ballots(p1="for", p2="for"),
            act("vote_closed", "secretary", expected={"headcount": 4}),
        ],
        "no_quorum",
        (),
    ),
    "four-villagers-reject": (
        "four_deliberations_two_disclosures",
        FOUR,
        [
            *FOUR_VILLAGERS,
            ballots(r1="for", r2="against", r3="against", r4="against"),
            act("vote_closed", "secretary"),
        ],
        "rejected_by_villagers",
        (),
    ),
    "four-villagers-no-quorum": (
        "four_deliberations_two_disclosures",
        FOUR,
        [*FOUR_VILLAGERS, ballots(r1="for", r2="for"), act("vote_closed", "secretary")],
        "no_quorum",
        (),
    ),
    "four-withdrawn": (
        "four_deliberations_two_disclosures",
        FOUR,
        [act("submitted", "secretary"), act("withdrawn", "secretary")],
        "withdrawn",
        (),
    ),
    "community-completed": (
        "community_consultation",
        COMMUNITY,
        [
            *COMMUNITY_PUBLICITY,
            act("objection_filed", "r5"),
            act("time_passed", "clock", 8),
            act("stage_closed", "c1"),
            act("stage_closed", "c1", 30),
        ],
        "completed",
        ("consultation_notice", "resolution", "implementation_results"),
    ),
    "community-expired": (
        "community_consultation",
        COMMUNITY,
        [act("submitted", "r1"), act("supported", "r2"), act("time_passed", "clock", 40)],
        "expired",
        (),
    ),
    "community-not-admitted": (
        "community_consultation",
        COMMUNITY,
        [
            *COMMUNITY_SCREENING,
            ballots(c1="for", c2="against", c3="against"),
            act("vote_closed", "c1"),
        ],
        "not_admitted",
        (),
    ),
    "community-rejected": (
        "community_consultation",
        COMMUNITY,
        [*COMMUNITY_VOTE, ballots(p1="for", p2="against", p3="against"), act("vote_closed", "c1")],
        "rejected",
        ("consultation_notice",),
    ),
    "community-no-quorum": (
        "community_consultation",
        COMMUNITY,
        [*COMMUNITY_VOTE, ballots(p1="for", p2="for"), act("vote_closed", "c1")],
        "no_quorum",
        ("consultation_notice",),
    ),
    "community-withdrawn": (
        "community_consultation",
        COMMUNITY,
        [*COMMUNITY_DELIBERATION, act("withdrawn", "r1")],
        "withdrawn",
        ("consultation_notice",),
    ),
    "community-objection-upheld": (
        "community_consultation",
        COMMUNITY,
        [
            *COMMUNITY_PUBLICITY,
            act("objection_filed", "r5"),
            act("objection_upheld", "c1"),
            act("stage_closed", "c1"),
            act("withdrawn", "r1"),
        ],
        "withdrawn",
        ("consultation_notice", "resolution"),
    ),
    "community-many-objections": (
        "community_consultation",
        COMMUNITY,
        [
            *COMMUNITY_PUBLICITY,
            *[act("objection_filed", f"r{i}") for i in range(1, 11)],
            act("time_passed", "clock", 8),
            act("withdrawn", "r1"),
        ],
        "withdrawn",
        ("consultation_notice", "resolution"),
    ),
    "liquid-approved": (
        "liquidfeedback_issue",
        LIQUID,
        [*LIQUID_VOTING, ballots(m1="for", m2="for", m3="against"), act("vote_closed", "m1")],
        "approved",
        (),
    ),
    "liquid-rejected": (
        "liquidfeedback_issue",
        LIQUID,
        [*LIQUID_VOTING, ballots(m1="for", m2="against", m3="against"), act("vote_closed", "m1")],
        "rejected",
        (),
    ),
    "liquid-no-admission": (
        "liquidfeedback_issue",
        LIQUID,
        [act("submitted", "m1"), act("supported", "m2"), act("time_passed", "clock", 12)],
        "cancelled_no_admission",
        (),
    ),
    "liquid-no-initiative-quorum": (
        "liquidfeedback_issue",
        LIQUID,
        [*LIQUID_VERIFICATION, act("supported", "m2"), act("time_passed", "clock", 12)],
        "cancelled_no_quorum",
        (),
    ),
    "liquid-withdrawn": (
        "liquidfeedback_issue",
        LIQUID,
        [act("submitted", "m1"), act("withdrawn", "m1")],
        "withdrawn",
        (),
    ),
    "openslides-accepted": (
        "openslides_motion",
        OPENSLIDES,
        [*OPENSLIDES_PERMITTED, ballots(d1="for", d2="for", d3="against"), act("vote_closed")],
        "accepted",
        (),
    ),
    "openslides-rejected": (
        "openslides_motion",
        OPENSLIDES,
        [*OPENSLIDES_PERMITTED, ballots(d1="for", d2="against", d3="against"), act("vote_closed")],
        "rejected",
        (),
    ),
    "openslides-tie": (
        "openslides_motion",
        OPENSLIDES,
        [*OPENSLIDES_PERMITTED, ballots(d1="for", d2="against"), act("vote_closed")],
        "rejected",
        (),
    ),
    "openslides-not-permitted": (
        "openslides_motion",
        OPENSLIDES,
        [act("submitted", "d1"), act("stage_closed")],
        "not_permitted",
        (),
    ),
    "openslides-withdrawn": (
        "openslides_motion",
        OPENSLIDES,
        [*OPENSLIDES_PERMITTED, act("withdrawn", "d1")],
        "withdrawn",
        (),
    ),
    "openslides-adjourned": (
        "openslides_motion",
        OPENSLIDES,
        [*OPENSLIDES_PERMITTED, act("stage_closed")],
        "adjourned",
        (),
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario_ends_in_its_terminal_stage(name: str) -> None:
    """Each scenario is accepted event by event and ends in the named terminal stage."""
    preset, kwargs, actions, terminal, published = SCENARIOS[name]
    driver = Driver(started(preset, **kwargs))

    final = driver.run(actions)

    assert final.stage == terminal
    assert final.is_closed
    assert replay(driver.initial, driver.log.events) == final
    assert tuple(n.kind for n in notices(driver.initial, driver.log)) == published
    assert driver.log.verify()


def test_every_terminal_stage_of_every_preset_is_reached() -> None:
    """The scenarios above cover every terminal stage (every way to fail) of every preset."""
    from govkit.config import load_preset
    from govkit.consultation import Procedure

    reached = {(preset, terminal) for preset, _, _, terminal, _ in SCENARIOS.values()}
    ids = [info.id for info in presets("procedure")]
    expected = {
        (ident, terminal) for ident in ids for terminal in load_preset(ident, Procedure).terminals
    }

    assert expected - reached == set()
