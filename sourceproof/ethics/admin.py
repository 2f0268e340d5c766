"""The Django admin for operator admins: the code-of-ethics policy (edited here, recorded in the
change log), and read-only views of versions, principles and signatures (their writes go
through the pages and services, so that every step is recorded)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction
from sourceproof.ethics.models import (
    Acknowledgement,
    CodeOfEthics,
    EthicsPolicy,
    GlobalCompactPrinciple,
)


@admin.register(EthicsPolicy)
class EthicsPolicyAdmin(admin.ModelAdmin[EthicsPolicy]):
    list_display = ("__str__", "default_grace_days", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not EthicsPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: EthicsPolicy, form: Any, change: bool) -> None:
        stored = EthicsPolicy.objects.filter(pk=obj.pk).first()
        before = snapshot(stored) if stored is not None else {}
        super().save_model(request, obj, form, change)
        record_change(
            obj=obj,
            actor=request.user,
            action=ChangeAction.UPDATE if before else ChangeAction.CREATE,
            changes=diff(before, snapshot(obj)),
        )


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CodeOfEthics)
class CodeOfEthicsAdmin(_ReadOnly):
    list_display = ("__str__", "status", "effective_date", "published_at", "grace_days")
    list_filter = ("status",)


@admin.register(GlobalCompactPrinciple)
class GlobalCompactPrincipleAdmin(_ReadOnly):
    list_display = ("number", "area", "text")


@admin.register(Acknowledgement)
class AcknowledgementAdmin(_ReadOnly):
    list_display = ("supplier", "code", "signer_name", "signed_at", "language", "ip_address")
    list_filter = ("code",)
    search_fields = ("supplier__legal_name", "signer_name", "user_email")
    list_select_related = ("supplier", "code")
