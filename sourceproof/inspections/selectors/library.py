"""Reads of the quality library: defect types, checklist templates and AQL overrides
(operator roles)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeRecord
from sourceproof.facilities.models import ProductCategory
from sourceproof.inspections.models import (
    AqlOverride,
    ChecklistTemplate,
    Checkpoint,
    DefectType,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User


def defect_type_list(
    *,
    user: User,
    q: str = "",
    defect_class: str = "",
    category: str = "",
    active: bool | None = None,
) -> QuerySet[DefectType]:
    require(user, Action.VIEW_QUALITY_LIBRARY)
    types = DefectType.objects.all()
    if q:
        q = q.strip()
        types = types.filter(
            Q(code__icontains=q)
            | Q(description_en__icontains=q)
            | Q(description_nl__icontains=q)
            | Q(description_zh__icontains=q)
        )
    if defect_class:
        types = types.filter(defect_class=defect_class)
    if category:
        types = types.filter(category=category)
    if active is not None:
        types = types.filter(is_active=active)
    return types.order_by("code")


def get_defect_type_for_user(*, user: User, code: str) -> DefectType:
    require(user, Action.VIEW_QUALITY_LIBRARY)
    found = DefectType.objects.filter(code=code).first()
    if found is None:
        raise Http404("Not found.")
    return found


def active_defect_types() -> QuerySet[DefectType]:
    return DefectType.objects.filter(is_active=True).order_by("defect_class", "code")


def defect_type_history(*, user: User, defect_type: DefectType) -> list[ChangeRecord]:
    if not can(user, Action.VIEW_HISTORY):
        return []
    return list(history_for(defect_type))


@dataclass(frozen=True)
class CategoryChecklists:
    category: ProductCategory
    current: ChecklistTemplate | None
    versions: int


def checklist_overview(*, user: User) -> list[CategoryChecklists]:
    """Every product category with its current checklist version (two queries)."""
    require(user, Action.VIEW_QUALITY_LIBRARY)
    current = {
        t.product_category_id: t
        for t in ChecklistTemplate.objects.filter(is_current=True)
        .select_related("created_by", "product_category")
        .annotate(checkpoint_count=Count("checkpoints"))
    }
    categories = ProductCategory.objects.annotate(
        version_count=Count("checklist_templates")
    ).order_by("name")
    return [
        CategoryChecklists(
            category=c,
            current=current.get(c.pk),
            versions=c.version_count,
        )
        for c in categories
    ]


def checklist_versions(*, user: User, category: ProductCategory) -> QuerySet[ChecklistTemplate]:
    require(user, Action.VIEW_QUALITY_LIBRARY)
    return (
        ChecklistTemplate.objects.filter(product_category=category)
        .select_related("created_by", "product_category")
        .annotate(checkpoint_count=Count("checkpoints"), inspection_count=Count("inspections"))
        .order_by("-version")
    )


def get_checklist_for_user(*, user: User, pk: int) -> ChecklistTemplate:
    require(user, Action.VIEW_QUALITY_LIBRARY)
    found = (
        ChecklistTemplate.objects.select_related("product_category", "created_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


def checklist_checkpoints(*, template: ChecklistTemplate) -> list[Checkpoint]:
    return list(template.checkpoints.order_by("position", "id"))


def checklist_history(*, user: User, template: ChecklistTemplate) -> list[ChangeRecord]:
    if not can(user, Action.VIEW_HISTORY):
        return []
    return list(history_for(template))


def get_category(*, user: User, code: str) -> ProductCategory:
    require(user, Action.VIEW_QUALITY_LIBRARY)
    found = ProductCategory.objects.filter(code=code).first()
    if found is None:
        raise Http404("Not found.")
    return found


def product_categories() -> QuerySet[ProductCategory]:
    return ProductCategory.objects.order_by("name")


def aql_override_list(*, user: User) -> QuerySet[AqlOverride]:
    require(user, Action.VIEW_QUALITY_LIBRARY)
    return AqlOverride.objects.select_related("customer", "product", "product__customer").order_by(
        "customer__name", "product__sku"
    )
