"""Writes of the payroll app: the legal-wage table, analyser runs, and drafting audit findings.

- `legal_wage_create / _update / _delete`: the table, each change in the change log.
- `run_create`: check the three files (CSV or XLSX by content, size), build the rules for the
  facility on the wage date (table + overrides), store the run and its files, and enqueue the
  analysis after commit. Any problem raises one ValidationError by field and leaves nothing
  behind (no row, no stored file).
- `run_execute`: the background task's body: read and check the files, run the analyser,
  keep the report, the counts and the weekly hours (or the input problems).
- `run_findings_draft`: turn chosen findings of a finished run into draft audit findings
  through `audits.services.finding_create` (see `payroll.drafting` for the mapping).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

import polars as pl
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import DecimalField
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.accounts.permissions import Action, require
from sourceproof.audits.models import (
    AppliedStandard,
    Audit,
    FindingSource,
    FindingType,
    Pillar,
    Severity,
)
from sourceproof.audits.models import Finding as AuditFinding
from sourceproof.audits.services import finding_create
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction
from sourceproof.payroll import drafting
from sourceproof.payroll.files import KINDS, RecordFile, check_upload
from sourceproof.payroll.models import (
    DraftedFinding,
    LegalWage,
    RunStage,
    RunStatus,
    RunWeek,
    WageHoursRun,
)
from sourceproof.payroll.selectors import (
    RulesUnavailable,
    rules_for_facility,
    rules_from_snapshot,
    run_findings,
)
from sourceproof.wagehours import RULES, Report, WageHoursInputError, check, load, weekly_hours
from sourceproof.wagehours.text import describe

if TYPE_CHECKING:
    from sourceproof.accounts.models import User
    from sourceproof.facilities.models import Facility

logger = logging.getLogger(__name__)

# At most this many findings become drafts in one go (each is a full audit finding).
MAX_DRAFTS = 200
# Workers listed in the "most weeks over a limit" chart.
TOP_WORKERS = 15
# Width of the weekly-hours histogram's bars, in hours.
HISTOGRAM_BIN_HOURS = 4
_WEEK_BATCH = 2000


# --------------------------------------------------------------------------- legal wages

LEGAL_WAGE_FIELDS = (
    "country",
    "region",
    "areas",
    "sector",
    "effective_from",
    "effective_until",
    "minimum_hourly_wage",
    "currency",
    "overtime_premium_working",
    "overtime_premium_rest",
    "overtime_premium_holiday",
    "weekly_regular_hours_max",
    "weekly_total_hours_max",
    "minimum_age",
    "source_text",
    "source_url",
    "source_year",
    "notes",
    "is_illustrative",
)


def _decimal(value: Any, places: int) -> Any:
    """A number at the column's scale (so 40 and 40.00 are one value in the change log)."""
    try:
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    except (InvalidOperation, ValueError):
        return value  # full_clean names the field


