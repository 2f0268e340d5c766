"""What each role may do: the one place that says so.

Row-level scope (which suppliers, facilities and orders a user sees) lives in each app's
selectors; this module answers "may this role do this kind of thing at all". The table is
rendered in docs/permissions.md, and tests walk it for every role.
"""

from __future__ import annotations

import enum
from typing import Any

from django.http import Http404

from sourceproof.accounts.models import Role


class Action(enum.StrEnum):
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_REGISTRY = "view_registry"  # supplier and facility lists and details (scoped)
    EDIT_REGISTRY = "edit_registry"  # create/edit suppliers, facilities, certificates
    IMPORT_FACILITIES = "import_facilities"
    EXPORT_FACILITIES = "export_facilities"
    EDIT_COUNTRY_RISK = "edit_country_risk"
    SUSPEND_FACILITY = "suspend_facility"
    VIEW_ORDERS = "view_orders"  # order list and detail (scoped)
    EDIT_ORDERS = "edit_orders"  # create and edit draft orders, move status
    CONFIRM_ORDERS = "confirm_orders"
    GRANT_GATE_EXCEPTION = "grant_gate_exception"
    VIEW_HISTORY = "view_history"  # the change log on a record's page
    USE_API_TOKENS = "use_api_tokens"
    USE_AQL_CALCULATOR = "use_aql_calculator"
    VIEW_INSPECTIONS = "view_inspections"  # inspection list, calendar and detail (scoped)
    BOOK_INSPECTIONS = "book_inspections"  # book, reschedule, reassign, cancel
    PERFORM_INSPECTIONS = "perform_inspections"  # start, record results, submit (if assigned)
    REVIEW_INSPECTIONS = "review_inspections"  # review, decide open checkpoints
    OVERRIDE_VERDICT = "override_verdict"
    VIEW_QUALITY_LIBRARY = "view_quality_library"  # defect library, checklist templates
    EDIT_QUALITY_LIBRARY = "edit_quality_library"  # … and AQL overrides
    VIEW_QUALITY_DASHBOARD = "view_quality_dashboard"  # pass rates, Pareto, sampling streams
    RESUME_STREAM = "resume_stream"  # record corrective action, resume on tightened
    # audits, findings and corrective actions (row scope in audits.selectors)
    VIEW_AUDITS = "view_audits"  # audits, findings, corrective actions (scoped)
    EDIT_AUDITS = "edit_audits"  # create and edit audits, move their status
    UPLOAD_AUDIT_REPORT = "upload_audit_report"
    EDIT_FINDINGS = "edit_findings"  # enter, import, edit, confirm, withdraw findings
    RESPOND_ACTIONS = "respond_corrective_actions"  # answer, upload evidence, submit
    REVIEW_ACTIONS = "review_corrective_actions"  # verify, send back, progress, due date
    VIEW_COMPLIANCE = "view_facility_compliance"  # a facility's derived status and reasons
    VIEW_RISK = "view_facility_risk"  # risk scores and the audits-due list
    # CSR performance: scorecard, KPIs, emissions, registers, annual report (no row scope)
    VIEW_CSR = "view_csr"  # dashboard, scorecard, KPIs, emissions, registers, reports (read)
    EDIT_CSR = "edit_csr"  # evidence, KPI values and targets, factors, assessments, registers
    APPROVE_CSR_DECISIONS = "approve_csr_decisions"  # approve a decision for the CSR team
    GENERATE_CSR_REPORT = "generate_csr_report"  # request the annual CSR report PDF
    # code of ethics (row scope in ethics.selectors: a supplier user only its own supplier)
    VIEW_CODES_OF_ETHICS = "view_codes_of_ethics"  # versions, texts, coverage, who signed
    EDIT_CODES_OF_ETHICS = "edit_codes_of_ethics"  # create, edit drafts, publish, remind
    SIGN_CODE_OF_ETHICS = "sign_code_of_ethics"  # read the current version, sign it
    # wage and working-hours analyser, legal-wage table (no suppliers, customers, auditors)
    VIEW_WAGE_HOURS_RUNS = "view_wage_hours_runs"  # run list, results, charts
    RUN_WAGE_HOURS_ANALYSER = "run_wage_hours_analyser"  # upload files, start a run
    DRAFT_WAGE_HOURS_FINDINGS = "draft_wage_hours_findings"  # results → draft audit findings
    VIEW_LEGAL_WAGES = "view_legal_wages"
    EDIT_LEGAL_WAGES = "edit_legal_wages"
    # the customer portal (row scope in portal.selectors: a customer user its own organisation)
    VIEW_PORTAL = "view_portal"  # a customer's own orders, inspections, photos, export, API
    PREVIEW_PORTAL = "preview_portal"  # see the portal as a customer sees it (read-only)
    MANAGE_SHARING = "manage_portal_sharing"  # what each customer is shown
    ADMINISTER = "administer"  # Django admin, operator policy


