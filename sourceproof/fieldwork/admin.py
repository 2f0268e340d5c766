from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sourceproof.fieldwork.models import AppliedOperation


@admin.register(AppliedOperation)
class AppliedOperationAdmin(admin.ModelAdmin[AppliedOperation]):
    """The log of the phones' operations, to answer "did it arrive?". Read only: rows are
    written by `fieldwork.services` and never changed."""

    list_display = ("applied_at", "inspection", "kind", "applied_by", "op_id")
    list_filter = ("kind",)
    search_fields = ("op_id", "inspection__report_number")
    list_select_related = ("inspection", "applied_by")
    ordering = ("-applied_at", "-id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
