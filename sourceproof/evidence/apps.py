from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "sourceproof.evidence"
    label = "evidence"
    verbose_name = "Photo evidence"
