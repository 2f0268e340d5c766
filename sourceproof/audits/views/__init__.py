"""The audit pages. Thin: parse the request, call a selector or service, render. Every read
goes through a scoped selector, so a row outside the user's scope is a 404."""

from sourceproof.audits.views.actions import (
    action_detail,
    action_due_date,
    action_evidence,
    action_list,
    action_method,
    action_respond,
    action_review,
    action_submit,
    evidence_download,
    supplier_actions,
)
from sourceproof.audits.views.audits import (
    audit_create,
    audit_detail,
    audit_edit,
    audit_list,
    audit_report,
    audit_report_download,
    audit_status,
)
from sourceproof.audits.views.compliance import due_list, facility_compliance
from sourceproof.audits.views.findings import (
    finding_confirm,
    finding_create,
    finding_edit,
    finding_import,
    finding_template,
    finding_withdraw,
)

__all__ = [
    "action_detail",
    "action_due_date",
    "action_evidence",
    "action_list",
    "action_method",
    "action_respond",
    "action_review",
    "action_submit",
    "audit_create",
    "audit_detail",
    "audit_edit",
    "audit_list",
    "audit_report",
    "audit_report_download",
    "audit_status",
    "due_list",
    "evidence_download",
    "facility_compliance",
    "finding_confirm",
    "finding_create",
    "finding_edit",
    "finding_import",
    "finding_template",
    "finding_withdraw",
    "supplier_actions",
]
