"""
Ballot validity policies: what happens to messy ranked ballots, and every ballot's fate.

Real ranked ballots skip ranks, mark two candidates at one rank (an overvote),
rank a candidate twice, write in names and come back blank. Jurisdictions
differ on each; a `BallotPolicy` names the convention (YAML ``kind:
ballot_policy``), `BallotPolicy.clean` applies it in one pass and counts every
ballot's fate, so nothing is dropped silently.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from attrs import field, frozen

from govkit.config import Citation, FrozenMap, document
from govkit.errors import ConfigError
from govkit.voting._profile import RankedProfile

__all__ = [
    "FATES",
    "BallotPolicy",
    "CleanedBallots",
    "Overvote",
    "Repeated",
    "SkippedRank",
    "WriteIn",
]


class Overvote(enum.Enum):
    """Two or more candidates marked at one rank."""

    EXHAUST = "exhaust"
    """The ballot counts up to the overvote and stops there."""
    SKIP = "skip"
    """The overvoted rank is passed over; later ranks still count."""
    TIE = "tie"
    """The candidates at that rank are ranked equal (for methods that allow ties)."""
    INVALID = "invalid"
    """The whole ballot is invalid."""


class SkippedRank(enum.Enum):
    """A rank left empty between marked ranks."""

    SKIP = "skip"
    """Later ranks move up."""
    EXHAUST = "exhaust"
    """The ballot stops at the first empty rank."""


class Repeated(enum.Enum):
    """A candidate marked at more than one rank."""

    IGNORE_LATER = "ignore_later"
    """Only the candidate's highest rank counts."""
    INVALID = "invalid"
    """The whole ballot is invalid."""


class WriteIn(enum.Enum):
    """A name that is not on the list of candidates."""

    DROP = "drop"
    """The write-in is ignored; the rest of the ballot counts."""
    INVALID = "invalid"
    """The whole ballot is invalid."""


FATES: FrozenMap[str, str] = FrozenMap(
    {
        "valid": "counted as marked",
        "corrected": "counted after a correction the policy allows (see corrections)",
        "exhausted_early": "counted up to the point where the policy stops it",
        "blank": "no candidate marked: not a vote for anyone",
        "invalid": "not counted at all (see invalid reasons)",
    }
)
"""Every fate a ballot can have; each cleaned ballot has exactly one."""


def _non_negative(_: object, __: object, value: int | None) -> None:
    if value is not None and value < 1:
        msg = f"max_consecutive_skips must be at least 1, got {value}"
        raise ConfigError.at(("max_consecutive_skips",), msg)


@frozen(kw_only=True)
class CleanedBallots:
    """
    Ballots after a policy: the profile to count, and what happened to every ballot.

    Attributes
    ----------
    profile : RankedProfile
        The ballots that count (valid, corrected or exhausted early).
    fates : mapping of str to int
        How many ballots had each fate (see `FATES`); they add up to all ballots.
    invalid : mapping of str to int
        Why invalid ballots were invalid, with counts.
    corrections : mapping of str to int
        Corrections made to counted ballots, with counts (a ballot may have several).
    """

    profile: RankedProfile
    fates: FrozenMap[str, int]
    invalid: FrozenMap[str, int] = field(factory=FrozenMap)
    corrections: FrozenMap[str, int] = field(factory=FrozenMap)

    def explanation(self) -> tuple[str, ...]:
        """Return one line per fate, invalid reason and correction, for the minutes."""
        total = sum(self.fates.values())
        lines = [f"{total} ballots"]
        lines += [f"{name}: {count}" for name, count in self.fates.items() if count]
        lines += [f"  invalid, {reason}: {count}" for reason, count in self.invalid.items()]
        lines += [f"  corrected, {reason}: {count}" for reason, count in self.corrections.items()]
        return tuple(lines)


