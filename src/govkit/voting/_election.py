"""
Election rules: validity of the poll, a winning threshold, seats, and a second round.

A voting method (`Method`) ranks the candidates; an `ElectionRule` adds what
elections in law add around it: the poll is valid only with enough turnout
(the villagers' committee: more than half of registered voters vote), a
candidate is elected only with enough votes (more than half of the ballots
cast), and seats left unfilled go to a second round among the best-placed
candidates, with its own threshold (at least a third of the ballots cast).
"""

from __future__ import annotations

import enum
from fractions import Fraction
from typing import Any

from attrs import field, frozen

from govkit.config import Citation, document, to_fraction
from govkit.errors import ConfigError, RuleError
from govkit.voting._condition import Comparison, format_amount
from govkit.voting._method import ElectionResult, ElectionStatus, Method, Profile, check_seats

__all__ = ["ElectionOutcome", "ElectionRule", "Outcome", "SecondRound", "Threshold"]


def _optional_share(value: object) -> Fraction | None:
    return None if value is None else to_fraction(value)


@frozen(kw_only=True)
class Threshold:
    """
    An exact share, inclusive (``at_least``, 以上) or strict (``more_than``, 过半数).

    Parameters
    ----------
    at_least, more_than : Fraction
        Exactly one: the share of the base that must be reached.

    Examples
    --------
    >>> Threshold(more_than="1/2").reached(Fraction(50), Fraction(100))
    False
    >>> Threshold(at_least="1/3").reached(Fraction(34), Fraction(100))
    True
    """

    at_least: Fraction | None = field(default=None, converter=_optional_share)
    more_than: Fraction | None = field(default=None, converter=_optional_share)

    def __attrs_post_init__(self) -> None:
        if (self.at_least is None) == (self.more_than is None):
            msg = "give exactly one of at_least (inclusive, 以上) or more_than (strict, 过半数)"
            raise ConfigError.at((), msg)
        share = self.share
        if not 0 <= share <= 1:
            msg = f"a share must be between 0 and 1, got {share}"
            raise ConfigError.at(("at_least" if self.at_least is not None else "more_than",), msg)

    @property
    def comparison(self) -> Comparison:
        """Return whether the share is inclusive or strict."""
        return Comparison.AT_LEAST if self.at_least is not None else Comparison.MORE_THAN

    @property
    def share(self) -> Fraction:
        """Return the share, whichever way it is compared."""
        value = self.at_least if self.at_least is not None else self.more_than
        return value if value is not None else Fraction(0)

    def reached(self, amount: Fraction, base: Fraction) -> bool:
        """Tell whether *amount* reaches the share of *base* (never, for an empty base)."""
        return bool(base) and self.comparison.holds(Fraction(amount), self.share * base)

    def text(self) -> str:
        """Return the threshold in words: ``more than 1/2``."""
        words = "at least" if self.comparison is Comparison.AT_LEAST else "more than"
        return f"{words} {self.share}"


@frozen(kw_only=True)
class SecondRound:
    """
    A second vote for seats the first left unfilled (另行选举).

    Parameters
    ----------
    candidates_per_seat : int, default 2
        How many of the best-placed candidates not yet elected stand, per
        open seat (all tied at the cut stand too; nobody without a vote).
    winning : Threshold
        What a candidate needs in the second round, of the ballots cast then.
    """

    candidates_per_seat: int = field(default=2, validator=check_seats)
    winning: Threshold


class Outcome(enum.Enum):
    """How an election under a rule ended."""

    ELECTED = "elected"
    SEATS_UNFILLED = "seats_unfilled"
    INVALID = "invalid"
    TIED = "tied"


