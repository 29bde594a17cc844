"""Ballots, profiles, voting methods and decision rules."""

from govkit.voting._roll import Roll

__all__ = ["Roll"]
