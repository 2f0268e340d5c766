"""The Django admin: read-only views of the legal-wage table and the runs.

The table is edited on its own pages (through the services, so every change is recorded in
the change log); runs are made by uploads only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sourceproof.payroll.models import LegalWage, WageHoursRun


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LegalWage)
class LegalWageAdmin(ReadOnlyAdmin):
    list_display = (
        "country",
        "region",
        "sector",
        "effective_from",
        "effective_until",
        "minimum_hourly_wage",
        "currency",
        "source_year",
        "is_illustrative",
    )
    list_filter = ("country", "is_illustrative")
    search_fields = ("region", "areas", "sector", "source_text")


@admin.register(WageHoursRun)
class WageHoursRunAdmin(ReadOnlyAdmin):
    list_display = ("id", "facility", "audit", "status", "wage_date", "created_by", "created_at")
    list_filter = ("status",)
    list_select_related = ("facility", "audit", "created_by")
    search_fields = ("facility__code", "audit__reference")
    exclude = ("report", "not_checked_details", "summary")
