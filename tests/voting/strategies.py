"""Hypothesis strategies for ballots, profiles and configured voting methods."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

# Importing the method modules registers every method kind.
from govkit.voting import (  # noqa: F401
    _condorcet,
    _grading,
    _proportional,
    _runoff,
    _scoring,
    _stv,
)
from govkit.voting._method import METHODS, Method, Profile
from govkit.voting._profile import ApprovalProfile, RankedProfile, ScoreProfile, Weight

NAMES = ("ann", "bo", "cy", "di", "ed", "flo")

EXAMPLE_OPTIONS: dict[str, list[dict[str, Any]]] = {
    "approval": [{}, {"seats": 2}],
    "block": [{"seats": 2}],
    "borda": [{}],
    "consent": [{}, {"seats": 1, "max_objections": 1}],
    "copeland": [{}],
    "cumulative": [{"seats": 2, "votes": 25}],
    "dowdall": [{}],
    "instant_runoff": [{}, {"backwards_tie_break": False}],
    "kemeny": [{}],
    "limited": [{"seats": 3, "votes": 2}],
    "majority_judgment": [{}],
    "minimax": [{}, {"strength": "winning_votes"}],
    "plurality": [{}],
    "proportional_approval": [{"seats": 2}, {"seats": 1}],
    "ranked_pairs": [{}, {"strength": "winning_votes"}],
    "schulze": [{}, {"strength": "winning_votes"}],
    "score": [{}],
    "sequential_phragmen": [{"seats": 2}, {"seats": 3}],
    "star": [{}],
    "stv": [
        {"seats": 2},
        {"seats": 1, "quota": "hare"},
        {"seats": 2, "transfer": "meek"},
        {"seats": 3, "quota": "hare", "transfer": "meek", "backwards_tie_break": False},
    ],
    "two_round": [{}],
}
"""Options to build every registered method with (a new kind must add an entry)."""

APPROVAL_KINDS = frozenset(
    {"approval", "block", "consent", "limited", "proportional_approval", "sequential_phragmen"}
)
SCORE_KINDS = frozenset({"cumulative", "majority_judgment", "score", "star"})
CONDORCET_KINDS = ("copeland", "kemeny", "minimax", "ranked_pairs", "schulze")
SINGLE_WINNER_RANKED_KINDS = (
    "borda",
    "copeland",
    "dowdall",
    "instant_runoff",
    "kemeny",
    "minimax",
    "plurality",
    "ranked_pairs",
    "schulze",
    "two_round",
)


def configured() -> list[tuple[str, dict[str, Any]]]:
    """Every (kind, options) pair of EXAMPLE_OPTIONS, for parametrize."""
    return [(kind, options) for kind in METHODS for options in EXAMPLE_OPTIONS.get(kind, [{}])]


def build(kind: str, options: dict[str, Any]) -> Method:
    """Build a registered method from its kind and options."""
    method: Method = METHODS[kind](**options)
    return method


def counts(*, fractional: bool = False) -> st.SearchStrategy[Weight]:
    """A ballot count: a small whole number, or an exact fraction."""
    whole = st.integers(min_value=1, max_value=6)
    if not fractional:
        return whole
    return st.one_of(whole, st.fractions(min_value=Fraction(1, 6), max_value=5, max_denominator=6))


@st.composite
def rankings(
    draw: st.DrawFn, names: tuple[str, ...], *, ties: bool = True, truncation: bool = True
) -> tuple[tuple[str, ...], ...]:
    """A ranking of some of *names*, perhaps truncated, perhaps with equal ranks."""
    order = draw(st.permutations(names))
    length = draw(st.integers(min_value=1, max_value=len(order))) if truncation else len(order)
    order = order[:length]
    if not ties:
        return tuple((name,) for name in order)
    cuts = draw(st.lists(st.booleans(), min_size=length - 1, max_size=length - 1))
    ranks: list[list[str]] = [[order[0]]]
    for name, cut in zip(order[1:], cuts, strict=True):
        if cut:
            ranks[-1].append(name)
        else:
            ranks.append([name])
    return tuple(tuple(rank) for rank in ranks)


@st.composite
def ranked_profiles(
    draw: st.DrawFn,
    *,
    min_candidates: int = 1,
    max_candidates: int = 5,
    max_ballots: int = 7,
    ties: bool = True,
    truncation: bool = True,
    fractional: bool = True,
) -> RankedProfile:
    """A ranked profile over the first few NAMES (possibly with no ballots at all)."""
    size = draw(st.integers(min_value=min_candidates, max_value=max_candidates))
    names = NAMES[:size]
    pairs = draw(
        st.lists(
            st.tuples(
                rankings(names, ties=ties, truncation=truncation),
                counts(fractional=fractional),
            ),
            max_size=max_ballots,
        )
    )
    return RankedProfile.from_counts(pairs, candidates=names)


@st.composite
def approval_profiles(
    draw: st.DrawFn, *, max_candidates: int = 5, max_marks: int | None = None
) -> ApprovalProfile:
    """An approval profile; each ballot marks at most *max_marks* candidates."""
    size = draw(st.integers(min_value=1, max_value=max_candidates))
    names = NAMES[:size]
    marks = st.sets(st.sampled_from(names), min_size=1, max_size=max_marks or size)
    pairs = draw(st.lists(st.tuples(marks, counts(fractional=True)), max_size=7))
    return ApprovalProfile.from_counts(pairs, candidates=names)


@st.composite
def score_profiles(draw: st.DrawFn, *, max_candidates: int = 5) -> ScoreProfile:
    """A score profile on a 0-5 scale."""
    size = draw(st.integers(min_value=1, max_value=max_candidates))
    names = NAMES[:size]
    ballot = st.dictionaries(st.sampled_from(names), st.integers(min_value=0, max_value=5))
    pairs = draw(st.lists(st.tuples(ballot, counts(fractional=True)), max_size=7))
    return ScoreProfile.from_counts(pairs, candidates=names)


def profiles_for(kind: str, options: dict[str, Any]) -> st.SearchStrategy[Profile]:
    """Valid profiles for a method: the right ballot type, within its mark limits."""
    if kind in APPROVAL_KINDS:
        limit = options.get("votes", options.get("seats")) if kind != "approval" else None
        return approval_profiles(max_marks=limit)
    if kind in SCORE_KINDS:
        return score_profiles()
    return ranked_profiles()


def relabelled(profile: Profile, mapping: dict[str, str]) -> Profile:
    """The same ballots with every candidate renamed by *mapping* (ballot order kept)."""
    candidates = tuple(mapping[name] for name in profile.candidates)
    if isinstance(profile, RankedProfile):
        ranked_pairs = [
            (tuple(tuple(mapping[name] for name in rank) for rank in ranking), count)
            for ranking, count in profile.ballots.items()
        ]
        return RankedProfile.from_counts(ranked_pairs, candidates=candidates)
    if isinstance(profile, ApprovalProfile):
        approval_pairs = [
            (frozenset(mapping[name] for name in marked), count)
            for marked, count in profile.ballots.items()
        ]
        return ApprovalProfile.from_counts(approval_pairs, candidates=candidates)
    score_pairs = [
        ({mapping[name]: score for name, score in scores.items()}, count)
        for scores, count in profile.ballots.items()
    ]
    return ScoreProfile.from_counts(score_pairs, candidates=candidates, max_score=profile.max_score)
