"""What each role may do with the code of ethics: the one place in this app that says so.

The same shape as `accounts.permissions` (an action enum, a table, `can`/`require` that refuse
with 404). Row scope lives in `ethics.selectors`:

- every operator role reads the versions, their texts, the principle coverage and who signed
  what; the admin and the CSR manager also create, edit and publish versions and send
  reminders;
- a supplier user reads the current (published) version, signs it for its own supplier and
  sees its own supplier's acknowledgements, nothing else;
- customers and auditors see nothing here (404), pages and API alike.

To be folded into `accounts.permissions.PERMISSIONS` (and docs/permissions.md) by the lead.
"""

from __future__ import annotations

import enum
from typing import Any

from django.http import Http404

from sourceproof.accounts.models import Role


class EthicsAction(enum.StrEnum):
    VIEW_CODES = "view_codes_of_ethics"  # versions, texts, coverage, signatures (all suppliers)
    EDIT_CODES = "edit_codes_of_ethics"  # create, edit drafts, publish, send reminders
    SIGN_CODE = "sign_code_of_ethics"  # read the current version, sign it for one's supplier


_OPERATOR = frozenset(
    {Role.ADMIN, Role.CSR_MANAGER, Role.QUALITY_MANAGER, Role.INSPECTOR, Role.VIEWER}
)

ETHICS_PERMISSIONS: dict[EthicsAction, frozenset[Role]] = {
    EthicsAction.VIEW_CODES: _OPERATOR,
    EthicsAction.EDIT_CODES: frozenset({Role.ADMIN, Role.CSR_MANAGER}),
    EthicsAction.SIGN_CODE: frozenset({Role.SUPPLIER_USER}),
}


def can_ethics(user: Any, action: EthicsAction) -> bool:
    """Whether the user's role allows the action at all (row scope is the selectors' job)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in ETHICS_PERMISSIONS[action]


def require_ethics(user: Any, action: EthicsAction) -> None:
    """Refuse with 404, never 403: an outsider learns nothing about what exists."""
    if not can_ethics(user, action):
        raise Http404("Not found.")
