"""Notices: what a run discloses, sealed with the audit log's digest."""

from __future__ import annotations

import pytest

from govkit.consultation import notices
from tests.consultation.drive import Driver, act, ballots, roll, started

pytest.importorskip("chinese_calendar")


def test_resolution_notice_carries_the_decision_and_the_seal() -> None:
    """The owners' resolution notice names the item, the decision and the log digest."""
    owners = {o: {"area": 100} for o in ("o1", "o2", "o3")}
    driver = Driver(
        started(
            "owners_assembly",
            roles={"c": ["owners_committee"], "teller": ["owners_committee"]},
            roll=roll("o1", "o2", "o3", **owners),
        )
    )
    driver.run(
        [
            act("submitted", "c"),
            act("stage_closed", "c"),
            act("time_passed", "clock", 16),
            ballots(o1="for", o2="for", o3="for"),
            act("vote_closed", "c"),
        ]
    )

    notice, resolution = notices(driver.initial, driver.log)
    text = resolution.text()

    assert notice.kind == "meeting_notice"
    assert resolution.seal == driver.log.head
    assert "Item: an item under owners_assembly" in text
    assert "Decision: adopted (civil_code_278_ordinary)" in text
    assert f"Audit log seal: {driver.log.head}" in text
    assert driver.log.verify(head=resolution.seal)
    assert notices(driver.initial, driver.log.events)[1].seal is None
