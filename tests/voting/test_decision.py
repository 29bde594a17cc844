"""Decision rules: every preset at its exact thresholds, tie-break chains, and rule properties."""

from __future__ import annotations

import json
import random
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.config import FrozenMap, Quantity, load_preset, presets
from govkit.errors import RuleError
from govkit.voting import (
    CastingVote,
    Choice,
    DecisionRule,
    Lot,
    MeasureTally,
    MotionBallot,
    MotionTally,
    Revote,
    Share,
    Status,
    StatusQuo,
)

RULE_PRESETS = [info.id for info in presets("decision_rule")]


def q(value: Any) -> Quantity:
    return Quantity(Fraction(value))


def tally(**measures: dict[str, Any]) -> MotionTally:
    """A tally given figure by figure: tally(headcount={"for_": 6, "eligible": 10}, ...)."""
    built = {}
    for name, figures in measures.items():
        built[name] = MeasureTally(**{key: q(value) for key, value in figures.items()})
    return MotionTally(FrozenMap(built))


def owners(
    *,
    heads: tuple[Any, Any, Any],
    area: tuple[Any, Any, Any],
    eligible: tuple[Any, Any] = (30, 3000),
) -> MotionTally:
    """Owners' tally from (for, against, abstain) per measure and the eligible totals."""
    return tally(
        headcount={
            "for_": heads[0],
            "against": heads[1],
            "abstain": heads[2],
            "eligible": eligible[0],
        },
        area={"for_": area[0], "against": area[1], "abstain": area[2], "eligible": eligible[1]},
    )


class TestCivilCode278:
    """Art. 278: participation >= 2/3 of area AND heads; then > 1/2 (or >= 3/4) of participants."""

    rule = load_preset("civil_code_278_ordinary", DecisionRule)
    special = load_preset("civil_code_278_special", DecisionRule)

    @pytest.mark.parametrize(
        ("participating_heads", "participating_area", "quorate"),
        [
            (20, 2000, True),  # exactly 2/3 of 30 heads and of 3000 m²: at_least is inclusive
            (19, 2000, False),  # one owner short
            (21, 2000, True),
            (20, Fraction(199999, 100), False),  # 0.01 m² short
            (20, Fraction(200001, 100), True),
        ],
    )
    def test_participation_floor_is_inclusive_on_both_measures(
        self, participating_heads: int, participating_area: Fraction, quorate: bool
    ) -> None:
        """2/3 exactly takes part -> quorate; one unit less on either measure -> no quorum."""
        decision = self.rule.decide(
            owners(heads=(participating_heads, 0, 0), area=(participating_area, 0, 0))
        )

        assert (decision.status is not Status.NO_QUORUM) is quorate

    @pytest.mark.parametrize(
        ("heads_for", "area_for", "status"),
        [
            (12, 1500, Status.REJECTED),  # exactly half of 24 heads: not MORE than half
            (13, 1500, Status.REJECTED),  # heads pass, area exactly half of 3000 fails
            (13, Fraction(150001, 100), Status.ADOPTED),  # both more than half
            (12, Fraction(150001, 100), Status.REJECTED),
        ],
    )
    def test_ordinary_matters_need_more_than_half_of_both(
        self, heads_for: int, area_for: Fraction, status: Status
    ) -> None:
        """过半数 is strict: exactly 1/2 fails, one unit more passes, on each measure."""
        decision = self.rule.decide(
            owners(heads=(heads_for, 24 - heads_for, 0), area=(area_for, 3000 - area_for, 0))
        )

        assert decision.status is status

    def test_abstentions_count_as_participating(self) -> None:
        """12 of 24 participating is not more than half, though 12 of 20 votes cast would be."""
        decision = self.rule.decide(owners(heads=(12, 8, 4), area=(1600, 900, 500)))

        assert decision.status is Status.REJECTED
        assert [check.met for check in decision.threshold.checks] == [True, False]

    @pytest.mark.parametrize(
        ("heads_for", "area_for", "status"),
        [
            (18, 2250, Status.ADOPTED),  # exactly 3/4 of 24 heads and of 3000 m²: inclusive
            (17, 2250, Status.REJECTED),
            (18, Fraction(224999, 100), Status.REJECTED),
        ],
    )
    def test_special_matters_need_three_quarters_inclusive(
        self, heads_for: int, area_for: Fraction, status: Status
    ) -> None:
        """四分之三以上 is inclusive on both measures."""
        decision = self.special.decide(
            owners(heads=(heads_for, 24 - heads_for, 0), area=(area_for, 3000 - area_for, 0))
        )

        assert decision.status is status

    def test_shortfall_is_exact_in_the_measure_unit(self) -> None:
        """The minutes say by how much area participation fell short, in m²."""
        decision = self.rule.decide(owners(heads=(20, 0, 0), area=(1746, 0, 0)))

        area_check = decision.quorum.checks[0]
        assert area_check.shortfall == 254
        assert area_check.text().endswith("short by 254 m²")