@document("ballot_policy")
@frozen(kw_only=True)
class BallotPolicy:
    """
    How messy ranked ballots are read, named so a jurisdiction can pick its convention.

    Parameters
    ----------
    id : str or None
        How other documents refer to this policy.
    title : str or None
        A human-readable name.
    source : Citation or None
        Where the convention comes from.
    verified : bool, default False
        Whether it was checked against that source.
    overvote : Overvote, default "exhaust"
        Two or more candidates at one rank.
    skipped_rank : SkippedRank, default "skip"
        An empty rank before later marks.
    max_consecutive_skips : int or None
        With ``skipped_rank: skip``, the ballot stops after this many empty
        ranks in a row (Maine: 2).
    repeated : Repeated, default "ignore_later"
        A candidate marked at several ranks.
    write_in : WriteIn, default "drop"
        A name not on the list of candidates.

    Examples
    --------
    >>> policy = BallotPolicy(overvote=Overvote.EXHAUST)
    >>> cleaned = policy.clean(
    ...     [[{"ann"}, {"bo"}], [{"ann", "bo"}, {"cy"}], [set(), {"cy"}], []],
    ...     candidates=("ann", "bo", "cy"),
    ... )
    >>> dict(cleaned.fates)
    {'valid': 1, 'corrected': 1, 'exhausted_early': 1, 'blank': 1, 'invalid': 0}
    >>> cleaned.profile.total_weight
    2
    """

    id: str | None = None
    title: str | None = None
    source: Citation | None = None
    verified: bool = False
    overvote: Overvote = Overvote.EXHAUST
    skipped_rank: SkippedRank = SkippedRank.SKIP
    max_consecutive_skips: int | None = field(default=None, validator=_non_negative)
    repeated: Repeated = Repeated.IGNORE_LATER
    write_in: WriteIn = WriteIn.DROP

    def clean(
        self, ballots: Iterable[Sequence[Collection[str]]], *, candidates: Sequence[str]
    ) -> CleanedBallots:
        """
        Apply the policy to raw ballots, one pass, counting every ballot's fate.

        Parameters
        ----------
        ballots : iterable of sequences of collections of str
            Each ballot lists its ranks in order; each rank is the set of names
            marked there (empty: a skipped rank).
        candidates : sequence of str
            The candidates standing; any other name is a write-in.
        """
        standing = frozenset(candidates)
        fates: Counter[str] = Counter(dict.fromkeys(FATES, 0))
        invalid: Counter[str] = Counter()
        corrections: Counter[str] = Counter()
        counted: Counter[tuple[tuple[str, ...], ...]] = Counter()
        for ballot in ballots:
            ranking, fate, reasons = self._read(ballot, standing)
            fates[fate] += 1
            if fate == "invalid":
                invalid.update(reasons)
            else:
                corrections.update(reasons)
            if ranking:
                counted[ranking] += 1
        profile = RankedProfile.from_counts(counted.items(), candidates=candidates)
        return CleanedBallots(
            profile=profile,
            fates=FrozenMap(fates),
            invalid=FrozenMap(sorted(invalid.items())),
            corrections=FrozenMap(sorted(corrections.items())),
        )

    def _read(  # noqa: PLR0912 - one branch per irregularity, in ballot order
        self, ballot: Sequence[Collection[str]], standing: frozenset[str]
    ) -> tuple[tuple[tuple[str, ...], ...], str, list[str]]:
        """Return the counted ranking, the ballot's fate and the reasons behind it."""
        ranks: list[tuple[str, ...]] = []
        seen: set[str] = set()
        reasons: list[str] = []
        skips = 0
        stop_at: int | None = None
        for position, marks in enumerate(ballot):
            names = set(marks)
            write_ins = names - standing
            if write_ins:
                if self.write_in is WriteIn.INVALID:
                    return (), "invalid", ["write-in"]
                reasons.append("write-in dropped")
                names -= write_ins
            repeats = names & seen
            if repeats:
                if self.repeated is Repeated.INVALID:
                    return (), "invalid", ["candidate ranked twice"]
                reasons.append("repeated candidate ignored")
                names -= repeats
            if len(names) > 1 and self.overvote is not Overvote.TIE:
                if self.overvote is Overvote.INVALID:
                    return (), "invalid", ["overvote"]
                if self.overvote is Overvote.EXHAUST:
                    stop_at = position
                    break
                reasons.append("overvoted rank skipped")
                names = set()
            if not names:
                skips += 1
                empty = not marks
                if empty and self.skipped_rank is SkippedRank.EXHAUST:
                    stop_at = position
                    break
                limit = self.max_consecutive_skips
                if limit is not None and skips >= limit:
                    stop_at = position
                    break
                continue
            if skips:
                reasons.append("skipped rank closed up")
            skips = 0
            ranks.append(tuple(sorted(names)))
            seen |= names
        cut = stop_at is not None and any(
            set(marks) & (standing - seen) for marks in ballot[stop_at:]
        )
        if cut:
            return tuple(ranks), "exhausted_early", reasons
        if not ranks:
            return (), "blank", reasons
        return tuple(ranks), ("corrected" if reasons else "valid"), reasons
