"""Running a scenario: every vote decided, every script folded, a report and JSON data."""

from __future__ import annotations

from typing import Any

from attrs import frozen

from govkit.cases import Case, FlowResult, open_case, simulate
from govkit.consultation import Notice, RunState, notices, start
from govkit.events import AuditLog, Step
from govkit.scenarios._scenario import Scenario, ScriptedCase, ScriptedRun
from govkit.voting import Decision, MotionVote

__all__ = ["CaseOutcome", "RunOutcome", "ScenarioResult", "VoteOutcome", "run_scenario"]


@frozen
class VoteOutcome:
    """A vote and its decision."""

    vote: MotionVote
    decision: Decision

    def to_dict(self) -> dict[str, Any]:
        """Return JSON data."""
        return {"id": self.vote.id, "motion": self.vote.motion, "decision": self.decision.to_dict()}


@frozen
class RunOutcome:
    """
    A scripted run: its final state, each step, the audit log and the notices.

    Attributes
    ----------
    script : ScriptedRun
        What was run.
    state : RunState
        Where the item ended.
    steps : tuple of Step
        What each event did (refused ones included, with their reasons).
    log : AuditLog
        The accepted events, hash-chained.
    decisions : tuple of (str, str)
        Each vote stage closed, with the summary of its decision.
    notices : tuple of Notice
        The public notices of the run.
    """

    script: ScriptedRun
    state: RunState
    steps: tuple[Step[RunState], ...]
    log: AuditLog
    decisions: tuple[tuple[str, str], ...]
    notices: tuple[Notice, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return JSON data."""
        return {
            "item": self.script.item,
            "procedure": self.state.procedure.id,
            "state": self.state.to_dict(),
            "decisions": [
                {"stage": stage, "decision": summary} for stage, summary in self.decisions
            ],
            "refused": [
                {"event": event.kind, "why": step.why}
                for event, step in zip(self.script.events, self.steps, strict=True)
                if not step.accepted
            ],
            "notices": [notice.text() for notice in self.notices],
            "log_head": self.log.head,
        }


@frozen
class CaseOutcome:
    """
    A scripted case: where it ended and what happened on the way.

    Attributes
    ----------
    script : ScriptedCase
        What was run.
    case : Case
        The final case.
    steps : tuple of Step
        What each event did, with its effects (warnings, breaches, escalations).
    """

    script: ScriptedCase
    case: Case
    steps: tuple[Step[Case], ...]

    def to_dict(self) -> dict[str, Any]:
        """Return JSON data."""
        return {
            **self.case.to_dict(),
            "effects": [effect for step in self.steps for effect in step.effects],
            "refused": [
                {"event": event.kind, "why": step.why}
                for event, step in zip(self.script.events, self.steps, strict=True)
                if not step.accepted
            ],
        }


@frozen
class ScenarioResult:
    """Everything a scenario produced."""

    scenario: Scenario
    votes: tuple[VoteOutcome, ...]
    runs: tuple[RunOutcome, ...]
    cases: tuple[CaseOutcome, ...]
    simulations: tuple[FlowResult, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return JSON data."""
        return {
            "scenario": self.scenario.id,
            "title": self.scenario.title,
            "votes": [vote.to_dict() for vote in self.votes],
            "runs": [run.to_dict() for run in self.runs],
            "cases": [case.to_dict() for case in self.cases],
            "simulations": [
                {"flow": flow.id, "title": flow.title, "seed": flow.seed, **result.summary()}
                for flow, result in zip(self.scenario.simulations, self.simulations, strict=True)
            ],
        }


def _run(script: ScriptedRun) -> RunOutcome:
    state = start(
        script.procedure,
        item=script.item,
        roll=script.roll,
        rolls=dict(script.rolls),
        roles={actor: set(roles) for actor, roles in script.roles.items()},
    )
    initial = state
    log = AuditLog(chained=True)
    steps: list[Step[RunState]] = []
    decisions: list[tuple[str, str]] = []
    for scripted in script.events:
        event = scripted.to_event()
        stage = state.stage
        step = state.apply(event)
        steps.append(step)
        if step.accepted:
            if event.kind == "vote_closed" and stage is not None:
                decisions.append((stage, step.why))  # the decision's summary
            state = step.state
            log = log.append(event)
    return RunOutcome(script, state, tuple(steps), log, tuple(decisions), notices(initial, log))


def _case(script: ScriptedCase) -> CaseOutcome:
    case = open_case(script.system, script.report)
    steps: list[Step[Case]] = []
    for scripted in script.events:
        step = case.apply(scripted.to_event())
        steps.append(step)
        case = step.state
    return CaseOutcome(script, case, tuple(steps))


def run_scenario(scenario: Scenario) -> ScenarioResult:
    """
    Run *scenario*: decide its votes, fold its scripts, simulate its flows; return it all.

    Pure: the same scenario (seeds included) gives the same result; nothing is read or
    written.
    """
    return ScenarioResult(
        scenario=scenario,
        votes=tuple(VoteOutcome(vote, vote.decide()) for vote in scenario.votes),
        runs=tuple(_run(script) for script in scenario.runs),
        cases=tuple(_case(script) for script in scenario.cases),
        simulations=tuple(simulate(flow) for flow in scenario.simulations),
    )
