"""
Ranked-ballot files: PrefLib (soc, soi, toc, toi), BLT, ABIF and CSV, read and written.

Every reader builds a `RankedProfile` in one pass and reports every bad line at
once as a `ConfigError` (file, line, what is wrong); every writer is the
reader's exact inverse, so ``read(write(profile)) == profile``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path

from attrs import frozen

from govkit.config import FrozenMap
from govkit.errors import ConfigError, Problem, RuleError
from govkit.voting._ballots import ranked_profile
from govkit.voting._profile import RankedProfile, Ranking, Weight
from govkit.voting._ranked_csv import read_ranked_csv

__all__ = [
    "BALLOT_FORMATS",
    "BallotFile",
    "read_abif",
    "read_ballot_file",
    "read_blt",
    "read_csv_ballots",
    "read_preflib",
    "write_abif",
    "write_blt",
    "write_preflib",
]


@frozen(kw_only=True)
class BallotFile:
    """
    What a ballot file holds: the profile, and the count's details when the format has them.

    Parameters
    ----------
    profile : RankedProfile
        The ballots, as counts of distinct rankings.
    seats : int or None
        Seats to fill (BLT files say).
    title : str or None
        The election's title.
    withdrawn : tuple of str
        Candidates withdrawn before the count (BLT); they stay in the profile.
    """

    profile: RankedProfile
    seats: int | None = None
    title: str | None = None
    withdrawn: tuple[str, ...] = ()


class _Problems:
    """Collects located problems while a file is read; raises them all at the end."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[Problem] = []

    def add(self, line: int, message: str, hint: str | None = None) -> None:
        self.items.append(Problem(message=message, source=self.name, line=line, hint=hint))

    def raise_if_any(self) -> None:
        if self.items:
            raise ConfigError(self.items, self.name)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        yield number, line.strip()


def _profile(
    counts: list[tuple[Ranking, Weight]], candidates: list[str], problems: _Problems
) -> RankedProfile:
    problems.raise_if_any()
    try:
        return RankedProfile.from_counts(counts, candidates=candidates)
    except RuleError as exc:
        problems.add(1, str(exc))
        problems.raise_if_any()
        raise  # pragma: no cover - raise_if_any raised


# --- PrefLib -----------------------------------------------------------------------------

_PREFLIB_RANK = re.compile(r"\{[^}]*\}|[^,{}]+")


def _preflib_ranking(
    text: str, names: dict[int, str], number: int, problems: _Problems
) -> Ranking | None:
    ranks: list[tuple[str, ...]] = []
    for token in _PREFLIB_RANK.findall(text.replace(" ", "")):
        indexes = token.strip("{}").split(",") if token.startswith("{") else [token]
        rank = []
        for index in indexes:
            if not index.isdigit() or int(index) not in names:
                problems.add(number, f"unknown alternative {index!r} in {text!r}")
                return None
            rank.append(names[int(index)])
        if rank:
            ranks.append(tuple(sorted(rank)))
    return tuple(ranks)


