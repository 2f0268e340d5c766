"""The ISO 2859-1 sampling engine: pure Python, no Django import (see docs/sampling.md).

The names below are the public API the Django app, the API and the CLI use.
"""

from sourceproof.sampling.aql import Aql, SamplingError
from sourceproof.sampling.oc import OcSummary, aoq, aoql, lq10, pa, producer_risk, summarize
from sourceproof.sampling.plans import Plan, Verdict, code_letter, judge, master_plan, plan
from sourceproof.sampling.policy import InspectionPlan, Policy, PolicyError, plans_for_classes
from sourceproof.sampling.switching import (
    Lot,
    LotOutcome,
    LotResult,
    SwitchingState,
    next_state,
    plan_for_state,
    resume,
    run_stream,
)

__all__ = [
    "Aql", "InspectionPlan", "Lot", "LotOutcome", "LotResult", "OcSummary", "Plan", "Policy",
    "PolicyError", "SamplingError", "SwitchingState", "Verdict", "aoq", "aoql", "code_letter",
    "judge", "lq10", "master_plan", "next_state", "pa", "plan", "plan_for_state",
    "plans_for_classes", "producer_risk", "resume", "run_stream", "summarize",
]  # fmt: skip
