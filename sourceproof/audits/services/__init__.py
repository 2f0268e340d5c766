"""Writes for audits, findings and corrective actions (one module per entity)."""

from sourceproof.audits.services.actions import (
    action_create_for,
    action_default_due_date,
    action_evidence_add,
    action_progress_made,
    action_respond,
    action_send_back,
    action_set_due_date,
    action_set_method,
    action_submit,
    action_verify,
)
from sourceproof.audits.services.audits import (
    AUDIT_FIELDS,
    TRANSITIONS,
    audit_create,
    audit_next_reference,
    audit_report_upload,
    audit_set_status,
    audit_update,
)
from sourceproof.audits.services.digest import (
    DigestMessage,
    corrective_action_digest_messages,
    corrective_action_digest_send,
)
from sourceproof.audits.services.findings import (
    FINDING_FIELDS,
    finding_checks,
    finding_confirm,
    finding_create,
    finding_update,
    finding_withdraw,
)

__all__ = [
    "AUDIT_FIELDS",
    "FINDING_FIELDS",
    "TRANSITIONS",
    "DigestMessage",
    "action_create_for",
    "action_default_due_date",
    "action_evidence_add",
    "action_progress_made",
    "action_respond",
    "action_send_back",
    "action_set_due_date",
    "action_set_method",
    "action_submit",
    "action_verify",
    "audit_create",
    "audit_next_reference",
    "audit_report_upload",
    "audit_set_status",
    "audit_update",
    "corrective_action_digest_messages",
    "corrective_action_digest_send",
    "finding_checks",
    "finding_confirm",
    "finding_create",
    "finding_update",
    "finding_withdraw",
]
