"""What each role may do with audits, findings and corrective actions: the one place that says so.

The same shape as `accounts.permissions` (an action enum, a table, `can`/`require` that refuse
with 404). Row scope (which audits a user sees) lives in `audits.selectors`:

- operator roles (admin, CSR manager, quality manager, inspector, viewer) see every audit;
- an auditor sees the audits of their own audit firm, and while such an audit is not closed
  may upload its report and enter, import, confirm and withdraw its findings;
- a supplier user sees the audits of its own facilities once the report is in (report
  received or closed: never a planned, possibly unannounced, audit), their recorded findings
  and corrective actions, answers those actions and uploads evidence;
- a customer user sees nothing here yet (404).

The actions and who may take them are rows of `accounts.permissions.PERMISSIONS` (and so of
docs/permissions.md); the names below are the audits app's names for them.
"""

from __future__ import annotations

from sourceproof.accounts.permissions import PERMISSIONS, Action, can, require

AuditAction = Action
AUDIT_PERMISSIONS = PERMISSIONS
can_audit = can
require_audit = require
