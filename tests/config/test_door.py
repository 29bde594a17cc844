"""govkit.load / load_all / dump: sources, references by id, presets, limits and strictness."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

import govkit
from govkit.config import Limits, _yaml, structure
from govkit.errors import ConfigError, UnknownKindError
from govkit.voting import DecisionRule, MotionVote, Roll

ROLL = "govkit: 1\nkind: roll\nid: council\nmembers: [ann, bo, cy]\n"
VOTE = (
    "govkit: 1\nkind: motion_vote\nmotion: Adopt the minutes\nrule: roberts_majority\n"
    "roll: council\nballots: [{voter: ann, choice: for}, {voter: bo, choice: against},"
    " {voter: cy, choice: for}]\n"
    "present: {headcount: 3}\n"
)


def only_problem(
    error: pytest.ExceptionInfo[ConfigError],
) -> tuple[int | None, int | None, str, str]:
    (problem,) = error.value.problems
    return problem.line, problem.column, problem.yaml_path, problem.message


@pytest.mark.parametrize("form", ["text", "path", "str-path", "text-stream", "bytes-stream"])
def test_load_reads_paths_strings_and_streams(form: str, tmp_path: Path) -> None:
    """A path, a str path, YAML text and text or binary streams all load the same document."""
    path = tmp_path / "roll.yaml"
    path.write_text(ROLL, encoding="utf-8")
    source: govkit.config.Source = {
        "text": ROLL,
        "path": path,
        "str-path": str(path),
        "text-stream": io.StringIO(ROLL),
        "bytes-stream": io.BytesIO(ROLL.encode()),
    }[form]  # type: ignore[assignment]

    roll = govkit.load(source)

    assert isinstance(roll, Roll)
    assert [member.id for member in roll.members] == ["ann", "bo", "cy"]


def test_problems_name_the_file(tmp_path: Path) -> None:
    """A problem in a file carries the file's path as its source."""
    path = tmp_path / "bad.yaml"
    path.write_text("govkit: 1\nkind: roll\nmembers: [ann, ann]\n", encoding="utf-8")

    with pytest.raises(ConfigError) as error:
        govkit.load(path)

    assert error.value.problems[0].source == str(path)
    assert str(error.value).startswith(f"1 problem(s) in {path}:\n  - {path}:3:")


def test_references_resolve_within_the_file_and_to_presets() -> None:
    """`roll: council` names a document in the file; `rule: roberts_majority` a preset."""
    bundle = govkit.load_all(ROLL + "---\n" + VOTE)
    vote = bundle.of(MotionVote)[0]

    assert vote.roll is bundle["council"]
    assert vote.rule == govkit.config.load_preset("roberts_majority")
    assert vote.decide().status.value == "adopted"


def test_load_with_a_kind_picks_that_document() -> None:
    """load(source, MotionVote) returns the one vote among supporting documents."""
    vote = govkit.load(ROLL + "---\n" + VOTE, MotionVote)

    assert vote.motion == "Adopt the minutes"


def test_load_without_a_kind_refuses_several_documents() -> None:
    """Several documents and no kind: say so, and point to load_all."""
    with pytest.raises(ConfigError, match=r"expected one document, found 2 .*load_all"):
        govkit.load(ROLL + "---\n" + VOTE)


def test_dangling_reference_is_located_with_a_suggestion() -> None:
    """A reference to a missing id fails at the referencing line, suggesting the near id."""
    text = ROLL + "---\n" + VOTE.replace("roll: council", "roll: counsil")

    with pytest.raises(ConfigError) as error:
        govkit.load_all(text)

    assert only_problem(error) == (10, 7, "$.roll", "no document or preset has id 'counsil'")
    assert error.value.problems[0].hint == "did you mean 'council'?"


def test_reference_to_the_wrong_kind_is_located() -> None:
    """An id naming a document of another kind is an error at the reference."""
    text = ROLL + "---\n" + VOTE.replace("rule: roberts_majority", "rule: council")

    with pytest.raises(ConfigError) as error:
        govkit.load_all(text)

    assert only_problem(error) == (9, 7, "$.rule", "'council' is a roll, expected a decision_rule")


def test_ambiguous_reference_names_both_documents() -> None:
    """Two documents with one id: the duplicate and every reference to it are errors."""
    text = ROLL + "---\n" + ROLL + "---\n" + VOTE

    with pytest.raises(ConfigError) as error:
        govkit.load_all(text)

    messages = [(p.line, p.message) for p in error.value.problems]
    assert messages == [
        (8, "duplicate id 'council' (first at line 3)"),
        (15, "ambiguous reference 'council': documents at lines 3, 8 all have this id"),
    ]


