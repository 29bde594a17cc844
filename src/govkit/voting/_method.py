"""
Voting methods: the `Method` protocol, its registry, and the `ElectionResult` they return.

A method is a frozen value configured in YAML (``{kind: stv, seats: 3}``) with
one verb, `Method.elect`, a pure function of the profile. A tie the method's
own definition cannot break is a result (`ElectionStatus.TIED`), never a
hidden choice: breaking it (by lot, by a casting vote) is a separate step.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar, NoReturn, Protocol, TypeAlias, TypeVar

import attrs
from attrs import field, frozen

from govkit._registry import Registry
from govkit.config import FrozenMap, register_family
from govkit.errors import ConfigError, RuleError
from govkit.voting._condition import format_amount
from govkit.voting._profile import ApprovalProfile, RankedProfile, ScoreProfile, Weight

__all__ = [
    "METHODS",
    "ElectionResult",
    "ElectionRound",
    "ElectionStatus",
    "Method",
    "Profile",
]

Profile: TypeAlias = RankedProfile | ApprovalProfile | ScoreProfile
"""Any kind of profile a method may be given."""

E = TypeVar("E", bound=enum.Enum)


class ElectionStatus(enum.Enum):
    """How an election ended."""

    ELECTED = "elected"
    """Every seat is filled."""
    TIED = "tied"
    """The method cannot decide between the candidates in ``ElectionResult.tied``."""
    SEATS_UNFILLED = "seats_unfilled"
    """Not every seat is filled; fewer candidates stood, or (consent) too few options pass."""


def exact(value: Weight | None) -> int | str | None:
    """Write an exact number as JSON does in govkit: ``3`` or ``"7/2"``."""
    if value is None or isinstance(value, int):
        return value
    return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _whole(value: Weight) -> Weight:
    return value.numerator if isinstance(value, Fraction) and value.denominator == 1 else value


def _frozen_counts(value: Mapping[str, Weight]) -> FrozenMap[str, Weight]:
    """Store counts read-only, whole Fractions as ints (``3``, not ``Fraction(3, 1)``)."""
    return FrozenMap({name: _whole(amount) for name, amount in value.items()})


@frozen(kw_only=True)
class ElectionRound:
    """
    One round (stage) of a count: what each candidate held and what happened.

    Parameters
    ----------
    number : int
        1 for the first round.
    counts : mapping of str to int or Fraction
        Votes each candidate still in the count (or just elected) held at
        the start of the round.
    exhausted : int or Fraction
        Weight of ballots with no further usable preference, so far. In every
        round, ``sum(counts.values()) + exhausted`` is the total weight counted
        (for STV, elected candidates' votes included).
    elected, eliminated : tuple of str
        Who was elected or excluded in this round.
    transfers : mapping of str to int or Fraction
        Votes each candidate received from this round's transfer.
    surplus : int or Fraction or None
        The surplus transferred in this round (STV).
    transfer_value : Fraction or None
        The value at which each ballot was passed on (STV, Gregory).
    keep_values : mapping of str to Fraction
        Each elected candidate's keep value (STV, Meek).
    note : str
        Anything the minutes should say about the round (ties and how they were broken).
    """

    number: int
    counts: FrozenMap[str, Weight] = field(converter=_frozen_counts)
    exhausted: Weight = field(default=0, converter=_whole)
    elected: tuple[str, ...] = ()
    eliminated: tuple[str, ...] = ()
    transfers: FrozenMap[str, Weight] = field(factory=FrozenMap, converter=_frozen_counts)
    surplus: Weight | None = field(default=None, converter=attrs.converters.optional(_whole))
    transfer_value: Fraction | None = None
    keep_values: FrozenMap[str, Weight] = field(factory=FrozenMap, converter=_frozen_counts)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data; exact numbers as ints or ``"p/q"`` strings."""
        return {
            "number": self.number,
            "counts": {name: exact(value) for name, value in self.counts.items()},
            "exhausted": exact(self.exhausted),
            "elected": list(self.elected),
            "eliminated": list(self.eliminated),
            "transfers": {name: exact(value) for name, value in self.transfers.items()},
            "surplus": exact(self.surplus),
            "transfer_value": exact(self.transfer_value),
            "keep_values": {name: exact(value) for name, value in self.keep_values.items()},
            "note": self.note,
        }


def _names(names: Sequence[str]) -> str:
    return ", ".join(names) if names else "nobody"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


@frozen(kw_only=True)
class ElectionResult:
    """
    What a voting method decided, with the figures behind it.

    Parameters
    ----------
    kind : str
        The method's registered kind (``"stv"``).
    label : str
        The method as the minutes name it, with its key options ("STV, Droop quota 334").
    status : ElectionStatus
        ELECTED, TIED or SEATS_UNFILLED.
    winners : tuple of str
        Who is elected, in the order elected (candidates elected together:
        most votes first, then ballot paper order). When TIED, those elected
        whichever way the tie is broken.
    tied : tuple of str
        When TIED, the candidates among whom the remaining seats must be
        decided (ballot paper order); empty otherwise.
    seats : int
        How many were to be elected.
    scores : mapping of str to int or Fraction
        Final scores per candidate, exact; what a score means is stated by each method.
    rounds : tuple of ElectionRound
        The count round by round, for methods that count in rounds.
    quota : int or Fraction or None
        The quota, for methods that use one.
    note : str
        How ties met during the count were handled, in words for the minutes.
    """

    kind: str
    label: str
    status: ElectionStatus
    winners: tuple[str, ...] = ()
    tied: tuple[str, ...] = ()
    seats: int = 1
    scores: FrozenMap[str, Weight] = field(factory=FrozenMap, converter=_frozen_counts)
    rounds: tuple[ElectionRound, ...] = ()
    quota: Weight | None = field(default=None, converter=attrs.converters.optional(_whole))
    note: str = ""

    def summary(self) -> str:
        """
        Return a one-line result fit for the minutes.

        Examples
        --------
        >>> ElectionResult(kind="stv", label="STV, Droop quota 334",
        ...     status=ElectionStatus.ELECTED, winners=("ann", "bo"), seats=2,
        ...     rounds=(ElectionRound(number=1, counts={}),) * 3).summary()
        'elected: ann, bo (STV, Droop quota 334, 3 rounds)'
        """
        if self.status is ElectionStatus.TIED:
            open_seats = self.seats - len(self.winners)
            head = f"tied: {_names(self.tied)}"
            if self.winners or self.seats > 1:
                head = (
                    f"elected: {_names(self.winners)}; tied for "
                    f"{_plural(open_seats, 'seat')}: {_names(self.tied)}"
                )
        elif self.status is ElectionStatus.SEATS_UNFILLED:
            unfilled = self.seats - len(self.winners)
            head = f"elected: {_names(self.winners)}; {_plural(unfilled, 'seat')} unfilled"
        else:
            head = f"elected: {_names(self.winners)}"
        details = [self.label]
        if self.rounds:
            details.append(_plural(len(self.rounds), "round"))
        return f"{head} ({', '.join(details)})"

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data; exact numbers as ints or ``"p/q"`` strings."""
        return {
            "kind": self.kind,
            "label": self.label,
            "status": self.status.value,
            "summary": self.summary(),
            "seats": self.seats,
            "winners": list(self.winners),
            "tied": list(self.tied),
            "scores": {name: exact(value) for name, value in self.scores.items()},
            "quota": exact(self.quota),
            "rounds": [count_round.to_dict() for count_round in self.rounds],
            "note": self.note,
        }

    def _repr_html_(self) -> str:
        names = list(self.scores) or list(self.winners) + list(self.tied)
        for count_round in self.rounds:
            names.extend(name for name in count_round.counts if name not in names)
        head = "<tr><th>candidate</th>"
        head += "".join(f"<th>round {r.number}</th>" for r in self.rounds)
        head += "<th>score</th></tr>" if self.scores else "</tr>"
        rows = []
        for name in names:
            label = html.escape(name)
            if name in self.winners:
                label = f"<b>{label}</b>"
            cells = [self._cell(r.counts.get(name)) for r in self.rounds]
            if self.scores:
                cells.append(self._cell(self.scores.get(name)))
            rows.append(f"<tr><td>{label}</td>{''.join(cells)}</tr>")
        if self.rounds:
            exhausted = "".join(self._cell(r.exhausted) for r in self.rounds)
            rows.append(f"<tr><td><i>exhausted</i></td>{exhausted}</tr>")
        caption = f"<p>{html.escape(self.summary())}</p>"
        note = f"<p>{html.escape(self.note)}</p>" if self.note else ""
        return f"{caption}<table>{head}{''.join(rows)}</table>{note}"

    @staticmethod
    def _cell(value: Weight | None) -> str:
        return f"<td>{'' if value is None else html.escape(format_amount(value))}</td>"


class Method(Protocol):
    """**Protocol**: elects candidates from a profile of ballots."""

    kind: ClassVar[str]

    def elect(self, profile: Profile) -> ElectionResult:
        """Apply the method to *profile* and return what it decided."""
        ...


METHODS: Registry[type[Method]] = Registry("voting method")
"""Every registered voting method, by YAML ``kind``."""

register_family(Method, METHODS)


# ---------------------------------------------------------------- helpers for methods


def check_seats(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    """Refuse a seat (or vote) count that is not a whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{attribute.name} must be a whole number of at least 1, got {value!r}"
        raise ConfigError.at((attribute.name,), msg)


def choice(enum_type: type[E], name: str, value: object) -> E:
    """Read an option that takes one of a few words (``quota: droop``)."""
    if isinstance(value, enum_type):
        return value
    for member in enum_type:
        if member.value == value:
            return member
    known = ", ".join(repr(member.value) for member in enum_type)
    msg = f"{name} must be one of {known}, got {value!r}"
    raise ConfigError.at((name,), msg)


def _wrong_profile(label: str, wanted: str, profile: object) -> NoReturn:
    msg = f"{label} counts {wanted}; got a {type(profile).__name__}"
    if isinstance(profile, ScoreProfile) and wanted == "ranked ballots":
        msg += " (use profile.to_ranked() to read score ballots as rankings)"
    raise RuleError(msg)


def ranked(profile: Profile, label: str) -> RankedProfile:
    """Return *profile* if it holds ranked ballots, else raise RuleError naming the method."""
    if not isinstance(profile, RankedProfile):
        _wrong_profile(label, "ranked ballots", profile)
    return profile


def approvals(profile: Profile, label: str) -> ApprovalProfile:
    """Return *profile* if it holds approval ballots, else raise RuleError."""
    if not isinstance(profile, ApprovalProfile):
        _wrong_profile(label, "approval ballots", profile)
    return profile


def scored(profile: Profile, label: str) -> ScoreProfile:
    """Return *profile* if it holds score ballots, else raise RuleError."""
    if not isinstance(profile, ScoreProfile):
        _wrong_profile(label, "score ballots", profile)
    return profile


def by_score(
    kind: str,
    label: str,
    candidates: Sequence[str],
    scores: Mapping[str, Weight],
    *,
    seats: int = 1,
    note: str = "",
) -> ElectionResult:
    """
    Elect the ``seats`` candidates with the highest scores; a tie at the cut is TIED.

    Candidates strictly above the cut are elected (most first); those tied at
    the cut contend for the seats left.
    """
    order = sorted(candidates, key=lambda name: -scores[name])  # stable: ballot order in ties
    common: dict[str, Any] = {"kind": kind, "label": label, "seats": seats, "note": note}
    common["scores"] = FrozenMap({name: scores[name] for name in candidates})
    if len(order) <= seats:
        status = ElectionStatus.ELECTED if len(order) == seats else ElectionStatus.SEATS_UNFILLED
        return ElectionResult(status=status, winners=tuple(order), **common)
    cut = scores[order[seats - 1]]
    if scores[order[seats]] != cut:
        return ElectionResult(status=ElectionStatus.ELECTED, winners=tuple(order[:seats]), **common)
    above = tuple(name for name in order if scores[name] > cut)
    at_cut = tuple(name for name in candidates if scores[name] == cut)
    return ElectionResult(status=ElectionStatus.TIED, winners=above, tied=at_cut, **common)


def break_by_earlier_rounds(
    tied: Sequence[str], history: Sequence[Mapping[str, Weight]], *, lowest: bool
) -> list[str]:
    """
    Narrow a tie by earlier rounds, most recent first ("backwards" tie-breaking).

    Going back round by round, keep only the tied candidates with the fewest
    (or, with ``lowest=False``, the most) votes in that round, until one is
    left or the rounds run out.

    Examples
    --------
    >>> rounds = [{"b": 1, "c": 2, "d": 1}, {"b": 4, "c": 4, "d": 5}]
    >>> break_by_earlier_rounds(["b", "c", "d"], rounds, lowest=True)
    ['b']
    >>> break_by_earlier_rounds(["b", "d"], rounds[:1], lowest=True)
    ['b', 'd']
    """
    remaining = list(tied)
    for counts in reversed(history):
        values = [counts.get(name, 0) for name in remaining]
        target = min(values) if lowest else max(values)
        remaining = [name for name, value in zip(remaining, values, strict=True) if value == target]
        if len(remaining) == 1:
            break
    return remaining


# ---------------------------------------------------------------- ties nobody may break


class _Fork(Exception):  # noqa: N818 - control flow, never leaves this module
    def __init__(self, options: tuple[str, ...], contenders: tuple[str, ...]) -> None:
        super().__init__(options)
        self.options = options
        self.contenders = contenders


@attrs.define
class Chooser:
    """
    Breaks the ties a count cannot break by following a fixed path of choices.

    A count calls `choose` at a tie; the explorer runs the count once per
    path, so every way of breaking the tie is tried and none is preferred.
    """

    path: tuple[int, ...] = ()
    rounds: list[ElectionRound] = attrs.Factory(list)
    ties: list[tuple[int, tuple[str, ...], str, str]] = attrs.Factory(list)
    _depth: int = 0

    def choose(
        self,
        options: Sequence[str],
        reason: str,
        *,
        pending: ElectionRound,
        contenders: Iterable[str],
    ) -> str:
        """
        Return the option this path takes, or stop the count at a new fork.

        *pending* is the round the tie happens in (kept, with the reason, when
        the count stops here); *contenders* are the candidates who could still
        be elected at this point.
        """
        if self._depth < len(self.path):
            picked = options[self.path[self._depth]]
            self._depth += 1
            self.ties.append((len(self.rounds), tuple(options), reason, picked))
            return picked
        self.rounds.append(attrs.evolve(pending, note=_joined(pending.note, reason)))
        raise _Fork(tuple(options), tuple(contenders))


def _joined(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


EXPLORATION_LIMIT = 2000
"""How many counts may be run to try every way of breaking ties before giving up."""


def explore(
    count: Callable[[Chooser], tuple[str, ...]],
    *,
    kind: str,
    label: str,
    candidates: Sequence[str],
    seats: int = 1,
    quota: Weight | None = None,
    scores: Callable[[Chooser], Mapping[str, Weight]] | None = None,
) -> ElectionResult:
    """
    Run *count* along every way of breaking its unbreakable ties, and report.

    If every way elects the same candidates, the tie did not matter: the
    result is ELECTED and the rounds show the count with the first option of
    each tie taken, saying so. Otherwise the result is TIED: the winners are
    those elected every way, the tied are the others who may be elected, and
    the rounds stop where the first tie was met.
    """
    root = Chooser()
    outcomes: dict[frozenset[str], tuple[str, ...]] = {}
    first: Chooser | None = None
    contenders: tuple[str, ...] = tuple(candidates)
    stack: list[tuple[int, ...]] = [()]
    runs = 0
    while stack and runs < EXPLORATION_LIMIT:
        path = stack.pop()
        chooser = root if not path else Chooser(path)
        runs += 1
        try:
            winners = count(chooser)
        except _Fork as fork:
            if not path:
                contenders = fork.contenders
            stack.extend((*path, i) for i in reversed(range(len(fork.options))))
            continue
        first = first or chooser
        outcomes.setdefault(frozenset(winners), winners)
    common: dict[str, Any] = {"kind": kind, "label": label, "seats": seats, "quota": quota}
    if first is not None and len(outcomes) == 1 and not stack:
        winners = first_outcome = next(iter(outcomes.values()))
        status = ElectionStatus.ELECTED if len(winners) == seats else ElectionStatus.SEATS_UNFILLED
        rounds = list(first.rounds)
        notes = []
        for index, _options, reason, picked in first.ties:
            words = f"{reason}; every way of breaking this tie elects {_names(first_outcome)}"
            words += f", so the count shows {picked} taken"
            notes.append(f"round {rounds[index].number}: {words}")
            rounds[index] = attrs.evolve(rounds[index], note=_joined(rounds[index].note, words))
        shown_scores = scores(first) if scores else {}
        return ElectionResult(
            status=status,
            winners=winners,
            rounds=tuple(rounds),
            scores=FrozenMap(shown_scores),
            note="; ".join(notes),
            **common,
        )
    if stack:  # gave up: anyone still in the count at the first tie may be elected
        sure: list[str] = [name for r in root.rounds for name in r.elected]
        possible = set(contenders) | set(sure)
        note = f"more than {EXPLORATION_LIMIT} ways to break the ties; not all were tried"
    else:
        sure = [name for name in next(iter(outcomes.values())) if _in_all(name, outcomes)]
        possible = set().union(*outcomes)
        note = "the result depends on how the tie is broken"
    tied = tuple(name for name in candidates if name in possible and name not in sure)
    return ElectionResult(
        status=ElectionStatus.TIED,
        winners=tuple(sure),
        tied=tied,
        rounds=tuple(root.rounds),
        scores=FrozenMap(scores(root) if scores else {}),
        note=_joined(root.rounds[-1].note if root.rounds else "", note),
        **common,
    )


def _in_all(name: str, outcomes: Mapping[frozenset[str], tuple[str, ...]]) -> bool:
    return all(name in outcome for outcome in outcomes)
