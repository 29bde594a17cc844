"""The readable report of a scenario: minutes of every vote, run and case."""

from __future__ import annotations

from fractions import Fraction

from govkit.cases import CaseFlow, FlowResult
from govkit.scenarios._outcome import CaseOutcome, RunOutcome, ScenarioResult
from govkit.voting import Decision, MotionVote, Roll, format_amount

__all__ = ["decision_lines", "report", "roll_lines", "simulation_lines", "vote_lines"]


def decision_lines(decision: Decision, indent: str = "") -> list[str]:
    """Return a decision as the minutes record it: the status, then every check."""
    lines = [f"{indent}result: {decision.status.value.upper().replace('_', ' ')}"]
    lines += [
        f"{indent}  {'✓' if check.met else '✗'} {check.text()}" for check in decision.checks()
    ]
    if decision.note:
        lines.append(f"{indent}  {decision.note}")
    return lines


def vote_lines(vote: MotionVote, decision: Decision | None = None) -> list[str]:
    """Return one vote as the minutes record it: motion, rule and source, tally, result."""
    rule = vote.rule
    source = f"{rule.source}" if rule.source else "no source given"
    verified = "verified" if rule.verified else "UNVERIFIED"
    lines = [
        "",
        f"vote: {vote.motion}",
        f"  rule: {rule.id or rule.title or '(inline)'} ({source}; {verified})",
    ]
    tally = vote.tally()
    units = rule.units
    for measure in tally.measures:
        figures = tally[measure]
        counts = ", ".join(
            f"{name} {format_amount(figures.amount(name), units.get(measure, ''))}"
            for name in ("for", "against", "abstain", "blank", "invalid")
            if figures.amount(name) or name in ("for", "against")
        )
        lines.append(f"  {measure}: {counts}")
    return lines + decision_lines(decision or vote.decide(), indent="  ")


def roll_lines(roll: Roll) -> list[str]:
    """Return a roll's size and totals."""
    totals = "".join(
        f"; {measure} {format_amount(roll.total(measure))}"
        for measure in roll.measures()
        if measure != "headcount"
    )
    return ["", f"roll: {roll.title or roll.id}", f"  {len(roll.members)} members{totals}"]


def _run_lines(outcome: RunOutcome) -> list[str]:
    state = outcome.state
    procedure = state.procedure
    names = [procedure.stage_map[stage].name for stage in state.path]
    lines = [
        "",
        f"item: {outcome.script.item}",
        f"  procedure: {procedure.title or procedure.id}",
        f"  path: {' -> '.join(names)}",
    ]
    for stage, summary in outcome.decisions:
        lines.append(f"  {procedure.stage_map[stage].name}: {summary}")
    for scripted, step in zip(outcome.script.events, outcome.steps, strict=True):
        if not step.accepted:
            lines.append(f"  refused {scripted.kind} by {scripted.actor}: {step.why}")
    final = procedure.stage_map[state.stage] if state.stage else None
    ended = "ended" if state.is_closed else "now"
    lines.append(f"  {ended}: {final.name if final else 'not submitted'}")
    lines += [
        f"  notice: {n.kind.replace('_', ' ')} disclosed ({n.stage})" for n in outcome.notices
    ]
    if outcome.log.head:
        lines.append(
            f"  audit log: {len(outcome.log.entries)} events, head {outcome.log.head[:16]}"
        )
    return lines


def _case_lines(outcome: CaseOutcome) -> list[str]:
    case = outcome.case
    report_ = case.file.report
    lifecycle = case.system.lifecycle
    state = lifecycle.state(case.state).name if case.state else "not reported"
    lines = [
        "",
        f"case {report_.id}: {report_.category}"
        + (f"/{report_.subcategory}" if report_.subcategory else "")
        + f" in {report_.unit}"
        + (f" ({report_.description})" if report_.description else ""),
    ]
    for scripted, step in zip(outcome.script.events, outcome.steps, strict=True):
        lines += [f"    {effect}" for effect in step.effects]
        if step.accepted:
            lines.append(f"  {scripted.at.isoformat()} {scripted.kind}: {step.why}")
        else:
            lines.append(f"  {scripted.at.isoformat()} refused {scripted.kind}: {step.why}")
    ended = "ended" if case.is_closed else "now"
    holder = f", with {case.holder}" if case.holder is not None else ""
    lines.append(f"  {ended}: {state}{holder}")
    if case.resolved:
        lines.append(f"  resolved at tier {case.closed_tier}, escalated {case.depth} time(s)")
    for clock in case.clocks:
        met = {True: "met", False: "MISSED", None: "running"}[clock.met]
        lines.append(f"  {clock.name} limit {clock.limit}: {met} (deadline {clock.deadline})")
    return lines


def _percent(value: Fraction | None) -> str:
    return "n/a" if value is None else f"{float(value):.1%}"


def simulation_lines(flow: CaseFlow, result: FlowResult) -> list[str]:
    """Return a simulated case flow's indicators, as a report states them."""
    cumulative = result.contained_at_or_below
    tiers = ", ".join(
        f"{tier} {_percent(share)} (≤ {_percent(cumulative[tier])})"
        for tier, share in result.containment.items()
    )
    depths = ", ".join(f"{depth}: {count}" for depth, count in result.depths.items())
    return [
        "",
        f"simulation: {flow.title or flow.id} ({flow.days} days, seed {flow.seed})",
        f"  cases: {result.arrived} arrived, {result.resolved} resolved, "
        f"{result.ended_unresolved} ended unresolved, {result.open_at_horizon} open at the end",
        f"  closed at (share; at or below): {tiers}",
        f"  on time: response {_percent(result.response.rate)}, "
        f"resolution {_percent(result.resolution.rate)}",
        f"  escalations per case: {depths}; whistle rate {_percent(result.whistle_rate)}; "
        f"satisfied {_percent(result.satisfaction)}",
    ]


def report(result: ScenarioResult) -> str:
    """Return the readable report of *result*: votes, runs and cases, as minutes."""
    scenario = result.scenario
    lines = [f"scenario: {scenario.title or scenario.id or '(untitled)'}"]
    if scenario.notes:
        lines.append(scenario.notes.strip())
    rolls = {
        id(outcome.vote.roll): outcome.vote.roll for outcome in result.votes if outcome.vote.roll
    }
    for roll in rolls.values():
        lines += roll_lines(roll)
    for vote in result.votes:
        lines += vote_lines(vote.vote, vote.decision)
    for run in result.runs:
        lines += _run_lines(run)
    for case in result.cases:
        lines += _case_lines(case)
    for flow, simulated in zip(scenario.simulations, result.simulations, strict=True):
        lines += simulation_lines(flow, simulated)
    return "\n".join(lines) + "\n"
