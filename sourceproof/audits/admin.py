"""The Django admin for operator admins: the audit policy (edited here), and read-only views
of audits, findings and corrective actions (their writes go through the pages and services,
so that every step is recorded)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sourceproof.audits.models import Audit, AuditPolicy, CorrectiveAction, Finding
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction


@admin.register(AuditPolicy)
class AuditPolicyAdmin(admin.ModelAdmin[AuditPolicy]):
    list_display = (
        "__str__",
        "ca_days_critical",
        "ca_days_major",
        "ca_days_minor",
        "next_audit_months_high",
        "next_audit_months_medium",
        "next_audit_months_low",
        "updated_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not AuditPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: AuditPolicy, form: Any, change: bool) -> None:
        stored = AuditPolicy.objects.filter(pk=obj.pk).first()
        before = snapshot(stored) if stored is not None else {}
        super().save_model(request, obj, form, change)
        record_change(
            obj=obj,
            actor=request.user,
            action=ChangeAction.UPDATE if stored else ChangeAction.CREATE,
            changes=diff(before, snapshot(obj)) if stored else {},
            summary="" if stored else "Created in the admin",
        )


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Audit)
class AuditAdmin(ReadOnlyAdmin):
    list_display = ("reference", "facility", "standard", "pillars", "end_date", "status")
    list_filter = ("status", "standard")
    search_fields = ("reference", "sedex_audit_reference", "facility__code", "facility__name")
    list_select_related = ("facility",)


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("reference", "finding_type", "clause", "severity", "status", "title")
    list_filter = ("finding_type", "severity", "status")
    search_fields = ("reference", "title")


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(ReadOnlyAdmin):
    list_display = ("finding", "status", "due_date", "verification_method")
    list_filter = ("status",)
    list_select_related = ("finding",)