class TestPropertyLaw76:
    """Property Law 2007 Art. 76: shares of ALL owners and the WHOLE area, no floor."""

    rule = load_preset("property_law_2007_76_special", DecisionRule)

    @pytest.mark.parametrize(
        ("heads_for", "area_for", "status"),
        [(20, 2000, Status.ADOPTED), (19, 2000, Status.REJECTED), (20, 1999, Status.REJECTED)],
    )
    def test_two_thirds_of_everyone_inclusive(
        self, heads_for: int, area_for: int, status: Status
    ) -> None:
        """At least 2/3 of all 30 owners and all 3000 m² must agree."""
        decision = self.rule.decide(owners(heads=(heads_for, 0, 0), area=(area_for, 0, 0)))

        assert decision.status is status


class TestVillagersAssembly:
    """Quorum: more than half of adults OR at least 2/3 of households; decided by > 1/2 present."""

    rule = load_preset("villagers_assembly", DecisionRule)

    @pytest.mark.parametrize(
        ("adults_present", "households_present", "quorate"),
        [
            (50, 0, False),  # exactly half of 100 adults: not more than half
            (51, 0, True),
            (10, 40, True),  # exactly 2/3 of 60 households: at least is inclusive
            (10, 39, False),
        ],
    )
    def test_quorum_is_adults_or_households(
        self, adults_present: int, households_present: int, quorate: bool
    ) -> None:
        """Either branch of any_of seats the assembly, each at its exact boundary."""
        decision = self.rule.decide(
            tally(
                headcount={"for_": adults_present, "eligible": 100, "present": adults_present},
                households={"eligible": 60, "present": households_present},
            )
        )

        assert (decision.status is not Status.NO_QUORUM) is quorate

    @pytest.mark.parametrize(("votes_for", "status"), [(30, Status.REJECTED), (31, Status.ADOPTED)])
    def test_decided_by_more_than_half_of_those_present(
        self, votes_for: int, status: Status
    ) -> None:
        """Half of the 60 present is not enough; 31 is."""
        decision = self.rule.decide(
            tally(
                headcount={
                    "for_": votes_for,
                    "against": 60 - votes_for,
                    "eligible": 100,
                    "present": 60,
                },
                households={"eligible": 60, "present": 30},
            )
        )

        assert decision.status is status


class TestRobertsRules:
    """RONR: majority of votes cast (abstentions are not votes); a tie fails."""

    majority = load_preset("roberts_majority", DecisionRule)
    two_thirds = load_preset("roberts_two_thirds", DecisionRule)

    def test_abstentions_do_not_count_and_a_tie_fails(self) -> None:
        """5-5 with 20 abstaining is a tie, which fails under status_quo."""
        decision = self.majority.decide(
            tally(headcount={"for_": 5, "against": 5, "abstain": 20, "eligible": 40, "present": 30})
        )

        assert decision.status is Status.REJECTED
        assert decision.tie_break == "status_quo"

    @pytest.mark.parametrize(("votes_for", "status"), [(6, Status.ADOPTED), (5, Status.REJECTED)])
    def test_two_thirds_is_inclusive(self, votes_for: int, status: Status) -> None:
        """6 of 9 is exactly two thirds and passes; 5 of 8 does not."""
        decision = self.two_thirds.decide(
            tally(headcount={"for_": votes_for, "against": 3, "eligible": 12, "present": 10})
        )

        assert decision.status is status

    def test_quorum_is_more_than_half_of_the_membership(self) -> None:
        """6 of 12 present is not a quorum; nothing is decided."""
        decision = self.majority.decide(tally(headcount={"for_": 6, "eligible": 12, "present": 6}))

        assert decision.status is Status.NO_QUORUM
        assert decision.threshold is None


