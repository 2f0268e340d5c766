"""Render the permission table as Markdown (docs/permissions.md embeds it; a test compares)."""

from __future__ import annotations

from sourceproof.accounts.models import Role
from sourceproof.accounts.permissions import PERMISSIONS

BEGIN = "<!-- permission-table:begin -->"
END = "<!-- permission-table:end -->"


def permission_table() -> str:
    roles = list(Role)
    header = "| action | " + " | ".join(r.value for r in roles) + " |"
    rule = "| --- |" + " :-: |" * len(roles)
    rows = [
        f"| `{action.value}` | "
        + " | ".join("✓" if role in allowed else "·" for role in roles)
        + " |"
        for action, allowed in PERMISSIONS.items()
    ]
    return "\n".join([header, rule, *rows])
