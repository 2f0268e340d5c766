"""The payroll API at /api/v1/payroll: analyser runs and the legal-wage table.

Same selectors and services as the pages, same permissions: operator roles read, the admin,
CSR manager and quality manager start runs; anyone else gets a 404.

- `POST /runs` (multipart: `workers`, `time`, `pay` files; `audit` reference or `facility`
  code; optional `wage_date`, `legal_wage_id`, and `rules`: overrides as a JSON object or
  TOML) → 202 with the run's id; the analysis runs in the background.
- `GET /runs/{id}`: status, and when done `report`, exactly the command line's
  `{"findings": [...], "not_checked": [...]}`, plus `counts` by rule; when failed, the input
  `problems` (file, row, column, message).
- `GET /runs`: the runs, newest first (50 a page). `GET /legal-wages`: the table.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from sourceproof.accounts.permissions import Action, require
from sourceproof.audits.selectors import get_audit_for_user
from sourceproof.core.http import acting_user
from sourceproof.facilities.selectors import get_facility_for_user
from sourceproof.payroll import selectors, services
from sourceproof.payroll.forms import parse_overrides
from sourceproof.payroll.models import LegalWage, RunStatus, WageHoursRun

router = Router(tags=["payroll"])

PAGE_SIZE = 50


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class ProblemOut(Schema):
    file: str
    row: int | None
    column: str | None
    message: str


class RunCreatedOut(Schema):
    id: int
    status: str
    url: str


class RunOut(Schema):
    id: int
    status: str
    stage: str
    facility: str
    audit: str | None
    wage_date: dt.date
    legal_wage_id: int | None
    rules: dict[str, Any]
    files: dict[str, Any]
    created_at: dt.datetime
    created_by: str
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    counts: dict[str, int] | None = None
    report: dict[str, Any] | None = None
    not_checked_details: list[dict[str, Any]] | None = None
    problems: list[ProblemOut] = []
    problems_omitted: int = 0
    error: str = ""


class RunSummaryOut(Schema):
    id: int
    status: str
    facility: str
    audit: str | None
    wage_date: dt.date
    finding_count: int | None
    created_at: dt.datetime
    created_by: str


class RunPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[RunSummaryOut]


class LegalWageOut(Schema):
    id: int
    country: str
    region: str
    areas: list[str]
    sector: str
    effective_from: dt.date
    effective_until: dt.date | None
    minimum_hourly_wage: float
    currency: str
    overtime_premium: dict[str, float]
    weekly_regular_hours_max: float | None
    weekly_total_hours_max: float | None
    minimum_age: int | None
    source_text: str
    source_url: str
    source_year: int
    notes: str
    is_illustrative: bool


class LegalWageQuery(Schema):
    country: str = ""
    q: str = ""
    on: dt.date | None = None


def _error(error: ValidationError) -> ErrorOut:
    if hasattr(error, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        return ErrorOut(detail=" ".join(m for ms in errors.values() for m in ms), errors=errors)
    return ErrorOut(detail=" ".join(error.messages))


def _run_out(run: WageHoursRun) -> RunOut:
    done = run.status == RunStatus.DONE
    return RunOut(
        id=run.pk,
        status=run.status,
        stage=run.stage,
        facility=run.facility.code,
        audit=run.audit.reference if run.audit else None,
        wage_date=run.wage_date,
        legal_wage_id=run.legal_wage_id,
        rules=run.rules,
        files=run.files,
        created_at=run.created_at,
        created_by=run.created_by.email,
        started_at=run.started_at,
        finished_at=run.finished_at,
        counts=run.counts if done else None,
        report=run.report if done else None,
        not_checked_details=run.not_checked_details if done else None,
        problems=[ProblemOut(**p) for p in run.problems or []],
        problems_omitted=run.problems_omitted,
        error="The analysis stopped unexpectedly." if run.error else "",
    )


@router.post(
    "/runs",
    response={202: RunCreatedOut, 400: ErrorOut, 422: ErrorOut},
    summary="Upload workers, time and pay records and start an analysis",
    description=(
        "202: stored and queued; poll GET /runs/{id}. 400: a file is not CSV/XLSX or too "
        "large, the audit or facility is unknown, or no rules can be built (no legal wage for "
        "the facility on the wage date, or a bad override); `errors` names the field. 422: a "
        "file or the audit/facility is missing, or `rules` is not a JSON object or TOML."
    ),
)
def create_run(
    request: HttpRequest,
    workers: File[UploadedFile | None] = None,
    time: File[UploadedFile | None] = None,
    pay: File[UploadedFile | None] = None,
    audit: Form[str] = "",
    facility: Form[str] = "",
    wage_date: Form[dt.date | None] = None,
    legal_wage_id: Form[int | None] = None,
    rules: Form[str] = "",
) -> Status[Any]:
    user = acting_user(request)
    require(user, Action.RUN_WAGE_HOURS_ANALYSER)
    missing = {
        name: ["This file is required."]
        for name, upload in (("workers", workers), ("time", time), ("pay", pay))
        if upload is None
    }
    if not audit.strip() and not facility.strip():
        missing["facility"] = ["Give the audit reference or the facility code."]
    if missing:
        return Status(
            422,
            ErrorOut(detail=" ".join(m for ms in missing.values() for m in ms), errors=missing),
        )
    try:
        overrides = parse_overrides(rules)
    except ValueError as exc:
        return Status(422, ErrorOut(detail=str(exc), errors={"rules": [str(exc)]}))
    errors: dict[str, list[str]] = {}
    found_audit = found_facility = None
    if audit.strip():
        try:
            found_audit = get_audit_for_user(user=user, reference=audit.strip())
        except Http404:
            errors["audit"] = [f"No audit {audit.strip()}."]
    if facility.strip():
        try:
            found_facility = get_facility_for_user(user=user, code=facility.strip())
        except Http404:
            errors["facility"] = [f"No facility {facility.strip()}."]
    row = None
    if legal_wage_id is not None:
        row = LegalWage.objects.filter(pk=legal_wage_id).first()
        if row is None:
            errors["legal_wage_id"] = [f"No legal-wage row {legal_wage_id}."]
    if errors:
        return Status(
            400, ErrorOut(detail=" ".join(m for ms in errors.values() for m in ms), errors=errors)
        )
    try:
        run = services.run_create(
            by=user,
            workers=workers,
            time=time,
            pay=pay,
            facility=found_facility,
            audit=found_audit,
            wage_date=wage_date,
            legal_wage=row,
            overrides=overrides,
        )
    except ValidationError as exc:
        return Status(400, _error(exc))
    return Status(
        202, RunCreatedOut(id=run.pk, status=run.status, url=f"/api/v1/payroll/runs/{run.pk}")
    )


@router.get("/runs", response=RunPageOut, summary="Analyses, newest first")
def list_runs(request: HttpRequest, page: int = 1, status: str = "", facility: str = "") -> Any:
    user = acting_user(request)
    runs = selectors.run_list(
        user=user, filters=selectors.RunFilters(status=status, facility=facility)
    )
    paginator = Paginator(runs, PAGE_SIZE)
    pages = max(1, math.ceil(paginator.count / PAGE_SIZE))
    number = min(max(page, 1), pages)
    return RunPageOut(
        count=paginator.count,
        page=number,
        pages=pages,
        results=[
            RunSummaryOut(
                id=run.pk,
                status=run.status,
                facility=run.facility.code,
                audit=run.audit.reference if run.audit else None,
                wage_date=run.wage_date,
                finding_count=run.finding_count if run.status == RunStatus.DONE else None,
                created_at=run.created_at,
                created_by=run.created_by.email,
            )
            for run in paginator.page(number).object_list
        ],
    )


@router.get(
    "/runs/{run_id}",
    response=RunOut,
    summary="An analysis: status; when done the report and counts; when failed the problems",
)
def get_run(request: HttpRequest, run_id: int) -> RunOut:
    return _run_out(selectors.get_run_for_user(user=acting_user(request), pk=run_id))


def _legal_wage_out(row: LegalWage) -> LegalWageOut:
    def num(value: Any) -> float | None:
        return None if value is None else float(value)

    return LegalWageOut(
        id=row.pk,
        country=row.country,
        region=row.region,
        areas=row.listed_areas,
        sector=row.sector,
        effective_from=row.effective_from,
        effective_until=row.effective_until,
        minimum_hourly_wage=float(row.minimum_hourly_wage),
        currency=row.currency,
        overtime_premium={
            "working": float(row.overtime_premium_working),
            "rest": float(row.overtime_premium_rest),
            "holiday": float(row.overtime_premium_holiday),
        },
        weekly_regular_hours_max=num(row.weekly_regular_hours_max),
        weekly_total_hours_max=num(row.weekly_total_hours_max),
        minimum_age=row.minimum_age,
        source_text=row.source_text,
        source_url=row.source_url,
        source_year=row.source_year,
        notes=row.notes,
        is_illustrative=row.is_illustrative,
    )


@router.get(
    "/legal-wages",
    response=list[LegalWageOut],
    summary="The legal-wage table (filter by country, text, or the day in force)",
)
def list_legal_wages(request: HttpRequest, query: Query[LegalWageQuery]) -> list[LegalWageOut]:
    rows = selectors.legal_wage_list(
        user=acting_user(request),
        filters=selectors.LegalWageFilters(country=query.country, q=query.q, on=query.on),
    )
    return [_legal_wage_out(row) for row in rows]
