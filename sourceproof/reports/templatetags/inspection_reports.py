"""The inspection report inside other apps' pages, without their views knowing about it:

    {% include "reports/inspection_report_link.html" with inspection=inspection %}

The partial reads the inspection's current report with `inspection_report_for` (one query; none
when a list read them all first with `reports.inspection.attach_inspection_reports`).
`inspection` must be one the user may see (the page got it from a scoped selector).
"""

from __future__ import annotations

from typing import Any

from django import template

from sourceproof.reports.inspection import inspection_report_for
from sourceproof.reports.models import IssuedReport

register = template.Library()


@register.simple_tag(name="inspection_report_for")
def inspection_report_for_tag(inspection: Any) -> IssuedReport | None:
    if inspection is None or not getattr(inspection, "pk", None):
        return None
    return inspection_report_for(inspection=inspection)
