"""
The bad-input corpus: every file in tests/corpus fails with exactly the problems it states.

Each corpus file states what loading it must report in header comments, one
``# expect:`` line per problem in order, each optionally followed by a
``# hint:`` line; a file that cannot hold a comment (binary junk, an empty file)
has them in a sibling ``<name>.expect`` text file::

    # expect: 8:9 $.members[1].id | expected a string, got a boolean (true)
    # hint: YAML reads yes as a boolean; quote it if you mean the text: 'yes'
    # expect: 5:7 $.kind ~ unknown document kind 'rol' .*

``|`` introduces the exact message, ``~`` a regular expression the whole message
must match (for messages that list every registered kind). A ``# xfail: why``
line marks a file whose expected problems govkit does not report yet; the test
then must fail (strict), so the mark goes when the fix lands.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from attrs import frozen
from hypothesis import given, settings
from hypothesis import strategies as st

import govkit
from govkit.config import Limits, Source
from govkit.config import _yaml as yaml_reader
from govkit.errors import ConfigError, Problem

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILES = sorted(path for path in CORPUS.iterdir() if path.suffix == ".yaml")

_EXPECT = re.compile(
    r"(?P<line>\d+):(?P<column>\d+) (?P<path>\S+) (?P<op>[|~]) (?P<message>.+)", re.DOTALL
)


@frozen
class Expected:
    """One problem a corpus file states, as written in its header."""

    line: int
    column: int
    path: str
    message: str
    regex: bool
    hint: str | None

    def render(self) -> str:
        text = f"{self.line}:{self.column} {self.path} {'~' if self.regex else '|'} {self.message}"
        return text if self.hint is None else f"{text}\n  hint: {self.hint}"


def _header(path: Path) -> list[str]:
    sibling = path.with_suffix(".expect")
    text = (sibling if sibling.exists() else path).read_bytes().decode("utf-8", errors="replace")
    return [line for line in text.splitlines() if line.startswith("# ")]


def expectations(path: Path) -> list[Expected]:
    """Parse the ``# expect:`` and ``# hint:`` lines of *path* (or of its .expect file)."""
    found: list[Expected] = []
    for line in _header(path):
        if line.startswith("# expect: "):
            match = _EXPECT.fullmatch(line.removeprefix("# expect: "))
            if match is None:
                msg = f"{path.name}: cannot read {line!r}"
                raise ValueError(msg)
            found.append(
                Expected(
                    line=int(match["line"]),
                    column=int(match["column"]),
                    path=match["path"],
                    message=match["message"],
                    regex=match["op"] == "~",
                    hint=None,
                )
            )
        elif line.startswith("# hint: "):
            last = found.pop()
            found.append(
                Expected(
                    line=last.line,
                    column=last.column,
                    path=last.path,
                    message=last.message,
                    regex=last.regex,
                    hint=line.removeprefix("# hint: "),
                )
            )
    return found


def _xfail_reason(path: Path) -> str | None:
    for line in _header(path):
        if line.startswith("# xfail: "):
            return line.removeprefix("# xfail: ")
    return None


def _render(problem: Problem, expected: Expected | None) -> str:
    """Write *problem* the way its expectation is written, so a failure shows a clear diff."""
    where = f"{problem.line}:{problem.column} {problem.yaml_path}"
    if expected is not None and expected.regex and re.fullmatch(expected.message, problem.message):
        text = f"{where} ~ {expected.message}"
    else:
        text = f"{where} | {problem.message}"
    if expected is None or expected.hint is None:
        return text
    return f"{text}\n  hint: {problem.hint}"


def _corpus_params() -> list[object]:
    params: list[object] = []
    for path in FILES:
        reason = _xfail_reason(path)
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(path, id=path.name, marks=marks))
    return params


def _assert_reports_exactly_what_it_expects(path: Path) -> None:
    expected = expectations(path)
    with pytest.raises(ConfigError) as caught:
        govkit.load_all(path)
    problems = caught.value.problems
    rendered = [
        _render(problem, expected[index] if index < len(expected) else None)
        for index, problem in enumerate(problems)
    ]

    assert rendered == [want.render() for want in expected]
    assert {problem.source for problem in problems} == {str(path)}


@pytest.mark.parametrize("path", _corpus_params())
def test_corpus_file_reports_exactly_its_expected_problems(path: Path) -> None:
    """Each broken file fails with its stated problems: count, place, path, message, hint."""
    _assert_reports_exactly_what_it_expects(path)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="the Python parser is already in use")
@pytest.mark.parametrize("path", _corpus_params())
def test_python_parser_reports_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml, PyYAML's own parser yields the same problems, words included."""
    monkeypatch.setattr(yaml_reader, "_PARSER", yaml.SafeLoader)

    _assert_reports_exactly_what_it_expects(path)


def test_corpus_cannot_silently_shrink() -> None:
    """The corpus keeps at least 40 broken files."""
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_corpus_file_states_what_it_expects(path: Path) -> None:
    """Every corpus file states at least one expected problem and what it shows."""
    header = _header(path)

    assert expectations(path)
    assert not header[0].startswith(("# expect:", "# hint:", "# xfail:"))


