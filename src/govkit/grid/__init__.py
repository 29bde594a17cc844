"""
Grid hierarchies: a coded territorial tree at national scale, its norms, roles and queries.

A `Hierarchy` holds units on the levels of a `LevelScheme` (district -> street or
township -> community or village -> grid -> micro-grid -> building), checks the
whole tree at once, and answers ancestor, subtree, lowest-common-superior and
aggregation queries on dense arrays. `GridNorms` state size and staffing rules
(`check_sizes`, `suggest_rebalancing`, `check_staffing`); `Assignments` bind
people to units in roles. Large trees load from CSV (`Hierarchy.from_csv`).

YAML document kinds: ``hierarchy``, ``level_scheme``, ``grid_norms`` and
``assignments``.
"""

from govkit.grid._diff import Change, HierarchyDiff, Move, diff
from govkit.grid._export import MERMAID_LIMIT, to_dot, to_graphml, to_mermaid, to_pandas
from govkit.grid._hierarchy import Hierarchy, Totals, UnitGraph
from govkit.grid._level import CodeScheme, Confidence, Level, LevelScheme
from govkit.grid._norm import (
    GridNorms,
    Merge,
    Range,
    Severity,
    SizeFinding,
    SizeRule,
    Split,
    StaffingRule,
    check_sizes,
    suggest_rebalancing,
)
from govkit.grid._role import Assignment, Assignments, Role
from govkit.grid._staffing import Overload, StaffingReport, Vacancy, check_staffing
from govkit.grid._table import BASE_COLUMNS, read_csv, to_csv
from govkit.grid._unit import Amount, Unit, Units

__all__ = [
    "BASE_COLUMNS",
    "MERMAID_LIMIT",
    "Amount",
    "Assignment",
    "Assignments",
    "Change",
    "CodeScheme",
    "Confidence",
    "GridNorms",
    "Hierarchy",
    "HierarchyDiff",
    "Level",
    "LevelScheme",
    "Merge",
    "Move",
    "Overload",
    "Range",
    "Role",
    "Severity",
    "SizeFinding",
    "SizeRule",
    "Split",
    "StaffingReport",
    "StaffingRule",
    "Totals",
    "Unit",
    "UnitGraph",
    "Units",
    "Vacancy",
    "check_sizes",
    "check_staffing",
    "diff",
    "read_csv",
    "suggest_rebalancing",
    "to_csv",
    "to_dot",
    "to_graphml",
    "to_mermaid",
    "to_pandas",
]
