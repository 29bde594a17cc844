"""CSV tables: the fast path for big trees, problems located by line, and writing back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from govkit.errors import ConfigError
from govkit.grid import Hierarchy, Level, LevelScheme, read_csv, to_csv

SCHEME = LevelScheme(
    levels=(
        Level(id="community"),
        Level(id="grid", parents=("community",), must_contain="households"),
        Level(id="building", parents=("grid",)),
    )
)

TABLE = """\
id,parent,level,name,code,valid_from,households,area
c1,,community,东四社区,,,,
g1,c1,grid,一网格,,2024-01-01,320,1200.5
g2,c1,grid,"二网格, 北",,,,
b1,g2,building,,,,150,1/3
"""


def test_a_table_loads_with_measures_dates_and_quoted_names() -> None:
    """Empty cells are missing; decimals and fractions stay exact."""
    tree = Hierarchy.from_csv(io.StringIO(TABLE), scheme=SCHEME, id="east")

    assert tree.id == "east"
    assert tree.unit("g2").name == "二网格, 北"
    assert tree.aggregate("households")["c1"] == 470
    assert str(tree.measure("b1", "area")) == "1/3"
    assert str(tree.unit("g1").valid_from) == "2024-01-01"


def test_the_fast_path_and_csv_module_agree() -> None:
    """A table without quotes takes the fast split; the result is the same."""
    plain = TABLE.replace('"二网格, 北"', "二网格")
    quoted = TABLE.replace('"二网格, 北"', '"二网格"')

    assert read_csv(io.StringIO(plain), scheme=SCHEME) == read_csv(
        io.StringIO(quoted), scheme=SCHEME
    )


def test_write_then_read_is_identity(tmp_path: Path) -> None:
    """to_csv writes what read_csv reads back equal, through a file."""
    tree = read_csv(io.StringIO(TABLE), scheme=SCHEME)
    path = tmp_path / "units.csv"

    to_csv(tree, path)

    assert read_csv(path, scheme=SCHEME) == tree
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "id,parent,level,name,valid_from,households,area"
    )


def test_write_to_a_stream() -> None:
    """A stream target receives the text; nothing is returned."""
    tree = read_csv(io.StringIO(TABLE), scheme=SCHEME)
    buffer = io.StringIO()

    assert to_csv(tree, buffer) is None
    assert buffer.getvalue() == to_csv(tree)


def test_problems_in_rows_carry_their_lines(tmp_path: Path) -> None:
    """Every problem is reported at once, at its CSV line, from the named file."""
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,parent,level,households\n"
        "c1,,community,\n"
        "g1,c1,grid,lots\n"
        "g1,c1,grid,300\n"
        "b1,c1,building,3\n"
        "g3,zz,grid,300\n"
        "g4,c1,grid,0\n",
        encoding="utf-8",
    )

    with pytest.raises(ConfigError) as caught:
        read_csv(path, scheme=SCHEME)

    lines = [(problem.line, problem.message[:24]) for problem in caught.value.problems]
    assert lines == [
        (3, "households: expected a n"),
        (4, "duplicate unit id 'g1' ("),
        (5, "a building sits under a "),
        (6, "orphan: parent 'zz' is n"),
    ]
    assert all(problem.source == str(path) for problem in caught.value.problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the table is empty"),
        ("id,level\nc1,community\n", "missing column 'parent'"),
        ("id,parent,level,Households\n", "not a snake_case measure"),
        ("id,parent,level,id\n", "named twice"),
        ("id,parent,level\nc1,,community\ng1,c1\n", "expected 3 cells, got 2"),
        ("id,parent,level,valid_from\nc1,,community,soon\n", "expected a date"),
    ],
)
def test_table_problems(text: str, message: str) -> None:
    """Header and cell problems are ConfigErrors with a clear message."""
    with pytest.raises(ConfigError, match=message):
        read_csv(io.StringIO(text), scheme=SCHEME)


def test_crlf_and_blank_lines_are_read() -> None:
    """Windows line ends take the fast path; blank lines fall back to csv and are skipped."""
    crlf = "id,parent,level\r\nc1,,community\r\ng1,c1,grid\r\n".replace("grid\r", "grid\r")
    blank = "id,parent,level,households\n\nc1,,community,\ng1,c1,grid,5\n"

    assert read_csv(io.StringIO(blank), scheme=SCHEME).children("c1") == ("g1",)
    with pytest.raises(ConfigError, match="empty grid"):
        read_csv(io.StringIO(crlf), scheme=SCHEME)


def test_scheme_by_preset_id() -> None:
    """The scheme may be named by its preset id."""
    text = "id,parent,level\nd1,,district\n"

    assert read_csv(io.StringIO(text), scheme="standard_grid_levels").root == "d1"