def _normalise_legal_wage(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    for model_field in LegalWage._meta.get_fields():
        name = model_field.name
        if isinstance(model_field, DecimalField) and out.get(name) not in (None, ""):
            out[name] = _decimal(out[name], model_field.decimal_places)
    for name in ("country", "currency"):
        if isinstance(out.get(name), str):
            out[name] = out[name].strip().upper()
    for name in ("region", "areas", "sector", "source_text", "source_url", "notes"):
        if isinstance(out.get(name), str):
            out[name] = out[name].strip()
        elif name in out and out[name] is None:
            out[name] = ""
    return out


def _check_fields(given: Iterable[str]) -> None:
    unknown = set(given) - set(LEGAL_WAGE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def _validate_legal_wage(row: LegalWage) -> None:
    """Field validation plus the table's rules, every problem by field at once."""
    errors: dict[str, list[str]] = {}
    try:
        row.full_clean(validate_constraints=False, validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if (
        isinstance(row.effective_from, dt.date)
        and isinstance(row.effective_until, dt.date)
        and row.effective_until < row.effective_from
    ):
        errors.setdefault("effective_until", []).append(
            _("The last day cannot be before the first day.")
        )
    if isinstance(row.effective_from, dt.date) and not errors.get("country"):
        clash = LegalWage.objects.filter(
            country=row.country,
            region=row.region,
            sector=row.sector,
            effective_from=row.effective_from,
        ).exclude(pk=row.pk)
        if clash.exists():
            errors.setdefault("effective_from", []).append(
                _("A rate for this place and sector already starts on this day.")
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def legal_wage_create(*, by: User, **fields: Any) -> LegalWage:
    require(by, Action.EDIT_LEGAL_WAGES)
    _check_fields(fields)
    row = LegalWage(**_normalise_legal_wage(fields))
    _validate_legal_wage(row)
    row.save()
    values = snapshot(row, LEGAL_WAGE_FIELDS)
    record_change(
        obj=row,
        actor=by,
        action=ChangeAction.CREATE,
        changes={k: [None, v] for k, v in values.items() if v not in (None, "")},
    )
    return row


@transaction.atomic
def legal_wage_update(*, legal_wage: LegalWage, by: User, **fields: Any) -> LegalWage:
    require(by, Action.EDIT_LEGAL_WAGES)
    _check_fields(fields)
    row = LegalWage.objects.select_for_update().get(pk=legal_wage.pk)
    before = snapshot(row, LEGAL_WAGE_FIELDS)
    for name, value in _normalise_legal_wage(fields).items():
        setattr(row, name, value)
    _validate_legal_wage(row)
    changes = diff(before, snapshot(row, LEGAL_WAGE_FIELDS))
    if changes:
        row.save()
        record_change(obj=row, actor=by, action=ChangeAction.UPDATE, changes=changes)
    return row


@transaction.atomic
def legal_wage_delete(*, legal_wage: LegalWage, by: User) -> None:
    """Delete a row. Runs that used it keep their rules (a snapshot); their link is cleared."""
    require(by, Action.EDIT_LEGAL_WAGES)
    row = LegalWage.objects.select_for_update().get(pk=legal_wage.pk)
    record_change(
        obj=row,
        actor=by,
        action=ChangeAction.DELETE,
        changes={k: [v, None] for k, v in snapshot(row, LEGAL_WAGE_FIELDS).items()},
        summary=_("Deleted %(row)s") % {"row": row},
    )
    row.delete()


# --------------------------------------------------------------------------- runs


def _read(upload: IO[bytes] | Any) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read()
    return bytes(data)


@transaction.atomic
def run_create(
    *,
    by: User,
    workers: Any,
    time: Any,
    pay: Any,
    facility: Facility | None = None,
    audit: Audit | None = None,
    wage_date: dt.date | None = None,
    legal_wage: LegalWage | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> WageHoursRun:
    """Store three record files and the rules, and enqueue the analysis (after commit).

    `workers`, `time`, `pay` are uploads (anything with `read()` and `name`). The facility is
    the audit's when an audit is given. The wage date defaults to the audit's last day (or
    first), else today. Raises one ValidationError by field (`workers`, `time`, `pay`,
    `facility`, `audit`, `rules`) and then stores nothing.
    """
    require(by, Action.RUN_WAGE_HOURS_ANALYSER)
    if audit is None and facility is None:
        raise ValidationError({"facility": [_("Give the audit or the facility.")]})
    if audit is not None and facility is not None and audit.facility_id != facility.pk:
        raise ValidationError(
            {
                "audit": [
                    _("Audit %(audit)s is of another facility than %(facility)s.")
                    % {"audit": audit.reference, "facility": facility.code}
                ]
            }
        )
    if audit is not None:
        facility = audit.facility
    assert facility is not None
    day = wage_date or (audit and (audit.end_date or audit.start_date)) or timezone.localdate()

    errors: dict[str, list[str]] = {}
    files: dict[str, RecordFile] = {}
    for kind, upload in zip(KINDS, (workers, time, pay), strict=True):
        if upload is None:
            errors[kind] = [_("This file is required.")]
            continue
        try:
            files[kind] = check_upload(kind, _read(upload), str(getattr(upload, "name", "")))
        except ValidationError as exc:
            errors[kind] = exc.messages
    try:
        built = rules_for_facility(
            facility=facility, on=day, legal_wage=legal_wage, overrides=overrides
        )
    except RulesUnavailable as exc:
        errors["rules"] = exc.messages
    if errors:
        raise ValidationError(errors)

    run = WageHoursRun(
        facility=facility,
        audit=audit,
        files={kind: f.meta() for kind, f in files.items()},
        wage_date=day,
        legal_wage=built.legal_wage,
        rules=built.mapping,
        overrides=built.overrides,
        status=RunStatus.QUEUED,
        stage=RunStage.WAITING,
        created_by=by,
    )
    stored: list[FieldFile] = []
    try:
        for kind, record in files.items():
            field_file: FieldFile = getattr(run, f"{kind}_file")
            field_file.save(record.stored_name, ContentFile(record.data), save=False)
            stored.append(field_file)
        run.save()
        record_change(
            obj=run,
            actor=by,
            action=ChangeAction.CREATE,
            changes={
                "facility": [None, facility.code],
                "audit": [None, audit.reference if audit else ""],
                "wage_date": [None, day],
                "legal_wage": [None, str(built.legal_wage) if built.legal_wage else ""],
                "files": [None, {k: f.label for k, f in files.items()}],
            },
        )
    except BaseException:
        for field_file in stored:
            if field_file.name:
                field_file.storage.delete(field_file.name)
        raise
    pk = run.pk

    def enqueue() -> None:
        from sourceproof.payroll.tasks import analyse_wage_hours

        analyse_wage_hours.enqueue(run_id=pk)

    transaction.on_commit(enqueue)
    return run


def _named(field_file: FieldFile, name: str) -> io.BytesIO:
    with field_file.open("rb") as handle:
        data = handle.read()
    source = io.BytesIO(data)
    source.name = name
    return source


def _set(run_id: int, **fields: Any) -> None:
    """Note progress at once (outside any transaction, so the polling page sees it)."""
    WageHoursRun.objects.filter(pk=run_id).update(updated_at=timezone.now(), **fields)


def _histogram(weeks: pl.DataFrame) -> list[list[float]]:
    if weeks.is_empty():
        return []
    counts = (
        weeks.select(
            ((pl.col("total_hours") / HISTOGRAM_BIN_HOURS).floor() * HISTOGRAM_BIN_HOURS).alias(
                "bin"
            )
        )
        .group_by("bin")
        .len()
        .sort("bin")
    )
    return [[float(b), int(n)] for b, n in counts.iter_rows()]


def _top_workers(weeks: pl.DataFrame, regular_max: float, total_max: float) -> list[dict[str, Any]]:
    if weeks.is_empty():
        return []
    per_worker = (
        weeks.group_by("worker_id")
        .agg(
            (pl.col("total_hours") > total_max).sum().alias("weeks_over_total"),
            (pl.col("regular_hours") > regular_max).sum().alias("weeks_over_regular"),
            pl.col("total_hours").max().alias("max_total"),
            pl.len().alias("weeks"),
        )
        .filter((pl.col("weeks_over_total") > 0) | (pl.col("weeks_over_regular") > 0))
        .sort(
            ["weeks_over_total", "weeks_over_regular", "max_total", "worker_id"],
            descending=[True, True, True, False],
        )
        .head(TOP_WORKERS)
    )
    return [
        {
            "worker_id": str(row["worker_id"]),
            "weeks_over_total": int(row["weeks_over_total"]),
            "weeks_over_regular": int(row["weeks_over_regular"]),
            "max_total": float(row["max_total"]),
            "weeks": int(row["weeks"]),
        }
        for row in per_worker.iter_rows(named=True)
    ]


def _summary(
    *,
    workers: pl.DataFrame,
    time: pl.DataFrame,
    pay: pl.DataFrame,
    weeks: pl.DataFrame,
    run: WageHoursRun,
) -> dict[str, Any]:
    rules = rules_from_snapshot(run.rules)
    regular_max = float(rules.weekly_regular_hours_max)
    total_max = float(rules.weekly_total_hours_max)
    first = time["date"].min() if time.height else None
    last = time["date"].max() if time.height else None
    return {
        "workers": workers.height,
        "time_records": time.height,
        "pay_records": pay.height,
        "worker_weeks": weeks.height,
        "first_day": first.isoformat() if isinstance(first, dt.date) else None,
        "last_day": last.isoformat() if isinstance(last, dt.date) else None,
        "weeks_over_regular": int((weeks["regular_hours"] > regular_max).sum())
        if weeks.height
        else 0,
        "weeks_over_total": int((weeks["total_hours"] > total_max).sum()) if weeks.height else 0,
        "histogram": {"bin_hours": HISTOGRAM_BIN_HOURS, "bins": _histogram(weeks)},
        "top_workers": _top_workers(weeks, regular_max, total_max),
        "worker_ids": sorted(time["worker_id"].unique().to_list()) if time.height else [],
    }


def _not_checked_details(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "worker_id": item.worker_id,
            "reason": item.reason,
            "period_start": item.period_start.isoformat() if item.period_start else None,
            "period_end": item.period_end.isoformat() if item.period_end else None,
        }
        for item in report.not_checked_details
    ]


def run_execute(*, run_id: int) -> str:
    """Analyse a queued run (the background task's body); returns the run's final status.

    Not one transaction on purpose: each stage is saved as it starts so the page can show
    progress, and the results are then written together in one transaction. A run that is
    not queued (already taken by another worker, or finished) is left alone. Input problems
    make the run `failed` with every problem (file, row, column) and nothing else reported.
    """
    claimed = WageHoursRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING,
        stage=RunStage.READING,
        started_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if not claimed:
        return str(
            WageHoursRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
            or "missing"
        )
    run = WageHoursRun.objects.get(pk=run_id)
    try:
        rules = rules_from_snapshot(run.rules)
        names = {kind: str((run.files.get(kind) or {}).get("name") or kind) for kind in KINDS}
        try:
            inputs = load(
                workers=_named(run.workers_file, names["workers"]),
                time=_named(run.time_file, names["time"]),
                pay=_named(run.pay_file, names["pay"]),
                rules=rules,
            )
        except WageHoursInputError as exc:
            _set(
                run_id,
                status=RunStatus.FAILED,
                stage=RunStage.FINISHED,
                problems=[
                    {"file": p.file, "row": p.row, "column": p.column, "message": p.message}
                    for p in exc.problems
                ],
                problems_omitted=exc.omitted,
                finished_at=timezone.now(),
            )
            return RunStatus.FAILED
        _set(run_id, stage=RunStage.CHECKING)
        report = check(inputs.workers, inputs.time, inputs.pay, inputs.rules)
        weeks = weekly_hours(inputs.time)
        summary = _summary(
            workers=inputs.workers, time=inputs.time, pay=inputs.pay, weeks=weeks, run=run
        )
        _set(run_id, stage=RunStage.SAVING)
        _save_results(run, report=report, weeks=weeks, summary=summary)
    except Exception as exc:
        logger.exception("Wage-hours run %s failed unexpectedly", run_id)
        _set(
            run_id,
            status=RunStatus.FAILED,
            stage=RunStage.FINISHED,
            error=f"{type(exc).__name__}: {exc}"[:300],
            finished_at=timezone.now(),
        )
        return RunStatus.FAILED
    return RunStatus.DONE


@transaction.atomic
def _save_results(
    run: WageHoursRun, *, report: Report, weeks: pl.DataFrame, summary: dict[str, Any]
) -> None:
    RunWeek.objects.filter(run=run).delete()
    batch: list[RunWeek] = []
    for worker_id, week_start, _end, regular, total in weeks.iter_rows():
        batch.append(
            RunWeek(
                run=run,
                worker_id=str(worker_id)[:100],
                week_start=week_start,
                regular_hours=float(regular),
                total_hours=float(total),
            )
        )
        if len(batch) >= _WEEK_BATCH:
            RunWeek.objects.bulk_create(batch)
            batch = []
    if batch:
        RunWeek.objects.bulk_create(batch)
    counts = report.counts_by_rule()
    WageHoursRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        stage=RunStage.FINISHED,
        report=report.to_dict(),
        not_checked_details=_not_checked_details(report),
        counts={rule: int(counts.get(rule, 0)) for rule in RULES},
        summary=summary,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    record_change(
        obj=run,
        actor=None,
        action=ChangeAction.EVENT,
        changes={"status": [RunStatus.RUNNING, RunStatus.DONE]},
        summary=_("Analysed: %(findings)s findings, %(unchecked)s workers not checked.")
        % {"findings": len(report.findings), "unchecked": len(report.not_checked)},
    )


# --------------------------------------------------------------------------- draft findings


def _rules_source(run: WageHoursRun) -> str:
    if run.legal_wage is not None:
        row = run.legal_wage
        text = f"{row} ({row.source_text}, {row.source_year})"
    else:
        text = _("the values given for run %(run)s") % {"run": run.pk}
    if run.overrides:
        text += " " + _("with overrides %(keys)s") % {"keys": ", ".join(sorted(run.overrides))}
    return text[:300]


@transaction.atomic
def run_findings_draft(
    *,
    run: WageHoursRun,
    audit: Audit,
    positions: Iterable[int],
    by: User,
    severity: str = "",
) -> list[AuditFinding]:
    """Make draft audit findings of the chosen findings of a finished run (by their place in
    the report). Findings already drafted from this run are skipped; all are made or none.
    The run is linked to the audit when it had none."""
    require(by, Action.DRAFT_WAGE_HOURS_FINDINGS)
    locked = (
        WageHoursRun.objects.select_for_update(of=("self",))
        .select_related("legal_wage")
        .get(pk=run.pk)
    )
    if locked.status != RunStatus.DONE:
        raise ValidationError(_("Only a finished analysis has findings to draft."))
    if audit.facility_id != locked.facility_id:
        raise ValidationError(
            {"audit": [_("The audit must be of the facility the records come from.")]}
        )
    if severity and severity not in Severity.values:
        raise ValidationError({"severity": [_("Choose critical, major or minor.")]})
    findings = run_findings(locked)
    wanted = sorted(set(positions))
    if not wanted:
        raise ValidationError({"positions": [_("Pick at least one finding.")]})
    unknown = [p for p in wanted if not 0 <= p < len(findings)]
    if unknown:
        raise ValidationError({"positions": [_("Some picked findings do not exist.")]})
    done = set(
        DraftedFinding.objects.filter(run=locked, position__in=wanted).values_list(
            "position", flat=True
        )
    )
    todo = [p for p in wanted if p not in done]
    if not todo:
        raise ValidationError({"positions": [_("Every picked finding is already a draft.")]})
    if len(todo) > MAX_DRAFTS:
        raise ValidationError(
            {
                "positions": [
                    _(
                        "%(count)s findings picked; draft at most %(max)s at a time (a draft "
                        "per worker and week is a lot to review: consider one finding that "
                        "sums them up)."
                    )
                    % {"count": len(todo), "max": MAX_DRAFTS}
                ]
            }
        )
    rules = rules_from_snapshot(locked.rules)
    source = _rules_source(locked)
    run_label = _("wage-hours analysis %(run)s of %(date)s") % {
        "run": locked.pk,
        "date": timezone.localtime(locked.created_at).date().isoformat(),
    }
    created: list[AuditFinding] = []
    for position in todo:
        finding = findings[position]
        standard = drafting.applied_standard(finding.rule, locked.rules)
        reference = (
            source
            if standard == AppliedStandard.LOCAL_LAW or finding.rule == "wage.minimum"
            else ""
        )
        draft = finding_create(
            audit=audit,
            by=by,
            draft=True,
            source=FindingSource.WAGEHOURS,
            finding_type=FindingType.NON_COMPLIANCE,
            pillar=Pillar.LABOUR_STANDARDS,
            clause=drafting.clause_for(finding.rule),
            severity=severity or drafting.suggested_severity(finding),
            title=drafting.title(finding),
            evidence=drafting.evidence(
                finding,
                sentence=describe(finding, rules),
                run_label=run_label,
                rules_source=source,
            ),
            local_law_reference=reference,
            applied_standard=standard,
            rule_code=finding.rule,
            period_start=finding.period_start,
            period_end=finding.period_end,
        )
        DraftedFinding.objects.create(run=locked, position=position, finding=draft)
        created.append(draft)
    changes: dict[str, Any] = {"drafted": [None, [f.reference for f in created]]}
    if locked.audit_id is None:
        locked.audit = audit
        locked.save(update_fields=["audit", "updated_at"])
        changes["audit"] = [None, audit.reference]
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes=changes,
        summary=_("%(count)s draft findings made in %(audit)s.")
        % {"count": len(created), "audit": audit.reference},
    )
    return created
