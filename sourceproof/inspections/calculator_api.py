"""The AQL calculator's API at /api/v1/aql: the same numbers as the page and the CLI.

* ``GET /plan`` -- one plan, exactly the object of ``sourceproof aql plan --json``;
* ``GET /oc`` -- its operating characteristic, exactly ``sourceproof aql oc --json``;
* ``GET /classes`` -- the calculator page's numbers: the plan per class of nonconformity
  under the operator's policy, the common sample size and each class's OC figures.

``/plan`` and ``/oc`` are the standard as the CLI gives it (any level, no operator policy);
``/classes`` applies the calculator's policy (level I refused, zero acceptance for
critical). A bad parameter is a 422 with a one-line ``detail``. Same permission as the
page (``USE_AQL_CALCULATOR``): other roles get 404, anonymous callers 401.
"""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sourceproof.accounts.permissions import Action, require
from sourceproof.core.http import acting_user
from sourceproof.inspections.calculator import calculate
from sourceproof.inspections.calculator_forms import CalculatorForm
from sourceproof.sampling import Plan, SamplingError, plan, summarize
from sourceproof.sampling.plans import DEFAULT_EDITION

router = Router(tags=["sampling"])


# --------------------------------------------------------------------------- schemas


class ErrorOut(Schema):
    detail: str = Field(description="What is wrong with the request, in one line.")


class PlanOut(Schema):
    """The object of ``sourceproof aql plan --json`` (a contract: keep the keys)."""

    edition: str = Field(description="iso2859-1 or z1.4")
    lot_size: int
    level: str = Field(description="S-1, S-2, S-3, S-4, I, II or III")
    aql: str = Field(description="As printed in the standard, e.g. 0.65 or 1.0")
    inspection: str = Field(description="normal, tightened or reduced")
    code_letter: str = Field(description="Sample size code letter from Table I")
    plan_code_letter: str = Field(description="The letter of the plan used, arrows followed")
    sample_size: int = Field(description="n; the lot size when full_inspection")
    accept: int = Field(description="Ac")
    reject: int = Field(description="Re")
    full_inspection: bool = Field(description="The sample would be the whole lot: 100 %")


class OcPointOut(Schema):
    p: float = Field(description="Quality: percent nonconforming (per 100 items above AQL 10)")
    pa: float = Field(description="Probability of acceptance")


class OcOut(Schema):
    """The object of ``sourceproof aql oc --json``."""

    plan: PlanOut
    model: str = Field(description="binomial (AQL up to 10) or poisson (above)")
    points: list[OcPointOut]
    producer_risk: float = Field(description="1 - Pa at the AQL")
    lq10: float = Field(description="The quality accepted 10 % of the time")
    aoql: float = Field(description="Average outgoing quality limit")


class ClassOut(Schema):
    name: str = Field(description="critical, major or minor")
    aql: str | None = Field(description="None: zero acceptance without an AQL")
    standard_plan: PlanOut | None = Field(description="The standard's plan for the class's AQL")
    sample_size: int = Field(description="Items of the common sample this class is judged on")
    accept: int
    reject: int
    zero_acceptance: bool = Field(description="The operator's Ac = 0 rule (critical)")
    producer_risk: float | None
    lq10: float | None
    aoql: float | None


class ClassesOut(Schema):
    lot_size: int
    level: str
    inspection: str
    edition: str
    sample_size: int = Field(description="The common sample inspectors draw: the largest n")
    full_inspection: bool = Field(description="The common sample is the whole lot")
    classes: list[ClassOut]


# --------------------------------------------------------------------------- parsing


class BadRequest(Exception):
    pass


def _lot_size(text: str | None) -> int:
    if text is None or not text.strip():
        raise BadRequest("lot_size is required")
    try:
        return int(text.strip())
    except ValueError:
        raise BadRequest(f"lot_size must be a whole number of items, got {text!r}") from None


def _plan(lot_size: str | None, aql: str | None, level: str, inspection: str, edition: str) -> Plan:
    if aql is None or not aql.strip():
        raise BadRequest("aql is required")
    try:
        return plan(_lot_size(lot_size), aql, level, inspection, edition)
    except SamplingError as exc:
        raise BadRequest(str(exc)) from None


def _qualities(text: str | None) -> tuple[float, ...] | None:
    if text is None or not text.strip():
        return None
    values = []
    for part in text.split(","):
        try:
            value = float(part.strip())
        except ValueError:
            raise BadRequest(
                f"at takes numbers separated by commas, got {part.strip()!r}"
            ) from None
        if not (value >= 0 and math.isfinite(value)):
            raise BadRequest(f"at qualities must be numbers >= 0, got {part.strip()!r}")
        values.append(value)
    return tuple(values)


# --------------------------------------------------------------------------- endpoints


@router.get(
    "/plan",
    response={200: PlanOut, 422: ErrorOut},
    url_name="aql_plan",
    summary="A sampling plan (as `sourceproof aql plan --json`)",
)
def aql_plan(
    request: HttpRequest,
    lot_size: str | None = None,
    aql: str | None = None,
    level: str = "II",
    inspection: str = "normal",
    edition: str = DEFAULT_EDITION,
) -> Status[Any]:
    require(acting_user(request), Action.USE_AQL_CALCULATOR)
    try:
        return Status(200, _plan(lot_size, aql, level, inspection, edition).as_dict())
    except BadRequest as exc:
        return Status(422, {"detail": str(exc)})


@router.get(
    "/oc",
    response={200: OcOut, 422: ErrorOut},
    url_name="aql_oc",
    summary="The operating characteristic of a plan (as `sourceproof aql oc --json`)",
)
def aql_oc(
    request: HttpRequest,
    lot_size: str | None = None,
    aql: str | None = None,
    level: str = "II",
    inspection: str = "normal",
    edition: str = DEFAULT_EDITION,
    at: str | None = None,
) -> Status[Any]:
    require(acting_user(request), Action.USE_AQL_CALCULATOR)
    try:
        found = _plan(lot_size, aql, level, inspection, edition)
        return Status(200, summarize(found, _qualities(at)).as_dict())
    except BadRequest as exc:
        return Status(422, {"detail": str(exc)})
    except SamplingError as exc:  # e.g. a percentage above 100
        return Status(422, {"detail": str(exc)})


@router.get(
    "/classes",
    response={200: ClassesOut, 422: ErrorOut},
    url_name="aql_classes",
    summary="The calculator: plans per class and the common sample size",
    description=(
        "Parameters as on the calculator page: lot_size, critical, major, minor, level, "
        "inspection, edition. Left out: major 2.5, minor 4.0, level II, normal, iso2859-1; "
        "given empty: no such class (critical: zero acceptance)."
    ),
)
def aql_classes(request: HttpRequest) -> Status[Any]:
    require(acting_user(request), Action.USE_AQL_CALCULATOR)
    form = CalculatorForm(CalculatorForm.data_from(request.GET))
    if not form.is_valid():
        return Status(422, {"detail": form.first_error()})
    try:
        return Status(200, calculate(form.to_request()).as_dict())
    except SamplingError as exc:
        return Status(422, {"detail": str(exc)})
