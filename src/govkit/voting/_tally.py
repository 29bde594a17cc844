"""Motion ballots and their tally, per measure (headcount, area, households, ...)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any

from attrs import field, frozen

from govkit.config import FrozenMap, Quantity, to_quantity
from govkit.config._converter import describe
from govkit.errors import ConfigError, RuleError
from govkit.voting._roll import HEADCOUNT, Roll

__all__ = ["BASES", "Choice", "MeasureTally", "MotionBallot", "MotionTally"]

_ZERO = Quantity(Fraction(0))


class Choice(enum.Enum):
    """What a motion ballot says. Only ``for`` and ``against`` are votes cast."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    BLANK = "blank"
    INVALID = "invalid"

    # Members are singletons compared by identity: hashing by identity is consistent, and
    # done in C it halves the cost of the dict look-ups a count makes per ballot.
    __hash__ = object.__hash__


BASES: FrozenMap[str, str] = FrozenMap(
    {
        "for": "ballots for",
        "against": "ballots against",
        "abstain": "abstentions",
        "blank": "blank ballots",
        "invalid": "invalid ballots",
        "cast": "votes cast: for + against (abstentions, blanks and invalid ballots are not votes)",
        "valid": "valid ballots: for + against + abstain",
        "participating": "everyone who took part: for + against + abstain + blank + invalid",
        "present": "members present at the meeting (defaults to participating)",
        "expected": "members expected to attend (given explicitly; e.g. 应到会)",
        "registered": "registered voters (defaults to eligible)",
        "eligible": "everyone entitled to take part (the roll)",
    }
)
"""Every amount a condition can count or compare against, and what it means."""


def _to_measures(value: Mapping[str, object]) -> FrozenMap[str, Quantity]:
    if not isinstance(value, Mapping):
        msg = f"expected a mapping of measure names to numbers, got {describe(value)}"
        raise TypeError(msg)
    out: dict[str, Quantity] = {}
    for name, amount in value.items():
        quantity = to_quantity(amount)
        out[str(name)] = quantity
    return FrozenMap(out)


def _positive(_: object, __: object, weight: Quantity) -> None:
    if weight <= 0:
        msg = f"weight must be more than 0, got {weight}"
        raise ConfigError.at(("weight",), msg)


@frozen(kw_only=True)
class MotionBallot:
    """
    One ballot on a motion.

    Parameters
    ----------
    choice : Choice
        ``for``, ``against``, ``abstain``, ``blank`` or ``invalid``.
    voter : str or None
        The member who cast it; their measures then come from the roll.
    weight : Quantity, default 1
        A multiplier for every measure (a proxy carrying several shares).
    measures : mapping of str to Quantity
        This ballot's own measures, e.g. ``{area: 96.52}``; used when there is
        no roll entry for the voter. ``headcount`` is 1 unless given.
    """

    choice: Choice
    voter: str | None = None
    weight: Quantity = field(
        default=Quantity(Fraction(1)), converter=to_quantity, validator=_positive
    )
    measures: FrozenMap[str, Quantity] = field(factory=FrozenMap, converter=_to_measures)


