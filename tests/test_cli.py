"""The govkit command: exit codes, compiler-style problems, and each subcommand's output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from govkit import __version__
from govkit.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_validate_valid_files_exits_zero(tmp_path: Path) -> None:
    """Valid files: exit 0 and one ok line each."""
    code, out, err = run("validate", *map(str, sorted(EXAMPLES.glob("*.yaml"))))

    assert code == 0, err
    assert out.count(": ok (") == len(list(EXAMPLES.glob("*.yaml")))


def test_validate_prints_every_problem_compiler_style(tmp_path: Path) -> None:
    """Invalid file: exit 1, each problem as file:line:col: error: message [path], with hints."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "govkit: 1\nkind: decision_rule\nthreshold: {kind: share, count: for, of: cast, "
        "more_than: 0.5}\nqorum: 1\n",
        encoding="utf-8",
    )

    code, _out, err = run("validate", str(bad))

    assert code == 1
    lines = err.splitlines()
    assert lines[0] == (
        f"{bad}:3:59: error: shares are exact: write a fraction such as 2/3, "
        "not the float 0.5 [$.threshold.more_than]"
    )
    assert f"{bad}:4:1: error: unknown key 'qorum'" in err
    assert "hint: did you mean 'quorum'?" in err
    assert lines[-1] == "1 of 1 file(s) invalid"


def test_validate_reports_each_file(tmp_path: Path) -> None:
    """One good and one missing file: exit 1, the good one is still reported ok."""
    good = sorted(EXAMPLES.glob("*.yaml"))[0]

    code, out, err = run("validate", str(good), str(tmp_path / "missing.yaml"))

    assert code == 1
    assert f"{good}: ok" in out
    assert "missing.yaml: error: cannot read" in err


def test_schema_is_json_with_every_kind() -> None:
    """`govkit schema` prints one JSON Schema naming every document kind."""
    from govkit.config import DOCUMENTS

    code, out, _err = run("schema")

    schema = json.loads(out)
    assert code == 0
    assert {f"document_{kind}" for kind in DOCUMENTS} <= set(schema["$defs"])


def test_schema_writes_a_file(tmp_path: Path) -> None:
    """`govkit schema -o FILE` writes the same schema to FILE."""
    target = tmp_path / "govkit.schema.json"

    code, out, _err = run("schema", "-o", str(target))

    assert code == 0
    assert out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")


def test_version_and_help() -> None:
    """--version prints the version; no subcommand prints help and exits 2."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    code, out, _err = run()

    assert exit_info.value.code == 0
    assert code == 2
    assert "validate" in out
    assert "schema" in out


def test_console_script_runs() -> None:
    """`python -m govkit --version` works as an installed command would."""
    result = subprocess.run(
        [sys.executable, "-m", "govkit", "--version"], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == f"govkit {__version__}"


def test_presets_list_marks_unverified() -> None:
    """`govkit presets list` shows every preset, and says which are unverified."""
    code, out, _err = run("presets", "list")

    assert code == 0
    assert "civil_code_278_ordinary" in out
    assert "liquidfeedback_direct_majority" in out
    assert "UNVERIFIED" in out.split("liquidfeedback_direct_majority", 1)[1].splitlines()[0]


def test_presets_show_prints_the_yaml_with_its_source() -> None:
    """`govkit presets show NAME` prints that preset's YAML document."""
    code, out, _err = run("presets", "show", "roberts_two_thirds")

    assert code == 0
    assert "id: roberts_two_thirds" in out
    assert "at_least: 2/3" in out
    assert "roberts_majority\n" not in out


def test_presets_show_unknown_suggests() -> None:
    """An unknown preset name fails with a suggestion."""
    code, _out, err = run("presets", "show", "roberts_two_third")

    assert code == 1
    assert "did you mean 'roberts_two_thirds'?" in err


def test_tally_from_csv_with_roll(tmp_path: Path) -> None:
    """`govkit tally RULE BALLOTS --roll ROLL` decides and explains; --json is machine-readable."""
    ballots = tmp_path / "ballots.csv"
    ballots.write_text("voter,choice\na,for\nb,同意\nc,against\n", encoding="utf-8")
    roll = tmp_path / "roll.csv"
    roll.write_text("id\na\nb\nc\nd\n", encoding="utf-8")

    code, out, _err = run(
        "tally", "roberts_majority", str(ballots), "--roll", str(roll), "--present", "headcount=3"
    )
    json_code, json_out, _ = run(
        "tally",
        "roberts_majority",
        str(ballots),
        "--roll",
        str(roll),
        "--present",
        "headcount=3",
        "--json",
    )

    assert code == 0
    assert "result: ADOPTED" in out
    assert "✓ votes cast in favour: 2 of 3 cast" in out
    assert json_code == 0
    assert json.loads(json_out)["status"] == "adopted"


