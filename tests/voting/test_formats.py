"""Ballot files: PrefLib, BLT and ABIF read back what they write, and bad lines are located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.errors import ConfigError
from govkit.voting._formats import (
    read_abif,
    read_ballot_file,
    read_blt,
    read_preflib,
    write_abif,
    write_blt,
    write_preflib,
)
from govkit.voting._profile import RankedProfile

CANDIDATES = ("ann", "bo", "cy", "di")


@st.composite
def profiles(draw: Any, *, ties: bool = True) -> RankedProfile:
    """Small ranked profiles, truncated and (optionally) with ties, whole counts."""
    ballots = []
    for _ in range(draw(st.integers(1, 6))):
        order = draw(st.permutations(CANDIDATES))
        length = draw(st.integers(1, len(CANDIDATES)))
        ranks: list[tuple[str, ...]] = []
        position = 0
        while position < length:
            size = draw(st.integers(1, 2)) if ties else 1
            ranks.append(tuple(sorted(order[position : position + size])))
            position += size
        ballots.append((tuple(ranks), draw(st.integers(1, 50))))
    return RankedProfile.from_counts(ballots, candidates=CANDIDATES)


@settings(max_examples=80, deadline=None)
@given(profile=profiles())
def test_preflib_round_trip(profile: RankedProfile) -> None:
    """read_preflib(write_preflib(p)) == p, whatever the data type chosen."""
    assert read_preflib(write_preflib(profile, title="t")).profile == profile


@settings(max_examples=80, deadline=None)
@given(profile=profiles(), seats=st.integers(1, 3))
def test_blt_round_trip(profile: RankedProfile, seats: int) -> None:
    """read_blt(write_blt(p)) gives p back, with its seats, title and withdrawals."""
    text = write_blt(profile, seats=seats, title="Council", withdrawn=("di",))

    ballots = read_blt(text)

    assert ballots.profile == profile
    assert (ballots.seats, ballots.title, ballots.withdrawn) == (seats, "Council", ("di",))


@settings(max_examples=80, deadline=None)
@given(profile=profiles())
def test_abif_round_trip(profile: RankedProfile) -> None:
    """read_abif(write_abif(p)) == p."""
    assert read_abif(write_abif(profile, title="t")).profile == profile


def test_preflib_writer_picks_the_narrowest_type() -> None:
    """Complete strict orders are soc; a truncated one makes soi; a tie makes toi."""
    strict = RankedProfile.from_counts([(("ann", "bo"), 2)], candidates=("ann", "bo"))
    truncated = RankedProfile.from_counts([(("ann",), 2)], candidates=("ann", "bo", "cy"))
    tied = RankedProfile.from_counts([((("ann", "bo"),), 1)], candidates=("ann", "bo", "cy"))

    assert "# DATA TYPE: soc" in write_preflib(strict)
    assert "# DATA TYPE: soi" in write_preflib(truncated)
    assert "# DATA TYPE: toi" in write_preflib(tied)


def test_preflib_problems_are_all_reported_with_lines() -> None:
    """A tie in a soc file, an unknown alternative and a wrong voter count: all three, located."""
    text = (
        "# DATA TYPE: soc\n# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: ann\n"
        "# ALTERNATIVE NAME 2: bo\n# NUMBER VOTERS: 9\n3: {1,2}\n2: 1,3\n"
    )

    with pytest.raises(ConfigError) as error:
        read_preflib(text, name="votes.soc")

    found = [(p.source, p.line, p.message) for p in error.value.problems]
    assert found == [
        ("votes.soc", 6, "a tie in a soc file (strict orders only)"),
        ("votes.soc", 7, "unknown alternative '3' in ' 1,3'"),
        ("votes.soc", 1, "NUMBER VOTERS says 9, the data lines add up to 3"),
    ]


def test_blt_reads_ties_ids_and_comments() -> None:
    """BLT dialects: '2=3' ties, '(id)' ballot ids, '#' comments."""
    text = '3 1\n# a comment\n(b1) 2 1 2=3 0\n1 3 0\n0\n"ann"\n"bo"\n"cy"\n"Chair"\n'

    profile = read_blt(text).profile

    assert dict(profile.ballots) == {(("ann",), ("bo", "cy")): 2, (("cy",),): 1}


def test_blt_bad_lines_are_located() -> None:
    """A ballot without its closing 0 and a candidate number out of range are both reported."""
    text = '2 1\n1 1 2\n1 3 0\n0\n"ann"\n"bo"\n'

    with pytest.raises(ConfigError) as error:
        read_blt(text, name="c.blt")

    assert [(p.line, p.message) for p in error.value.problems] == [
        (2, "a ballot line is 'weight c1 c2 ... 0', got '1 1 2'"),
        (3, "a candidate number outside 1..2"),
    ]


def test_abif_reads_declared_names_ratings_and_metadata() -> None:
    """ABIF: '=tok:[Name]' declarations, bracketed names, ratings and a title."""
    text = '{"title": "Park"}\n=A:[Ann Lee]\n# comment\n4: A/5>[Bo Chen]/3=C\n1: C\n'

    ballots = read_abif(text)

    assert ballots.title == "Park"
    assert dict(ballots.profile.ballots) == {(("Ann Lee",), ("Bo Chen", "C")): 4, (("C",),): 1}


@pytest.mark.parametrize(
    ("suffix", "writer"),
    [("soi", write_preflib), ("toi", write_preflib), ("abif", write_abif)],
)
def test_read_ballot_file_picks_the_reader_by_extension(
    suffix: str, writer: Any, tmp_path: Path
) -> None:
    """The extension chooses the format."""
    profile = RankedProfile.from_counts([(("ann",), 2)], candidates=("ann", "bo"))
    path = tmp_path / f"ballots.{suffix}"
    path.write_text(writer(profile), encoding="utf-8")

    assert read_ballot_file(path).profile == profile


def test_read_ballot_file_refuses_unknown_extensions(tmp_path: Path) -> None:
    """An unknown extension is a ConfigError that lists the known ones."""
    with pytest.raises(ConfigError, match=r"unknown ballot file type '\.txt'; known: \.csv, \.soc"):
        read_ballot_file(tmp_path / "ballots.txt")
