from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Email to customer users: an inspection verdict as soon as it is reviewed (a failure at
    once) and an optional weekly digest, each user choosing what they receive
    (see docs/notifications.md)."""

    name = "sourceproof.notifications"
    label = "notifications"
    verbose_name = "Notifications"
