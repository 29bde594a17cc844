"""Ballots, profiles, voting methods and decision rules."""

from govkit.voting._roll import HEADCOUNT, Member, Roll

__all__ = ["HEADCOUNT", "Member", "Roll"]
