"""
Scenarios: one file describing a real situation, and one call that runs it.

A `Scenario` (``kind: scenario``) composes documents of its file and presets:
motion votes to decide, items run through procedures by scripts of events
(`ScriptedRun`), and resident cases run through case systems (`ScriptedCase`).
`run_scenario` runs it purely and returns a `ScenarioResult` (JSON data with
``to_dict``); `report` renders it as minutes. ``govkit run SCENARIO.yaml`` does
both, and ``govkit demo`` runs the bundled one.
"""

from govkit.scenarios._files import write_outputs
from govkit.scenarios._outcome import (
    CaseOutcome,
    RunOutcome,
    ScenarioResult,
    VoteOutcome,
    run_scenario,
)
from govkit.scenarios._report import decision_lines, report, roll_lines, vote_lines
from govkit.scenarios._scenario import Scenario, ScriptedCase, ScriptedEvent, ScriptedRun

__all__ = [
    "CaseOutcome",
    "RunOutcome",
    "Scenario",
    "ScenarioResult",
    "ScriptedCase",
    "ScriptedEvent",
    "ScriptedRun",
    "VoteOutcome",
    "decision_lines",
    "report",
    "roll_lines",
    "run_scenario",
    "vote_lines",
    "write_outputs",
]