@frozen(kw_only=True)
class MeasureTally:
    """
    The tally of one measure: how much of it stands behind each choice.

    Parameters
    ----------
    for_, against, abstain, blank, invalid : Quantity
        Amounts behind each choice (``for_`` is written ``for`` in YAML and JSON).
    eligible : Quantity or None
        The roll's total; None when there is no roll.
    registered, present, expected : Quantity or None
        Given when known; ``registered`` defaults to eligible and ``present`` to
        participating when a condition needs them.
    """

    for_: Quantity = field(default=_ZERO, converter=to_quantity)
    against: Quantity = field(default=_ZERO, converter=to_quantity)
    abstain: Quantity = field(default=_ZERO, converter=to_quantity)
    blank: Quantity = field(default=_ZERO, converter=to_quantity)
    invalid: Quantity = field(default=_ZERO, converter=to_quantity)
    eligible: Quantity | None = None
    registered: Quantity | None = None
    present: Quantity | None = None
    expected: Quantity | None = None

    def amount(self, base: str) -> Fraction:  # noqa: PLR0911 - one return per base
        """
        Return the amount named *base* (see `BASES`).

        Raises
        ------
        RuleError
            When the base is unknown, or not known for this tally (no roll for
            ``eligible``, no figure for ``expected``).
        """
        simple = {
            "for": self.for_,
            "against": self.against,
            "abstain": self.abstain,
            "blank": self.blank,
            "invalid": self.invalid,
        }
        if base in simple:
            return simple[base]
        if base == "cast":
            return self.for_ + self.against
        if base == "valid":
            return self.for_ + self.against + self.abstain
        if base == "participating":
            return self.for_ + self.against + self.abstain + self.blank + self.invalid
        if base == "present":
            return self.present if self.present is not None else self.amount("participating")
        if base == "registered" and self.registered is None and self.eligible is not None:
            return self.eligible
        if base in ("eligible", "registered", "expected"):
            value = getattr(self, base)
            if value is None:
                fixes = {
                    "eligible": "count the ballots against a roll, or give eligible figures",
                    "registered": "give registered figures (they default to the roll's)",
                    "expected": "give expected figures: members expected to attend",
                }
                msg = f"the tally has no {base!r} figure: {fixes[base]}"
                raise RuleError(msg)
            return Fraction(value)
        msg = f"unknown base {base!r}; known: {', '.join(BASES)}"
        raise RuleError(msg)


