"""
Tally benchmark: govkit against pref_voting, votekit, pyrankvote and svvamp.

From the same ranked ballots (default 1,000,000 over 10 candidates, drawn with
a seeded numpy Generator under impartial culture and under a Mallows model),
each library counts plurality, Borda, IRV, STV (3 seats, Droop quota; Gregory
and Meek transfers) and Schulze and Copeland, where it offers the method. Then
govkit decides a double-majority motion (Civil Code art. 278, area AND
headcount) on 1,000,000 weighted ballots.

What is timed, per library, method and culture:

- ``build``: the library's input from the form it is given (see
  ``_peers_tally.FORMS``): govkit, pref_voting and votekit get the distinct
  rankings with their counts (numpy.unique of the rows, done once, untimed);
  pyrankvote and svvamp accept only one ballot per voter and get the rows,
  and so does ``govkit_rows`` (govkit from the same rows). A build under 1 s
  is repeated ``--repeat`` times and the best run is reported.
- ``count``: the method on an already built, fresh profile (nothing cached by
  an earlier run), until the winners are known.
- ``total`` = build + count: input -> outcome.

Each library runs in its own subprocess per culture: it imports and warms up
on 200 ballots (numba compilation, lazy tables; untimed), builds its input once,
then counts each method. A build or count taking more than ``--timeout``
seconds (default 60) is killed and reported as "> 60 s"; the library restarts
on its next method unless it has used ``--budget`` seconds (default 180) for the
culture, after which its remaining methods are "not run". A count under 1 s is
repeated ``--repeat`` times (default 3) on fresh profiles and the best run is
reported; a slower one is reported as its single run. Each run is timed with
``_common.time_once`` (gc collected before, off during). Winners are compared
between libraries.

    python benchmarks/bench_tally.py                    # 1,000,000 ballots
    python benchmarks/bench_tally.py --quick            # 10,000 ballots, smoke run
    python benchmarks/bench_tally.py --ballots 100000 --json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import environment, time_once
from _peers_tally import (
    ADAPTERS,
    DISTRIBUTIONS,
    FORMS,
    LIBRARIES,
    METHODS,
    OURS,
    Ballots,
)

IntArray = npt.NDArray[np.int64]

CANDIDATES = 10
CULTURES = ("mallows", "ic")
PHI = 0.7
SEED = 20261122
SLOW = 1.0
"""A warm-up count slower than this (seconds) is reported alone, without more runs."""
REBUILD_LIMIT = 5.0
"""Seconds above which a library's input is not rebuilt just to repeat a fast count."""
WARM_UP_LIMIT = 300.0
"""Seconds a worker may take to import, compile (numba) and warm up on 200 ballots."""

TARGET_SPEEDUP = 10.0
TARGET_COUNT_SECONDS = 0.050


# ---------------------------------------------------------------- ballots


def impartial_culture(rng: np.random.Generator, voters: int, candidates: int) -> IntArray:
    """Return *voters* uniformly random rankings (rows of candidate indices)."""
    rows = np.tile(np.arange(candidates, dtype=np.int64), (voters, 1))
    return rng.permuted(rows, axis=1)


def mallows(
    rng: np.random.Generator, voters: int, candidates: int, phi: float, reference: IntArray
) -> IntArray:
    """
    Return *voters* rankings from a Mallows model around *reference*, by repeated insertion.

    The i-th candidate of the reference order is inserted into the ranking of the
    first i at position j (0 = top) with probability proportional to
    ``phi ** (i - j)``: the order is kept with the highest probability, and each
    swap away from it costs a factor *phi* (Doignon, Pekec and Regenwetter, 2004).
    """
    position = np.zeros((voters, candidates), dtype=np.int64)  # place of each reference item
    for item in range(candidates):
        weights = phi ** np.arange(item, -1, -1, dtype=float)  # j = 0 .. item
        place = rng.choice(item + 1, size=voters, p=weights / weights.sum())
        if item:
            earlier = position[:, :item]
            earlier += earlier >= place[:, None]
        position[:, item] = place
    order = np.argsort(position, axis=1)  # reference indices from first to last
    return reference[order]


