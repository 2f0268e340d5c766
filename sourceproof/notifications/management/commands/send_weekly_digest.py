"""Email the weekly digest to the customer users who want it (run it from cron on Mondays)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sourceproof.notifications.services import weekly_digest_send


class Command(BaseCommand):
    help = (
        "Email each customer user who wants the weekly digest what the seven days ending with "
        "--date (default: yesterday) brought to their organisation. Users with nothing to "
        "report get nothing; a second run for the same ISO week sends nothing again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="The last day of the week to report (YYYY-MM-DD); default: yesterday."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        week_ending = timezone.localdate() - dt.timedelta(days=1)
        if options.get("date"):
            try:
                week_ending = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be a date: YYYY-MM-DD.") from exc
        sent = weekly_digest_send(week_ending=week_ending)
        first = week_ending - dt.timedelta(days=6)
        self.stdout.write(f"Weekly digest {first}..{week_ending}: {len(sent)} email(s) sent.")
