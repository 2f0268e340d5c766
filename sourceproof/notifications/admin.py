from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sourceproof.notifications.models import NotificationPreference, NotificationSent


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin[NotificationPreference]):
    list_display = ("user", "failures_at_once", "every_verdict_at_once", "weekly_digest")
    list_select_related = ("user",)
    search_fields = ("user__email",)
    readonly_fields = ("user", "failures_at_once", "every_verdict_at_once", "weekly_digest")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # each user sets their own, on /notifications/


@admin.register(NotificationSent)
class NotificationSentAdmin(admin.ModelAdmin[NotificationSent]):
    list_display = ("sent_at", "kind", "key", "email")
    list_filter = ("kind",)
    search_fields = ("key", "email")
    readonly_fields = ("user", "kind", "key", "email", "sent_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
