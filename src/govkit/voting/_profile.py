"""
Profiles: counts of identical ballots, built in one pass and merged by adding.

A profile maps each *distinct* ballot to its count (an int, or an exact
`Fraction` weight). What a voting method needs from it (first preferences,
pairwise support, approval or score totals) is computed once, lazily, per
distinct ballot, so the cost of a method grows with the number of distinct
ballots, not with the number of voters. Shards of a count can be tallied
separately and added: ``whole == part1 + part2``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from attrs import field, frozen

from govkit.config import FrozenMap
from govkit.errors import MissingExtraError, RuleError
from govkit.voting._profile_base import (
    Ranking,
    Weight,
    _built,
    _check_candidates,
    _Profile,
    _to_candidates,
    _to_map,
)

if TYPE_CHECKING:
    from govkit.voting._ranked_array import RankedArray

__all__ = ["ApprovalProfile", "RankedProfile", "Ranking", "ScoreProfile", "Weight"]


# ---------------------------------------------------------------- ranked ballots


class _RankingReader:
    """Turns rankings as callers write them into canonical rankings, checking names."""

    def __init__(self, candidates: tuple[str, ...]) -> None:
        self.known = frozenset(candidates)
        self.single = {name: (name,) for name in candidates}  # rank tuples shared by all ballots

    def __call__(self, raw: object) -> Ranking:
        if isinstance(raw, (str, Mapping, set, frozenset)) or not isinstance(raw, Sequence):
            msg = f"a ranking lists candidates from first to last, got {raw!r}"
            raise RuleError(msg)
        try:
            strict = self.known.issuperset(raw) and len(set(raw)) == len(raw)
        except TypeError:  # a list inside: equal ranks
            strict = False
        if strict:
            return tuple([self.single[name] for name in raw])
        ranks: list[tuple[str, ...]] = []
        seen: set[str] = set()
        for item in raw:
            names = (item,) if isinstance(item, str) else item
            if not isinstance(names, Collection) or isinstance(names, Mapping):
                msg = f"a rank is a candidate or a list of candidates ranked equal, got {item!r}"
                raise RuleError(msg)
            for name in names:
                if name not in self.known:
                    msg = f"ballot {raw!r} ranks {name!r}, who is not standing"
                    raise RuleError(msg)
                if name in seen:
                    msg = f"ballot {raw!r} ranks {name!r} twice"
                    raise RuleError(msg)
                seen.add(name)
            if len(names) == 1:
                ranks.append(self.single[next(iter(names))])
            elif names:
                ranks.append(tuple(sorted(names)))
        return tuple(ranks)


@frozen(repr=False)
class RankedProfile(_Profile):
    """
    Ranked ballots over a fixed list of candidates, as counts of distinct rankings.

    A ranking lists ranks from first to last; each rank holds one candidate or
    several ranked equal. Ballots may be truncated: the candidates a ballot
    leaves out rank below all it names, equal among themselves. A ballot that
    ranks nobody is not a vote for anything and is left out.

    A profile built by `from_array` keeps its ballots as NumPy arrays, and the
    methods that read ranked ballots count them there, with the same exact
    results; its ``ballots`` mapping is made only when something reads it.

    Parameters
    ----------
    candidates : tuple of str
        The candidates standing, in ballot paper order (used only for display).
    ballots : mapping of ranking to int or Fraction
        Each distinct ranking and how many ballots (or how much weight) cast it.
        A ranking may be written loosely, ``("a", ("b", "c"))``; it is stored
        canonically, ``(("a",), ("b", "c"))``.

    Raises
    ------
    RuleError
        If a ballot ranks someone not standing or a candidate twice, or has a
        negative or float count.

    Examples
    --------
    >>> profile = RankedProfile.from_rankings(
    ...     [("ann", "bo", "cy"), ("bo", "ann"), ("ann", "bo", "cy")],
    ...     candidates=("ann", "bo", "cy"),
    ... )
    >>> profile
    RankedProfile(candidates=('ann', 'bo', 'cy'), 2 distinct ballots, total weight 3)
    >>> dict(profile.first_preferences)
    {'ann': 2, 'bo': 1, 'cy': 0}
    >>> profile.margin("ann", "bo"), profile.margin("bo", "cy")
    (1, 3)
    >>> profile + profile == RankedProfile(
    ...     ("ann", "bo", "cy"), {("ann", "bo", "cy"): 4, ("bo", "ann"): 2})
    True
    """

    ballots: FrozenMap[Ranking, Weight] = field(converter=_to_map)

    def _reader(self) -> _RankingReader:
        return _RankingReader(self.candidates)

    @classmethod
    def from_rankings(
        cls, rankings: Iterable[Sequence[Any]], *, candidates: Sequence[str] | None = None
    ) -> RankedProfile:
        """
        Count ballots, one ranking per ballot, in one pass.

        Parameters
        ----------
        rankings : iterable of rankings
            One ranking per ballot, e.g. ``("ann", "bo")`` or ``("ann", ["bo", "cy"])``.
        candidates : sequence of str, optional
            The candidates standing; by default every name on a ballot, sorted.
            Give it to include candidates nobody ranked.
        """
        if not isinstance(rankings, Sequence):
            rankings = list(rankings)
        counts: Iterable[tuple[Any, int]]
        try:  # one pass, in C; rankings written as lists (JSON) are counted as tuples
            counts = Counter(rankings).items()
        except TypeError:
            try:
                counts = Counter(tuple(r) if type(r) is list else r for r in rankings).items()
            except TypeError:  # lists of equal ranks inside: count by canonical form
                counts = [(raw, 1) for raw in rankings]
        return cls.from_counts(counts, candidates=candidates)

    @classmethod
    def from_counts(
        cls,
        counts: Mapping[Any, Weight] | Iterable[tuple[Any, Weight]],
        *,
        candidates: Sequence[str] | None = None,
    ) -> RankedProfile:
        """
        Build from rankings with their counts (a mapping or ``(ranking, count)`` pairs).

        Examples
        --------
        >>> RankedProfile.from_counts([(("a", "b"), 3), (("b",), Fraction(1, 2))]).total_weight
        Fraction(7, 2)
        """
        return _built(counts, candidates, lambda names: cls(names, {}))

    @classmethod
    def from_array(
        cls, array: Any, *, candidates: Sequence[str], counts: Any = None
    ) -> RankedProfile:
        """
        Build from a NumPy 2-D array of candidate indices, one row per ballot.

        Row ``[2, 0, -1]`` ranks ``candidates[2]`` first and ``candidates[0]``
        second, then stops: a negative index ends a truncated ballot (indices
        after it are ignored). Needs the ``fast`` extra (NumPy).

        The profile keeps the rows as arrays: first preferences, Borda scores,
        head-to-head counts, instant runoff and STV are then counted with
        vectorised NumPy operations, with exactly the same results. Rows need
        not be distinct; ``ballots`` (each distinct ranking with its count) is
        made only when something asks for it.

        Parameters
        ----------
        array : numpy.ndarray of int, shape (ballots, ranks)
            Candidate indices, first preference in column 0.
        candidates : sequence of str
            The candidates the indices refer to.
        counts : numpy.ndarray of int, shape (ballots,), optional
            How many ballots each row stands for (default: one each).

        Raises
        ------
        RuleError
            If an index is out of range or below -1, a row ranks a candidate
            twice, or a count is negative or not a whole number.

        Examples
        --------
        >>> import numpy as np
        >>> rows = np.array([[0, 1], [0, 1], [1, -1]])
        >>> dict(RankedProfile.from_array(rows, candidates=("a", "b")).ballots)
        {(('a',), ('b',)): 2, (('b',),): 1}
        """
        try:
            import numpy  # noqa: F401, PLC0415 - the optional extra; _ranked_array needs it

            from govkit.voting._ranked_array import (  # noqa: PLC0415
                EXACT_LIMIT,
                RankedArray,
            )
        except ImportError:
            feature = "building a profile from an array"
            raise MissingExtraError(feature, "fast", "numpy") from None
        names = _to_candidates(candidates)
        _check_candidates(None, None, names)
        arrays = RankedArray.from_rows(array, counts, len(names))
        profile = cls(names, {})._evolve(None)
        object.__setattr__(profile, "_array", arrays)
        if arrays.total >= EXACT_LIMIT:  # float64 sums would not be exact: hold a dict
            object.__setattr__(profile, "ballots", FrozenMap(arrays.mapping(names)))
            object.__setattr__(profile, "_array", None)
        return profile

    @cached_property
    def _array(self) -> RankedArray | None:
        """The ballots as arrays, when built by `from_array` (else None): the fast path."""
        return None

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            """Make ``ballots`` on first use from the arrays a profile was built from."""
            if name == "ballots" and self._array is not None:
                ballots = FrozenMap(self._array.mapping(self.candidates))
                object.__setattr__(self, "ballots", ballots)
                return ballots
            return super().__getattr__(name)  # attrs: the base class's cached properties

    def _plus(self, other: RankedProfile) -> RankedProfile:
        mine, theirs = self._array, other._array
        if mine is None or theirs is None:
            return super()._plus(other)
        profile = self._evolve(None)
        object.__setattr__(profile, "_array", mine + theirs)
        return profile

    def _total(self) -> Weight:
        return super()._total() if self._array is None else self._array.total

    @property
    def _distinct(self) -> int:
        return len(self.ballots) if self._array is None else self._array.distinct_count()

    @cached_property
    def is_strict(self) -> bool:
        """True when no ballot ranks two candidates equal."""
        if self._array is not None:
            return True
        return all(len(rank) == 1 for ranking in self.ballots for rank in ranking)

    @cached_property
    def first_preferences(self) -> FrozenMap[str, Weight]:
        """
        Each candidate's first preferences; a ballot ranking k candidates first gives each 1/k.

        Examples
        --------
        >>> profile = RankedProfile.from_rankings([("a",), (("a", "b"),)])
        >>> dict(profile.first_preferences)
        {'a': Fraction(3, 2), 'b': Fraction(1, 2)}
        """
        if self._array is not None:
            first = self._array.first_preferences()
            return FrozenMap(zip(self.candidates, first, strict=True))
        counts: dict[str, Weight] = dict.fromkeys(self.candidates, 0)
        for ranking, weight in self.ballots.items():
            top = ranking[0]
            if len(top) == 1:
                counts[top[0]] += weight
            else:
                for name in top:
                    counts[name] += Fraction(weight, len(top))
        return FrozenMap(counts)

    @cached_property
    def _support(self) -> dict[str, dict[str, Weight]]:
        """support[a][b]: weight of ballots ranking a strictly above b (unranked is last)."""
        if self._array is not None:
            found = self._array.support()
            return {
                a: {b: found[i][j] for j, b in enumerate(self.candidates) if j != i}
                for i, a in enumerate(self.candidates)
            }
        # A ranked candidate beats everyone but those ranked at or above it: ranked[a]
        # counts the ballots ranking a, level[a][b] those ranking b at or above a.
        ranked: dict[str, Weight] = dict.fromkeys(self.candidates, 0)
        level: dict[str, dict[str, Weight]] = {a: dict.fromkeys(self.candidates, 0) for a in ranked}
        for ranking, weight in self.ballots.items():
            prefix: list[str] = []
            for rank in ranking:
                prefix.extend(rank)
                for a in rank:
                    ranked[a] += weight
                    row = level[a]
                    for b in prefix:
                        row[b] += weight
        return {
            a: {b: ranked[a] - level[a][b] for b in self.candidates if b != a}
            for a in self.candidates
        }

    def support(self, a: str, b: str) -> Weight:
        """Return the weight of ballots ranking *a* strictly above *b*."""
        row = self._support.get(a)
        if row is None or (b not in row and b != a):
            msg = f"{a!r} or {b!r} is not a candidate; candidates: {', '.join(self.candidates)}"
            raise RuleError(msg)
        return row.get(b, 0)

    def margin(self, a: str, b: str) -> Weight:
        """Return support(a, b) - support(b, a): positive when *a* beats *b* head to head."""
        return self.support(a, b) - self.support(b, a)


# ---------------------------------------------------------------- approval ballots


def _approval_reader(candidates: tuple[str, ...]) -> Any:
    known = frozenset(candidates)

    def read(raw: object) -> frozenset[str]:
        if isinstance(raw, (str, Mapping)) or not isinstance(raw, Iterable):
            msg = f"an approval ballot is a set of candidates, got {raw!r}"
            raise RuleError(msg)
        marked = frozenset(raw)
        if not known.issuperset(marked):
            stranger = sorted(map(repr, marked - known))[0]
            msg = f"approval ballot {sorted(marked, key=str)} marks {stranger}, who is not standing"
            raise RuleError(msg)
        return marked

    return read


@frozen(repr=False)
class ApprovalProfile(_Profile):
    """
    Approval ballots: each ballot marks a set of candidates, counted by distinct set.

    A ballot marking nobody is a blank ballot: it approves nobody but still counts as a
    ballot (``total_weight``), so that consent counts its objections and an election
    rule's "ballots cast" includes it.

    Parameters
    ----------
    candidates : tuple of str
        The candidates standing, in ballot paper order.
    ballots : mapping of frozenset of str to int or Fraction
        Each distinct set of marked candidates and its count.

    Examples
    --------
    >>> profile = ApprovalProfile.from_ballots([{"ann", "bo"}, {"bo"}, {"cy"}])
    >>> dict(profile.approvals)
    {'ann': 1, 'bo': 2, 'cy': 1}
    """

    _keeps_blank: ClassVar[bool] = True

    ballots: FrozenMap[frozenset[str], Weight] = field(converter=_to_map)

    def _reader(self) -> Any:
        return _approval_reader(self.candidates)

    @classmethod
    def from_ballots(
        cls, ballots: Iterable[Iterable[str]], *, candidates: Sequence[str] | None = None
    ) -> ApprovalProfile:
        """Count approval ballots (each an iterable of candidate names) in one pass."""
        counts = Counter(
            frozenset(raw) if isinstance(raw, (set, list, tuple)) else raw for raw in ballots
        )
        return cls.from_counts(counts.items(), candidates=candidates)

    @classmethod
    def from_counts(
        cls,
        counts: Mapping[Any, Weight] | Iterable[tuple[Any, Weight]],
        *,
        candidates: Sequence[str] | None = None,
    ) -> ApprovalProfile:
        """Build from approval sets with their counts."""
        return _built(counts, candidates, lambda names: cls(names, {}))

    @cached_property
    def approvals(self) -> FrozenMap[str, Weight]:
        """Each candidate's number (or weight) of approvals."""
        counts: dict[str, Weight] = dict.fromkeys(self.candidates, 0)
        for marked, weight in self.ballots.items():
            for name in marked:
                counts[name] += weight
        return FrozenMap(counts)


