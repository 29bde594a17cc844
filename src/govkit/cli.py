"""
The ``govkit`` command.

Each subcommand is a function taking the parsed arguments and the output
streams and returning the exit code, so tests call them without a subprocess.
Exit codes: 0 success, 1 invalid input (every problem printed, compiler
style), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TextIO

import attrs

from govkit import __version__
from govkit.config import (
    DOCUMENTS,
    Quantity,
    json_schema,
    load,
    load_all,
    load_preset,
    preset_path,
    presets,
    structure,
    to_quantity,
)
from govkit.errors import ConfigError, GovkitError, Problem
from govkit.scenarios import Scenario, decision_lines, report, run_scenario, write_outputs
from govkit.voting import (
    METHODS,
    ApprovalProfile,
    ApprovalVoting,
    BlockVoting,
    Decision,
    DecisionRule,
    ElectionRule,
    LimitedVoting,
    Method,
    MotionTally,
    MotionVote,
    Profile,
    RankedProfile,
    Roll,
    format_amount,
    read_ballot_file,
    read_motion_csv,
    read_roll_csv,
)

__all__ = ["main"]

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]


def format_problem(problem: Problem) -> str:
    """One problem as ``file:line:col: message [$.path] (hint)``, as compilers print them."""
    text = f"{problem.location()}: error: {problem.message} [{problem.yaml_path}]"
    if problem.hint:
        text += f"\n    hint: {problem.hint}"
    return text


def _print_problems(error: ConfigError, err: TextIO) -> None:
    for problem in error.problems:
        print(format_problem(problem), file=err)


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check YAML files; print every problem; exit 1 if any file is invalid."""
    failed = 0
    for name in args.files:
        try:
            bundle = load_all(Path(name))
        except ConfigError as error:
            failed += 1
            _print_problems(error, err)
            continue
        kinds = ", ".join(type(doc).kind for doc in bundle)
        print(f"{name}: ok ({len(bundle)} document(s): {kinds})", file=out)
    if failed:
        print(f"{failed} of {len(args.files)} file(s) invalid", file=err)
    return 1 if failed else 0


