"""Single ballots with voter ids, weights and measures; ranked ballots in CSV."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govkit.cli import main
from govkit.errors import ConfigError, RuleError
from govkit.voting import (
    ApprovalBallot,
    InstantRunoff,
    RankedBallot,
    ScoreBallot,
    approval_profile,
    ranked_profile,
    read_ballot_file,
    read_ranked_csv,
    score_profile,
    write_ranked_csv,
)

OWNERS = [
    RankedBallot(ranking=["ann", "bo"], voter="1-101", measures={"headcount": 1, "area": "88.5"}),
    RankedBallot(ranking=["bo", "ann"], voter="1-102", measures={"headcount": 1, "area": 92}),
    # the developer's unsold units together: one owner, with their total area
    RankedBallot(ranking=["bo"], voter="developer", measures={"headcount": 1, "area": 450}),
    RankedBallot(ranking=["ann"], voter="1-201", measures={"headcount": 1, "area": "96.52"}),
]


def test_a_count_by_headcount_or_by_area() -> None:
    """The same ballots elect ann by owners and bo by area: the measure is the count's choice."""
    by_owner = ranked_profile(OWNERS, candidates=["ann", "bo"], measure="headcount")
    by_area = ranked_profile(OWNERS, candidates=["ann", "bo"], measure="area")
    assert dict(by_owner.first_preferences) == {"ann": 2, "bo": 2}
    assert dict(by_area.first_preferences) == {
        "ann": Fraction("185.02"),
        "bo": 542,
    }
    assert InstantRunoff().elect(by_area).winners == ("bo",)


def test_weights_duplicates_and_missing_measures() -> None:
    """A proxy's weight counts; one voter, one ballot; a measure must be on every ballot."""
    ballots = [
        RankedBallot(ranking=["ann"], voter="a", weight=2),
        RankedBallot(ranking=["bo"], voter="b"),
    ]
    assert ranked_profile(ballots).total_weight == 3
    with pytest.raises(RuleError, match="voter 'a' cast two ballots"):
        ranked_profile([*ballots, RankedBallot(ranking=["bo"], voter="a")])
    with pytest.raises(RuleError, match="the ballot of 'a' has no measure 'area'"):
        ranked_profile(ballots, measure="area")
    with pytest.raises(ValueError, match="cannot be negative"):
        RankedBallot(ranking=["ann"], weight=-1)


def test_approval_and_score_ballots() -> None:
    """Approval and score ballots carry voter, weight and measures too."""
    approvals = approval_profile(
        [
            ApprovalBallot(approved={"ann", "bo"}, voter="x", measures={"area": 100}),
            ApprovalBallot(approved={"bo"}, voter="y", measures={"area": 50}),
        ],
        candidates=["ann", "bo"],
        measure="area",
    )
    assert dict(approvals.approvals) == {"ann": 100, "bo": 150}
    scores = score_profile(
        [ScoreBallot(scores={"ann": 4, "bo": 1}, weight=3), ScoreBallot(scores={"bo": 5})],
        candidates=["ann", "bo"],
    )
    assert dict(scores.totals) == {"ann": 12, "bo": 8}


def test_ranked_csv_reads_voters_weights_measures_and_ties() -> None:
    """Rank columns in any order, ties written a=b, blanks truncate, other columns are measures."""
    text = "rank_2,voter,rank_1,area,weight\nbo,v1,ann,88.5,\n,v2,bo=cy,92,2\n"
    first, second = read_ranked_csv(text)
    assert first.ranking == ("ann", "bo")
    assert first.measures["area"] == Fraction(177, 2)
    assert first.weight == 1
    assert second.ranking == (("bo", "cy"),)
    assert second.weight == 2


def test_ranked_csv_problems_are_located_all_at_once() -> None:
    """Every bad row is reported with its line; a header without ranks is refused."""
    with pytest.raises(ConfigError) as caught:
        read_ranked_csv("voter,rank_1\nv1,ann,extra\nv2,bo\nv3,cy\n", name="b.csv")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (2, "3 cells, but the header has 2")
    ]
    with pytest.raises(ConfigError) as caught:
        read_ranked_csv("voter,weight,rank_1\nv1,0.5.1,ann\nv2,-1,bo\n", name="b.csv")
    assert [p.line for p in caught.value.problems] == [2, 3]
    with pytest.raises(ConfigError, match="no rank columns"):
        read_ranked_csv("voter,choice\nv1,for\n")


names = st.sampled_from(["ann", "bo", "cy", "di"])


@st.composite
def ballots(draw: st.DrawFn) -> RankedBallot:
    """A ranked ballot with ties, a voter, a weight and a measure."""
    order = draw(st.permutations(["ann", "bo", "cy", "di"]))[: draw(st.integers(1, 4))]
    ranking: list[object] = []
    index = 0
    while index < len(order):
        width = draw(st.integers(1, 2))
        group = order[index : index + width]
        ranking.append(group[0] if len(group) == 1 else list(group))
        index += width
    return RankedBallot(
        ranking=ranking,
        weight=draw(st.fractions(min_value=0, max_value=10, max_denominator=8)),
        measures={"area": draw(st.integers(0, 10_000).map(lambda n: Fraction(n, 100)))},
    )


@given(st.lists(ballots(), max_size=8))
def test_ranked_csv_round_trips(drawn: list[RankedBallot]) -> None:
    """write_ranked_csv then read_ranked_csv gives the same ballots (voters numbered here)."""
    numbered = tuple(
        RankedBallot(ranking=b.ranking, voter=f"v{i}", weight=b.weight, measures=b.measures)
        for i, b in enumerate(drawn)
    )
    assert read_ranked_csv(write_ranked_csv(numbered)) == numbered


def test_ballot_file_and_cli_read_ranked_csv(tmp_path: Path) -> None:
    """A .csv with rank columns is a ranked ballot file for read_ballot_file and govkit tally."""
    path = tmp_path / "ranked.csv"
    path.write_text(
        "voter,rank_1,rank_2,rank_3\nv1,ann,bo,cy\nv2,bo,ann,\nv3,cy,bo,ann\n"
        "v4,ann,cy,\nv5,bo,cy,ann\n",
        encoding="utf-8",
    )
    assert read_ballot_file(path).profile.total_weight == 5
    out, err = io.StringIO(), io.StringIO()
    assert main(["tally", "instant_runoff", str(path)], out, err) == 0
    assert out.getvalue().startswith("result: elected: bo")
