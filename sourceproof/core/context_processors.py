"""The main menu: one list, filtered by what the user's role may open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sourceproof.accounts.models import OPERATOR_ROLES, Role
from sourceproof.accounts.permissions import Action, can


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    visible: Callable[[Any], bool]


def _can(action: str) -> Callable[[Any], bool]:
    return lambda user: (
        can(user, Action(action)) if action in Action.__members__.values() else False
    )


def _roles(*roles: str) -> Callable[[Any], bool]:
    return lambda user: user.role in roles


_OPERATOR = tuple(OPERATOR_ROLES)

NAV: list[NavItem] = [
    NavItem(_("Dashboard"), "core:dashboard", _can("view_dashboard")),
    NavItem(_("Suppliers"), "facilities:supplier_list", _roles(*_OPERATOR, Role.SUPPLIER_USER)),
    NavItem(_("Facilities"), "facilities:facility_list", _can("view_registry")),
    NavItem(_("Orders"), "orders:order_list", _can("view_orders")),
    NavItem(_("Inspections"), "inspections:inspection_list", _can("view_inspections")),
    NavItem(_("Quality"), "inspections:quality_dashboard", _can("view_quality_dashboard")),
    NavItem(_("My inspections"), "fieldwork:my_inspections", _roles(Role.INSPECTOR)),
    NavItem(_("My orders"), "portal:order_list", _roles(Role.CUSTOMER_USER)),
    NavItem(_("Photos"), "portal:photo_feed", _roles(Role.CUSTOMER_USER)),
    NavItem(_("Audits"), "audits:audit_list", _roles(*_OPERATOR, Role.AUDITOR, Role.SUPPLIER_USER)),
    NavItem(_("Corrective actions"), "audits:supplier_actions", _roles(Role.SUPPLIER_USER)),
    NavItem(_("Code of ethics"), "ethics:supplier_sign", _roles(Role.SUPPLIER_USER)),
    NavItem(_("Code of ethics"), "ethics:version_list", _roles(*_OPERATOR)),
    NavItem(
        _("Wage & hours"),
        "payroll:run_list",
        _roles(Role.ADMIN, Role.CSR_MANAGER, Role.QUALITY_MANAGER, Role.VIEWER),
    ),
    NavItem(_("CSR"), "csr:dashboard", _roles(*_OPERATOR)),
    NavItem(_("AQL calculator"), "aql:calculator", _can("use_aql_calculator")),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    nav = []
    for item in NAV:
        if not item.visible(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # a capability not installed in this deployment
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        nav.append({"label": item.label, "url": url, "active": active})
    return {"nav_items": nav}
