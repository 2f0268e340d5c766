"""Reads of the facility import pages: imports and likely duplicates, for operator staff only.

Every selector refuses (404) a user whose role may not import facilities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.http import Http404

from sourceproof.accounts.permissions import Action, require
from sourceproof.facilities.models import (
    DuplicateStatus,
    FacilityImport,
    PossibleDuplicate,
    Supplier,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User


def facility_import_list(*, user: User) -> QuerySet[FacilityImport]:
    """Past imports, newest first, with their counts (the report itself is left unread)."""
    require(user, Action.IMPORT_FACILITIES)
    return (
        FacilityImport.objects.select_related("created_by")
        .defer("report")
        .annotate(
            rows=KT("report__counts__rows"),
            to_create=KT("report__counts__create"),
            to_update=KT("report__counts__update"),
            error_count=KT("report__counts__errors"),
            created=KT("report__result__created"),
            updated=KT("report__result__updated"),
        )
        .order_by("-created_at", "-pk")
    )


def get_facility_import_for_user(*, user: User, pk: int) -> FacilityImport:
    require(user, Action.IMPORT_FACILITIES)
    found = FacilityImport.objects.select_related("created_by").filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found


def import_suppliers(*, user: User) -> QuerySet[Supplier]:
    """The suppliers an import screen offers for files without a supplier column."""
    require(user, Action.IMPORT_FACILITIES)
    return Supplier.objects.filter(is_active=True).order_by("legal_name", "pk")


def possible_duplicate_list(
    *, user: User, status: str = DuplicateStatus.OPEN
) -> QuerySet[PossibleDuplicate]:
    require(user, Action.IMPORT_FACILITIES)
    return (
        PossibleDuplicate.objects.filter(status=status)
        .select_related("facility", "facility__supplier", "similar_to", "similar_to__supplier")
        .order_by("-created_at", "-pk")
    )


def get_possible_duplicate_for_user(*, user: User, pk: int) -> PossibleDuplicate:
    require(user, Action.IMPORT_FACILITIES)
    found = PossibleDuplicate.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found
