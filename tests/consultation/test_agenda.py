"""Agendas: order of business, time boxes, duplicate ids, all located in the YAML."""

from __future__ import annotations

import pytest

import govkit
from govkit.config import load_preset
from govkit.consultation import Agenda, AgendaItem, AgendaOrder
from govkit.errors import ConfigError

AGENDA = """govkit: 1
kind: agenda
title: Residents' council, March
meeting_minutes: 90
order: roberts_order_of_business
items:
  - {id: shed, title: Bike shed, proposer: ann, category: new_business, scope: "110105001001",
     minutes: 40, attachments: [shed-quote.pdf]}
  - {id: minutes, title: Minutes of February, category: minutes, minutes: 5}
  - {id: budget, title: Budget report, category: reports_of_officers, minutes: 20}
"""


def test_items_follow_the_order_of_business() -> None:
    """Items are taken up in the preset's order; time boxes give each a slot."""
    agenda = govkit.load(AGENDA)

    assert [item.id for item in agenda.ordered()] == ["minutes", "budget", "shed"]
    assert [(slot.start, slot.end) for slot in agenda.schedule()] == [(0, 5), (5, 25), (25, 65)]
    assert agenda.items[0].attachments == ("shed-quote.pdf",)


def test_overrunning_time_boxes_are_an_error_at_the_item() -> None:
    """The item whose time box runs past the end of the meeting is named, at its line."""
    text = AGENDA.replace("meeting_minutes: 90", "meeting_minutes: 60")

    with pytest.raises(ConfigError) as info:
        govkit.load(text)

    (problem,) = info.value.problems
    assert problem.line == 8  # the time box itself
    assert problem.message == "item 'shed' ends at minute 65, after the 60-minute meeting"


def test_duplicate_ids_and_unknown_categories_are_located() -> None:
    """Duplicate item ids and categories the order does not know are each reported."""
    text = AGENDA + "  - {id: shed, title: Again, category: gossip}\n"

    with pytest.raises(ConfigError) as info:
        govkit.load(text)

    assert [(p.line, p.message.split(";")[0]) for p in info.value.problems] == [
        (11, "item 'shed' is listed twice (first at items[0])"),
        (11, "category 'gossip' is not in the order of business"),
    ]


def test_order_preset_is_sourced() -> None:
    """The Robert's Rules order of business preset cites RONR 41:5."""
    order = load_preset("roberts_order_of_business", AgendaOrder)

    assert order.source is not None
    assert order.source.article == "41:5"
    assert order.categories[0] == "minutes"


def test_without_an_order_items_keep_their_order() -> None:
    """An agenda without an order of business keeps the order items were given in."""
    agenda = Agenda(items=(AgendaItem(id="b", title="B"), AgendaItem(id="a", title="A")))

    assert [item.id for item in agenda.ordered()] == ["b", "a"]


def test_duplicate_category_in_an_order_is_refused() -> None:
    """An order of business lists each category once."""
    with pytest.raises(ConfigError, match="category 'minutes' is listed twice"):
        govkit.load("govkit: 1\nkind: agenda_order\ncategories: [minutes, minutes]\n")
