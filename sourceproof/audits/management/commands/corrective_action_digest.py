"""Email the corrective-action digest (run it daily or weekly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sourceproof.audits.services import corrective_action_digest_send


class Command(BaseCommand):
    help = (
        "Remind each supplier's users of their own corrective actions that are overdue or due "
        "soon, and send the CSR managers a summary of overdue actions, those due soon and those "
        "waiting for verification."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would get what, and send nothing."
        )
        parser.add_argument(
            "--today", help="Run as if today were this day (YYYY-MM-DD), e.g. to test."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date: YYYY-MM-DD.") from exc
        dry_run = options["dry_run"]
        messages = corrective_action_digest_send(today=today, dry_run=dry_run)
        for message in messages:
            self.stdout.write(
                f"{message.recipient} ({message.kind}): {message.overdue} overdue, "
                f"{message.due_soon} due soon"
            )
            if dry_run and options["verbosity"] > 1:
                self.stdout.write(f"Subject: {message.subject}\n\n{message.body}\n")
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{len(messages)} digest email(s) {verb}.")
