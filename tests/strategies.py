"""Hypothesis strategies for every govkit document kind, shared by the test modules."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from functools import cache
from typing import Any

from hypothesis import strategies as st

import govkit
from govkit.calendar import Weekday, WorkingCalendar, WorkingPeriod
from govkit.cases._flow import (
    Arrival,
    CaseFlow,
    Distribution,
    DistributionShape,
    Handling,
    MixEntry,
    Staffing,
)
from govkit.config import Citation, FrozenMap, Quantity
from govkit.consultation import (
    Action,
    Agenda,
    AgendaItem,
    AgendaOrder,
    AllGuards,
    Decided,
    Duration,
    ObjectionsAtLeast,
    ObjectionsFewerThan,
    Procedure,
    Stage,
    SupportAtLeast,
    TimeElapsed,
    Transition,
)
from govkit.voting import (
    BASES,
    AllOf,
    AnyOf,
    BallotPolicy,
    CastingVote,
    Choice,
    Condition,
    Count,
    DecisionRule,
    ElectionRule,
    Lot,
    Member,
    MotionBallot,
    MotionVote,
    Overvote,
    Repeated,
    Revote,
    Roll,
    SecondRound,
    Share,
    SkippedRank,
    Status,
    StatusQuo,
    Threshold,
    TieBreak,
    WriteIn,
)
from govkit.voting._scoring import BlockVoting, Plurality
from govkit.voting._stv import Stv
from tests.cases.strategies import CASE_STRATEGIES
from tests.grid.strategies import GRID_STRATEGIES
from tests.scenarios.strategies import scenarios

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


@st.composite
def calendars(draw: Any) -> WorkingCalendar:
    """A working calendar with disjoint holidays and make-up days, ordered working hours."""
    days = draw(st.lists(st.dates(), unique=True, max_size=6))
    split = draw(st.integers(0, len(days)))
    starts = sorted(draw(st.lists(st.integers(0, 22 * 60), unique=True, max_size=3)))
    hours = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else 24 * 60 - 1
        if end > start:
            hours.append(
                WorkingPeriod(
                    start=f"{start // 60:02}:{start % 60:02}", end=f"{end // 60:02}:{end % 60:02}"
                )
            )
    return WorkingCalendar(
        id=draw(st.none() | idents),
        title=draw(st.none() | texts),
        source=draw(st.none() | citations),
        verified=draw(st.booleans()),
        base=draw(st.sampled_from([None, "china"])),
        working_weekdays=frozenset(draw(st.sets(st.sampled_from(list(Weekday))))),
        holidays=frozenset(days[:split]),
        working_days=frozenset(days[split:]),
        working_hours=tuple(hours),
    )


@st.composite
def procedures(draw: Any) -> Procedure:
    """A valid procedure: a chain of stages, each able to end in one of the terminal stages."""
    count = draw(st.integers(1, 4))
    ends = ["done", "failed"]
    stages = []
    for index in range(count):
        following = f"s{index + 1}" if index + 1 < count else "done"
        allows = set(draw(st.sets(st.sampled_from(list(Action)))))
        if index == 0:
            allows.add(Action.SUBMIT)
        low = draw(st.none() | st.integers(1, 10))
        high = None if low is None else draw(st.none() | st.integers(low, 20))
        working = draw(st.booleans())
        rule = draw(decision_rules()) if Action.VOTE in allows else None
        days = high or low or draw(st.integers(1, 5))  # within [min, max]
        guards: list[Any] = [TimeElapsed(days=days, working_days=working)]
        if Action.SUPPORT in allows:
            guards.append(SupportAtLeast(count=draw(st.integers(1, 9))))
        if Action.OBJECT in allows:
            guards.append(ObjectionsAtLeast(count=draw(st.integers(1, 9))))
            guards.append(ObjectionsFewerThan(count=draw(st.integers(1, 9))))
        if rule is not None:
            guards.append(Decided(status=draw(st.sampled_from(list(Status)))))
        chosen = draw(st.lists(st.sampled_from(guards), max_size=2)) if guards else []
        transitions = [
            Transition(
                to=following,
                outcome="passed",
                when=AllGuards(guards=tuple(chosen))
                if len(chosen) > 1
                else (chosen[0] if chosen else None),
                event=None if chosen else "stage_closed",
            ),
            Transition(to="failed", outcome="withdrawn", event="withdrawn"),
        ]
        stages.append(
            Stage(
                id=f"s{index}",
                title=draw(st.none() | texts),
                allows=frozenset(allows),
                roles=frozenset(draw(st.sets(idents, max_size=2))),
                min_duration=None if low is None else Duration(days=low, working_days=working),
                max_duration=None if high is None else Duration(days=high, working_days=working),
                rule=rule,
                discloses=draw(st.none() | st.sampled_from(["resolution", "results"])),
                transitions=tuple(transitions),
            )
        )
    stages.extend(Stage(id=end, terminal=True, title=draw(st.none() | texts)) for end in ends)
    return Procedure(
        id=draw(st.none() | idents),
        title=draw(st.none() | texts),
        source=draw(st.none() | citations),
        verified=draw(st.booleans()),
        start="s0",
        calendar=draw(st.none() | calendars()),
        chairs=frozenset(draw(st.sets(idents, max_size=2))),
        stages=tuple(stages),
        notes=draw(st.none() | texts),
    )


agenda_orders = st.builds(
    AgendaOrder,
    id=st.none() | idents,
    title=st.none() | texts,
    source=st.none() | citations,
    verified=st.booleans(),
    categories=st.lists(idents, min_size=1, max_size=4, unique=True).map(tuple),
)


@st.composite
def agendas(draw: Any) -> Agenda:
    """An agenda whose items fit the meeting and use the order's categories."""
    order = draw(st.none() | agenda_orders)
    categories = list(order.categories) if order is not None else [None, "misc"]
    ids = draw(st.lists(idents, unique=True, max_size=4))
    items = tuple(
        AgendaItem(
            id=ident,
            title=draw(texts),
            proposer=draw(st.none() | texts),
            category=draw(st.sampled_from(categories)),
            scope=draw(st.none() | st.sampled_from(["110105001001", "楼栋 3", "street"])),
            minutes=draw(st.none() | st.integers(1, 30)),
            attachments=tuple(draw(st.lists(texts, max_size=2))),
        )
        for ident in ids
    )
    total = sum(item.minutes or 0 for item in items)
    return Agenda(
        id=draw(st.none() | idents),
        title=draw(st.none() | texts),
        meeting_minutes=draw(st.none() | st.integers(max(1, total), 200)),
        order=order,
        items=items,
    )


