"""What each role may do with the wage and working-hours analyser and the legal-wage table.

The same shape as `accounts.permissions` and `audits.access` (an action enum, a table,
`can`/`require` that refuse with 404). Row scope lives in `payroll.selectors`:

- the operator's admin, CSR manager and quality manager upload files and run the analyser,
  and the admin and CSR manager (who own social compliance) and the quality manager turn
  results into draft audit findings;
- the viewer reads runs and their results too (not the inspector: QC inspections need no
  worker pay or birth dates); every operator role reads the legal-wage table, and only the
  admin and the CSR manager edit it;
- suppliers, customers and auditors see nothing here (404). Auditors are kept out on purpose:
  the files hold workers' dates of birth and pay, which the operator keeps to itself; an
  auditor enters findings through the audit's own screens (see docs/payroll.md).

To be folded into `accounts.permissions.PERMISSIONS` (and docs/permissions.md) by the lead.
"""

from __future__ import annotations

import enum
from typing import Any

from django.http import Http404

from sourceproof.accounts.models import Role


class PayrollAction(enum.StrEnum):
    VIEW_RUNS = "view_wage_hours_runs"  # run list, results, charts
    RUN_ANALYSER = "run_wage_hours_analyser"  # upload files, start a run
    DRAFT_FINDINGS = "draft_wage_hours_findings"  # turn results into draft audit findings
    VIEW_LEGAL_WAGES = "view_legal_wages"
    EDIT_LEGAL_WAGES = "edit_legal_wages"


_STAFF = frozenset({Role.ADMIN, Role.CSR_MANAGER, Role.QUALITY_MANAGER})
_OPERATOR = _STAFF | {Role.INSPECTOR, Role.VIEWER}

PAYROLL_PERMISSIONS: dict[PayrollAction, frozenset[Role]] = {
    PayrollAction.VIEW_RUNS: frozenset(_STAFF | {Role.VIEWER}),
    PayrollAction.RUN_ANALYSER: _STAFF,
    PayrollAction.DRAFT_FINDINGS: _STAFF,
    PayrollAction.VIEW_LEGAL_WAGES: frozenset(_OPERATOR),
    PayrollAction.EDIT_LEGAL_WAGES: frozenset({Role.ADMIN, Role.CSR_MANAGER}),
}


def can_payroll(user: Any, action: PayrollAction) -> bool:
    """Whether the user's role allows the action at all (row scope is the selectors' job)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in PAYROLL_PERMISSIONS[action]


def require_payroll(user: Any, action: PayrollAction) -> None:
    """Refuse with 404, never 403: an outsider learns nothing about what exists."""
    if not can_payroll(user, action):
        raise Http404("Not found.")
