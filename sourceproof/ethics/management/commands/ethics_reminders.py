"""Email the users of every supplier that has not signed the current code of ethics."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sourceproof.ethics.services import ethics_reminders_send


class Command(BaseCommand):
    help = (
        "Remind the users of each active supplier that has not signed the current version of "
        "the code of ethics (pending within the grace period, or overdue) to sign it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would get what, and send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        messages = ethics_reminders_send(dry_run=dry_run)
        for message in messages:
            self.stdout.write(f"{message.recipient} ({message.supplier}): {message.state}")
            if dry_run and options["verbosity"] > 1:
                self.stdout.write(f"Subject: {message.subject}\n\n{message.body}\n")
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{len(messages)} reminder(s) {verb}.")