@frozen
class MotionTally:
    """
    The tally of a motion in every measure.

    Build it with `MotionTally.count` from ballots (and a roll), or give the
    figures directly.

    Examples
    --------
    >>> tally = MotionTally.count(
    ...     [MotionBallot(choice=Choice.FOR), MotionBallot(choice=Choice.FOR),
    ...      MotionBallot(choice=Choice.AGAINST), MotionBallot(choice=Choice.ABSTAIN)])
    >>> tally["headcount"].amount("cast"), tally["headcount"].amount("participating")
    (Fraction(3, 1), Fraction(4, 1))
    """

    measures: FrozenMap[str, MeasureTally]

    def __getitem__(self, measure: str) -> MeasureTally:
        try:
            return self.measures[measure]
        except KeyError:
            known = ", ".join(self.measures) or "(none)"
            msg = f"the tally has no measure {measure!r}; it has: {known}"
            raise RuleError(msg) from None

    @classmethod
    def count(
        cls,
        ballots: Iterable[MotionBallot],
        *,
        roll: Roll | None = None,
        measures: Iterable[str] = (),
        eligible: Mapping[str, Quantity | int] | None = None,
        registered: Mapping[str, Quantity | int] | None = None,
        present: Mapping[str, Quantity | int] | None = None,
        expected: Mapping[str, Quantity | int] | None = None,
    ) -> MotionTally:
        """
        Count *ballots* in one pass, in every measure.

        Parameters
        ----------
        ballots : iterable of MotionBallot
            The ballots. A ballot naming a voter takes the voter's measures
            from *roll*; a voter may vote only once.
        roll : Roll, optional
            The eligible members; gives each measure its ``eligible`` total.
        measures : iterable of str
            Measures to tally besides headcount and those the roll or the
            ballots carry.
        eligible : mapping of measure to amount, optional
            Eligible totals when there is no roll (or to override the roll's).
        registered : mapping of measure to amount, optional
            Registered voters, when they differ from the eligible roll.
        present, expected : mapping of measure to amount, optional
            Attendance figures for rules based on those.

        Raises
        ------
        RuleError
            A voter not on the roll, or a voter who voted twice.
        """
        names = {HEADCOUNT, *measures, *(eligible or {}), *(registered or {})}
        if roll is not None:
            names.update(roll.measures())
        members = {member.id: member for member in roll.members} if roll is not None else {}
        voted: set[str] = set()

        def rows() -> Iterator[tuple[Choice, int, int, Mapping[str, Fraction]]]:
            for ballot in ballots:
                own: Mapping[str, Fraction] = ballot.measures
                if ballot.voter is not None:
                    if ballot.voter in voted:
                        msg = f"voter {ballot.voter!r} has more than one ballot"
                        raise RuleError(msg)
                    voted.add(ballot.voter)
                    if roll is not None:
                        member = members.get(ballot.voter)
                        if member is None:
                            msg = f"voter {ballot.voter!r} is not on the roll"
                            raise RuleError(msg)
                        own = (
                            {**member.measures, **ballot.measures}
                            if ballot.measures
                            else member.measures
                        )
                weight = ballot.weight
                yield ballot.choice, weight.numerator, weight.denominator, own

        figures = _Figures(eligible, registered, present, expected)
        return cls._from_rows(rows(), names, roll, figures)

    @classmethod
    def count_votes(
        cls,
        votes: Iterable[tuple[str, Choice]],
        *,
        roll: Roll | None,
        registered: Mapping[str, Quantity | int] | None = None,
        present: Mapping[str, Quantity | int] | None = None,
        expected: Mapping[str, Quantity | int] | None = None,
    ) -> MotionTally:
        """
        Count ``(voter, choice)`` pairs against *roll*: the fast path for recorded votes.

        Equal to `count` with one `MotionBallot` per pair, without building them:
        each voter's measures come from the roll (without a roll, each counts 1).

        Raises
        ------
        RuleError
            A voter not on the roll, or a voter who voted twice.

        Examples
        --------
        >>> from govkit.voting import Member
        >>> roll = Roll(members=(Member(id="a", measures={"area": 90}), Member(id="b")))
        >>> counted = MotionTally.count_votes([("a", Choice.FOR), ("b", Choice.AGAINST)], roll=roll)
        >>> counted["area"].for_, counted["headcount"].against, counted["area"].eligible
        (Fraction(90, 1), Fraction(1, 1), Fraction(90, 1))
        """
        members = {member.id: member.measures for member in roll.members} if roll else None
        voted: set[str] = set()
        nothing: Mapping[str, Fraction] = {}

        def rows() -> Iterator[tuple[Choice, int, int, Mapping[str, Fraction]]]:
            for voter, choice in votes:
                own = members.get(voter) if members is not None else nothing
                if own is None:
                    msg = f"voter {voter!r} is not on the roll"
                    raise RuleError(msg)
                if voter in voted:
                    msg = f"voter {voter!r} has more than one ballot"
                    raise RuleError(msg)
                voted.add(voter)
                yield choice, 1, 1, own

        figures = _Figures(None, registered, present, expected)
        names = {HEADCOUNT, *(roll.measures() if roll is not None else ())}
        return cls._from_rows(rows(), names, roll, figures)

    @classmethod
    def from_arrays(
        cls,
        choices: Any,
        *,
        weights: Any = None,
        measures: Mapping[str, Any] | None = None,
        eligible: Mapping[str, Quantity | int] | None = None,
        registered: Mapping[str, Quantity | int] | None = None,
        present: Mapping[str, Quantity | int] | None = None,
        expected: Mapping[str, Quantity | int] | None = None,
    ) -> MotionTally:
        """
        Count ballots held as NumPy arrays, exactly, without ballot objects.

        *choices* holds one code per ballot (0 for, 1 against, 2 abstain, 3 blank,
        4 invalid), *weights* one whole-number weight per ballot, *measures* per
        measure whole numbers or ``(numerators, denominator)``; see
        `govkit.voting.tally_arrays`, which this calls (the ``fast`` extra).
        """
        from govkit.voting._motion_arrays import tally_arrays  # noqa: PLC0415 - needs numpy

        return tally_arrays(
            choices,
            weights=weights,
            measures=measures,
            eligible=eligible,
            registered=registered,
            present=present,
            expected=expected,
        )

    @classmethod
    def from_totals(
        cls,
        totals: Mapping[str, Mapping[str, Quantity | int | float | str]],
        *,
        eligible: Mapping[str, Quantity | int] | None = None,
        registered: Mapping[str, Quantity | int] | None = None,
        present: Mapping[str, Quantity | int] | None = None,
        expected: Mapping[str, Quantity | int] | None = None,
    ) -> MotionTally:
        """
        Build a tally from amounts already summed per measure and choice.

        The fast path for analysts and for ballots counted elsewhere (a database,
        NumPy sums): no ballot objects at all. Amounts are read exactly.

        Raises
        ------
        RuleError
            A choice that is not ``for``, ``against``, ``abstain``, ``blank`` or ``invalid``.

        Examples
        --------
        >>> tally = MotionTally.from_totals(
        ...     {"headcount": {"for": 8, "against": 3, "abstain": 2},
        ...      "area": {"for": 1204.57, "against": 317.45, "abstain": 188.52}},
        ...     eligible={"headcount": 15, "area": 1956.94})
        >>> tally["area"].amount("participating"), tally["headcount"].eligible
        (Fraction(85527, 50), Fraction(15, 1))
        """
        choices = {choice.value: choice for choice in Choice}
        parts: list[tuple[Choice, int, int, Mapping[str, Fraction]]] = []
        names = {HEADCOUNT}
        for measure, by_choice in totals.items():
            names.add(measure)
            for word, amount in by_choice.items():
                if word not in choices:
                    msg = f"unknown choice {word!r} for {measure!r}; known: {', '.join(choices)}"
                    raise RuleError(msg)
                parts.append((choices[word], 1, 1, {measure: to_quantity(amount)}))
        # Totals given per measure: headcount is counted only where it is given.
        rows = [
            (c, n, d, {**own, HEADCOUNT: own.get(HEADCOUNT, Fraction(0))}) for c, n, d, own in parts
        ]
        figures = _Figures(eligible, registered, present, expected)
        return cls._from_rows(rows, names, None, figures)

    @classmethod
    def _from_rows(
        cls,
        rows: Iterable[tuple[Choice, int, int, Mapping[str, Fraction]]],
        names: set[str],
        roll: Roll | None,
        figures: _Figures,
    ) -> MotionTally:
        """Sum (choice, weight numerator, weight denominator, measures) rows exactly."""
        # No Fraction arithmetic per ballot: for each measure and choice, numerators are
        # added up per denominator (ints), and reduced once at the end.
        parts: dict[tuple[str, Choice, int], int] = {}
        for choice, wn, wd, own in rows:
            if HEADCOUNT not in own:
                key = (HEADCOUNT, choice, wd)
                parts[key] = parts.get(key, 0) + wn
            for name, amount in own.items():
                key = (name, choice, wd * amount.denominator)
                parts[key] = parts.get(key, 0) + wn * amount.numerator
        sums: dict[str, dict[Choice, Fraction]] = {}
        for (name, choice, denominator), numerator in parts.items():
            names.add(name)
            by_choice = sums.setdefault(name, dict.fromkeys(Choice, Fraction(0)))
            by_choice[choice] += Fraction(numerator, denominator)
        tallies = {}
        for name in sorted(names):
            by_choice = sums.get(name) or dict.fromkeys(Choice, Fraction(0))
            tallies[name] = MeasureTally(
                for_=Quantity(by_choice[Choice.FOR]),
                against=Quantity(by_choice[Choice.AGAINST]),
                abstain=Quantity(by_choice[Choice.ABSTAIN]),
                blank=Quantity(by_choice[Choice.BLANK]),
                invalid=Quantity(by_choice[Choice.INVALID]),
                eligible=_eligible(figures.eligible, roll, name),
                registered=_figure(figures.registered, name),
                present=_figure(figures.present, name),
                expected=_figure(figures.expected, name),
            )
        return cls(FrozenMap(tallies))


@frozen
class _Figures:
    """The attendance and eligibility figures given to a count, per measure."""

    eligible: Mapping[str, Quantity | int] | None
    registered: Mapping[str, Quantity | int] | None
    present: Mapping[str, Quantity | int] | None
    expected: Mapping[str, Quantity | int] | None


def _eligible(
    figures: Mapping[str, Quantity | int] | None, roll: Roll | None, name: str
) -> Quantity | None:
    given = _figure(figures, name)
    if given is not None:
        return given
    return Quantity(roll.total(name)) if roll is not None else None


def _figure(figures: Mapping[str, Quantity | int] | None, name: str) -> Quantity | None:
    if figures is None or name not in figures:
        return None
    return to_quantity(figures[name])