def make_ballots(culture: str, voters: int, seed: int) -> Ballots:
    """Draw the ballots of one culture and count the distinct rows (untimed)."""
    rng = np.random.default_rng([seed, CULTURES.index(culture)])
    if culture == "ic":
        rows = impartial_culture(rng, voters, CANDIDATES)
    else:
        reference = rng.permutation(CANDIDATES).astype(np.int64)
        rows = mallows(rng, voters, CANDIDATES, PHI, reference)
    distinct, counts = np.unique(rows, axis=0, return_counts=True)
    return Ballots(rows=rows, distinct=distinct.astype(np.int64), counts=counts.astype(np.int64))


def save(ballots: Ballots, path: Path) -> None:
    np.savez(path, rows=ballots.rows, distinct=ballots.distinct, counts=ballots.counts)


def load(path: Path) -> Ballots:
    with np.load(path) as data:
        return Ballots(rows=data["rows"], distinct=data["distinct"], counts=data["counts"])


# ---------------------------------------------------------------- one library (subprocess)


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def run_worker(library: str, methods: Sequence[str], path: Path, repeat: int) -> None:
    """
    Build one library's input once, then count each method; one JSON line per step.

    Runs in a subprocess of the main run, which kills it when a step overruns.
    """
    adapters = {method: ADAPTERS[library](method) for method in methods}
    ballots = load(path)
    some = slice(0, 200)
    small = Ballots(
        rows=ballots.rows[some], distinct=ballots.distinct[some], counts=ballots.counts[some]
    )
    for adapter in adapters.values():
        if adapter is not None:  # untimed warm-up: imports, numba compilation, lazy tables
            adapter.count(adapter.build(small))
    _emit({"event": "ready"})
    built: list[Any] = []
    usable = [adapter for adapter in adapters.values() if adapter is not None]
    build = time_once(lambda: built.append(usable[0].build(ballots))) if usable else 0.0
    build_runs = [build]
    if usable and build < SLOW:  # a fast build is timed like a fast count: best of repeats
        for _ in range(repeat):
            built.clear()
            build_runs.append(time_once(lambda: built.append(usable[0].build(ballots))))
        build = min(build_runs)
    base = built[0] if built else None
    _emit({"event": "built", "build": build, "build_runs": build_runs})
    for method, adapter in adapters.items():
        if adapter is None:
            _emit({"event": "counted", "method": method, "status": "unsupported"})
            continue
        outcome: list[Any] = []

        def count(adapter: Any = adapter, outcome: list[Any] = outcome) -> None:
            profile = built.pop()
            outcome[:] = [adapter.count(profile)]

        def fresh(adapter: Any = adapter, method: str = method) -> None:
            # Untimed: a fresh profile, nothing cached by an earlier count. The event
            # restarts the main run's clock, so the time limit applies to the count alone.
            built.append(adapter.renew(base) if adapter.renew else adapter.build(ballots))
            _emit({"event": "fresh", "method": method})

        if not built:
            fresh()
        warm_up = time_once(count)
        runs: list[float] = []
        # Repeat fast counts, unless each repeat needs a slow rebuild (> 5 s) of the input.
        if warm_up < SLOW and (adapter.renew is not None or build < REBUILD_LIMIT):
            for _ in range(repeat):
                fresh()
                runs.append(time_once(count))
        else:
            runs.append(warm_up)
        _emit(
            {
                "event": "counted",
                "method": method,
                "status": "ok",
                "build": build,
                "count_runs": runs,
                "count": min(runs),
                "warm_up": warm_up,
                "winners": list(adapter.winners(outcome[0], ballots.candidates)),
                "call": adapter.call,
                "form": FORMS[library],
            }
        )


def _lines(
    process: subprocess.Popen[bytes], timeout: float, first: float
) -> Iterator[dict[str, Any] | None]:
    """
    Yield the worker's JSON lines; None when one takes longer than *timeout* seconds.

    The first line (the worker is ready: imported, compiled, warmed up) may take *first*.
    """
    assert process.stdout is not None
    descriptor = process.stdout.fileno()
    pending = b""
    deadline = time.monotonic() + first
    while True:
        while b"\n" in pending:
            line, _, pending = pending.partition(b"\n")
            yield json.loads(line)
            deadline = time.monotonic() + timeout
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([descriptor], [], [], remaining)[0]:
            yield None
            return
        chunk = os.read(descriptor, 1 << 16)
        if not chunk:
            return
        pending += chunk