@frozen(kw_only=True)
class ElectionOutcome:
    """
    What an election rule decided: who is elected, what is left, and why.

    Attributes
    ----------
    outcome : Outcome
        elected, seats_unfilled (a second round is due, or the seats stay
        empty), invalid (too few voted) or tied.
    elected : tuple of str
        Who is elected, in order.
    second_round_candidates : tuple of str
        Who stands in the second round, when one is due.
    result : ElectionResult or None
        The voting method's own result (None for an invalid poll).
    reasons : tuple of str
        Every check, in words for the minutes.
    """

    rule: str
    outcome: Outcome
    seats: int
    elected: tuple[str, ...] = ()
    second_round_candidates: tuple[str, ...] = ()
    result: ElectionResult | None = None
    reasons: tuple[str, ...] = ()

    @property
    def unfilled(self) -> int:
        """Return how many seats are not filled."""
        return self.seats - len(self.elected)

    def summary(self) -> str:
        """Return a one-line result fit for the minutes."""
        head = f"{self.outcome.value} ({self.rule})"
        if self.outcome is Outcome.INVALID:
            return f"{head}: {self.reasons[0]}"
        text = f"{head}: elected {', '.join(self.elected) or 'nobody'}"
        if self.unfilled and self.outcome is not Outcome.TIED:
            text += f"; {self.unfilled} seat(s) unfilled"
        if self.second_round_candidates:
            text += f"; second round among {', '.join(self.second_round_candidates)}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-able data."""
        return {
            "rule": self.rule,
            "outcome": self.outcome.value,
            "summary": self.summary(),
            "seats": self.seats,
            "elected": list(self.elected),
            "second_round_candidates": list(self.second_round_candidates),
            "reasons": list(self.reasons),
            "result": self.result.to_dict() if self.result is not None else None,
        }