def read_preflib(text: str, *, name: str = "<preflib>") -> BallotFile:
    """
    Read a PrefLib file of ordinal preferences (soc, soi, toc or toi).

    The current PrefLib format has ``# KEY: value`` headers, ``# ALTERNATIVE
    NAME i: name`` lines and data lines ``count: 1,{2,3},4`` (braces: a tie).
    The declared data type is checked: ``soc`` complete and strict, ``soi``
    strict, ``toc`` complete; the declared number of voters must add up.

    Examples
    --------
    >>> ballots = read_preflib('''# DATA TYPE: soi
    ... # NUMBER ALTERNATIVES: 3
    ... # ALTERNATIVE NAME 1: ann
    ... # ALTERNATIVE NAME 2: bo
    ... # ALTERNATIVE NAME 3: cy
    ... # NUMBER VOTERS: 5
    ... 3: 1,2,3
    ... 2: 2
    ... ''')
    >>> ballots.profile
    RankedProfile(candidates=('ann', 'bo', 'cy'), 2 distinct ballots, total weight 5)
    """
    problems = _Problems(name)
    headers: dict[str, str] = {}
    names: dict[int, str] = {}
    counts: list[tuple[Ranking, Weight]] = []
    declared_type = ""
    for number, line in _lines(text):
        if not line:
            continue
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            key, value = key.strip().upper(), value.strip()
            if key.startswith("ALTERNATIVE NAME "):
                index = key.removeprefix("ALTERNATIVE NAME ")
                if not index.isdigit():
                    problems.add(number, f"alternative number {index!r} is not a number")
                    continue
                names[int(index)] = value
            else:
                headers[key] = value
            declared_type = headers.get("DATA TYPE", "").lower()
            continue
        count_text, colon, ranking_text = line.partition(":")
        if not colon or not count_text.strip().isdigit():
            problems.add(number, f"expected 'count: 1,2,3', got {line!r}")
            continue
        ranking = _preflib_ranking(ranking_text, names, number, problems)
        if ranking is None:
            continue
        _check_type(declared_type, ranking, len(names), number, problems)
        counts.append((ranking, int(count_text)))
    if declared_type not in ("", "soc", "soi", "toc", "toi"):
        problems.add(
            1, f"data type {declared_type!r} is not ordinal: expected soc, soi, toc or toi"
        )
    voters = headers.get("NUMBER VOTERS")
    total = sum(count for _, count in counts)
    if voters is not None and voters.isdigit() and int(voters) != total:
        problems.add(1, f"NUMBER VOTERS says {voters}, the data lines add up to {total}")
    candidates = [names[index] for index in sorted(names)]
    return BallotFile(profile=_profile(counts, candidates, problems), title=headers.get("TITLE"))


def _check_type(kind: str, ranking: Ranking, size: int, number: int, problems: _Problems) -> None:
    ranked = sum(len(rank) for rank in ranking)
    if kind in ("soc", "soi") and any(len(rank) > 1 for rank in ranking):
        problems.add(number, f"a tie in a {kind} file (strict orders only)", "declare toc or toi")
    if kind in ("soc", "toc") and ranked != size:
        problems.add(number, f"an incomplete order in a {kind} file", "declare soi or toi")


def write_preflib(profile: RankedProfile, *, title: str | None = None) -> str:
    """Write *profile* in the current PrefLib format, with the narrowest data type that fits."""
    if any(count.denominator != 1 for count in map(Fraction, profile.ballots.values())):
        msg = "PrefLib counts are whole numbers; this profile has fractional weights"
        raise RuleError(msg)
    index = {name: number for number, name in enumerate(profile.candidates, start=1)}
    complete = all(sum(map(len, r)) == len(index) for r in profile.ballots)
    strict = all(len(rank) == 1 for r in profile.ballots for rank in r)
    kind = ("s" if strict else "t") + "o" + ("c" if complete else "i")
    lines = [f"# TITLE: {title}"] if title else []
    lines += [f"# DATA TYPE: {kind}", f"# NUMBER ALTERNATIVES: {len(index)}"]
    lines += [f"# ALTERNATIVE NAME {number}: {name}" for name, number in index.items()]
    lines.append(f"# NUMBER VOTERS: {int(profile.total_weight)}")
    lines.append(f"# NUMBER UNIQUE ORDERS: {len(profile.ballots)}")
    for ranking, count in _ordered(profile):
        ranks = [
            str(index[rank[0]])
            if len(rank) == 1
            else "{" + ",".join(str(index[n]) for n in rank) + "}"
            for rank in ranking
        ]
        lines.append(f"{int(count)}: {','.join(ranks)}")
    return "\n".join(lines) + "\n"


def _ordered(profile: RankedProfile) -> list[tuple[Ranking, Weight]]:
    """Ballots by falling count, then by ranking: the same file for the same profile."""
    return sorted(profile.ballots.items(), key=lambda item: (-item[1], item[0]))


# --- BLT ---------------------------------------------------------------------------------


