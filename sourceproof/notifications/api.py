"""The notifications API: the acting customer user's own email preferences.

Mounted at /api/v1/notifications (GET and PUT /preferences). Any role other than a customer
user gets 404, like the page. A read-only token cannot PUT (403, from the API's auth).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from sourceproof.core.http import acting_user
from sourceproof.notifications import selectors, services
from sourceproof.notifications.models import NotificationPreference

router = Router(tags=["notifications"])


class PreferencesIn(Schema):
    failures_at_once: bool
    every_verdict_at_once: bool
    weekly_digest: bool


class PreferencesOut(PreferencesIn):
    language: str  # the profile's language the emails are written in ("" = site default)
    saved: bool  # False: never saved, these are the defaults


def _out(preference: NotificationPreference) -> PreferencesOut:
    return PreferencesOut(
        failures_at_once=preference.failures_at_once,
        every_verdict_at_once=preference.every_verdict_at_once,
        weekly_digest=preference.weekly_digest,
        language=preference.user.language,
        saved=preference.pk is not None,
    )


@router.get(
    "/preferences",
    response=PreferencesOut,
    url_name="notifications_preferences",
    summary="My email preferences",
)
def preferences_get(request: HttpRequest) -> PreferencesOut:
    return _out(selectors.preference_for_user(user=acting_user(request)))


@router.put(
    "/preferences",
    response=PreferencesOut,
    url_name="notifications_preferences",
    summary="Replace my email preferences",
)
def preferences_put(request: HttpRequest, payload: PreferencesIn) -> PreferencesOut:
    preference = services.notification_preference_update(
        user=acting_user(request),
        failures_at_once=payload.failures_at_once,
        every_verdict_at_once=payload.every_verdict_at_once,
        weekly_digest=payload.weekly_digest,
    )
    return _out(preference)
