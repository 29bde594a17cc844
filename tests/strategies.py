"""Hypothesis strategies for every govkit document kind, shared by the test modules."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from govkit.config import Citation, FrozenMap, Quantity
from govkit.voting import (
    BASES,
    AllOf,
    AnyOf,
    CastingVote,
    Choice,
    Condition,
    Count,
    DecisionRule,
    Lot,
    Member,
    MotionBallot,
    MotionVote,
    Revote,
    Roll,
    Share,
    StatusQuo,
    TieBreak,
)

# Texts a YAML author may write, including the ones YAML 1.1 would read as other types.
texts = st.one_of(
    st.text(min_size=1, max_size=12),
    st.sampled_from(["yes", "no", "on", "off", "12:30", "1.10", "null", "~", "2026-01-01", "业主"]),
)
idents = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
measure_names = st.sampled_from(["headcount", "area", "households", "shares"])
quantities = st.one_of(
    st.integers(0, 10_000).map(lambda n: Quantity(Fraction(n))),
    st.integers(0, 1_000_000).map(lambda n: Quantity(Fraction(n, 100))),
    st.fractions(min_value=0, max_value=1000, max_denominator=12).map(Quantity),
)
shares = st.fractions(min_value=Fraction(1, 100), max_value=Fraction(99, 100), max_denominator=100)
citations = st.builds(
    Citation,
    law=texts,
    version=texts,
    article=texts,
    url=st.none() | texts,
    note=st.none() | texts,
)


def _measures(draw: Any) -> FrozenMap[str, Quantity]:
    return FrozenMap(draw(st.dictionaries(measure_names, quantities, max_size=3)))


@st.composite
def members(draw: Any, ident: str) -> Member:
    """A member with a few measures."""
    return Member(id=ident, measures=_measures(draw))


@st.composite
def rolls(draw: Any) -> Roll:
    """A roll of distinct members."""
    ids = draw(st.lists(texts.filter(str.strip), unique=True, max_size=6))
    return Roll(
        id=draw(st.none() | idents),
        title=draw(st.none() | texts),
        members=tuple(draw(members(ident)) for ident in ids),
    )


@st.composite
def share_conditions(draw: Any) -> Share:
    """A share condition, inclusive or strict."""
    share = draw(shares)
    strict = draw(st.booleans())
    return Share(
        measure=draw(measure_names),
        count=draw(st.sampled_from(list(BASES))),
        of=draw(st.sampled_from(list(BASES))),
        at_least=None if strict else share,
        more_than=share if strict else None,
        label=draw(st.none() | texts),
    )


@st.composite
def count_conditions(draw: Any) -> Count:
    """An absolute-count condition."""
    number = draw(quantities)
    strict = draw(st.booleans())
    return Count(
        measure=draw(measure_names),
        count=draw(st.sampled_from(list(BASES))),
        at_least=None if strict else number,
        more_than=number if strict else None,
        label=draw(st.none() | texts),
    )


def conditions() -> st.SearchStrategy[Condition]:
    """Any condition, nested up to a few levels of all_of / any_of."""
    leaves: st.SearchStrategy[Condition] = st.one_of(share_conditions(), count_conditions())
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda c: AllOf(conditions=tuple(c))),
            st.lists(inner, min_size=1, max_size=3).map(lambda c: AnyOf(conditions=tuple(c))),
        ),
        max_leaves=5,
    )


tie_breaks: st.SearchStrategy[TieBreak] = st.sampled_from(
    [StatusQuo(), CastingVote(), Lot(), Revote()]
)


@st.composite
def decision_rules(draw: Any) -> DecisionRule:
    """Any decision rule."""
    return DecisionRule(
        id=draw(st.none() | idents),
        title=draw(st.none() | texts),
        source=draw(st.none() | citations),
        verified=draw(st.booleans()),
        quorum=draw(st.none() | conditions()),
        threshold=draw(conditions()),
        tie_break=tuple(draw(st.lists(tie_breaks, max_size=3))),
        units=FrozenMap(draw(st.dictionaries(measure_names, texts, max_size=2))),
        notes=draw(st.none() | texts),
    )


@st.composite
def motion_votes(draw: Any) -> MotionVote:
    """A vote whose ballots name members of its roll (or no roll and anonymous ballots)."""
    roll = draw(st.none() | rolls())
    voters = [member.id for member in roll.members] if roll is not None else []
    chosen = draw(st.lists(st.sampled_from(voters), unique=True)) if voters else []
    ballots = [
        MotionBallot(choice=draw(st.sampled_from(list(Choice))), voter=voter) for voter in chosen
    ]
    if roll is None:
        ballots = [
            MotionBallot(
                choice=draw(st.sampled_from(list(Choice))),
                weight=draw(quantities.filter(lambda q: q > 0)),
                measures=_measures(draw),
            )
            for _ in range(draw(st.integers(0, 4)))
        ]
    return MotionVote(
        id=draw(st.none() | idents),
        motion=draw(texts),
        rule=draw(decision_rules()),
        roll=roll,
        ballots=tuple(ballots),
        present=_measures(draw),
        expected=_measures(draw),
        casting_vote=draw(st.none() | st.sampled_from(list(Choice))),
        seed=draw(st.none() | st.integers(0, 2**32)),
    )


DOCUMENT_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "decision_rule": decision_rules(),
    "motion_vote": motion_votes(),
    "roll": rolls(),
}
"""One strategy per registered document kind; a new kind must add one (a test checks)."""
