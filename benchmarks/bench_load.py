"""
How much does validation cost? `govkit.load` against PyYAML's bare C safe loader.

Builds a voter roll with govkit's own objects (`govkit.voting.Roll` of members
with an exact ``area`` and ``households``), large enough that its YAML holds at
least ``--nodes`` nodes, writes it with `govkit.dump`, and times on that same
text, in one process:

(a) ``yaml.load(text, Loader=yaml.CSafeLoader)``: libyaml's parser and composer
    plus PyYAML's safe constructor, giving plain dicts and lists;
(b) ``govkit.load(text)``: parsing, strict validation and structuring into
    frozen govkit objects.

Target (DESIGN.md section 5): (b) costs at most 1.5 times (a).

Run ``python benchmarks/bench_load.py`` (``--help`` for the options).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import pstats
import random
import sys
from fractions import Fraction
from typing import Any

import yaml

import govkit
from _common import Timing, environment, measure
from govkit.voting import Member, Roll

TARGET = 1.5
"""Largest acceptable ratio of govkit.load to the bare C safe loader."""

SEED = 20260509
"""Seeds the roll's areas, so the input is the same text on every run."""

_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def make_roll(members: int, *, seed: int = SEED) -> Roll:
    """Return a roll of *members* flats, each with an area like 96.52 and one household."""
    rng = random.Random(seed)
    return Roll(
        id="estate",
        title="Owners of the estate",
        members=tuple(
            Member(
                id=f"unit-{number:06d}",
                measures={"area": Fraction(rng.randint(4_000, 18_000), 100), "households": 1},
            )
            for number in range(1, members + 1)
        ),
    )


def count_nodes(text: str) -> tuple[int, int]:
    """Return the YAML nodes of *text* (scalars, mappings, sequences): keys included, and not."""
    with_keys = without_keys = 0
    pending = [yaml.compose(text, Loader=_LOADER)]
    while pending:
        node = pending.pop()
        with_keys += 1
        without_keys += 1
        if isinstance(node, yaml.MappingNode):
            with_keys += len(node.value)
            pending.extend(value for _key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
    return with_keys, without_keys


def roll_text(nodes: int) -> tuple[Roll, str, int, int]:
    """Return the smallest roll whose YAML holds at least *nodes* nodes (keys included)."""
    one, two = (count_nodes(govkit.dump(make_roll(size)))[0] for size in (1, 2))
    per_member, overhead = two - one, one - (two - one)
    members = max(1, math.ceil((nodes - overhead) / per_member))
    while True:
        roll = make_roll(members)
        text = govkit.dump(roll)
        with_keys, without_keys = count_nodes(text)
        if with_keys >= nodes:
            return roll, text, with_keys, without_keys
        members += 1


def profile(text: str, top: int) -> str:
    """Return cProfile's report of one `govkit.load`, by cumulative time and by own time."""
    profiler = cProfile.Profile()
    profiler.runcall(govkit.load, text)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    for order in ("cumulative", "tottime"):
        out.write(f"\n--- govkit.load profiled, top {top} by {order} ---\n")
        stats.sort_stats(order).print_stats(top)
    return out.getvalue()


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time govkit.load against yaml.load(..., Loader=yaml.CSafeLoader).",
    )
    parser.add_argument(
        "--nodes", type=int, default=50_000, help="minimum YAML nodes in the input (50000)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each, best kept (5)")
    parser.add_argument(
        "--keep-gc",
        action="store_true",
        help="leave the garbage collector on while timing (default: collect, then disable)",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the results as JSON")
    output.add_argument(
        "--profile",
        type=int,
        metavar="TOP",
        default=0,
        help="also print cProfile's TOP functions of one govkit.load",
    )
    arguments = parser.parse_args(argv)
    if arguments.nodes < 1 or arguments.repeat < 1:
        parser.error("--nodes and --repeat must be at least 1")
    return arguments


def _table(results: dict[str, Any]) -> str:
    bare: Timing = results["timings"]["bare"]
    validated: Timing = results["timings"]["govkit"]
    ratio = results["ratio"]
    gc_note = "on" if results["keep_gc"] else "collected, then off while timing"
    env = results["environment"]
    rows = [
        ("(a) yaml.load(text, Loader=yaml.CSafeLoader)", bare),
        ("(b) govkit.load(text)", validated),
    ]
    width = max(len(label) for label, _timing in rows)
    lines = [
        "govkit.load against the bare C safe loader, on the same text",
        f"python {env['python']}, PyYAML {env['pyyaml']} (libyaml: {env['libyaml']}), "
        f"govkit {env['govkit']}, {env['cpus']} CPUs",
        f"input: roll of {results['members']:,} members, {results['bytes']:,} bytes",
        f"       {results['nodes']:,} YAML nodes: scalars + mappings + sequences, keys included "
        f"({results['nodes_without_keys']:,} without keys)",
        f"timing: best of {results['repeat']}, time.perf_counter, gc {gc_note}",
        "",
        f"{'':{width}}  {'best ms':>9}  {'median ms':>9}  {'vs (a)':>7}",
    ]
    lines.extend(
        f"{label:{width}}  {timing.best * 1e3:9.1f}  {timing.median * 1e3:9.1f}  "
        f"{timing.best / bare.best:6.2f}x"
        for label, timing in rows
    )
    verdict = "met" if ratio <= TARGET else "NOT met"
    lines += ["", f"ratio (b)/(a): {ratio:.2f}; target <= {TARGET}x: {verdict}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (or JSON); missing the target is not a failure."""
    arguments = _arguments(argv)
    if _LOADER is None:
        print("PyYAML was built without libyaml: there is no CSafeLoader to compare with")
        return 1
    roll, text, nodes, nodes_without_keys = roll_text(arguments.nodes)
    if govkit.load(text) != roll:  # the benchmark must load what it claims to
        print("govkit.load did not read back the roll that govkit.dump wrote")
        return 1
    timings = measure(
        {
            "bare": lambda: yaml.load(text, Loader=_LOADER),  # the C *safe* loader
            "govkit": lambda: govkit.load(text),
        },
        repeat=arguments.repeat,
        keep_gc=arguments.keep_gc,
    )
    results: dict[str, Any] = {
        "benchmark": "load",
        "members": len(roll.members),
        "bytes": len(text.encode("utf-8")),
        "nodes": nodes,
        "nodes_without_keys": nodes_without_keys,
        "repeat": arguments.repeat,
        "keep_gc": arguments.keep_gc,
        "timings": timings,
        "ratio": timings["govkit"].best / timings["bare"].best,
        "target": TARGET,
        "environment": environment("govkit", "attrs", "cattrs"),
    }
    results["target_met"] = results["ratio"] <= TARGET
    if arguments.json:
        results["timings"] = {
            name: {"best_s": timing.best, "median_s": timing.median, "runs_s": list(timing.runs)}
            for name, timing in timings.items()
        }
        print(json.dumps(results, indent=2))
        return 0
    print(_table(results))
    if arguments.profile:
        print(profile(text, arguments.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
