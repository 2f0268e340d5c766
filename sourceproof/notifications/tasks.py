"""Background work of the notifications app (django-tasks): thin wrappers over services,
ids and ISO dates in."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def send_verdict_notification(inspection_id: int) -> list[str]:
    """Email a reviewed inspection's verdict to the customer users who want it (once each)."""
    from sourceproof.notifications.services import verdict_notification_send

    return verdict_notification_send(inspection_id=inspection_id)


@task()
def send_weekly_digest(week_ending: str) -> list[str]:
    """Email the weekly digest of the seven days ending with `week_ending` (YYYY-MM-DD)."""
    from sourceproof.notifications.services import weekly_digest_send

    return weekly_digest_send(week_ending=dt.date.fromisoformat(week_ending))
