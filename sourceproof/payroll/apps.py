from django.apps import AppConfig


class PayrollConfig(AppConfig):
    """The wage and working-hours analyser's screens, API and legal-wage table."""

    name = "sourceproof.payroll"
    label = "payroll"