def read_blt(text: str, *, name: str = "<blt>") -> BallotFile:
    r"""
    Read a BLT file (the format of OpenSTV, ERS and most STV counting software).

    Layout: ``candidates seats``; optional withdrawn candidates as negative
    numbers; ballot lines ``weight c1 c2 ... 0`` (``2=3``: a tie); a line
    ``0``; the candidates' names in quotes; the title in quotes.

    Examples
    --------
    >>> ballots = read_blt('3 1\n4 1 2 0\n3 2 0\n2 3 1 0\n0\n"ann"\n"bo"\n"cy"\n"Chair"\n')
    >>> ballots.seats, ballots.title, ballots.profile.total_weight
    (1, 'Chair', 9)
    """
    problems = _Problems(name)
    lines = [(n, line.split("#", 1)[0].strip()) for n, line in _lines(text)]
    lines = [(n, line) for n, line in lines if line]
    if not lines:
        problems.add(1, "the file is empty; a BLT file starts with 'candidates seats'")
        problems.raise_if_any()
    number, head = lines[0]
    fields = head.split()
    if len(fields) != 2 or not all(field.isdigit() for field in fields):
        problems.add(number, f"expected 'candidates seats' (two numbers), got {head!r}")
        problems.raise_if_any()
    size, seats = int(fields[0]), int(fields[1])
    position = 1
    withdrawn_numbers: list[int] = []
    if position < len(lines) and lines[position][1].startswith("-"):
        withdrawn_numbers = [abs(int(token)) for token in lines[position][1].split()]
        position += 1
    raw: list[tuple[int, list[list[int]], Weight]] = []
    while position < len(lines) and lines[position][1] != "0":
        number, line = lines[position]
        position += 1
        tokens = line.split()
        if tokens and tokens[0].startswith("("):
            tokens = tokens[1:]  # a ballot id, as some BLT dialects write
        if len(tokens) < 2 or tokens[-1] != "0":
            problems.add(number, f"a ballot line is 'weight c1 c2 ... 0', got {line!r}")
            continue
        try:
            weight: Weight = (
                Fraction(tokens[0]) if "/" in tokens[0] or "." in tokens[0] else int(tokens[0])
            )
            ranks = [[int(part) for part in token.split("=")] for token in tokens[1:-1]]
        except ValueError:
            problems.add(number, f"not a number in {line!r}")
            continue
        raw.append((number, ranks, weight))
    position += 1  # the terminating 0
    quoted = [line.strip('"') for _, line in lines[position:]]
    if len(quoted) < size:
        problems.add(
            lines[-1][0], f"expected {size} candidate names in quotes, found {len(quoted)}"
        )
        problems.raise_if_any()
    candidates = quoted[:size]
    title = quoted[size] if len(quoted) > size else None
    counts: list[tuple[Ranking, Weight]] = []
    for number, ranks, weight in raw:
        if any(not 1 <= index <= size for rank in ranks for index in rank):
            problems.add(number, f"a candidate number outside 1..{size}")
            continue
        ranking = tuple(tuple(sorted(candidates[i - 1] for i in rank)) for rank in ranks)
        counts.append((ranking, weight))
    withdrawn = tuple(candidates[i - 1] for i in withdrawn_numbers if 1 <= i <= size)
    profile = _profile(counts, candidates, problems)
    return BallotFile(profile=profile, seats=seats, title=title, withdrawn=withdrawn)


def write_blt(
    profile: RankedProfile,
    *,
    seats: int,
    title: str | None = None,
    withdrawn: tuple[str, ...] = (),
) -> str:
    """Write *profile* as a BLT file for *seats* seats (ties written ``2=3``)."""
    index = {name: number for number, name in enumerate(profile.candidates, start=1)}
    lines = [f"{len(index)} {seats}"]
    if withdrawn:
        lines.append(" ".join(f"-{index[name]}" for name in withdrawn))
    for ranking, count in _ordered(profile):
        ranks = " ".join("=".join(str(index[name]) for name in rank) for rank in ranking)
        lines.append(f"{count} {ranks} 0")
    lines.append("0")
    lines.extend(f'"{name}"' for name in profile.candidates)
    lines.append(f'"{title or ""}"')
    return "\n".join(lines) + "\n"


# --- ABIF --------------------------------------------------------------------------------

_ABIF_TOKEN = re.compile(r"\[([^\]]*)\]|([A-Za-z0-9_.\-]+)")


