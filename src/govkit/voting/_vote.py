"""A vote on a motion as data: the motion, the rule and roll in force, the ballots."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

from attrs import field, frozen

from govkit.config import FrozenMap, Quantity, document
from govkit.errors import ConfigError
from govkit.voting._decision import Decision, DecisionRule
from govkit.voting._roll import Roll
from govkit.voting._tally import Choice, MotionBallot, MotionTally, _to_measures

__all__ = ["MotionVote"]


def _looks_like(word: str, known: str) -> bool:
    """Return whether *word* looks like a misspelling of *known* (``aera``, ``househods``)."""
    return SequenceMatcher(None, word.lower(), known.lower()).ratio() >= _TYPO_RATIO


_TYPO_RATIO = 0.75
"""How alike two measure names must be to count as a typo: aera/area 0.75, area/shares 0.6."""


def _measures_read(rule: DecisionRule) -> set[str]:
    """Return the measures the conditions of *rule* count."""
    found: set[str] = set()
    pending: list[object] = [rule.quorum, rule.threshold]
    while pending:
        condition = pending.pop()
        measure = getattr(condition, "measure", None)
        if isinstance(measure, str):
            found.add(measure)
        pending.extend(getattr(condition, "conditions", ()))
    return found


@document("motion_vote")
@frozen(kw_only=True)
class MotionVote:
    """
    One vote on a motion: everything needed to decide it again, byte for byte.

    The rule and the roll are part of the vote (snapshotted): in YAML they may
    be written inline, or as the id of another document in the same file, or
    as the id of a packaged preset (``rule: civil_code_278_ordinary``).

    Parameters
    ----------
    id : str or None
        How other documents refer to this vote.
    motion : str
        The question put to the vote.
    rule : DecisionRule
        The rule that decides it.
    roll : Roll or None
        Who may vote, with their measures (area, households, ...).
    ballots : tuple of MotionBallot
        One per voter; a ballot naming a voter takes the voter's measures.
    registered : mapping of str to Quantity
        Registered voters per measure, when they differ from the roll (elections, recalls).
    present, expected : mapping of str to Quantity
        Attendance figures per measure, for rules based on them. Without a
        ``present`` figure, those present are taken to be those who voted.
    casting_vote : Choice or None
        The chair's casting vote, for a ``casting_vote`` tie-break.
    seed : int or None
        Seed of the lot, for a ``lot`` tie-break; recorded so the draw can be replayed.

    Examples
    --------
    >>> import govkit
    >>> vote = govkit.load('''
    ... govkit: 1
    ... kind: motion_vote
    ... motion: Adopt the minutes
    ... rule: roberts_majority
    ... roll: {members: [{id: ann}, {id: bo}, {id: cy}]}
    ... ballots: [{voter: ann, choice: for}, {voter: bo, choice: for}, {voter: cy, choice: against}]
    ... ''')
    >>> vote.decide().status
    <Status.ADOPTED: 'adopted'>
    """

    id: str | None = None
    motion: str
    rule: DecisionRule
    roll: Roll | None = None
    ballots: tuple[MotionBallot, ...] = ()
    registered: FrozenMap[str, Quantity] = field(factory=FrozenMap, converter=_to_measures)
    present: FrozenMap[str, Quantity] = field(factory=FrozenMap, converter=_to_measures)
    expected: FrozenMap[str, Quantity] = field(factory=FrozenMap, converter=_to_measures)
    casting_vote: Choice | None = None
    seed: int | None = None

    def __attrs_post_init__(self) -> None:
        members = {member.id for member in self.roll.members} if self.roll is not None else None
        seen: dict[str, int] = {}
        problems = []
        for index, ballot in enumerate(self.ballots):
            if ballot.voter is None:
                continue
            if members is not None and ballot.voter not in members:
                msg = f"voter {ballot.voter!r} is not on the roll"
                problems.append(ConfigError.at(("ballots", index, "voter"), msg))
            elif ballot.voter in seen:
                msg = f"voter {ballot.voter!r} already voted (ballots[{seen[ballot.voter]}])"
                problems.append(ConfigError.at(("ballots", index, "voter"), msg))
            seen.setdefault(ballot.voter, index)
        problems.extend(self._misspelt_measures())
        if problems:
            raise ConfigError([p for error in problems for p in error.problems])

    def _misspelt_measures(self) -> list[ConfigError]:
        """Refuse member measures close to one the rule counts (``aera``): they would count 0."""
        if self.roll is None:
            return []
        read = _measures_read(self.rule)
        problems = []
        for index, member in enumerate(self.roll.members):
            for name in member.measures:
                if name in read:
                    continue
                close = [known for known in sorted(read) if _looks_like(name, known)]
                if close:
                    hint = f"did you mean {close[0]!r}?"
                    msg = (
                        f"member {member.id!r} has a measure {name!r}, which the rule does not "
                        f"count; the rule counts {', '.join(sorted(read))}"
                    )
                    path = ("roll", "members", index, "measures", name)
                    problems.append(ConfigError.at(path, msg, hint=hint))
        return problems

    def tally(self) -> MotionTally:
        """Count the ballots against the roll, in every measure."""
        return MotionTally.count(
            self.ballots,
            roll=self.roll,
            registered=self.registered or None,
            present=self.present or None,
            expected=self.expected or None,
        )

    def decide(self) -> Decision:
        """Apply the rule to the tally, with the casting vote and the seeded lot if needed."""
        rng = random.Random(self.seed) if self.seed is not None else None
        return self.rule.decide(self.tally(), casting_vote=self.casting_vote, rng=rng)