@st.composite
def ballot_policies(draw: Any) -> BallotPolicy:
    """Any ballot validity policy."""
    return BallotPolicy(
        id=draw(st.none() | idents),
        title=draw(st.none() | texts),
        source=draw(st.none() | citations),
        verified=draw(st.booleans()),
        overvote=draw(st.sampled_from(list(Overvote))),
        skipped_rank=draw(st.sampled_from(list(SkippedRank))),
        max_consecutive_skips=draw(st.none() | st.integers(1, 5)),
        repeated=draw(st.sampled_from(list(Repeated))),
        write_in=draw(st.sampled_from(list(WriteIn))),
    )


def thresholds() -> st.SearchStrategy[Threshold]:
    """An exact share, inclusive or strict."""
    return st.one_of(
        shares.map(lambda share: Threshold(at_least=share)),
        shares.map(lambda share: Threshold(more_than=share)),
    )


@st.composite
def election_rules(draw: Any) -> ElectionRule:
    """An election rule around a block, plurality or STV count."""
    seats = draw(st.integers(1, 7))
    method = draw(
        st.sampled_from(
            [BlockVoting(seats=seats), Stv(seats=seats)] + ([Plurality()] if seats == 1 else [])
        )
    )
    return ElectionRule(
        id=draw(st.none() | idents),
        title=draw(st.none() | texts),
        source=draw(st.none() | citations),
        verified=draw(st.booleans()),
        seats=seats,
        method=method,
        validity=draw(st.none() | thresholds()),
        winning=draw(st.none() | thresholds()),
        second_round=draw(
            st.none()
            | st.builds(SecondRound, candidates_per_seat=st.integers(1, 3), winning=thresholds())
        ),
    )