def run_library(
    library: str,
    methods: Sequence[str],
    path: Path,
    options: argparse.Namespace,
) -> dict[str, dict[str, Any]]:
    """
    Run one library's methods in a subprocess; a step over ``options.timeout`` s is killed.

    The input is built once per subprocess (and its build time is limited too).
    After a method is killed, a new subprocess carries on with the next ones,
    unless the library has used up ``options.budget`` seconds: the methods left
    are then reported as not run.
    """
    timeout = options.timeout
    left = [method for method in methods if ADAPTERS[library](method) is not None]
    results: dict[str, dict[str, Any]] = {
        method: {"status": "unsupported"} for method in methods if method not in left
    }
    started = time.monotonic()
    while left:
        if time.monotonic() - started > options.budget:
            for method in left:
                results[method] = {"status": "skipped", "budget": options.budget}
            break
        command = [sys.executable, __file__, "--worker", library, ",".join(left), str(path)]
        command += ["--repeat", str(options.repeat)]
        with (
            tempfile.TemporaryFile() as errors,
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors) as process,
        ):
            built: dict[str, Any] = {}
            for record in _lines(process, timeout, first=WARM_UP_LIMIT):
                if record is None:
                    process.kill()
                    step = "count" if built else "build"
                    timed_out = {"status": "timeout", "limit": timeout, "step": step}
                    results[left.pop(0)] = {**timed_out, **built}
                    if not built:  # the input itself takes too long: nothing can be counted
                        for method in left:
                            results[method] = timed_out
                        left = []
                    break
                event = record.pop("event")
                if event in ("ready", "fresh"):
                    continue
                if event == "built":
                    built = record
                    continue
                results[record.pop("method")] = record
                left.pop(0)
            else:
                process.wait()
                if left:  # the worker died
                    errors.seek(0)
                    lines = errors.read().decode(errors="replace").strip().splitlines()
                    results[left.pop(0)] = {"status": "error", "error": (lines or ["?"])[-1]}
    return results


# ---------------------------------------------------------------- motion


def motion_inputs(voters: int, seed: int) -> dict[str, Any]:
    """Weighted motion ballots as arrays: choice, proxy weight, area in hundredths of m²."""
    rng = np.random.default_rng([seed, 99])
    choice = rng.choice(5, size=voters, p=[0.55, 0.33, 0.08, 0.03, 0.01])
    weight = rng.choice([1, 2, 3], size=voters, p=[0.9, 0.07, 0.03])
    area = rng.integers(4_000, 18_000, size=voters)  # 40.00 to 179.99 m²
    return {"choice": choice, "weight": weight, "area": area}


def bench_motion(voters: int, seed: int, repeat: int) -> dict[str, Any]:
    """Time the double-majority motion: from ballot objects, and from the arrays themselves."""
    from govkit.config import Quantity, load_preset
    from govkit.voting import Choice, MotionBallot, MotionTally

    rule = load_preset("civil_code_278_ordinary")
    data = motion_inputs(voters, seed)
    choices = list(Choice)
    weights = data["weight"]
    area = data["area"]
    # The roll: every voter above, plus 20% who did not vote (eligible totals only).
    eligible = {
        "headcount": Quantity(Fraction(math.ceil(int(weights.sum()) * 1.2))),
        "area": Quantity(Fraction(math.ceil(int((weights * area).sum()) * 1.2), 100)),
    }

    def make_ballots() -> list[Any]:
        return [
            MotionBallot(choice=choices[c], weight=w, measures={"area": Fraction(a, 100)})
            for c, w, a in zip(
                data["choice"].tolist(), weights.tolist(), area.tolist(), strict=True
            )
        ]

    ballots: list[Any] = []
    make = time_once(lambda: ballots.extend(make_ballots()))

    def from_objects() -> Any:
        tally = MotionTally.count(ballots, measures=("area",), eligible=eligible)
        return rule.decide(tally)

    def from_figures() -> Any:
        tally = MotionTally.from_arrays(
            data["choice"],
            weights=weights,
            measures={"area": (area, 100)},
            eligible=eligible,
        )
        return rule.decide(tally)

    count_runs = [time_once(from_objects) for _ in range(max(1, min(repeat, 3)))]
    figure_runs = [time_once(from_figures) for _ in range(repeat + 1)][1:]
    decided = from_objects()
    check = from_figures()
    return {
        "voters": voters,
        "rule": "civil_code_278_ordinary",
        "make_ballots": make,
        "count_from_ballots": min(count_runs),
        "count_from_ballots_runs": count_runs,
        "from_arrays": min(figure_runs),
        "from_arrays_runs": figure_runs,
        "status": decided.status.value,
        "agree": decided.status == check.status,
    }


