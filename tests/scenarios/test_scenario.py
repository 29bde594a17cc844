"""Scenarios: the bundled demo runs end to end; bad scenarios fail at their lines; outputs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import govkit
from govkit.cli import main
from govkit.errors import ConfigError
from govkit.scenarios import Scenario, report, run_scenario
from govkit.voting import Status

DEMO = Path(govkit.__file__).parent / "examples" / "demo.yaml"


def demo() -> Scenario:
    """Return the bundled demo scenario."""
    scenario = govkit.load_all(DEMO)["demo"]
    assert isinstance(scenario, Scenario)
    return scenario


def test_demo_runs_every_part() -> None:
    """Art. 278 fails on area then passes; 四议两公开 completes; the case climbs and closes."""
    result = run_scenario(demo())
    first, second = result.votes
    assert first.decision.status is Status.NO_QUORUM
    assert second.decision.status is Status.ADOPTED
    (village,) = result.runs
    assert village.state.stage == "completed"
    assert [stage for stage, _ in village.decisions] == [
        "two_committees",
        "party_members",
        "villagers",
    ]
    assert [notice.kind for notice in village.notices] == ["resolution", "implementation_results"]
    assert village.log.verify().ok
    assert all(step.accepted for step in village.steps)
    (case,) = result.cases
    assert case.case.resolved
    assert case.case.closed_tier == "street"
    assert case.case.whistled
    assert all(step.accepted for step in case.steps)
    (month,) = result.simulations
    assert month.arrived == month.resolved + month.ended_unresolved + month.open_at_horizon
    assert sum(month.containment.values()) == 1
    assert run_scenario(demo()).simulations[0].summary() == month.summary()  # seeded


def test_report_reads_as_minutes() -> None:
    """The report names each part in order, with reasons."""
    text = report(run_scenario(demo()))
    assert (
        text.index("vote: 续聘物业服务企业") < text.index("item: 东庄村") < text.index("case 12345")
    )
    assert "short by ≈ 315.34 m²" in text
    assert "notice: resolution disclosed" in text
    assert "whistle, summoned urban_management, housing" in text
    assert "housing: sign done (late)" in text
    assert text.rstrip().splitlines()[-5].startswith("simulation: 建外街道, April 2026")
    assert "closed at (share; at or below): grid" in text


def test_json_is_plain_data() -> None:
    """to_dict holds JSON values only, and a refused event is listed with its reason."""
    scenario = demo()
    data = json.loads(json.dumps(run_scenario(scenario).to_dict()))
    assert data["scenario"] == "demo"
    assert data["votes"][0]["decision"]["status"] == "no_quorum"
    assert data["runs"][0]["state"]["stage"] == "completed"
    assert data["cases"][0]["closed_tier"] == "street"
    assert data["runs"][0]["refused"] == []


def run(*argv: str) -> tuple[int, str, str]:
    """Run the govkit command; return its exit code, output and error output."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_cli_demo_and_out_folder(tmp_path: Path) -> None:
    """`govkit demo --out DIR` prints the report and writes JSON and CSV tables."""
    code, out, err = run("demo", "--out", str(tmp_path))
    assert code == 0
    assert out.startswith("govkit demo: the bundled scenario demo.yaml")
    assert "result: NO QUORUM" in out
    assert "wrote" in err
    data = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    assert data["runs"][0]["item"].startswith("东庄村")
    with (tmp_path / "demo_cases.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["closed_tier"] == "street"
    assert row["whistled"] == "True"
    with (tmp_path / "demo_jianwai_april_days.csv").open(encoding="utf-8") as handle:
        days = list(csv.DictReader(handle))
    assert len(days) == 30
    assert data["simulations"][0]["arrived"] == sum(int(day["arrived"]) for day in days)
    assert (tmp_path / "demo_jianwai_april_containment.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "demo_jianwai_april_backlog.png").exists()


def test_cli_run_picks_a_scenario_by_id(tmp_path: Path) -> None:
    """--id chooses among scenarios; an unknown id names the ones there are."""
    code, out, _ = run("run", str(DEMO), "--id", "demo", "--json")
    assert code == 0
    assert json.loads(out)["scenario"] == "demo"
    code, _, err = run("run", str(DEMO), "--id", "nope")
    assert code == 1
    assert "no scenario 'nope'" in err
    assert "scenarios: demo" in err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("at: 2026-04-01T09:00:00+08:00", "at: 2026-04-01T09:00:00"),
            "a date and time needs its time zone",
        ),
        (
            ("payload: {satisfied: true}", "payload: {satisfied: 0.5}"),
            "event payloads hold JSON values",
        ),
        (("unit: yonganli_g2", "unit: yonganli_g9"), "unit 'yonganli_g9' is not in the case"),
        (
            ("procedure: four_deliberations_two_disclosures", "procedure: four_deliberations"),
            "no document or preset has id 'four_deliberations'",
        ),
    ],
    ids=["naive-time", "float-payload", "unknown-unit", "unknown-procedure"],
)
def test_bad_scenarios_fail_at_their_line(change: tuple[str, str], expected: str) -> None:
    """A secretary's mistakes in a scenario are located errors, not tracebacks."""
    text = DEMO.read_text(encoding="utf-8")
    assert change[0] in text
    broken = text.replace(change[0], change[1], 1)
    with pytest.raises(ConfigError) as caught:
        govkit.load_all(broken)
    (problem,) = caught.value.problems
    assert expected in problem.message
    assert problem.line == broken[: broken.index(change[1])].count("\n") + 1
