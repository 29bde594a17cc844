"""The README's example runs as printed, and the commands it names exist."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_python_example_runs_and_prints_what_it_says() -> None:
    """The 20-line example decides the vote as its comment says."""
    (code,) = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    output = io.StringIO()

    with contextlib.redirect_stdout(output):
        exec(compile(code, "README.md", "exec"), {})

    lines = output.getvalue().splitlines()
    assert lines[0] == "adopted"
    assert lines[1].startswith("area taking part: 305.02 m² of 305.02 m² eligible (100.0%)")


def test_readme_example_is_at_most_twenty_lines() -> None:
    """The promise in the heading holds."""
    (code,) = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)

    assert len(code.strip().splitlines()) <= 20


def test_readme_validate_output_is_real(tmp_path: Path) -> None:
    """The `govkit validate` output shown in the README is what govkit prints."""
    from govkit.cli import main

    (shown,) = re.findall(r"```text\n\$ govkit validate rule.yaml\n(.*?)```", README, re.DOTALL)
    rule = tmp_path / "rule.yaml"
    rule.write_text(
        "govkit: 1\nkind: decision_rule\n"
        "threshold: {kind: share, count: for, of: cast, more_than: 0.5}\nqorum: 1\n",
        encoding="utf-8",
    )
    err = io.StringIO()

    with contextlib.chdir(tmp_path):
        main(["validate", "rule.yaml"], io.StringIO(), err)

    assert err.getvalue().startswith(shown)
