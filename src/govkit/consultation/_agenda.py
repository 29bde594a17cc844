"""Agendas: ordered items with time boxes, and order-of-business presets."""

from __future__ import annotations

from attrs import field, frozen, validators

from govkit.config import Citation, document
from govkit.errors import ConfigError

__all__ = ["Agenda", "AgendaItem", "AgendaOrder", "Slot"]


def _unique_categories(_: object, __: object, categories: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for index, category in enumerate(categories):
        if category in seen:
            msg = f"category {category!r} is listed twice"
            raise ConfigError.at(("categories", index), msg)
        seen.add(category)


@document("agenda_order")
@frozen(kw_only=True)
class AgendaOrder:
    """
    An order of business: the categories of items, in the order they are taken up.

    Parameters
    ----------
    id : str or None
        How agendas refer to it (``roberts_order_of_business``).
    title : str or None
        A human-readable name.
    source : Citation or None
        The rulebook or regulation it comes from.
    verified : bool, default False
        Whether it was checked against the text in force.
    categories : tuple of str
        The categories, first taken up first.
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    categories: tuple[str, ...] = field(validator=[validators.min_len(1), _unique_categories])


@frozen(kw_only=True)
class AgendaItem:
    """
    One item put on the agenda.

    Parameters
    ----------
    id : str
        Unique in the agenda.
    title : str
        The matter, as it will be minuted.
    proposer : str or None
        Who put it forward.
    category : str or None
        Its category in the order of business (``new_business``).
    scope : str or None
        Where it applies: a grid unit id (``110105001001``) or free text.
    minutes : int or None
        Its time box in minutes.
    attachments : tuple of str
        References to documents (file names, URLs, archive numbers).
    """

    id: str
    title: str
    proposer: str | None = None
    category: str | None = None
    scope: str | None = None
    minutes: int | None = field(default=None, validator=validators.optional(validators.ge(1)))
    attachments: tuple[str, ...] = ()


@frozen
class Slot:
    """An item with its place in the meeting, in minutes from the start."""

    item: AgendaItem
    start: int
    end: int


@document("agenda")
@frozen(kw_only=True)
class Agenda:
    """
    A meeting's agenda: items, ordered by an order of business, within the meeting's time.

    Checked when loaded: item ids are unique, every category is one the order
    knows, and the time boxes fit in the meeting.

    Parameters
    ----------
    id : str or None
        How other documents refer to it.
    title : str or None
        The meeting (``Residents' council, March 2026``).
    meeting_minutes : int or None
        How long the meeting lasts; time boxes must fit in it.
    order : AgendaOrder or None
        The order of business (inline, a document id or a preset id).
    items : tuple of AgendaItem
        The items, in the order they were put forward.

    Examples
    --------
    >>> agenda = Agenda(
    ...     meeting_minutes=60,
    ...     order=AgendaOrder(categories=("minutes", "new_business")),
    ...     items=(AgendaItem(id="bikes", title="Bike shed", category="new_business", minutes=40),
    ...            AgendaItem(id="m", title="Minutes of May", category="minutes", minutes=5)))
    >>> [(slot.item.id, slot.start, slot.end) for slot in agenda.schedule()]
    [('m', 0, 5), ('bikes', 5, 45)]
    """

    id: str | None = None
    title: str | None = None
    meeting_minutes: int | None = field(
        default=None, validator=validators.optional(validators.ge(1))
    )
    order: AgendaOrder | None = None
    items: tuple[AgendaItem, ...] = ()

    def __attrs_post_init__(self) -> None:
        problems: list[ConfigError] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(self.items):
            if item.id in seen:
                msg = f"item {item.id!r} is listed twice (first at items[{seen[item.id]}])"
                problems.append(ConfigError.at(("items", index, "id"), msg))
            seen.setdefault(item.id, index)
            if self.order is not None and item.category not in self.order.categories:
                known = ", ".join(self.order.categories)
                msg = f"category {item.category!r} is not in the order of business; known: {known}"
                problems.append(ConfigError.at(("items", index, "category"), msg))
        if not problems and self.meeting_minutes is not None:
            for slot in self.schedule():
                if slot.end > self.meeting_minutes:
                    index = self.items.index(slot.item)
                    msg = (
                        f"item {slot.item.id!r} ends at minute {slot.end}, "
                        f"after the {self.meeting_minutes}-minute meeting"
                    )
                    hint = "shorten the time boxes or lengthen the meeting"
                    problems.append(ConfigError.at(("items", index, "minutes"), msg, hint=hint))
                    break
        if problems:
            raise ConfigError([p for error in problems for p in error.problems])

    def ordered(self) -> tuple[AgendaItem, ...]:
        """Return the items in the order of business (stable within a category)."""
        if self.order is None:
            return self.items
        rank = {category: index for index, category in enumerate(self.order.categories)}
        return tuple(sorted(self.items, key=lambda item: rank.get(item.category or "", len(rank))))

    def schedule(self) -> tuple[Slot, ...]:
        """Return each item in order with its start and end minute (untimed items take 0)."""
        slots = []
        clock = 0
        for item in self.ordered():
            end = clock + (item.minutes or 0)
            slots.append(Slot(item, clock, end))
            clock = end
        return tuple(slots)
