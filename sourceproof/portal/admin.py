from django.contrib import admin

from sourceproof.portal.models import CustomerSharing


@admin.register(CustomerSharing)
class CustomerSharingAdmin(admin.ModelAdmin[CustomerSharing]):
    """Read-only here: changes go through the sharing page, which records the change log."""

    list_display = ("customer", "share_audit_details", "share_supplier_name", "updated_at")
    readonly_fields = ("customer", "share_audit_details", "share_supplier_name", "updated_by")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
