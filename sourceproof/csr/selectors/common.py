"""Scope for every CSR read: operator roles see everything, everyone else gets 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from sourceproof.accounts.models import OPERATOR_ROLES, User
from sourceproof.csr.access import CsrAction, require_csr

if TYPE_CHECKING:
    pass


def require_view(user: Any) -> None:
    require_csr(user, CsrAction.VIEW_CSR)


def get_or_404(queryset: QuerySet[Any], **lookup: Any) -> Any:
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404("Not found.")
    return found


def operator_users() -> QuerySet[User]:
    """People who may own an action or a control: active operator users."""
    return User.objects.filter(is_active=True, role__in=list(OPERATOR_ROLES)).order_by(
        "full_name", "email"
    )


def this_year() -> int:
    return timezone.localdate().year