@document("election_rule")
@frozen(kw_only=True)
class ElectionRule:
    """
    An election: a voting method plus turnout validity, a winning threshold and a second round.

    Parameters
    ----------
    id : str or None
        How presets and other documents refer to the rule.
    title : str or None
        A human-readable name.
    source : Citation or None
        Where the rule comes from.
    verified : bool, default False
        Whether the numbers were checked against the text in force.
    seats : int
        How many are to be elected.
    method : Method
        How votes are counted (``block``, ``plurality``, ``stv``, ...).
    validity : Threshold or None
        The share of registered voters who must vote for the poll to be valid.
    winning : Threshold or None
        The share of the ballots cast a candidate needs to be elected.
    second_round : SecondRound or None
        How seats left unfilled are voted on again.

    Examples
    --------
    >>> from govkit.config import load_preset
    >>> from govkit.voting._profile import ApprovalProfile
    >>> rule = load_preset("villagers_committee_election", ElectionRule)
    >>> ballots = ApprovalProfile.from_ballots(
    ...     [{"ann", "bo", "cy"}] * 6 + [{"ann", "di", "ed"}] * 4,
    ...     candidates=("ann", "bo", "cy", "di", "ed"),
    ... )
    >>> outcome = rule.elect(ballots, registered=18)
    >>> outcome.outcome, outcome.elected, outcome.second_round_candidates
    (<Outcome.SEATS_UNFILLED: 'seats_unfilled'>, ('ann', 'bo', 'cy'), ('di', 'ed'))
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    seats: int = field(validator=check_seats)
    method: Method
    validity: Threshold | None = None
    winning: Threshold | None = None
    second_round: SecondRound | None = None

    def __attrs_post_init__(self) -> None:
        method_seats = getattr(self.method, "seats", self.seats)
        if method_seats != self.seats:
            msg = f"the method elects {method_seats} but the rule has seats: {self.seats}"
            raise ConfigError.at(("method", "seats"), msg, hint="give both the same number")

    def elect(
        self, profile: Profile, *, registered: int | None = None, ballots_cast: int | None = None
    ) -> ElectionOutcome:
        """
        Count the first round.

        Parameters
        ----------
        profile : Profile
            The ballots, of the kind the method counts.
        registered : int, optional
            Registered voters; required when the rule has a validity threshold.
        ballots_cast : int, optional
            Ballots cast, blank and invalid included; defaults to the profile's weight.
        """
        name = self.id or self.title or "election rule"
        cast = Fraction(ballots_cast if ballots_cast is not None else profile.total_weight)
        reasons: list[str] = []
        if self.validity is not None:
            if registered is None:
                msg = f"{name} needs the number of registered voters to check turnout"
                raise RuleError(msg)
            valid = self.validity.reached(cast, Fraction(registered))
            verdict = "met" if valid else "not met, the poll is invalid"
            reasons.append(
                f"turnout: {format_amount(cast)} of {registered} registered voted; "
                f"needs {self.validity.text()}: {verdict}"
            )
            if not valid:
                return ElectionOutcome(
                    rule=name, outcome=Outcome.INVALID, seats=self.seats, reasons=tuple(reasons)
                )
        result = self.method.elect(profile)
        elected, checks = self._qualified(result.winners, result, cast, self.winning)
        reasons.extend(checks)
        runoff: tuple[str, ...] = ()
        if result.status is ElectionStatus.TIED and len(elected) == len(result.winners):
            reasons.append(f"tied for the last seat(s): {', '.join(result.tied)}")
            outcome = Outcome.TIED
        elif len(elected) == self.seats:
            outcome = Outcome.ELECTED
        else:
            outcome = Outcome.SEATS_UNFILLED
            runoff = self._runoff_candidates(result, elected, self.seats - len(elected))
        return ElectionOutcome(
            rule=name,
            outcome=outcome,
            seats=self.seats,
            elected=elected,
            second_round_candidates=runoff,
            result=result,
            reasons=tuple(reasons),
        )

    def elect_second_round(
        self, first: ElectionOutcome, profile: Profile, *, ballots_cast: int | None = None
    ) -> ElectionOutcome:
        """
        Count the second round for the seats *first* left unfilled.

        The method counts the second-round ballots (restricted to the
        second-round candidates); each winner needs the second round's
        threshold of the ballots cast in it.
        """
        if self.second_round is None or not first.second_round_candidates:
            msg = f"{first.rule} has no second round due"
            raise RuleError(msg)
        strays = set(profile.candidates) - set(first.second_round_candidates)
        if strays:
            msg = f"second-round ballots name candidates not standing: {', '.join(sorted(strays))}"
            raise RuleError(msg)
        cast = Fraction(ballots_cast if ballots_cast is not None else profile.total_weight)
        result = self.method.elect(profile)
        ranked = sorted(
            first.second_round_candidates, key=lambda c: -Fraction(result.scores.get(c, 0))
        )[: first.unfilled]
        more, checks = self._qualified(tuple(ranked), result, cast, self.second_round.winning)
        elected = first.elected + more
        outcome = Outcome.ELECTED if len(elected) == self.seats else Outcome.SEATS_UNFILLED
        return ElectionOutcome(
            rule=first.rule,
            outcome=outcome,
            seats=self.seats,
            elected=elected,
            result=result,
            reasons=(*first.reasons, "second round:", *checks),
        )

    @staticmethod
    def _qualified(
        candidates: tuple[str, ...],
        result: ElectionResult,
        cast: Fraction,
        winning: Threshold | None,
    ) -> tuple[tuple[str, ...], list[str]]:
        if winning is None:
            return candidates, []
        elected, lines = [], []
        for candidate in candidates:
            votes = Fraction(result.scores.get(candidate, 0))
            ok = winning.reached(votes, cast)
            lines.append(
                f"{candidate}: {format_amount(votes)} of {format_amount(cast)} ballots; "
                f"needs {winning.text()}: {'elected' if ok else 'not elected'}"
            )
            if ok:
                elected.append(candidate)
        return tuple(elected), lines

    def _runoff_candidates(
        self, result: ElectionResult, elected: tuple[str, ...], open_seats: int
    ) -> tuple[str, ...]:
        if self.second_round is None:
            return ()
        others = [c for c in result.scores if c not in elected and result.scores[c]]
        others.sort(key=lambda c: -Fraction(result.scores[c]))
        wanted = self.second_round.candidates_per_seat * open_seats
        if len(others) <= wanted:
            return tuple(others)
        cut = Fraction(result.scores[others[wanted - 1]])
        return tuple(c for c in others if Fraction(result.scores[c]) >= cut)
