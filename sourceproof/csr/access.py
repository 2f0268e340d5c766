"""What each role may do in the CSR app: the one place in this app that says so.

The same shape as `accounts.permissions` (an action enum, a table, `can`/`require` that refuse
with 404). The actions are rows of `accounts.permissions.PERMISSIONS` (and so of
docs/permissions.md). There is no row scope: operator roles see every CSR record; suppliers,
customers and auditors see nothing here (404), pages and API alike.
"""

from __future__ import annotations

from sourceproof.accounts.permissions import PERMISSIONS, Action, can, require

CsrAction = Action
CSR_PERMISSIONS = PERMISSIONS
CSR_TEAM = PERMISSIONS[Action.APPROVE_CSR_DECISIONS]  # who edits and approves
can_csr = can
require_csr = require