def test_every_expect_file_belongs_to_a_corpus_file() -> None:
    """A stray .expect file (its .yaml renamed or deleted) is caught."""
    orphans = [
        path.name for path in CORPUS.glob("*.expect") if not path.with_suffix(".yaml").exists()
    ]

    assert orphans == []


def _escaped(source: bytes | str) -> str | None:
    """Load *source*; describe any exception other than ConfigError that escapes."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else io.StringIO(source)
    try:
        govkit.load_all(stream)
    except ConfigError:
        return None
    except Exception as exc:  # anything else escaping is the bug this looks for
        return f"{type(exc).__module__}.{type(exc).__name__}: {exc}"
    return None


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_no_dependency_exception_escapes(path: Path) -> None:
    """Whole or cut short after any line, a corpus file fails with ConfigError only."""
    data = path.read_bytes()
    cuts = [index + 1 for index, byte in enumerate(data) if byte == ord("\n")]
    escaped = {cut: _escaped(data[:cut]) for cut in [*cuts, len(data)]}

    assert {cut: error for cut, error in escaped.items() if error is not None} == {}


@settings(max_examples=300, database=None, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("govkit:1 kindrol\n\t-[]{},&*!|>'\"#%@`?.~0y\x00é")),
        max_size=120,
    )
)
def test_yaml_like_noise_fails_with_config_error_only(text: str) -> None:
    """Random YAML-ish text never lets a PyYAML, cattrs or Python exception escape."""
    assert _escaped("govkit: 1\nkind: roll\n" + text) is None
    assert _escaped(text.encode("utf-8")) is None


def test_billion_laughs_is_refused_with_default_limits() -> None:
    """The corpus' billion-laughs file stops at the default alias limit."""
    with pytest.raises(ConfigError) as caught:
        govkit.load_all(CORPUS / "billion_laughs.yaml")

    assert [problem.message for problem in caught.value.problems] == [
        "aliases expand to more than 100000 nodes (an alias bomb?)"
    ]


def test_a_far_bigger_alias_bomb_is_refused_as_well() -> None:
    """Ten to the hundredth nodes are refused the same way: the count stops, not memory."""
    lines = [
        "govkit: 1",
        "kind: roll",
        "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]" for n in range(1, 100)]
    lines.append("members: *l99")

    with pytest.raises(ConfigError) as caught:
        govkit.load_all("\n".join(lines) + "\n")

    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].hint == "raise Limits.max_alias_nodes if you trust this file"


def test_ordinary_aliases_stay_within_the_default_limits() -> None:
    """Anchors and aliases used as intended still load."""
    text = (
        "govkit: 1\nkind: roll\nmembers:\n"
        "  - {id: '101', measures: &flat {area: 96.5, households: 1}}\n"
        "  - {id: '102', measures: *flat}\n"
    )

    roll = govkit.load(text)

    assert roll.members[1].measures == roll.members[0].measures


@pytest.mark.parametrize("kind", ["path", "str path", "binary stream", "text"])
def test_oversize_input_is_refused_before_parsing(tmp_path: Path, kind: str) -> None:
    """Limits.max_bytes refuses a large input before any parsing (its junk goes unseen)."""
    text = "govkit: 1\nkind: roll\nmembers: " + "[" * 10_000
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    sources: dict[str, Source] = {
        "path": path,
        "str path": str(path),
        "binary stream": io.BytesIO(text.encode()),
        "text": text,
    }
    source = sources[kind]

    with pytest.raises(ConfigError) as caught:
        govkit.load_all(source, limits=Limits(max_bytes=4096))

    [problem] = caught.value.problems
    assert problem.message == "input is larger than the limit of 4096 bytes"
    assert problem.hint == "split the file, or raise Limits.max_bytes if you trust it"
    assert (problem.line, problem.column, problem.yaml_path) == (None, None, "$")


def test_text_is_measured_in_utf8_bytes() -> None:
    """Non-ASCII text counts its UTF-8 bytes against max_bytes, as a file would."""
    text = "govkit: 1\nkind: roll\ntitle: " + "é" * 30 + "\nmembers: []\n"

    with pytest.raises(ConfigError, match="larger than the limit of 64 bytes"):
        govkit.load_all(text, limits=Limits(max_bytes=64))


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_depth_100000_flow_sequence_is_refused_without_crashing(
    parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 100,000-deep [[[...]]] stops at max_depth (libyaml's own composer would segfault)."""
    if parser == "python":
        monkeypatch.setattr(yaml_reader, "_PARSER", yaml.SafeLoader)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    text = "govkit: 1\nkind: roll\nmembers: " + "[" * 100_000 + "]" * 100_000 + "\n"

    with pytest.raises(ConfigError) as caught:
        govkit.load_all(text)

    [problem] = caught.value.problems
    assert problem.message == "nesting deeper than 200 levels"
    assert (problem.line, problem.column) == (3, 209)
    assert problem.path == ("members", *[0] * 199)


def test_max_depth_is_configurable() -> None:
    """A smaller Limits.max_depth refuses shallower input, at the first level too deep."""
    with pytest.raises(ConfigError) as caught:
        govkit.load_all("govkit: 1\nkind: roll\nmembers: [[[]]]\n", limits=Limits(max_depth=3))

    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.yaml_path) == (3, 12, "$.members[0][0]")
    assert problem.message == "nesting deeper than 3 levels"
