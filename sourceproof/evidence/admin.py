from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sourceproof.accounts.models import User
from sourceproof.evidence.models import EvidencePolicy, Photo
from sourceproof.evidence.services import POLICY_FIELDS, evidence_policy_update


@admin.register(EvidencePolicy)
class EvidencePolicyAdmin(admin.ModelAdmin[EvidencePolicy]):
    list_display = ("__str__", "reuse_max_distance", "max_megapixels", "updated_at")
    fields = POLICY_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not EvidencePolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: EvidencePolicy, form: Any, change: bool
    ) -> None:
        assert isinstance(request.user, User)
        evidence_policy_update(
            by=request.user, **{name: getattr(obj, name) for name in POLICY_FIELDS}
        )


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin[Photo]):
    """Evidence is read here, never edited: uploads and removals go through the services."""

    list_display = (
        "pk",
        "inspection",
        "received_at",
        "content_type",
        "time_ok",
        "place_ok",
        "no_exif",
        "reused_from",
    )
    list_filter = ("time_ok", "place_ok", "no_exif", "content_type")
    search_fields = ("sha256", "inspection__report_number", "phash_hex")
    list_select_related = ("inspection", "reused_from")
    raw_id_fields = (
        "inspection",
        "checkpoint_result",
        "defect_record",
        "golden_sample",
        "reused_from",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
