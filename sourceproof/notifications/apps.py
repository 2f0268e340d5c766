from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Email to customer users: an inspection verdict as soon as it is reviewed (a failure at
    once) and an optional weekly digest, each user choosing what they receive
    (see docs/notifications.md)."""

    name = "sourceproof.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        """Queue the verdict email after every review commits, and again when an override
        changes a reviewed inspection's verdict (sent once per verdict: the log's key holds
        the verdict)."""
        from sourceproof.inspections.services import (
            register_review_hook,
            register_verdict_change_hook,
        )
        from sourceproof.notifications.services import enqueue_verdict_notification

        register_review_hook(enqueue_verdict_notification)
        register_verdict_change_hook(enqueue_verdict_notification)