@cache
def _flow_system() -> Any:
    """Return the case system of the example flow (loaded once)."""
    return govkit.load_all("examples/case_flow_district.yaml")["jianwai_flow_system"]


@st.composite
def case_flows(draw: Any) -> CaseFlow:
    """A case flow over the example street's case system: drawn rates, mix, staffing, handling."""
    system = _flow_system()
    positive = quantities.filter(lambda q: q > 0)
    low = draw(quantities)
    durations = st.one_of(
        st.builds(Distribution, distribution=st.just(DistributionShape.FIXED), hours=quantities),
        st.builds(Distribution, distribution=st.just(DistributionShape.EXPONENTIAL), mean=positive),
        st.builds(
            Distribution,
            distribution=st.just(DistributionShape.LOGNORMAL),
            median=positive,
            sigma=quantities,
        ),
        st.builds(
            Distribution,
            distribution=st.just(DistributionShape.UNIFORM),
            low=st.just(low),
            high=quantities.map(lambda q: Quantity(q + low)),
        ),
    )
    categories = system.routing.categories
    kinds = [(code, sub) for code, subs in categories.items() for sub in (None, *subs)]
    tiers = [tier.id for tier in system.effective_tiers]
    probabilities = st.fractions(min_value=0, max_value=1, max_denominator=20)
    zone = dt.timezone(dt.timedelta(hours=draw(st.integers(-12, 14))))
    return CaseFlow(
        id=draw(st.none() | idents),
        title=draw(st.none() | texts),
        system=system,
        start=draw(st.datetimes(timezones=st.just(zone))),
        days=draw(st.integers(1, 400)),
        arrivals=tuple(
            Arrival(unit=unit, per_day=draw(quantities))
            for unit in draw(st.lists(st.sampled_from(["yonganli_g1", "jianguoli_g1"]), min_size=1))
        )
        + tuple(
            Arrival(level="grid", per_day=draw(quantities)) for _ in range(draw(st.integers(0, 1)))
        ),
        mix=tuple(
            MixEntry(
                category=code,
                subcategory=sub,
                priority=draw(st.sampled_from(["normal", "emergency"])),
                weight=draw(shares),
            )
            for code, sub in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=4))
        ),
        staffing=tuple(
            Staffing(tier=tier, servers=draw(st.integers(1, 9)))
            for tier in draw(st.lists(st.sampled_from(tiers), unique=True))
        ),
        handling=tuple(
            Handling(tier=tier, time=draw(durations), resolves=draw(probabilities))
            for tier in tiers
        ),
        sign_for=draw(st.none() | durations),
        satisfied=draw(probabilities),
        around_the_clock=draw(st.booleans()),
        seed=draw(st.integers(0, 2**32)),
    )


DOCUMENT_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "ballot_policy": ballot_policies(),
    "election_rule": election_rules(),
    "agenda": agendas(),
    "agenda_order": agenda_orders,
    "calendar": calendars(),
    "decision_rule": decision_rules(),
    "motion_vote": motion_votes(),
    "procedure": procedures(),
    "roll": rolls(),
    **GRID_STRATEGIES,
    **CASE_STRATEGIES,
    "case_flow": case_flows(),
    "scenario": scenarios(),
}
"""One strategy per registered document kind; a new kind must add one (a test checks)."""
