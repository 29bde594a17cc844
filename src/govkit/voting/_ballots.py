"""Single ballots for candidates (ranked, approval, score) with voter, weight and measures."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, TypeVar

from attrs import field, frozen

from govkit.config import FrozenMap, Quantity, to_frozenmap, to_quantity
from govkit.errors import RuleError
from govkit.voting._profile import ApprovalProfile, RankedProfile, ScoreProfile

__all__ = [
    "ApprovalBallot",
    "RankedBallot",
    "ScoreBallot",
    "approval_profile",
    "ranked_profile",
    "score_profile",
]

B = TypeVar("B", "RankedBallot", "ApprovalBallot", "ScoreBallot")


def _measures(value: Mapping[str, Any]) -> FrozenMap[str, Quantity]:
    return FrozenMap({str(name): to_quantity(amount) for name, amount in value.items()})


def _names(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _ranking(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(item if isinstance(item, str) else tuple(item) for item in value)


@frozen(kw_only=True)
class RankedBallot:
    """
    One ranked ballot: the ranking, and optionally who cast it, its weight and its measures.

    Parameters
    ----------
    ranking : sequence
        Candidates from first to last; a rank may hold several candidates ranked
        equal (``["ann", ["bo", "cy"]]``); truncated rankings are allowed.
    voter : str or None
        Who cast it (voter ids must be unique within a count).
    weight : Quantity, default 1
        How much the ballot counts by default (a proxy holding two votes: 2).
    measures : mapping of str to Quantity
        Named weights the count may use instead (``{headcount: 1, area: 96.5}``): an
        owner's exclusive area, a developer's unsold units counted as one owner.

    Examples
    --------
    >>> ballots = [
    ...     RankedBallot(ranking=["ann", "bo"], voter="1-101", measures={"area": "88.5"}),
    ...     RankedBallot(ranking=["bo"], voter="developer", measures={"area": 450}),
    ... ]
    >>> ranked_profile(ballots, candidates=["ann", "bo"]).first_preferences["bo"]
    1
    >>> ranked_profile(ballots, candidates=["ann", "bo"], measure="area").first_preferences["bo"]
    450
    """

    ranking: tuple[Any, ...] = field(converter=_ranking)
    voter: str | None = None
    weight: Quantity = field(default=Quantity(Fraction(1)), converter=to_quantity)
    measures: FrozenMap[str, Quantity] = field(factory=FrozenMap, converter=_measures)


@frozen(kw_only=True)
class ApprovalBallot:
    """
    One approval ballot: the candidates approved, and optionally voter, weight and measures.

    Parameters
    ----------
    approved : set of str
        The candidates the voter approves of (empty: a blank ballot).
    voter, weight, measures
        As for `RankedBallot`.
    """

    approved: frozenset[str] = field(converter=_names)
    voter: str | None = None
    weight: Quantity = field(default=Quantity(Fraction(1)), converter=to_quantity)
    measures: FrozenMap[str, Quantity] = field(factory=FrozenMap, converter=_measures)


@frozen(kw_only=True)
class ScoreBallot:
    """
    One score or grade ballot: a score per candidate, and optionally voter, weight and measures.

    Parameters
    ----------
    scores : mapping of str to int
        Each scored candidate's score (grades are scores: 0 the worst).
    voter, weight, measures
        As for `RankedBallot`.
    """

    scores: FrozenMap[str, int] = field(converter=to_frozenmap)
    voter: str | None = None
    weight: Quantity = field(default=Quantity(Fraction(1)), converter=to_quantity)
    measures: FrozenMap[str, Quantity] = field(factory=FrozenMap, converter=_measures)


def _weighted(
    ballots: Iterable[B], measure: str | None, content: Callable[[B], Any]
) -> list[tuple[Any, Fraction]]:
    """Return (content, weight) pairs; refuse duplicate voters and missing measures."""
    pairs: list[tuple[Any, Fraction]] = []
    seen: set[str] = set()
    for ballot in ballots:
        if ballot.voter is not None:
            if ballot.voter in seen:
                msg = f"voter {ballot.voter!r} cast two ballots"
                raise RuleError(msg)
            seen.add(ballot.voter)
        if measure is None:
            weight = Fraction(ballot.weight)
        else:
            amount = ballot.measures.get(measure)
            if amount is None:
                who = f"of {ballot.voter!r}" if ballot.voter else "without a voter id"
                msg = f"the ballot {who} has no measure {measure!r}"
                raise RuleError(msg)
            weight = Fraction(amount)
        pairs.append((content(ballot), weight))
    return pairs


def ranked_profile(
    ballots: Iterable[RankedBallot],
    *,
    candidates: Sequence[str] | None = None,
    measure: str | None = None,
) -> RankedProfile:
    """
    Count ranked ballots into a profile, each weighing its ``weight`` or its *measure*.

    Raises
    ------
    RuleError
        When a voter cast two ballots, a ballot lacks *measure*, or a ranking is
        not valid for the candidates (see `RankedProfile`).
    """
    return RankedProfile.from_counts(
        _weighted(ballots, measure, lambda ballot: ballot.ranking), candidates=candidates
    )


def approval_profile(
    ballots: Iterable[ApprovalBallot],
    *,
    candidates: Sequence[str] | None = None,
    measure: str | None = None,
) -> ApprovalProfile:
    """Count approval ballots into a profile, each weighing its ``weight`` or its *measure*."""
    return ApprovalProfile.from_counts(
        _weighted(ballots, measure, lambda ballot: ballot.approved), candidates=candidates
    )


def score_profile(
    ballots: Iterable[ScoreBallot],
    *,
    max_score: int = 5,
    candidates: Sequence[str] | None = None,
    measure: str | None = None,
) -> ScoreProfile:
    """Count score ballots into a profile, each weighing its ``weight`` or its *measure*."""
    return ScoreProfile.from_counts(
        _weighted(ballots, measure, lambda ballot: dict(ballot.scores)),
        max_score=max_score,
        candidates=candidates,
    )
