from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sourceproof.core.models import ChangeRecord, OperatorPolicy


@admin.register(OperatorPolicy)
class OperatorPolicyAdmin(admin.ModelAdmin[OperatorPolicy]):
    list_display = ("__str__", "smeta_max_age_months", "certificate_warning_days", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not OperatorPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin[ChangeRecord]):
    """The change log is append-only: visible here, never editable."""

    list_display = ("at", "actor_label", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor_label", "summary")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
