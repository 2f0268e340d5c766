"""Background tasks of the orders app: thin wrappers over services (ids in, never instances)."""

from __future__ import annotations

from django_tasks import task

from sourceproof.orders.gate_states import gate_states_refresh


@task()
def refresh_gate_states() -> int:
    """Judge every facility with draft orders again (the dashboard's stored gate states);
    returns how many facilities were judged."""
    return gate_states_refresh().facilities