def test_tally_bad_csv_row_is_located(tmp_path: Path) -> None:
    """A bad choice in the ballots CSV is reported at its file and line."""
    ballots = tmp_path / "ballots.csv"
    ballots.write_text("choice\nfor\nmaybe\n", encoding="utf-8")

    code, _out, err = run("tally", "roberts_majority", str(ballots), "--eligible", "headcount=3")

    assert code == 1
    assert err.startswith(f"{ballots}:3: error: unknown choice 'maybe'")


def test_demo_shows_no_quorum_then_adopted() -> None:
    """`govkit demo` runs the bundled scenario: the first vote fails on area, the second passes."""
    code, out, _err = run("demo")

    first, second = out.split("second vote", 1)
    assert code == 0
    assert "result: NO QUORUM" in first
    assert "✗ area taking part: 989.29 m² of 1956.94 m² eligible" in first
    assert "result: ADOPTED" in second


def test_run_decides_every_vote_in_a_file() -> None:
    """`govkit run FILE` prints each vote's tally and result, the tie-break included."""
    code, out, _err = run("run", str(EXAMPLES / "council_tie.yaml"))

    assert code == 0
    assert "vote: Build a covered bicycle shed by building 3" in out
    assert "result: ADOPTED" in out
    assert "tied; settled by casting vote: for" in out


def test_run_json_lists_each_decision() -> None:
    """`govkit run FILE --json` gives the result: one entry per vote, with its decision."""
    code, out, _err = run("run", str(EXAMPLES / "council_tie.yaml"), "--json")

    (entry,) = json.loads(out)["votes"]
    assert code == 0
    assert entry["id"] == "bike_shed"
    assert entry["decision"]["tie_break"] == "casting_vote"


def test_run_without_votes_says_so(tmp_path: Path) -> None:
    """A file with nothing to decide is an error that names what the file holds."""
    roll = tmp_path / "roll.yaml"
    roll.write_text("govkit: 1\nkind: roll\nmembers: [ann]\n", encoding="utf-8")

    code, _out, err = run("run", str(roll))

    assert code == 1
    assert "holds no scenario or motion_vote (only roll)" in err


BLT = '3 1\n4 1 2 0\n3 2 1 0\n2 3 2 0\n0\n"ann"\n"bo"\n"cy"\n"Chair"\n'


def test_tally_a_method_on_a_ranked_file(tmp_path: Path) -> None:
    """`govkit tally instant_runoff FILE.blt` counts round by round."""
    ballots = tmp_path / "chair.blt"
    ballots.write_text(BLT, encoding="utf-8")

    code, out, _err = run("tally", "instant_runoff", str(ballots))

    assert code == 0
    assert out.splitlines()[0] == "result: elected: bo (instant runoff, 2 rounds)"
    assert "round 1: ann 4, bo 3, cy 2; excluded cy" in out


def test_tally_an_election_rule_reads_ranked_ballots_as_marks(tmp_path: Path) -> None:
    """An election rule around block voting counts each ranked candidate as marked."""
    ballots = tmp_path / "committee.soi"
    ballots.write_text(
        "# DATA TYPE: soi\n# ALTERNATIVE NAME 1: ann\n# ALTERNATIVE NAME 2: bo\n6: 1,2\n4: 2\n",
        encoding="utf-8",
    )

    code, out, _err = run(
        "tally", "villagers_committee_election", str(ballots), "--registered", "15", "--json"
    )

    outcome = json.loads(out)
    assert code == 0
    assert outcome["elected"] == ["bo", "ann"]
    assert outcome["outcome"] == "seats_unfilled"


def test_tally_refuses_a_motion_rule_on_ranked_ballots(tmp_path: Path) -> None:
    """A decision rule with a ranked file is a usage error with a clear message."""
    ballots = tmp_path / "chair.blt"
    ballots.write_text(BLT, encoding="utf-8")

    code, _out, err = run("tally", "roberts_majority", str(ballots))

    assert code == 1
    assert "a decision rule decides motions from a CSV of ballots" in err