# ---------------------------------------------------------------- score ballots


def _check_max_score(_: object, __: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"max_score must be a whole number of at least 1, got {value!r}"
        raise RuleError(msg)


@frozen(repr=False)
class ScoreProfile(_Profile):
    """
    Score (range) ballots: each ballot gives candidates whole scores from 0 to ``max_score``.

    A candidate a ballot leaves out scores 0. Zero scores are not stored; a ballot
    scoring everyone 0 still counts as a ballot (majority judgment grades every
    candidate of it with the lowest grade).

    Parameters
    ----------
    candidates : tuple of str
        The candidates standing, in ballot paper order.
    ballots : mapping of (mapping of str to int) to int or Fraction
        Each distinct score ballot and its count.
    max_score : int, default 5
        The top of the scale printed on the ballot (STAR uses 0 to 5).

    Examples
    --------
    >>> profile = ScoreProfile.from_ballots([{"ann": 5, "bo": 2}, {"bo": 4}])
    >>> dict(profile.totals)
    {'ann': 5, 'bo': 6}
    """

    _keeps_blank: ClassVar[bool] = True

    ballots: FrozenMap[FrozenMap[str, int], Weight] = field(converter=_to_map)
    max_score: int = field(default=5, validator=_check_max_score)

    def _reader(self) -> Any:
        known, top = frozenset(self.candidates), self.max_score

        def read(raw: object) -> FrozenMap[str, int]:
            if not isinstance(raw, Mapping):
                msg = f"a score ballot maps candidates to scores, got {raw!r}"
                raise RuleError(msg)
            for name, score in raw.items():
                if name not in known:
                    msg = f"score ballot {dict(raw)!r} scores {name!r}, who is not standing"
                    raise RuleError(msg)
                if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= top:
                    msg = f"scores are whole numbers from 0 to {top}, got {score!r} for {name!r}"
                    raise RuleError(msg)
            return FrozenMap({name: score for name, score in raw.items() if score})

        return read

    @property
    def _scale_text(self) -> str:
        return f", max_score={self.max_score}"

    @classmethod
    def from_ballots(
        cls,
        ballots: Iterable[Mapping[str, int]],
        *,
        max_score: int = 5,
        candidates: Sequence[str] | None = None,
    ) -> ScoreProfile:
        """Count score ballots (each a mapping of candidate to score) in one pass."""
        counts = Counter(FrozenMap(raw) if isinstance(raw, dict) else raw for raw in ballots)
        return cls.from_counts(counts.items(), max_score=max_score, candidates=candidates)

    @classmethod
    def from_counts(
        cls,
        counts: Mapping[Any, Weight] | Iterable[tuple[Any, Weight]],
        *,
        max_score: int = 5,
        candidates: Sequence[str] | None = None,
    ) -> ScoreProfile:
        """Build from score ballots with their counts."""
        return _built(counts, candidates, lambda names: cls(names, {}, max_score))

    @cached_property
    def totals(self) -> FrozenMap[str, Weight]:
        """Each candidate's total score."""
        totals: dict[str, Weight] = dict.fromkeys(self.candidates, 0)
        for scores, weight in self.ballots.items():
            for name, score in scores.items():
                totals[name] += score * weight
        return FrozenMap(totals)

    def to_ranked(self) -> RankedProfile:
        """
        Read each score ballot as a ranking: higher score first, equal scores ranked equal.

        Candidates scored 0 are left unranked (below every ranked candidate).

        Examples
        --------
        >>> ScoreProfile.from_ballots([{"a": 3, "b": 3, "c": 1}]).to_ranked().ballots
        FrozenMap({(('a', 'b'), ('c',)): 1})
        """
        ballots: dict[Ranking, Weight] = {}
        for scores, weight in self.ballots.items():
            levels: dict[int, list[str]] = {}
            for name, score in scores.items():
                levels.setdefault(score, []).append(name)
            ranking = tuple(tuple(sorted(levels[score])) for score in sorted(levels, reverse=True))
            ballots[ranking] = ballots.get(ranking, 0) + weight
        return RankedProfile(self.candidates, {})._evolve(ballots)
