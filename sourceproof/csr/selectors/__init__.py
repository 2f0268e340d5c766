"""Reads of the CSR app, scoped by the acting user: operator roles see everything, anyone else
gets 404. Every list runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from typing import Any


def dashboard_panels(*, user: Any) -> list[dict[str, Any]]:
    """The CSR panel of the main dashboard (see `core.selectors.dashboard_for_user`)."""
    from sourceproof.csr.selectors.dashboard import dashboard_panels as panels

    return panels(user=user)
