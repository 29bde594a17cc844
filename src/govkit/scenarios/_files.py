"""Writing a scenario's results to a folder: JSON, CSV tables, and PNG plots when possible."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from govkit.cases import CaseRecord, FlowResult
from govkit.errors import MissingExtraError
from govkit.scenarios._outcome import ScenarioResult

__all__ = ["write_outputs"]


def _table(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _name(result: ScenarioResult, index: int) -> str:
    return result.scenario.id or f"scenario_{index + 1}"


def write_outputs(results: Sequence[ScenarioResult], folder: Path) -> list[Path]:
    """
    Write every result into *folder* (created if needed); return the files written.

    Per scenario: ``<id>.json`` (everything, as ``govkit run --json`` prints it),
    ``<id>_votes.csv``, ``<id>_runs.csv`` and ``<id>_cases.csv`` (one row each); per
    simulated flow, ``<id>_<flow>_cases.csv`` (one row per simulated case),
    ``<id>_<flow>_days.csv`` (arrived, resolved and open per day) and, when matplotlib is
    installed (the ``plot`` extra), ``<id>_<flow>_containment.png`` and ``_backlog.png``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for index, result in enumerate(results):
        name = _name(result, index)
        data = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
        path = folder / f"{name}.json"
        path.write_text(data, encoding="utf-8")
        written.append(path)
        written.append(
            _table(
                folder / f"{name}_votes.csv",
                ("id", "motion", "status", "summary"),
                (
                    (o.vote.id, o.vote.motion, o.decision.status.value, o.decision.summary())
                    for o in result.votes
                ),
            )
        )
        written.append(
            _table(
                folder / f"{name}_runs.csv",
                ("item", "procedure", "stage", "closed", "events", "refused"),
                (
                    (
                        o.script.item,
                        o.state.procedure.id,
                        o.state.stage,
                        o.state.is_closed,
                        len(o.log.entries),
                        sum(not step.accepted for step in o.steps),
                    )
                    for o in result.runs
                ),
            )
        )
        written.append(
            _table(
                folder / f"{name}_cases.csv",
                (
                    "id",
                    "category",
                    "unit",
                    "state",
                    "resolved",
                    "closed_tier",
                    "depth",
                    "whistled",
                    "breaches",
                ),
                (
                    (
                        o.case.file.report.id,
                        o.case.file.report.category,
                        o.case.file.report.unit,
                        o.case.state,
                        o.case.resolved,
                        o.case.closed_tier,
                        o.case.depth,
                        o.case.whistled,
                        len(o.case.breaches),
                    )
                    for o in result.cases
                ),
            )
        )
        for flow, simulated in zip(result.scenario.simulations, result.simulations, strict=True):
            written += _simulation_files(folder, f"{name}_{flow.id or 'flow'}", simulated)
    return written


def _simulation_files(folder: Path, stem: str, result: FlowResult) -> list[Path]:
    records = result.records()
    fields = records[0]._fields if records else CaseRecord._fields
    written = [
        _table(folder / f"{stem}_cases.csv", fields, records),
        _table(
            folder / f"{stem}_days.csv",
            ("day", "arrived", "resolved", "open"),
            (
                (day, arrived, resolved, open_)
                for (day, arrived, resolved), (_, open_) in zip(
                    result.throughput, result.backlog, strict=True
                )
            ),
        ),
    ]
    try:
        from govkit.sim import plot_backlog, plot_containment  # noqa: PLC0415 - plots are optional

        for kind, draw in (("containment", plot_containment), ("backlog", plot_backlog)):
            path = folder / f"{stem}_{kind}.png"
            draw(result).savefig(path)
            written.append(path)
    except MissingExtraError:
        pass  # PNG plots need the plot extra; the tables and JSON are written regardless
    return written