def read_abif(text: str, *, name: str = "<abif>") -> BallotFile:
    r"""
    Read an ABIF file (Aggregated Ballot Information Format), ranked part.

    Ballot lines are ``count: A>B=C>D`` (``>`` prefers, ``=`` ties); candidate
    tokens may be bracketed (``[Ann Lee]``) and declared with ``=tok:[Full
    Name]``; ratings (``A/5``) are read as ranks, in the order written;
    ``#`` starts a comment, and ``{...}`` metadata lines give the title.

    Examples
    --------
    >>> ballots = read_abif("=A:[Ann]\n=B:[Bo]\n3: A>B\n2: B\n")
    >>> ballots.profile.first_preferences["Ann"], ballots.profile.candidates
    (3, ('Ann', 'Bo'))
    """
    problems = _Problems(name)
    full: dict[str, str] = {}
    order: list[str] = []
    counts: list[tuple[Ranking, Weight]] = []
    title = None
    for number, line in _lines(text):
        line = line.split("#", 1)[0].strip()  # noqa: PLW2901 - the line without its comment
        if not line:
            continue
        if line.startswith("{"):
            match = re.search(r'"title"\s*:\s*"([^"]*)"', line)
            title = match.group(1) if match else title
            continue
        if line.startswith("="):
            token, _, long_name = line[1:].partition(":")
            full[token.strip()] = long_name.strip().strip("[]")
            order.append(token.strip())
            continue
        count_text, colon, ballot = line.partition(":")
        if not colon or not count_text.strip().isdigit():
            problems.add(number, f"expected 'count: A>B>C', got {line!r}")
            continue
        ranks: list[tuple[str, ...]] = []
        for part in ballot.split(">"):
            rank = []
            for alternative in part.split("="):
                match = _ABIF_TOKEN.search(alternative.split("/", 1)[0].strip())
                if match is None:
                    problems.add(number, f"no candidate in {alternative!r}")
                    continue
                token = match.group(1) if match.group(1) is not None else match.group(2)
                if token not in order:
                    order.append(token)
                rank.append(full.get(token, token))
            if rank:
                ranks.append(tuple(sorted(rank)))
        counts.append((tuple(ranks), int(count_text)))
    candidates = list(dict.fromkeys(full.get(token, token) for token in order))
    return BallotFile(profile=_profile(counts, candidates, problems), title=title)


def write_abif(profile: RankedProfile, *, title: str | None = None) -> str:
    """Write *profile* as ABIF: every candidate declared (``=c1:[Ann Lee]``), then the ballots."""
    lines = [f'{{"title": "{title}"}}'] if title else []
    token = {name: f"c{number}" for number, name in enumerate(profile.candidates, start=1)}
    lines += [f"={token[name]}:[{name}]" for name in profile.candidates]
    for ranking, count in _ordered(profile):
        if Fraction(count).denominator != 1:
            msg = "ABIF counts are whole numbers; this profile has fractional weights"
            raise RuleError(msg)
        ranks = ">".join("=".join(token[name] for name in rank) for rank in ranking)
        lines.append(f"{count}: {ranks}")
    return "\n".join(lines) + "\n"


def read_csv_ballots(text: str, *, name: str = "<csv>", measure: str | None = None) -> BallotFile:
    """
    Read ranked ballots from CSV (see `read_ranked_csv`) into a profile.

    Each ballot weighs its ``weight`` column, or its *measure* column when given.
    """
    ballots = read_ranked_csv(text, name=name)
    try:
        return BallotFile(profile=ranked_profile(ballots, measure=measure))
    except RuleError as exc:
        raise ConfigError([Problem(message=str(exc), source=name)], name) from None


BALLOT_FORMATS: FrozenMap[str, Callable[..., BallotFile]] = FrozenMap(
    {
        "csv": read_csv_ballots,
        "soc": read_preflib,
        "soi": read_preflib,
        "toc": read_preflib,
        "toi": read_preflib,
        "blt": read_blt,
        "abif": read_abif,
    }
)
"""File extension -> reader."""


def read_ballot_file(path: str | Path) -> BallotFile:
    """
    Read a ranked-ballot file, choosing the format by its extension.

    Raises
    ------
    ConfigError
        For an unknown extension, an unreadable file or any bad line.
    """
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    reader = BALLOT_FORMATS.get(suffix)
    if reader is None:
        known = ", ".join(f".{ext}" for ext in BALLOT_FORMATS)
        msg = f"unknown ballot file type {path.suffix or '(none)'!r}; known: {known}"
        raise ConfigError([Problem(message=msg, source=str(path))], str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read {path}: {exc}"
        raise ConfigError([Problem(message=msg, source=str(path))], str(path)) from None
    return reader(text, name=str(path))
