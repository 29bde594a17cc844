"""
Ballots, tallies, voting methods and decision rules.

A motion is decided by a `DecisionRule`: an optional quorum and a threshold,
each a `Condition` (`Share`, `Count`, composed with `AllOf` / `AnyOf`) that
compares exact amounts per measure, and a tie-break chain. The result is a
`Decision` value with every check, required versus achieved.
"""

from govkit.voting._ballot_file import CHOICE_WORDS, read_motion_csv, read_roll_csv
from govkit.voting._condition import (
    CONDITIONS,
    AllOf,
    AnyOf,
    Check,
    Comparison,
    Condition,
    Count,
    Evaluation,
    Share,
    format_amount,
)
from govkit.voting._decision import (
    TIE_BREAKS,
    CastingVote,
    Decision,
    DecisionRule,
    Lot,
    Revote,
    Status,
    StatusQuo,
    TieBreak,
    TieContext,
)
from govkit.voting._roll import HEADCOUNT, Member, Roll
from govkit.voting._tally import BASES, Choice, MeasureTally, MotionBallot, MotionTally
from govkit.voting._vote import MotionVote

__all__ = [
    "BASES",
    "CHOICE_WORDS",
    "CONDITIONS",
    "HEADCOUNT",
    "TIE_BREAKS",
    "AllOf",
    "AnyOf",
    "CastingVote",
    "Check",
    "Choice",
    "Comparison",
    "Condition",
    "Count",
    "Decision",
    "DecisionRule",
    "Evaluation",
    "Lot",
    "MeasureTally",
    "Member",
    "MotionBallot",
    "MotionTally",
    "MotionVote",
    "Revote",
    "Roll",
    "Share",
    "Status",
    "StatusQuo",
    "TieBreak",
    "TieContext",
    "format_amount",
    "read_motion_csv",
    "read_roll_csv",
]
