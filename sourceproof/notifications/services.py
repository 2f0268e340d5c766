"""Writes of the notifications app: a customer user's preferences, and sending the verdict
email and the weekly digest, each at most once per recipient (docs/notifications.md).

Sending is idempotent through `NotificationSent`: each recipient's row is inserted in its own
transaction together with the send, so a retried task skips those already served, and an
email that failed to go out leaves no row (the retry sends it). The service as a whole is
deliberately not one transaction: one recipient's failure must not undo the record of the
emails already sent.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import Http404

from sourceproof.core.changelog import record_change
from sourceproof.core.models import ChangeAction
from sourceproof.notifications import selectors
from sourceproof.notifications.emails import compose
from sourceproof.notifications.models import (
    NotificationKind,
    NotificationPreference,
    NotificationSent,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

PREFERENCE_FIELDS = ("failures_at_once", "every_verdict_at_once", "weekly_digest")


# --------------------------------------------------------------------------- preferences


@transaction.atomic
def notification_preference_update(
    *, user: User, failures_at_once: bool, every_verdict_at_once: bool, weekly_digest: bool
) -> NotificationPreference:
    """Save the acting customer user's own preferences (the row is made on the first save).
    Any other role: 404."""
    if not selectors.is_recipient_role(user):
        raise Http404("Not found.")
    preference, made = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    before = {name: None if made else getattr(preference, name) for name in PREFERENCE_FIELDS}
    preference.failures_at_once = failures_at_once
    preference.every_verdict_at_once = every_verdict_at_once
    preference.weekly_digest = weekly_digest
    preference.save()
    after = {name: getattr(preference, name) for name in PREFERENCE_FIELDS}
    record_change(
        obj=preference,
        actor=user,
        action=ChangeAction.CREATE if made else ChangeAction.UPDATE,
        changes={k: [before[k], v] for k, v in after.items() if made or before[k] != v},
    )
    return preference


# --------------------------------------------------------------------------- sending once


def already_sent(*, user: User, kind: str, key: str) -> bool:
    return NotificationSent.objects.filter(user_id=user.pk, kind=kind, key=key).exists()


def send_once(*, user: User, kind: str, key: str, message: EmailMultiAlternatives) -> bool:
    """Send the message unless (user, kind, key) was sent before; True when sent now."""
    with transaction.atomic():
        _row, made = NotificationSent.objects.get_or_create(
            user=user, kind=kind, key=key, defaults={"email": user.email}
        )
        if not made:
            return False
        message.send()  # an error rolls the row back: a retry sends it
    return True


# --------------------------------------------------------------------------- the verdict


def verdict_notification_send(*, inspection_id: int) -> list[str]:
    """Email a reviewed inspection's verdict to the customer users of its order's customer
    who want it: a fail to those with `failures_at_once`, any verdict to those with
    `every_verdict_at_once`. Once per user, report and verdict (a later override to the other
    verdict is a new notification). Returns the addresses emailed now."""
    notice = selectors.verdict_notice(inspection_id=inspection_id)
    if notice is None:
        return []
    users = list(selectors.customer_users(organisation_id=notice.customer_id))
    preferences = selectors.preferences_of(users)
    key = f"{notice.report_number}:{notice.verdict}"
    sent = []
    for user in users:
        if not preferences[user.pk].wants_verdict(notice.verdict):
            continue
        if already_sent(user=user, kind=NotificationKind.VERDICT, key=key):
            continue
        message = compose(user=user, template="verdict", context={"notice": notice})
        if send_once(user=user, kind=NotificationKind.VERDICT, key=key, message=message):
            sent.append(user.email)
    return sent


def enqueue_verdict_notification(inspection_id: int) -> None:
    """The review hook (registered in NotificationsConfig.ready): queue the email task once
    the surrounding transaction commits (the hook runs after the review's commit, so at once)."""
    from sourceproof.notifications.tasks import send_verdict_notification

    transaction.on_commit(lambda: send_verdict_notification.enqueue(inspection_id=inspection_id))


# --------------------------------------------------------------------------- the weekly digest


def weekly_digest_send(*, week_ending: dt.date) -> list[str]:
    """Email each opted-in customer user what the seven days ending with `week_ending`
    brought to their own organisation (see `selectors.weekly_digest_for_user`). A user with
    nothing to report gets nothing. Once per user and ISO week. Returns the addresses
    emailed now."""
    window = selectors.DigestWindow(week_ending=week_ending)
    users = list(selectors.customer_users())
    preferences = selectors.preferences_of(users)
    shipped_ids = selectors.shipped_order_ids(window=window)
    sent = []
    for user in users:
        if not preferences[user.pk].weekly_digest:
            continue
        if already_sent(user=user, kind=NotificationKind.WEEKLY_DIGEST, key=window.key):
            continue
        digest = selectors.weekly_digest_for_user(user=user, window=window, shipped_ids=shipped_ids)
        if digest.is_empty:
            continue
        message = compose(user=user, template="digest", context={"digest": digest})
        if send_once(
            user=user, kind=NotificationKind.WEEKLY_DIGEST, key=window.key, message=message
        ):
            sent.append(user.email)
    return sent
