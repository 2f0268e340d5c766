"""Django admin for operator admins: the inspection policy (through its service, so changes
land in the change log) and read-only views of inspections, streams and the library.

Inspections, verdicts, overrides and streams change only through their services; the
library is edited on its pages (quality managers)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sourceproof.accounts.models import User
from sourceproof.inspections.models import (
    AqlOverride,
    ChecklistTemplate,
    DefectType,
    Inspection,
    InspectionPolicy,
    SamplingStream,
)
from sourceproof.inspections.services.library import POLICY_FIELDS, inspection_policy_update


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InspectionPolicy)
class InspectionPolicyAdmin(admin.ModelAdmin[InspectionPolicy]):
    list_display = ("__str__", "minimum_level", "major_aql", "minor_aql", "psi_packed_min")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not InspectionPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: InspectionPolicy, form: Any, change: bool
    ) -> None:
        InspectionPolicy.current()
        assert isinstance(request.user, User)
        inspection_policy_update(
            by=request.user, **{name: getattr(obj, name) for name in POLICY_FIELDS}
        )


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = (
        "report_number",
        "inspection_type",
        "status",
        "planned_date",
        "facility",
        "final_verdict",
    )
    list_filter = ("status", "inspection_type", "final_verdict")
    search_fields = ("report_number", "order__number", "facility__code")
    list_select_related = ("facility",)


@admin.register(SamplingStream)
class SamplingStreamAdmin(ReadOnlyAdmin):
    list_display = ("facility", "product_category", "severity", "lots")
    list_filter = ("severity",)
    list_select_related = ("facility", "product_category")


@admin.register(DefectType)
class DefectTypeAdmin(ReadOnlyAdmin):
    list_display = ("code", "defect_class", "category", "description_en", "is_active")
    list_filter = ("defect_class", "category", "is_active")
    search_fields = ("code", "description_en")


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(ReadOnlyAdmin):
    list_display = ("name", "product_category", "version", "is_current")
    list_select_related = ("product_category",)


@admin.register(AqlOverride)
class AqlOverrideAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "major_aql", "minor_aql", "level")
