"""The dashboard: what needs attention, for the acting user.

Each app that has something to say offers `dashboard_panels(*, user) -> list[dict]` in its
selectors module (keys: key, title, count (None: not known yet, shown as "…"), items
[{label, url, note}], url, tone, and an optional panel-level note such as "as of 10:40").
The panels of installed apps are shown in the order below.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from django.apps import apps

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

PANEL_PROVIDERS = [
    "facilities",
    "orders",
    "inspections",
    "audits",
    "payroll",
    "ethics",
    "csr",
    "portal",
]


def dashboard_for_user(*, user: User) -> list[dict[str, Any]]:
    panels: list[dict[str, Any]] = []
    for app in PANEL_PROVIDERS:
        name = f"sourceproof.{app}.selectors"
        if not apps.is_installed(f"sourceproof.{app}") or importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        provider = getattr(module, "dashboard_panels", None)
        if provider is not None:
            panels.extend(provider(user=user))
    return panels
