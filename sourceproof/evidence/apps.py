from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "sourceproof.evidence"
    label = "evidence"
    verbose_name = "Photo evidence"

    def ready(self) -> None:
        """Submission waits for the photos the checklist requires: a checkpoint that needs N
        photos (the PSI's "matches the golden sample": its side-by-side photos) cannot be
        submitted with fewer attached."""
        from sourceproof.evidence.services import photos_missing
        from sourceproof.inspections.services import register_submit_check

        register_submit_check(photos_missing)
