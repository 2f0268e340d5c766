from django.apps import AppConfig


class EthicsConfig(AppConfig):
    name = "sourceproof.ethics"
    label = "ethics"
    verbose_name = "Code of ethics"

    def ready(self) -> None:
        """Join the sourcing gate: a rule (the facility's supplier signed the current code of
        ethics, or is within the grace period) and the facts it needs (see ethics/gate_facts.py
        and docs/ethics.md)."""
        from sourceproof.ethics.gate_facts import code_of_ethics_gate_facts
        from sourceproof.ethics.gate_rules import rule_code_of_ethics_signed
        from sourceproof.orders.gate import register_rule
        from sourceproof.orders.selectors import register_fact_provider

        register_rule(rule_code_of_ethics_signed)
        register_fact_provider(code_of_ethics_gate_facts)
