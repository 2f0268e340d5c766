from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "sourceproof.inspections"
    label = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        """Register the sourcing-gate rule (inspection discontinued for a facility and
        product category) and the fact provider that feeds it."""
        from sourceproof.inspections.gate_rules import (
            discontinued_stream_facts,
            rule_inspection_not_discontinued,
        )
        from sourceproof.orders.gate import register_rule
        from sourceproof.orders.selectors import register_fact_provider

        register_rule(rule_inspection_not_discontinued)
        register_fact_provider(discontinued_stream_facts)
