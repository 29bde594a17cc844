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
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from govkit import __version__
from govkit.config import json_schema, load_all
from govkit.errors import ConfigError, GovkitError, Problem

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
