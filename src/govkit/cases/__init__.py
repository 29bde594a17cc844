"""
Escalation graphs and cases: routing, working-time limits, escalation and whistle, case flows.

A resident's case (诉求) is found in a grid, routed to whoever is responsible,
handled, verified and closed, and climbs the territory when it is not. The
pieces are YAML documents, checked together by a `CaseSystem`:

- `Routing` (``kind: routing``): ordered first-match rules from a case's category,
  subcategory, priority and place to its handlers, with a territorial fallback
  owner (属地兜底); disputes go to the lowest common superior (`common_superior`);
- `CaseLifecycle` (``kind: case_lifecycle``): the states and the events that move
  a case, and when its response and resolution clocks run and pause;
- `TimeLimits` (``kind: time_limits``): response and resolution limits per category
  and priority, in working hours, working days or calendar time;
- `EscalationPolicy` (``kind: escalation_policy``): remind, escalate, whistle
  (summon several departments with their own deadlines) and report, each on a
  condition and a delay, repeats bounded;
- `CaseSystem` (``kind: case_system``): all of them with the hierarchy, the
  working calendar, the tiers of the territory and the departments.

A case runs as a pure fold over events (`Case.apply`, `replay_case`), through the
same mechanism as consultation runs (`govkit.events`); a case keeps the system
and policy version it was opened under. Cases export as Open311 GeoReport v2
requests (`to_open311`); lifecycles, routing and policies draw as Mermaid and
Graphviz DOT (`to_mermaid`, `to_dot`).

`CaseFlow` (``kind: case_flow``) describes a workload (arrivals per unit and
category, staffing and shifts, handling times and resolution chances per tier)
and `simulate` runs it through the same routing, limits, escalation policy and
calendar, seeded, returning a `FlowResult` of records and indicators.
"""

from govkit.cases._case import EXTRA_EVENTS, Case, CaseFile, Cases, open_case, replay_case
from govkit.cases._clock import Clock
from govkit.cases._export import DRAWABLE, open311_requests, to_dot, to_mermaid, to_open311
from govkit.cases._flow import (
    Arrival,
    CaseFlow,
    Distribution,
    DistributionShape,
    Handling,
    MixEntry,
    Staffing,
)
from govkit.cases._kpi import CaseRecord, FlowResult, OnTime
from govkit.cases._lifecycle import CLOCKS, CaseLifecycle, ClockSpec, LifecycleState
from govkit.cases._limits import Limit, LimitRule, TimeLimits
from govkit.cases._parts import Department, Handler, Match, Report, Target, Tier
from govkit.cases._policy import (
    Action,
    Condition,
    EscalationPolicy,
    EscalationStep,
    Repeat,
    Summons,
)
from govkit.cases._routing import Route, Routing, RoutingRule, common_superior
from govkit.cases._sim import simulate
from govkit.cases._summons import DUTIES, Summoned
from govkit.cases._system import CaseSystem

__all__ = [
    "CLOCKS",
    "DRAWABLE",
    "DUTIES",
    "EXTRA_EVENTS",
    "Action",
    "Arrival",
    "Case",
    "CaseFile",
    "CaseFlow",
    "CaseLifecycle",
    "CaseRecord",
    "CaseSystem",
    "Cases",
    "Clock",
    "ClockSpec",
    "Condition",
    "Department",
    "Distribution",
    "DistributionShape",
    "EscalationPolicy",
    "EscalationStep",
    "FlowResult",
    "Handler",
    "Handling",
    "LifecycleState",
    "Limit",
    "LimitRule",
    "Match",
    "MixEntry",
    "OnTime",
    "Repeat",
    "Report",
    "Route",
    "Routing",
    "RoutingRule",
    "Staffing",
    "Summoned",
    "Summons",
    "Target",
    "Tier",
    "TimeLimits",
    "common_superior",
    "open311_requests",
    "open_case",
    "replay_case",
    "simulate",
    "to_dot",
    "to_mermaid",
    "to_open311",
]