class TestTieBreaks:
    """A tie goes through the chain fixed in advance; the settling step is recorded."""

    threshold = Share(count="for", of="cast", more_than="1/2")
    tied = tally(headcount={"for_": 3, "against": 3})

    def rule(self, *steps: Any) -> DecisionRule:
        return DecisionRule(threshold=self.threshold, tie_break=tuple(steps))

    def test_no_chain_reports_tied(self) -> None:
        """Without tie-break steps, a tie is a result: TIED."""
        assert self.rule().decide(self.tied).status is Status.TIED

    def test_casting_vote_then_status_quo(self) -> None:
        """The chair's vote settles it; without one, the next step (status quo) does."""
        rule = self.rule(CastingVote(), StatusQuo())

        with_vote = rule.decide(self.tied, casting_vote=Choice.FOR)
        without = rule.decide(self.tied)

        assert (with_vote.status, with_vote.tie_break) == (Status.ADOPTED, "casting_vote")
        assert (without.status, without.tie_break) == (Status.REJECTED, "status_quo")

    def test_lot_is_reproducible_from_the_seed(self) -> None:
        """The same seed draws the same lot; without an rng the tie stays open."""
        rule = self.rule(Lot())

        draws = {rule.decide(self.tied, rng=random.Random(7)).status for _ in range(5)}
        unseeded = rule.decide(self.tied)

        assert len(draws) == 1
        assert unseeded.status is Status.TIED

    def test_revote_stops_the_chain(self) -> None:
        """A revote step leaves the motion tied even if later steps could settle it."""
        decision = self.rule(Revote(), StatusQuo()).decide(self.tied)

        assert decision.status is Status.TIED
        assert decision.note == "tied; not settled (revote, status_quo)"

    def test_nobody_voting_is_not_a_tie(self) -> None:
        """0 for and 0 against is a rejection, not a tie to break."""
        decision = self.rule(CastingVote()).decide(
            tally(headcount={"abstain": 4}), casting_vote=Choice.FOR
        )

        assert decision.status is Status.REJECTED


def test_missing_figure_is_a_rule_error() -> None:
    """A rule needing 'eligible' on a tally without a roll raises RuleError, naming the fix."""
    rule = load_preset("civil_code_278_ordinary", DecisionRule)

    with pytest.raises(RuleError, match="no 'eligible' figure: count the ballots against a roll"):
        rule.decide(MotionTally.count([MotionBallot(choice=Choice.FOR)], measures=["area"]))


# --- properties over every preset -------------------------------------------------------

amounts = st.integers(0, 60)


@st.composite
def full_tallies(draw: Any) -> MotionTally:
    """A tally with every figure every preset may need, in headcount, area and households."""
    built = {}
    for name in ("headcount", "area", "households"):
        figures = {key: draw(amounts) for key in ("for_", "against", "abstain", "blank", "invalid")}
        participating = sum(figures.values())
        figures["present"] = participating + draw(st.integers(0, 10))
        figures["eligible"] = figures["present"] + draw(st.integers(0, 30))
        figures["expected"] = figures["eligible"]
        built[name] = MeasureTally(**{key: q(value) for key, value in figures.items()})
    return MotionTally(FrozenMap(built))


@pytest.mark.parametrize("preset", RULE_PRESETS)
@settings(max_examples=60, deadline=None)
@given(data=full_tallies())
def test_every_preset_decides_every_tally_and_explains(preset: str, data: MotionTally) -> None:
    """Totality: every preset returns a Decision with a JSON-able explanation for any tally."""
    decision = load_preset(preset, DecisionRule).decide(data)

    assert decision.status in set(Status)
    assert json.loads(json.dumps(decision.to_dict()))["status"] == decision.status.value
    assert decision.summary()


@pytest.mark.parametrize("preset", RULE_PRESETS)
@settings(max_examples=60, deadline=None)
@given(data=full_tallies(), measure=st.sampled_from(["headcount", "area", "households"]))
def test_moving_a_vote_to_for_never_unadopts(preset: str, data: MotionTally, measure: str) -> None:
    """Monotonicity: turning one 'against' into 'for' never undoes an adoption."""
    figures = data[measure]
    if figures.against == 0:
        return
    better = attrs.evolve(figures, for_=q(figures.for_ + 1), against=q(figures.against - 1))
    improved = MotionTally(FrozenMap({**data.measures, measure: better}))
    rule = load_preset(preset, DecisionRule)

    if rule.decide(data).status is Status.ADOPTED:
        assert rule.decide(improved).status is Status.ADOPTED


@settings(max_examples=60, deadline=None)
@given(
    choices=st.lists(st.sampled_from(list(Choice)), max_size=30),
    seed=st.integers(0, 1000),
)
def test_counting_is_anonymous(choices: list[Choice], seed: int) -> None:
    """Permuting the ballots changes nothing in the tally."""
    ballots = [MotionBallot(choice=choice) for choice in choices]
    shuffled = ballots[:]
    random.Random(seed).shuffle(shuffled)

    assert MotionTally.count(ballots) == MotionTally.count(shuffled)


@settings(max_examples=60, deadline=None)
@given(
    choices=st.lists(st.sampled_from(list(Choice)), max_size=30),
    split=st.integers(0, 30),
)
def test_vote_totals_are_conserved(choices: list[Choice], split: int) -> None:
    """Every ballot is counted exactly once: the choice totals add up to the ballots."""
    counted = MotionTally.count([MotionBallot(choice=choice) for choice in choices])["headcount"]

    assert counted.amount("participating") == len(choices)
    assert counted.amount("for") == choices.count(Choice.FOR)


