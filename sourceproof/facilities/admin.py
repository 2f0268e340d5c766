"""The Django admin for operator admins. Changes made here are recorded in the change log too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction
from sourceproof.facilities.models import (
    Certificate,
    CountryRisk,
    Facility,
    FacilityImport,
    PossibleDuplicate,
    ProductCategory,
    Supplier,
)
from sourceproof.facilities.normalise import facility_match_key


class RecordedAdmin(admin.ModelAdmin[Any]):
    """Record admin saves and deletions in the change log, like the services do."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = {}
        if change and obj.pk:
            stored = type(obj).objects.filter(pk=obj.pk).first()
            before = snapshot(stored) if stored is not None else {}
        super().save_model(request, obj, form, change)
        after = snapshot(obj)
        if change:
            record_change(
                obj=obj, actor=request.user, action=ChangeAction.UPDATE, changes=diff(before, after)
            )
        else:
            record_change(
                obj=obj,
                actor=request.user,
                action=ChangeAction.CREATE,
                changes={k: [None, v] for k, v in after.items() if v not in (None, "")},
                summary="Created in the admin",
            )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        record_change(
            obj=obj, actor=request.user, action=ChangeAction.DELETE, summary="Deleted in the admin"
        )
        super().delete_model(request, obj)


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin[ProductCategory]):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(Supplier)
class SupplierAdmin(RecordedAdmin):
    list_display = ("legal_name", "supplier_number", "country", "sedex_zc", "is_active")
    list_filter = ("is_active", "country")
    search_fields = ("legal_name", "supplier_number", "sedex_zc")
    raw_id_fields = ("organisation",)


class CertificateInline(admin.TabularInline[Certificate, Facility]):
    model = Certificate
    extra = 0
    fields = ("scheme", "issuer", "number", "valid_from", "valid_until", "document_sha256")
    readonly_fields = ("document_sha256",)
    show_change_link = True


@admin.register(Facility)
class FacilityAdmin(RecordedAdmin):
    list_display = ("code", "name", "supplier", "city", "country", "os_id", "is_suspended")
    list_filter = ("is_suspended", "country", "product_categories")
    search_fields = ("code", "name", "os_id", "city", "supplier__legal_name")
    list_select_related = ("supplier",)
    raw_id_fields = ("supplier",)
    readonly_fields = ("match_key",)
    filter_horizontal = ("product_categories",)
    inlines = (CertificateInline,)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.match_key = facility_match_key(obj.name, obj.address, obj.country)
        super().save_model(request, obj, form, change)


@admin.register(Certificate)
class CertificateAdmin(RecordedAdmin):
    list_display = ("facility", "scheme", "issuer", "number", "valid_from", "valid_until")
    list_filter = ("scheme",)
    search_fields = ("number", "issuer", "facility__code", "facility__name")
    list_select_related = ("facility",)
    raw_id_fields = ("facility",)
    readonly_fields = ("document_sha256",)
    date_hierarchy = "valid_until"


@admin.register(CountryRisk)
class CountryRiskAdmin(RecordedAdmin):
    list_display = ("country", "name", "risk_class", "source", "year")
    list_filter = ("risk_class",)
    search_fields = ("country", "name")


@admin.register(PossibleDuplicate)
class PossibleDuplicateAdmin(admin.ModelAdmin[PossibleDuplicate]):
    list_display = ("facility", "similar_to", "reason", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("facility", "similar_to")


@admin.register(FacilityImport)
class FacilityImportAdmin(admin.ModelAdmin[FacilityImport]):
    """Imports are made and applied on the import pages; here they are only shown."""

    list_display = ("original_name", "status", "created_by", "created_at", "applied_at")
    list_filter = ("status",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