_OPERATOR_STAFF = {Role.ADMIN, Role.CSR_MANAGER, Role.QUALITY_MANAGER}
_OPERATOR_ALL = _OPERATOR_STAFF | {Role.INSPECTOR, Role.VIEWER}
_EVERYONE = set(Role)

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW_DASHBOARD: frozenset(_EVERYONE),
    Action.VIEW_REGISTRY: frozenset(_OPERATOR_ALL | {Role.SUPPLIER_USER, Role.CUSTOMER_USER}),
    Action.EDIT_REGISTRY: frozenset(_OPERATOR_STAFF),
    Action.IMPORT_FACILITIES: frozenset(_OPERATOR_STAFF),
    Action.EXPORT_FACILITIES: frozenset(_OPERATOR_ALL),
    Action.EDIT_COUNTRY_RISK: frozenset({Role.ADMIN, Role.CSR_MANAGER}),
    Action.SUSPEND_FACILITY: frozenset(_OPERATOR_STAFF),
    Action.VIEW_ORDERS: frozenset(_OPERATOR_ALL | {Role.SUPPLIER_USER, Role.CUSTOMER_USER}),
    Action.EDIT_ORDERS: frozenset(_OPERATOR_STAFF),
    Action.CONFIRM_ORDERS: frozenset(_OPERATOR_STAFF),
    Action.GRANT_GATE_EXCEPTION: frozenset({Role.ADMIN, Role.QUALITY_MANAGER}),
    Action.VIEW_HISTORY: frozenset(_OPERATOR_ALL),
    Action.USE_API_TOKENS: frozenset(_EVERYONE),
    Action.USE_AQL_CALCULATOR: frozenset(_OPERATOR_ALL | {Role.SUPPLIER_USER, Role.AUDITOR}),
    Action.VIEW_INSPECTIONS: frozenset(_OPERATOR_ALL | {Role.SUPPLIER_USER, Role.CUSTOMER_USER}),
    Action.BOOK_INSPECTIONS: frozenset({Role.ADMIN, Role.QUALITY_MANAGER}),
    Action.PERFORM_INSPECTIONS: frozenset({Role.ADMIN, Role.QUALITY_MANAGER, Role.INSPECTOR}),
    Action.REVIEW_INSPECTIONS: frozenset({Role.ADMIN, Role.QUALITY_MANAGER}),
    Action.OVERRIDE_VERDICT: frozenset({Role.ADMIN, Role.QUALITY_MANAGER}),
    Action.VIEW_QUALITY_LIBRARY: frozenset(_OPERATOR_ALL),
    Action.EDIT_QUALITY_LIBRARY: frozenset({Role.ADMIN, Role.QUALITY_MANAGER}),
    Action.VIEW_QUALITY_DASHBOARD: frozenset(_OPERATOR_STAFF | {Role.VIEWER}),
    Action.RESUME_STREAM: frozenset({Role.ADMIN, Role.QUALITY_MANAGER}),
    Action.VIEW_AUDITS: frozenset(_OPERATOR_ALL | {Role.AUDITOR, Role.SUPPLIER_USER}),
    Action.EDIT_AUDITS: frozenset(_OPERATOR_STAFF),
    Action.UPLOAD_AUDIT_REPORT: frozenset(_OPERATOR_STAFF | {Role.AUDITOR}),
    Action.EDIT_FINDINGS: frozenset(_OPERATOR_STAFF | {Role.AUDITOR}),
    Action.RESPOND_ACTIONS: frozenset({Role.SUPPLIER_USER}),
    Action.REVIEW_ACTIONS: frozenset(_OPERATOR_STAFF),
    Action.VIEW_COMPLIANCE: frozenset(_OPERATOR_ALL | {Role.SUPPLIER_USER}),
    Action.VIEW_RISK: frozenset(_OPERATOR_ALL),
    Action.VIEW_CSR: frozenset(_OPERATOR_ALL),
    Action.EDIT_CSR: frozenset({Role.ADMIN, Role.CSR_MANAGER}),
    Action.APPROVE_CSR_DECISIONS: frozenset({Role.ADMIN, Role.CSR_MANAGER}),
    Action.GENERATE_CSR_REPORT: frozenset({Role.ADMIN, Role.CSR_MANAGER}),
    Action.VIEW_CODES_OF_ETHICS: frozenset(_OPERATOR_ALL),
    Action.EDIT_CODES_OF_ETHICS: frozenset({Role.ADMIN, Role.CSR_MANAGER}),
    Action.SIGN_CODE_OF_ETHICS: frozenset({Role.SUPPLIER_USER}),
    Action.VIEW_WAGE_HOURS_RUNS: frozenset(_OPERATOR_STAFF | {Role.VIEWER}),
    Action.RUN_WAGE_HOURS_ANALYSER: frozenset(_OPERATOR_STAFF),
    Action.DRAFT_WAGE_HOURS_FINDINGS: frozenset(_OPERATOR_STAFF),
    Action.VIEW_LEGAL_WAGES: frozenset(_OPERATOR_ALL),
    Action.EDIT_LEGAL_WAGES: frozenset({Role.ADMIN, Role.CSR_MANAGER}),
    Action.VIEW_PORTAL: frozenset({Role.CUSTOMER_USER}),
    Action.PREVIEW_PORTAL: frozenset(_OPERATOR_STAFF | {Role.VIEWER}),
    Action.MANAGE_SHARING: frozenset({Role.ADMIN, Role.CSR_MANAGER}),
    Action.ADMINISTER: frozenset({Role.ADMIN}),
}


def can(user: Any, action: Action) -> bool:
    """Whether the user's role allows the action at all (row scope is the selectors' job)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in PERMISSIONS[action]


def require(user: Any, action: Action) -> None:
    """Refuse with 404, not 403: an outsider learns nothing about what exists."""
    if not can(user, action):
        raise Http404("Not found.")
