from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "sourceproof.audits"
    label = "audits"

    def ready(self) -> None:
        """Join the sourcing gate: a rule (compliance status not suspended) and the facts it
        and the SMETA rule need (see audits/gate_facts.py and docs/audits.md)."""
        from sourceproof.audits.gate_facts import compliance_gate_facts
        from sourceproof.audits.gate_rules import rule_compliance_not_suspended
        from sourceproof.orders.gate import register_rule
        from sourceproof.orders.selectors import register_fact_provider

        register_rule(rule_compliance_not_suspended)
        register_fact_provider(compliance_gate_facts)