def test_a_share_of_nothing_is_never_met() -> None:
    """Everyone abstains: 0 of 0 votes cast does not reach 'at least 2/3' (nothing is adopted)."""
    rule = load_preset("roberts_two_thirds", DecisionRule)

    decision = rule.decide(tally(headcount={"abstain": 9, "eligible": 10, "present": 9}))

    assert decision.status is Status.REJECTED
    assert decision.threshold is not None
    assert decision.threshold.checks[0].text().endswith("nothing to take a share of")


def test_registered_voters_can_differ_from_the_roll() -> None:
    """A recall counts turnout against registered voters when they are given."""
    from govkit.voting import MotionVote, Roll

    roll = Roll(members=tuple(f"v{i}" for i in range(10)))
    ballots = tuple(MotionBallot(choice=Choice.FOR, voter=f"v{i}") for i in range(5))
    rule = load_preset("villagers_committee_recall", DecisionRule)

    on_roll = MotionVote(motion="recall", rule=rule, roll=roll, ballots=ballots)
    fewer_registered = attrs.evolve(on_roll, registered=FrozenMap({"headcount": q(9)}))

    assert on_roll.decide().status is Status.NO_QUORUM  # 5 of 10 is not more than half
    assert fewer_registered.decide().status is Status.ADOPTED  # 5 of 9 is


class TestRemainingPresets:
    """The other statutory and policy presets, at the exact boundary and one unit either side."""

    @pytest.mark.parametrize(("present", "quorate"), [(20, True), (19, False)])
    def test_representatives_meeting_needs_two_thirds_present(
        self, present: int, quorate: bool
    ) -> None:
        """村民代表会议: at least 2/3 of 30 members (20) must attend."""
        rule = load_preset("villagers_representatives_meeting", DecisionRule)

        decision = rule.decide(tally(headcount={"for_": 15, "eligible": 30, "present": present}))

        assert (decision.status is not Status.NO_QUORUM) is quorate

    @pytest.mark.parametrize(("votes_for", "status"), [(10, Status.REJECTED), (11, Status.ADOPTED)])
    def test_representatives_meeting_decides_by_more_than_half_present(
        self, votes_for: int, status: Status
    ) -> None:
        """10 of 20 present is not more than half; 11 is."""
        rule = load_preset("villagers_representatives_meeting", DecisionRule)

        decision = rule.decide(
            tally(
                headcount={
                    "for_": votes_for,
                    "against": 20 - votes_for,
                    "eligible": 30,
                    "present": 20,
                }
            )
        )

        assert decision.status is status

    @pytest.mark.parametrize(
        ("voting", "votes_for", "status"),
        [
            (50, 40, Status.NO_QUORUM),  # exactly half of 100 registered vote: invalid
            (51, 25, Status.REJECTED),  # 25 of 51 is not more than half
            (51, 26, Status.ADOPTED),
        ],
    )
    def test_recall_needs_half_of_registered_voting_and_half_of_votes(
        self, voting: int, votes_for: int, status: Status
    ) -> None:
        """罢免: more than half of registered voters vote; more than half of them agree."""
        rule = load_preset("villagers_committee_recall", DecisionRule)
        figures = {"for_": votes_for, "against": voting - votes_for, "eligible": 100}

        assert rule.decide(tally(headcount=figures)).status is status

    @pytest.mark.parametrize(
        ("present", "votes_for", "status"),
        [
            (40, 40, Status.NO_QUORUM),  # exactly half of 80 attend
            (41, 20, Status.REJECTED),  # 20 of 41 is not more than half
            (41, 21, Status.ADOPTED),
        ],
    )
    def test_residents_meeting_boundaries(
        self, present: int, votes_for: int, status: Status
    ) -> None:
        """居民会议: more than half attend; more than half of those attending agree."""
        rule = load_preset("residents_meeting", DecisionRule)
        figures = {
            "for_": votes_for,
            "against": present - votes_for,
            "eligible": 80,
            "present": present,
        }

        assert rule.decide(tally(headcount=figures)).status is status

    @pytest.mark.parametrize(
        ("approve", "disapprove", "abstain", "status"),
        [(50, 50, 30, Status.REJECTED), (51, 50, 30, Status.ADOPTED), (1, 0, 99, Status.ADOPTED)],
    )
    def test_liquidfeedback_direct_majority_ignores_abstentions(
        self, approve: int, disapprove: int, abstain: int, status: Status
    ) -> None:
        """More than half of approvals plus disapprovals must approve; abstentions do not count."""
        rule = load_preset("liquidfeedback_direct_majority", DecisionRule)
        figures = {"for_": approve, "against": disapprove, "abstain": abstain}

        assert rule.decide(tally(headcount=figures)).status is status
