"""Email the digest of expired and soon-to-expire certificates (run it daily or weekly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sourceproof.facilities.services import certificate_digest_send


class Command(BaseCommand):
    help = (
        "Email operator CSR and quality managers (all facilities) and each supplier's users "
        "(their own facilities) the certificates that have expired or expire soon."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print who would get what, and send nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        messages = certificate_digest_send(dry_run=dry_run)
        for message in messages:
            self.stdout.write(
                f"{message.recipient}: {message.expired} expired, {message.expiring} expiring"
            )
            if dry_run and options["verbosity"] > 1:
                self.stdout.write(f"Subject: {message.subject}\n\n{message.body}\n")
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{len(messages)} digest email(s) {verb}.")