# ---------------------------------------------------------------- report


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms"


FIXED = {"unsupported": "n/a", "skipped": "not run", "error": "error"}


def _cell(entry: dict[str, Any], part: str) -> str:
    status = entry["status"]
    if status in FIXED:
        return FIXED[status]
    if status == "timeout":
        if part == "build" and "build" in entry:
            return _seconds(entry["build"])
        if entry["step"] == "build" and part == "count":
            return "(build)"
        return f"> {entry['limit']:.0f} s"
    if part == "total":
        return _seconds(entry["build"] + entry["count"])
    return _seconds(entry[part])


def _ratio(peer: dict[str, Any], ours: dict[str, Any], part: str) -> str:
    if ours["status"] != "ok" or peer["status"] in ("unsupported", "error", "skipped"):
        return ""
    mine = ours["count"] + (ours["build"] if part == "total" else 0.0)
    if peer["status"] == "timeout":
        floor = peer["limit"] + (peer.get("build", 0.0) if part == "total" else 0.0)
        return f"> {math.floor(floor / mine)}x"
    theirs = peer["count"] + (peer["build"] if part == "total" else 0.0)
    return f"{theirs / mine:.1f}x"


def _ours(results: dict[str, Any], method: str, peer: str) -> dict[str, Any] | None:
    """govkit's entry given the same input form as *peer* (else govkit from counts)."""
    found = results[method]
    same = found.get(OURS[FORMS[peer]])
    if same is not None and same["status"] == "ok":
        return dict(same)
    fallback: dict[str, Any] | None = found.get("govkit")
    return fallback


