"""Helpers for the payroll tests: record files, legal-wage rows, audits, runs, the CLI."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sourceproof.accounts.models import User
from sourceproof.audits import services as audit_services
from sourceproof.audits.models import Announcement, Audit, AuditStandard, AuditType
from sourceproof.core.testing import Personas
from sourceproof.facilities.models import Facility
from sourceproof.payroll import services
from sourceproof.payroll.models import LegalWage, WageHoursRun

# W1: Mon 2024-03-04 to Sun 2024-03-10, 8 regular hours a day (56 in the week, 7 days in a
# row), 2 overtime hours on Sat 03-09: 58 in total. Y1: 14 years old (15 on 2024-03-10),
# 4 regular + 1 overtime hour on Mon 03-04. N1: no time records (not checked).
WORKERS = """worker_id,date_of_birth,hire_date
W1,1990-06-15,2020-01-01
Y1,2009-03-10,2024-03-01
N1,1985-01-01,2015-01-01
"""
TIME = """worker_id,date,regular_hours,overtime_hours,day_type
W1,2024-03-04,8,0,working
W1,2024-03-05,8,0,working
W1,2024-03-06,8,0,working
W1,2024-03-07,8,0,working
W1,2024-03-08,8,0,working
W1,2024-03-09,8,2,working
W1,2024-03-10,8,0,rest
Y1,2024-03-04,4,1,working
"""
PAY = """worker_id,period_start,period_end,regular_pay,overtime_pay,currency
W1,2024-03-01,2024-03-31,784.00,30.00,CNY
Y1,2024-03-01,2024-03-31,48.00,15.00,CNY
"""
# With the ETI defaults and 14.00 CNY an hour: W1 breaks hours.weekly_regular (56 > 48),
# hours.rest_day (7 > 6) and wage.overtime_premium (30 < 35); Y1 breaks wage.minimum
# (48.00 for 4 hours: 12.00 an hour), age.minimum and age.young_worker_overtime.
EXPECTED_RULES = {
    "hours.weekly_regular": 1,
    "hours.weekly_total": 0,
    "hours.rest_day": 1,
    "wage.minimum": 1,
    "wage.overtime_premium": 1,
    "age.minimum": 1,
    "age.young_worker_overtime": 1,
}
ETI_OVERRIDES: dict[str, Any] = {
    "minimum_hourly_wage": 14.0,
    "currency": "CNY",
    "weekly_regular_hours_max": 48,
    "overtime_premium": {"working": 1.25, "rest": 1.25, "holiday": 1.25},
}


def upload(text: str | bytes, name: str) -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def files(
    workers: str | bytes = WORKERS, time: str | bytes = TIME, pay: str | bytes = PAY
) -> dict[str, Any]:
    return {
        "workers": upload(workers, "workers.csv"),
        "time": upload(time, "time.csv"),
        "pay": upload(pay, "pay.csv"),
    }


def xlsx(text: str) -> bytes:
    """The CSV text as an XLSX workbook (every cell as text)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in text.strip().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_wage(**fields: Any) -> LegalWage:
    values: dict[str, Any] = {
        "country": "CN",
        "region": "",
        "effective_from": dt.date(2020, 1, 1),
        "minimum_hourly_wage": "14.0000",
        "currency": "CNY",
        "source_text": "Test source",
        "source_year": 2024,
    }
    values.update(fields)
    return LegalWage.objects.create(**values)


def make_audit(personas: Personas, *, facility: Facility | None = None, **fields: Any) -> Audit:
    end = fields.pop("end_date", timezone.localdate() - dt.timedelta(days=10))
    return audit_services.audit_create(
        by=personas.csr_manager,
        facility=facility or personas.facility,
        standard=AuditStandard.SMETA_6_1,
        pillars=4,
        audit_type=AuditType.PERIODIC,
        announcement=Announcement.SEMI_ANNOUNCED,
        audit_firm=personas.audit_firm,
        start_date=end - dt.timedelta(days=1),
        end_date=end,
        **fields,
    )


def make_run(
    personas: Personas,
    *,
    by: User | None = None,
    audit: Audit | None = None,
    facility: Facility | None = None,
    overrides: dict[str, Any] | None = None,
    **file_texts: Any,
) -> WageHoursRun:
    """A run made through the service (queued; the analysis runs when the commit hooks do)."""
    return services.run_create(
        by=by or personas.csr_manager,
        facility=None if audit else (facility or personas.facility),
        audit=audit,
        overrides=ETI_OVERRIDES if overrides is None else overrides,
        **files(**file_texts),
    )


def rules_toml(mapping: dict[str, Any]) -> str:
    lines = []
    for key, value in mapping.items():
        if key == "overtime_premium":
            continue
        lines.append(f"{key} = {json.dumps(value)}")
    premium = mapping.get("overtime_premium") or {}
    if premium:
        lines.append("[overtime_premium]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in premium.items()]
    return "\n".join(lines) + "\n"


def cli_json(tmp_path: Path, rules: dict[str, Any], **texts: str) -> dict[str, Any]:
    """What `sourceproof wagehours check --json` prints for the same files and rules."""
    from sourceproof.wagehours.cli import run_check

    contents = {"workers": WORKERS, "time": TIME, "pay": PAY, **texts}
    paths = {}
    for kind, text in contents.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text)
        paths[kind] = str(path)
    rules_path = tmp_path / "rules.toml"
    rules_path.write_text(rules_toml(rules))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = run_check(argparse.Namespace(rules=str(rules_path), json=True, **paths))
    assert status == 0
    result: dict[str, Any] = json.loads(out.getvalue())
    return result
