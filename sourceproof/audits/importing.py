"""Import an audit's findings from a CSV or XLSX file: validated row by row, applied
all-or-nothing, with a report of row, column and problem. Also the downloadable template.

The columns (header names are matched without regard to case or surrounding spaces; other
columns are ignored):

| column              | required              | values                                          |
|---------------------|-----------------------|-------------------------------------------------|
| type                | yes                   | non_compliance, observation, good_example,      |
|                     |                       | collaborative_action, management_system (the    |
|                     |                       | last two in SMETA 7.0 audits only)              |
| pillar              | yes                   | labour_standards, health_safety, environment,   |
|                     |                       | business_ethics                                 |
| clause              | yes                   | 1 2 3 4 5 6 7 8 8A 9 (ETI Base Code), local_law,|
|                     |                       | management_systems, environment,                |
|                     |                       | business_ethics, entitlement_to_work            |
| severity            | for non_compliance    | critical, major, minor (empty otherwise)        |
| title               | yes                   | the finding in one line (200 characters)        |
| evidence            | no                    | what the auditor saw                            |
| local_law_reference | if applied = local_law| the law article                                 |
| applied_standard    | no (default both)     | both, eti_base_code, local_law                  |
| rule_code           | no                    | e.g. hours.weekly_total                         |
| period_start/_end   | no (both or neither)  | YYYY-MM-DD                                      |

Values may also be written as their English labels ("Non-compliance", "Health & safety",
"ETI 4") and in any case.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from sourceproof.audits.models import (
    AppliedStandard,
    Audit,
    Clause,
    Finding,
    FindingSource,
    FindingType,
    Pillar,
    Severity,
)
from sourceproof.audits.services.common import validate
from sourceproof.audits.services.findings import FINDING_FIELDS, finding_checks, finding_create

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

MAX_ROWS = 1000
COLUMNS: tuple[str, ...] = (
    "type",
    "pillar",
    "clause",
    "severity",
    "title",
    "evidence",
    "local_law_reference",
    "applied_standard",
    "rule_code",
    "period_start",
    "period_end",
)
REQUIRED_COLUMNS = ("type", "pillar", "clause", "title")
FIELD_COLUMN = {"finding_type": "type", **{f: f for f in FINDING_FIELDS if f != "finding_type"}}
CHOICES: dict[str, Any] = {
    "type": FindingType,
    "pillar": Pillar,
    "clause": Clause,
    "severity": Severity,
    "applied_standard": AppliedStandard,
}
HELP: dict[str, str] = {
    "type": "non_compliance, observation, good_example; SMETA 7.0 also collaborative_action, "
    "management_system",
    "pillar": "labour_standards, health_safety, environment, business_ethics",
    "clause": "1, 2, 3, 4, 5, 6, 7, 8, 8A, 9 (ETI Base Code), local_law, management_systems, "
    "environment, business_ethics, entitlement_to_work",
    "severity": "critical, major, minor (non-compliances only; empty otherwise)",
    "title": "the finding in one line, at most 200 characters",
    "evidence": "what the auditor saw, read or was told",
    "local_law_reference": "the local law article (required when applied_standard is local_law)",
    "applied_standard": "both (default), eti_base_code, local_law: the stricter one applied",
    "rule_code": "a tool's rule, e.g. hours.weekly_total",
    "period_start": "YYYY-MM-DD, with period_end",
    "period_end": "YYYY-MM-DD, with period_start",
}


@dataclass(frozen=True)
class Problem:
    row: int  # as a person counts it: the header is row 1
    column: str
    problem: str

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "problem": self.problem}


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class FileProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- reading


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(data: bytes) -> list[list[str]]:
    """Rows of strings (the header first) from CSV or XLSX, told apart by content."""
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise FileProblem(_("The file is not a readable XLSX workbook.")) from exc
        sheet = (
            workbook["findings"] if "findings" in workbook.sheetnames else workbook.worksheets[0]
        )
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    if data[:5] == b"%PDF-" or b"\x00" in data[:4096]:
        raise FileProblem(_("The file is not CSV or XLSX. Upload a CSV or XLSX file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            _("The CSV file is not UTF-8 text. Save it as “CSV UTF-8” or upload XLSX.")
        ) from exc
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max((",", ";", "\t"), key=first.count)
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _key(text: str) -> str:
    return re.sub(r"[\s\-/]+", "_", text.strip().lower()).replace("&", "").replace("__", "_")


def _choice(column: str, raw: str) -> str:
    """The stored value for a choice cell, from its code or its English label, any case."""
    choices = CHOICES[column]
    text = raw.strip()
    if column == "clause":
        text = re.sub(r"(?i)^eti\s*", "", text).strip()
        # "ETI 4 No child labour" → "4"
        match = re.match(r"^(8A|[1-9])\b", text, flags=re.IGNORECASE)
        if match:
            return match.group(1).upper()
    for value, label in choices.choices:
        if text.lower() in {str(value).lower(), str(label).lower()} or _key(text) in {
            _key(str(value)),
            _key(str(label)),
        }:
            return str(value)
    raise ValueError(
        _("“%(value)s” is not one of: %(allowed)s.")
        % {"value": raw, "allowed": ", ".join(str(v) for v in choices.values)}
    )


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError as exc:
        raise ValueError(
            _("“%(value)s” is not a date; write YYYY-MM-DD.") % {"value": raw}
        ) from exc


def _row_fields(cells: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    fields: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column in COLUMNS:
        raw = cells.get(column, "")
        name = "finding_type" if column == "type" else column
        try:
            if column in CHOICES:
                fields[name] = _choice(column, raw) if raw else ""
            elif column in ("period_start", "period_end"):
                fields[name] = _date(raw) if raw else None
            else:
                fields[name] = raw
        except ValueError as exc:
            problems.append((column, str(exc)))
    if not fields.get("applied_standard"):
        fields["applied_standard"] = AppliedStandard.BOTH
    return fields, problems


def validate_rows(
    *, audit: Audit, table: list[list[str]]
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Check every row; return the rows' fields and every problem (row, column, problem)."""
    if not table or not any(table[0]):
        raise FileProblem(_("The file has no header row."))
    header = [_key(h) for h in table[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FileProblem(
            _("The header row lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    body = [(n, row) for n, row in enumerate(table[1:], start=2) if any(c.strip() for c in row)]
    if not body:
        raise FileProblem(_("The file has a header but no findings."))
    if len(body) > MAX_ROWS:
        raise FileProblem(_("At most %(n)s findings per file.") % {"n": MAX_ROWS})
    index = {name: i for i, name in enumerate(header) if name in COLUMNS}
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for number, row in body:
        cells = {name: (row[i] if i < len(row) else "") for name, i in index.items()}
        fields, cell_problems = _row_fields(cells)
        problems.extend(Problem(number, column, text) for column, text in cell_problems)
        bad_columns = {column for column, _text in cell_problems}
        candidate = Finding(audit=audit, **fields)
        try:
            validate(
                candidate,
                exclude=["audit", "number", "reference", "created_by"],
                checks=finding_checks(candidate, audit),
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = FIELD_COLUMN.get(name, name)
                if column in bad_columns:
                    continue  # already reported as unreadable
                for message in messages:
                    problems.append(Problem(number, column, message))
        rows.append(fields)
    return rows, problems


@transaction.atomic
def findings_import(
    *, audit: Audit, data: bytes, by: User, as_drafts: bool = False
) -> ImportReport:
    """Validate every row; if all are fine, enter them all (in file order), else none."""
    try:
        table = read_table(data)
        rows, problems = validate_rows(audit=audit, table=table)
    except FileProblem as exc:
        return ImportReport(rows=0, problems=[Problem(1, "", exc.message)])
    report = ImportReport(rows=len(rows), problems=problems)
    if problems:
        return report
    for fields in rows:
        report.created.append(
            finding_create(
                audit=audit, by=by, draft=as_drafts, source=FindingSource.IMPORT, **fields
            )
        )
    return report


# --------------------------------------------------------------------------- the template


def template_csv() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(COLUMNS)
    return buffer.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "findings"
    sheet.append(list(COLUMNS))
    help_sheet = workbook.create_sheet("columns")
    help_sheet.append(["column", "required", "values"])
    for column in COLUMNS:
        required = (
            "yes"
            if column in REQUIRED_COLUMNS
            else "for non_compliance"
            if column == "severity"
            else "no"
        )
        help_sheet.append([column, required, HELP[column]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
