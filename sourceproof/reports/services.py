"""Issue PDF reports: render HTML with WeasyPrint, number them, hash them, keep them.

Callers (an inspection's review, the annual CSR report) build their own context and call
`report_issue` from a background task. The template receives `report` — number, issued_at,
issuer, content_sha256, verify_url and qr_svg — to print in its header or footer; extend
`reports/base_report.html` to get all of that laid out.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import segno
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Organisation, OrganisationKind
from sourceproof.core.changelog import record_change
from sourceproof.core.models import ChangeAction
from sourceproof.reports.models import IssuedReport

_PREFIX = {"inspection": "INS", "csr_annual": "CSR", "other": "RPT"}


def verify_url(number: str) -> str:
    return settings.SITE_URL + reverse("verify:report", kwargs={"number": number})


def qr_svg(url: str) -> str:
    """An inline SVG QR code (no network, no image file)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=3, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def _next_number(kind: str, year: int) -> str:
    prefix = f"SP-{_PREFIX.get(kind, 'RPT')}-{year}-"
    last = (
        IssuedReport.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    import weasyprint

    return bytes(weasyprint.HTML(string=html, base_url=base_url).write_pdf())


def _issuer_name() -> str:
    operator = Organisation.objects.filter(kind=OrganisationKind.OPERATOR).first()
    return operator.name if operator else "sourceproof"


@transaction.atomic
def report_issue(
    *,
    kind: str,
    subject: models.Model,
    title: str,
    template: str,
    context: dict[str, Any],
    by: Any = None,
    correction_reason: str = "",
) -> IssuedReport:
    """Render, number, hash and store a report.

    The first issue for a subject is version 1. Issuing again for the same subject and kind is
    a correction: it needs a `correction_reason`, becomes the next version with a new number,
    and marks the previous version superseded; both stay verifiable.
    """
    subject_type = ContentType.objects.get_for_model(subject, for_concrete_model=True)
    previous = (
        IssuedReport.objects.select_for_update()
        .filter(subject_type=subject_type, subject_id=str(subject.pk), kind=kind)
        .order_by("-version")
        .first()
    )
    if previous is not None and not correction_reason.strip():
        raise ValidationError(
            _("%(number)s was already issued; re-issuing is a correction and needs a reason.")
            % {"number": previous.number}
        )
    now = timezone.now()
    version = previous.version + 1 if previous else 1
    issuer = _issuer_name()
    for _attempt in range(5):
        number = _next_number(kind, now.year)
        url = verify_url(number)
        header: dict[str, Any] = {
            "number": number,
            "title": title,
            "issued_at": now,
            "issuer": issuer,
            "verify_url": url,
            "qr_svg": mark_safe(qr_svg(url)),
            "version": version,
            "correction_reason": correction_reason,
            "supersedes": previous.number if previous else "",
        }
        body = render_to_string(template, {**context, "report": header})
        content_sha256 = hashlib.sha256(body.encode()).hexdigest()
        header["content_sha256"] = content_sha256
        html = render_to_string(template, {**context, "report": header})
        pdf = render_pdf(html, base_url=str(settings.BASE_DIR))
        report = IssuedReport(
            number=number,
            kind=kind,
            title=title,
            subject_type=subject_type,
            subject_id=str(subject.pk),
            version=version,
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            content_sha256=content_sha256,
            issued_at=now,
            issued_by=by if getattr(by, "is_authenticated", False) else None,
            issuer_name=issuer,
            correction_reason=correction_reason,
        )
        try:
            with transaction.atomic():
                report.file.save(f"{number}.pdf", ContentFile(pdf), save=False)
                report.save(force_insert=True)
        except IntegrityError:
            report.file.delete(save=False)
            continue  # another issue took the number: take the next one
        break
    else:  # pragma: no cover - five races in a row
        raise RuntimeError("Could not allocate a report number.")
    if previous is not None:
        previous.superseded_by = report
        previous.save(update_fields=["superseded_by", "updated_at"])
    record_change(
        obj=report,
        actor=by,
        action=ChangeAction.CREATE,
        summary=f"Issued {number} ({title})"
        + (f", correcting {previous.number}: {correction_reason}" if previous else ""),
    )
    return report


def latest_report(*, subject: models.Model, kind: str) -> IssuedReport | None:
    subject_type = ContentType.objects.get_for_model(subject, for_concrete_model=True)
    return (
        IssuedReport.objects.filter(
            subject_type=subject_type, subject_id=str(subject.pk), kind=kind
        )
        .order_by("-version")
        .first()
    )