def cmd_schema(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """Write the JSON Schema of every document kind."""
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    return 0


def cmd_presets(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """List the packaged presets, or show one as YAML."""
    if args.action == "show":
        if not args.name:
            msg = "usage: govkit presets show NAME"
            raise GovkitError(msg)
        load_preset(args.name)  # a helpful error for an unknown name
        text = preset_path(args.name).read_text(encoding="utf-8")
        documents = text.split("\n---\n")
        shown = [doc for doc in documents if f"\nid: {args.name}\n" in f"\n{doc}\n"]
        out.write((shown[0] if shown else text).rstrip() + "\n")
        return 0
    rows = presets(args.kind)
    width = max((len(info.id) for info in rows), default=10)
    kinds = max((len(info.kind) for info in rows), default=10)
    for info in rows:
        mark = "verified" if info.verified else "UNVERIFIED"
        print(f"{info.id:<{width}}  {info.kind:<{kinds}}  {mark:<10}  {info.source}", file=out)
    return 0


def _load_rule(name: str, seats: int | None) -> DecisionRule | ElectionRule | Method:
    """Return the rule of a YAML file, a preset id, or a voting method's kind (``stv``)."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        bundle = load_all(path)
        rules = [doc for doc in bundle if isinstance(doc, (DecisionRule, ElectionRule))]
        if len(rules) != 1:
            found = len(rules)
            msg = f"{name} must hold exactly one decision_rule or election_rule; it holds {found}"
            raise GovkitError(msg)
        return rules[0]
    if name in METHODS:
        cls = METHODS[name]
        takes_seats = "seats" in attrs.fields_dict(cls)  # type: ignore[arg-type]
        options = {"seats": seats} if seats is not None and takes_seats else {}
        method: Method = structure(options, cls)
        return method
    preset = load_preset(name)
    if not isinstance(preset, (DecisionRule, ElectionRule)):
        msg = f"preset {name!r} is a {type(preset).kind}, not a decision or election rule"
        raise GovkitError(msg)
    return preset


def _load_roll(name: str) -> Roll:
    path = Path(name)
    if path.suffix == ".csv":
        return read_roll_csv(path.read_text(encoding="utf-8"), name=name)
    roll: Roll = load(path, Roll)
    return roll


def print_decision(decision: Decision, out: TextIO, *, indent: str = "") -> None:
    """Print a decision as the minutes would record it: status, then every check."""
    print("\n".join(decision_lines(decision, indent)), file=out)


def _is_motion_csv(path: Path) -> bool:
    """Return whether a CSV file holds motion ballots (a ``choice`` column), not rankings."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            header = handle.readline()
    except OSError:
        return True  # let the motion reader report the unreadable file
    return "choice" in [cell.strip().lower() for cell in header.split(",")]


def cmd_tally(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """Apply a rule or method (preset, YAML or method kind) to a ballot file."""
    if Path(args.ballots).suffix.lower() == ".csv" and _is_motion_csv(Path(args.ballots)):
        rule = _load_rule(args.rule, args.seats)
        if not isinstance(rule, DecisionRule):
            msg = "a CSV of ballots holds motion ballots: use a decision rule, or a ranked file"
            raise GovkitError(msg)
        return _tally_motion(rule, args, out)
    ballots = read_ballot_file(args.ballots)
    rule = _load_rule(args.rule, args.seats if args.seats is not None else ballots.seats)
    if isinstance(rule, DecisionRule):
        msg = f"a decision rule decides motions from a CSV of ballots, not {args.ballots}"
        raise GovkitError(msg)
    method = rule.method if isinstance(rule, ElectionRule) else rule
    profile = _profile_for(method, ballots.profile)
    if isinstance(rule, ElectionRule):
        outcome = rule.elect(profile, registered=args.registered)
        if args.json:
            out.write(json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2) + "\n")
            return 0
        print(f"rule: {rule.id or rule.title or args.rule}", file=out)
        print(f"result: {outcome.summary()}", file=out)
        for reason in outcome.reasons:
            print(f"  {reason}", file=out)
        return 0
    result = method.elect(profile)
    if args.json:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return 0
    print(f"result: {result.summary()}", file=out)
    for count in result.rounds:
        counts = ", ".join(
            f"{name} {format_amount(Fraction(v))}" for name, v in count.counts.items()
        )
        moves = [f"elected {', '.join(count.elected)}"] if count.elected else []
        moves += [f"excluded {', '.join(count.eliminated)}"] if count.eliminated else []
        print(f"  round {count.number}: {counts}; {'; '.join(moves) or 'no change'}", file=out)
    if result.note:
        print(f"  {result.note}", file=out)
    return 0


def _profile_for(method: Method, profile: RankedProfile) -> Profile:
    """Read ranked ballots as approvals for methods that count marks (each ranked = approved)."""
    if isinstance(method, (ApprovalVoting, BlockVoting, LimitedVoting)):
        marks = (
            (frozenset(n for rank in ranking for n in rank), w)
            for ranking, w in profile.ballots.items()
        )
        return ApprovalProfile.from_counts(list(marks), candidates=profile.candidates)
    return profile


def _tally_motion(rule: DecisionRule, args: argparse.Namespace, out: TextIO) -> int:
    roll = _load_roll(args.roll) if args.roll else None
    path = Path(args.ballots)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem(message=f"cannot read ballots: {exc}", source=args.ballots)
        raise ConfigError([problem], args.ballots) from None
    ballots = read_motion_csv(text, name=args.ballots)
    present = dict(_figures(args.present)) if args.present else None
    eligible = dict(_figures(args.eligible)) if args.eligible else None
    tally = MotionTally.count(ballots, roll=roll, present=present, eligible=eligible)
    decision = rule.decide(tally)
    if args.json:
        out.write(json.dumps(decision.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print(f"rule: {rule.id or rule.title or args.rule}", file=out)
        print_decision(decision, out)
    return 0


def _figures(pairs: Sequence[str]) -> list[tuple[str, Quantity]]:
    figures = []
    for pair in pairs:
        name, _, amount = pair.partition("=")
        try:
            figures.append((name, to_quantity(amount)))
        except (TypeError, ValueError):
            msg = f"--present and --eligible take MEASURE=AMOUNT, e.g. headcount=12; got {pair!r}"
            raise GovkitError(msg) from None
    return figures


def cmd_run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run the scenarios of a YAML file (or decide its votes) and print the report."""
    bundle = load_all(Path(args.file))
    scenarios = bundle.of(Scenario)
    if getattr(args, "id", None) is not None:
        scenarios = tuple(scenario for scenario in scenarios if scenario.id == args.id)
        if not scenarios:
            known = ", ".join(str(s.id) for s in bundle.of(Scenario)) or "none"
            msg = f"no scenario {args.id!r} in {args.file}; scenarios: {known}"
            raise GovkitError(msg)
    if not scenarios:
        votes = bundle.of(MotionVote)
        if not votes:
            kinds = ", ".join(sorted({type(doc).kind for doc in bundle}))
            msg = (
                f"nothing to run in {args.file}: it holds no scenario or motion_vote (only {kinds})"
            )
            raise GovkitError(msg)
        scenarios = (Scenario(title=str(args.file), votes=votes),)
    results = [run_scenario(scenario) for scenario in scenarios]
    if args.json:
        data = [result.to_dict() for result in results]
        text = json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)
        out.write(text + "\n")
    else:
        out.write("\n".join(report(result) for result in results))
    if getattr(args, "out", None) is not None:
        written = write_outputs(results, Path(args.out))
        print(f"wrote {len(written)} files to {args.out}", file=err)
    return 0


def cmd_demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run the bundled scenario (govkit/examples/demo.yaml) and print its report."""
    from importlib import resources  # noqa: PLC0415 - only the demo needs package data

    path = Path(str(resources.files("govkit.examples") / "demo.yaml"))
    print(f"govkit demo: the bundled scenario {path.name}", file=out)
    print(f"(the same as: govkit run {path}; copy it, edit it, run it)\n", file=out)
    namespace = argparse.Namespace(file=str(path), json=args.json, id=None, out=args.out)
    return cmd_run(namespace, out, err)


def cmd_graph(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """Draw a procedure, case lifecycle, routing or escalation policy as Mermaid or DOT."""
    from govkit import cases, consultation  # noqa: PLC0415 - only graph draws

    drawable = (consultation.Procedure, *cases.DRAWABLE)
    path = Path(args.file)
    if path.exists() or path.suffix in (".yaml", ".yml"):
        found = tuple(doc for doc in load_all(path) if isinstance(doc, drawable))
    else:
        found = (load_preset(args.file),)
    if args.id is not None:
        found = tuple(doc for doc in found if getattr(doc, "id", None) == args.id)
    what = "procedure, case lifecycle, routing or escalation policy"
    if len(found) == 1 and not isinstance(found[0], drawable):
        kind = DOCUMENTS.kind_of(type(found[0]))
        msg = f"{args.file} is a {kind}; govkit graph draws a {what}"
        raise GovkitError(msg)
    if len(found) != 1:
        ids = ", ".join(str(doc.id) for doc in found)
        msg = f"expected one {what} in {args.file}, found {len(found)}" + (
            f" (use --id: {ids})" if len(found) > 1 else ""
        )
        raise GovkitError(msg)
    document = found[0]
    if isinstance(document, consultation.Procedure):
        draw = consultation.to_dot if args.format == "dot" else consultation.to_mermaid
        out.write(draw(document))
    else:
        out.write((cases.to_dot if args.format == "dot" else cases.to_mermaid)(document))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``govkit`` command, with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="govkit",
        description="Governance-process primitives: validate, apply and simulate rules in YAML.",
    )
    parser.add_argument("--version", action="version", version=f"govkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser("validate", help="check YAML files and print every problem")
    validate.add_argument("files", nargs="+", metavar="FILE", help="YAML files to check")
    validate.set_defaults(handler=cmd_validate)

    schema = sub.add_parser("schema", help="write the JSON Schema of every document kind")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    schema.set_defaults(handler=cmd_schema)

    preset = sub.add_parser("presets", help="list packaged presets, or show one")
    preset.add_argument("action", choices=["list", "show"], nargs="?", default="list")
    preset.add_argument("name", nargs="?", help="the preset to show")
    preset.add_argument("--kind", help="only presets of this kind (e.g. decision_rule)")
    preset.set_defaults(handler=cmd_presets)

    tally = sub.add_parser("tally", help="apply a rule or voting method to a ballot file")
    tally.add_argument(
        "rule",
        metavar="RULE",
        help="a preset id, a YAML file (decision_rule or election_rule), or a method kind (stv)",
    )
    tally.add_argument(
        "ballots",
        metavar="BALLOTS",
        help="motion ballots as CSV (choice[,voter][,weight][,measures]), or ranked ballots "
        "as CSV (rank_1,rank_2,...[,voter][,weight]), PrefLib (.soc .soi .toc .toi), "
        "BLT (.blt) or ABIF (.abif)",
    )
    tally.add_argument("--seats", type=int, help="seats, for a method kind (BLT files say)")
    tally.add_argument("--registered", type=int, help="registered voters, for turnout validity")
    tally.add_argument(
        "--roll", metavar="ROLL", help="the roll: YAML (kind: roll) or CSV (id,measures)"
    )
    tally.add_argument("--present", metavar="MEASURE=AMOUNT", nargs="*", help="attendance figures")
    tally.add_argument(
        "--eligible", metavar="MEASURE=AMOUNT", nargs="*", help="eligible totals (without a roll)"
    )
    tally.add_argument("--json", action="store_true", help="print JSON for machines")
    tally.set_defaults(handler=cmd_tally)

    run = sub.add_parser(
        "run", help="run the scenarios of a YAML file (or decide its votes) and print a report"
    )
    run.add_argument("file", metavar="FILE", help="a YAML file with a scenario or motion votes")
    run.add_argument("--id", help="which scenario, when the file holds several")
    run.add_argument("--json", action="store_true", help="print JSON for machines")
    run.add_argument("--out", metavar="DIR", help="also write JSON, CSV (and PNG plots) to DIR")
    run.set_defaults(handler=cmd_run)

    demo = sub.add_parser("demo", help="run the bundled scenario and print its report")
    demo.add_argument("--json", action="store_true", help="print JSON for machines")
    demo.add_argument("--out", metavar="DIR", help="also write JSON, CSV (and PNG plots) to DIR")
    demo.set_defaults(handler=cmd_demo)

    graph = sub.add_parser(
        "graph",
        help="draw a procedure, case lifecycle, routing or escalation policy (Mermaid or DOT)",
    )
    graph.add_argument("file", metavar="FILE", help="a YAML file, or a preset id")
    graph.add_argument("--format", choices=["mermaid", "dot"], default="mermaid")
    graph.add_argument("--id", help="which document, when the file holds several")
    graph.set_defaults(handler=cmd_graph)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the ``govkit`` command; return its exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Command | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(out)
        return 2
    try:
        return handler(args, out, err)
    except ConfigError as error:
        _print_problems(error, err)
        return 1
    except GovkitError as error:
        print(f"govkit: error: {error}", file=err)
        return 1
    except BrokenPipeError:  # `govkit presets list | head`: the reader has gone, quietly
        if out is sys.stdout:  # what is left to flush at exit goes nowhere (Python docs' recipe)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