def table(results: dict[str, Any], libraries: Sequence[str], methods: Sequence[str]) -> str:
    """
    Return the Markdown table of one culture: count and total per library.

    Each peer's ratio is to govkit given the same input form (rows or counts).
    """
    ours_first = [name for name in libraries if name in OURS.values()]
    peers = [name for name in libraries if name not in OURS.values()]
    head = ["method"]
    for name in (*ours_first, *peers):
        head += [f"{name} count", f"{name} total"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" + "---:|" * (len(head) - 1)]
    for method in methods:
        cells = [method]
        for name in ours_first:
            cells += [_cell(results[method][name], part) for part in ("count", "total")]
        for peer in peers:
            entry = results[method][peer]
            ours = _ours(results, method, peer)
            for part in ("count", "total"):
                ratio = _ratio(entry, ours, part) if ours else ""
                cells.append(_cell(entry, part) + (f" ({ratio})" if ratio else ""))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def agreement(
    results: dict[str, Any], libraries: Sequence[str], methods: Sequence[str]
) -> list[str]:
    """List every method where the libraries that finished name different winners."""
    notes = []
    for method in methods:
        found = {
            name: tuple(sorted(results[method][name]["winners"]))
            for name in libraries
            if results[method][name]["status"] == "ok"
        }
        if len(set(found.values())) > 1:
            notes.append(f"{method}: " + "; ".join(f"{k} {list(v)}" for k, v in found.items()))
    return notes


def targets(results: dict[str, Any], methods: Sequence[str]) -> list[str]:
    """Check the issue's targets against the results of one culture."""
    lines = []
    for method in methods:
        ours = results[method]["govkit"]
        if ours["status"] != "ok":
            lines.append(f"{method}: govkit did not finish ({ours['status']})")
            continue
        slower = []
        for peer, entry in results[method].items():
            same = _ours(results, method, peer) if peer not in OURS.values() else None
            if same is None or same["status"] != "ok" or entry["status"] != "ok":
                continue
            form = FORMS[peer]
            if entry["count"] < same["count"]:
                slower.append(f"count vs {peer} ({form})")
            if entry["count"] + entry["build"] < same["count"] + same["build"]:
                slower.append(f"total vs {peer} ({form})")
        fastest = "fastest" if not slower else "NOT fastest (" + ", ".join(slower) + ")"
        under = "under" if ours["count"] < TARGET_COUNT_SECONDS else "NOT under"
        line = f"{method}: govkit {fastest}; count {_seconds(ours['count'])} {under} 50 ms"
        if method in ("irv", "stv"):
            for peer in ("pref_voting", "votekit"):
                entry = results[method].get(peer)
                if entry is None or entry["status"] in ("unsupported", "error", "skipped"):
                    continue
                ratio = _ratio(entry, ours, "total")
                if entry["status"] == "timeout":  # a lower bound: the limit, plus the build
                    theirs = entry["limit"] + entry.get("build", 0.0)
                else:
                    theirs = entry["count"] + entry["build"]
                met = theirs / (ours["count"] + ours["build"]) >= TARGET_SPEEDUP
                verdict = "met" if met else "NOT met (or not shown)"
                line += f"; total vs {peer} {ratio} ({verdict} >= 10x)"
        lines.append(line)
    return lines


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="smoke run with 10,000 ballots")
    parser.add_argument("--repeat", type=int, default=3, help="timed counts after the warm-up")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds allowed for each build or count"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=180.0,
        help="seconds per library and culture after which a timed-out library is not restarted",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cultures", default=",".join(CULTURES))
    parser.add_argument("--libraries", default=",".join(LIBRARIES))
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--no-motion", action="store_true", help="skip the motion benchmark")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--json-out", type=Path, help="also write the JSON results to this file")
    parser.add_argument(
        "--worker", nargs=3, metavar=("LIBRARY", "METHODS", "NPZ"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    if args.worker:
        library, names, path = args.worker
        run_worker(library, names.split(","), Path(path), args.repeat)
        return 0
    voters = 10_000 if args.quick else args.ballots
    cultures = [name for name in args.cultures.split(",") if name]
    libraries = [name for name in args.libraries.split(",") if name]
    methods = [name for name in args.methods.split(",") if name]
    report: dict[str, Any] = {
        "environment": environment(
            "govkit", "numpy", *sorted({DISTRIBUTIONS[name] for name in libraries} - {"govkit"})
        ),
        "ballots": voters,
        "candidates": CANDIDATES,
        "seed": args.seed,
        "mallows_phi": PHI,
        "timeout": args.timeout,
        "budget": args.budget,
        "repeat": args.repeat,
        "cultures": {},
    }
    log: Callable[[str], None] = (lambda _: None) if args.json else print
    log(f"{voters:,} ranked ballots over {CANDIDATES} candidates; seed {args.seed}")
    with tempfile.TemporaryDirectory() as folder:
        for culture in cultures:
            ballots = make_ballots(culture, voters, args.seed)
            path = Path(folder) / f"{culture}.npz"
            save(ballots, path)
            log(f"\n## {culture}: {len(ballots.distinct):,} distinct rankings")
            by_library = {
                library: run_library(library, methods, path, args) for library in libraries
            }
            results = {
                method: {library: by_library[library][method] for library in libraries}
                for method in methods
            }
            for method in methods:
                for library in libraries:
                    entry = results[method][library]
                    if entry["status"] != "unsupported":
                        log(
                            f"  {method:9} {library:12} build {_cell(entry, 'build'):>9}"
                            f"  count {_cell(entry, 'count'):>9}  {entry.get('winners', '')}"
                            + (f" {entry.get('error', '')}" if entry["status"] == "error" else "")
                        )
            report["cultures"][culture] = {
                "distinct": len(ballots.distinct),
                "results": results,
                "disagreements": agreement(results, libraries, methods),
                "targets": targets(results, methods) if "govkit" in libraries else [],
            }
            log("")
            log(table(results, libraries, methods))
            for line in report["cultures"][culture]["disagreements"]:
                log(f"winners differ: {line}")
            for line in report["cultures"][culture]["targets"]:
                log(f"target: {line}")
    if not args.no_motion:
        motion = bench_motion(voters, args.seed, args.repeat)
        report["motion"] = motion
        log(f"\n## double-majority motion, {voters:,} weighted ballots ({motion['rule']})")
        log(
            f"  making the MotionBallot objects (untimed below): {_seconds(motion['make_ballots'])}"
        )
        log(f"  MotionTally.count(ballots) + decide: {_seconds(motion['count_from_ballots'])}")
        log(f"  MotionTally.from_arrays(arrays) + decide: {_seconds(motion['from_arrays'])}")
        log(f"  decision: {motion['status']}; both paths agree: {motion['agree']}")
    if args.json:
        print(json.dumps(report, indent=2))
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