def test_a_broken_target_is_reported_once_at_its_own_line() -> None:
    """A reference to a document with problems adds no second report at the reference."""
    text = ROLL.replace("[ann, bo, cy]", "[ann, ann]") + "---\n" + VOTE

    with pytest.raises(ConfigError) as error:
        govkit.load_all(text)

    assert [(p.line, p.yaml_path) for p in error.value.problems] == [(4, "$.members[1].id")]


def test_a_local_document_shadows_a_preset_of_the_same_id() -> None:
    """A document whose id is also a preset's is used: local documents win, by design."""
    local = (
        "govkit: 1\nkind: decision_rule\nid: roberts_majority\n"
        "threshold: {kind: share, count: for, of: cast, at_least: 2/3}\n"
    )
    vote = govkit.load(local + "---\n" + ROLL + "---\n" + VOTE, MotionVote)

    assert vote.rule.threshold == govkit.voting.Share(count="for", of="cast", at_least="2/3")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("3.7", "expected an integer, got a number (3.7)"),
        ("true", "expected an integer, got a boolean (true)"),
        ("'3'", "expected an integer, got a string ('3')"),
    ],
)
def test_no_silent_coercion(value: str, message: str) -> None:
    """3.7, true and '3' are not the integer 3."""
    text = VOTE.replace("present:", f"seed: {value}\npresent:")

    with pytest.raises(ConfigError) as error:
        govkit.load_all(ROLL + "---\n" + text)

    assert only_problem(error)[2:] == ("$.seed", message)


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("yes", "YAML reads yes as a boolean; quote it if you mean the text: 'yes'"),
        ("12:30", "YAML 1.1 reads 12:30 as a base-60 number; quote it: '12:30'"),
        ("1.10", "YAML reads 1.10 as a number; quote it to keep it as written: '1.10'"),
    ],
)
def test_yaml_11_surprises_are_explained(raw: str, hint: str) -> None:
    """Where a string is expected, YAML 1.1 booleans and numbers are refused with a quoting hint."""
    with pytest.raises(ConfigError) as error:
        govkit.load(VOTE.replace("Adopt the minutes", raw).replace("roll: council\n", ""))

    assert error.value.problems[0].hint == hint
    assert error.value.problems[0].yaml_path == "$.motion"


def test_quoted_values_keep_their_text() -> None:
    """Quoted, the same values load as the strings written."""
    vote = govkit.load(VOTE.replace("Adopt the minutes", "'12:30'").replace("roll: council\n", ""))

    assert vote.motion == "12:30"


def test_anchors_aliases_and_merge_keys_work() -> None:
    """Anchors, aliases and << merge keys are plain YAML and supported."""
    text = (
        "govkit: 1\nkind: decision_rule\n"
        "quorum: &base {kind: share, count: present, of: eligible, more_than: 1/2}\n"
        "threshold: {<<: *base, count: for, of: present}\n"
    )

    rule = govkit.load(text, DecisionRule)

    assert rule.quorum is not None
    assert rule.threshold == govkit.voting.Share(count="for", of="present", more_than="1/2")


def test_limits_are_configurable() -> None:
    """A depth that the default allows can be refused by a stricter Limits."""
    with pytest.raises(ConfigError, match="nesting deeper than 2 levels"):
        govkit.load(VOTE, limits=Limits(max_depth=2))


def test_the_pure_python_parser_behaves_like_the_c_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml, the same documents load and the same problems are reported."""
    bad = ROLL.replace("[ann, bo, cy]", "[ann, yes]")
    with pytest.raises(ConfigError) as with_c:
        govkit.load(bad)
    monkeypatch.setattr(_yaml, "_PARSER", yaml.SafeLoader)

    with pytest.raises(ConfigError) as pure:
        govkit.load(bad)

    assert govkit.load(ROLL) == govkit.load(ROLL)
    assert pure.value.problems == with_c.value.problems


def test_structure_without_yaml_reports_paths() -> None:
    """structure() builds from plain data; problems carry paths but no lines."""
    with pytest.raises(ConfigError) as error:
        structure({"members": [{"id": 3}]}, Roll)

    assert error.value.problems[0].yaml_path == "$.members[0].id"
    assert error.value.problems[0].line is None


def test_dump_refuses_what_is_not_a_document() -> None:
    """Dumping something that is not a govkit document says what the known kinds are."""
    with pytest.raises(UnknownKindError, match="unknown document kind 'int'"):
        govkit.dump(3)


def test_references_outside_load_name_presets_only() -> None:
    """Outside load, a reference can name a packaged preset and nothing else."""
    with pytest.raises(ConfigError, match=r"outside govkit\.load a reference names a packaged"):
        structure({"motion": "m", "rule": "my_own_rule"}, MotionVote)
