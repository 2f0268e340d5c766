from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The customer transparency portal: a customer's own orders, facilities, audits,
    inspections and production photos, what the operator shares with each customer, and the
    notifications customer users receive (see docs/portal.md)."""

    name = "sourceproof.portal"
    label = "portal"
    verbose_name = "Customer portal"
