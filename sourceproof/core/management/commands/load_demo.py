"""Load the demo data (idempotent) and print the demo logins."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from sourceproof.core.demo import DEMO_PASSWORD, demo_load, logins_table

# Each capability's own demo, in dependency order; each is idempotent.
APP_DEMOS = [
    ("ethics", "load_ethics_demo"),
    ("inspections", "load_inspection_demo"),
    ("evidence", "load_evidence_demo"),
    ("csr", "load_csr_demo"),
    ("portal", "load_portal_demo"),
]


class Command(BaseCommand):
    help = (
        "Load the demo installation (Groen Promotions B.V., its customers, suppliers, "
        "facilities, certificates and orders) and print the demo logins. Safe to run again: "
        "rows already present are left alone."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load()
        for app, function in APP_DEMOS:
            if apps.is_installed(f"sourceproof.{app}"):
                loader = getattr(importlib.import_module(f"sourceproof.{app}.demo"), function)
                outcome = loader()
                self.stdout.write(f"{app}: {getattr(outcome, 'summary', None) or 'ready'}")
        if result.created:
            made = ", ".join(f"{n} {kind}" for kind, n in result.created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {made}."))
        else:
            self.stdout.write("Demo data already present; nothing to add.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}; for demo use only):")
        self.stdout.write(logins_table(result.logins))
        self.stdout.write("")
