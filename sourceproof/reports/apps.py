from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sourceproof.reports"
    label = "reports"

    def ready(self) -> None:
        """Queue the inspection report's rendering after every review commits."""
        from sourceproof.inspections.services import register_review_hook
        from sourceproof.reports.inspection import enqueue_inspection_report

        register_review_hook(enqueue_inspection_report)
