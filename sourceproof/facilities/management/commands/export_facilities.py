"""`manage.py export_facilities --format csv|xlsx -o FILE`: every facility, in the columns the
import reads back (also `sourceproof manage export_facilities …`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sourceproof.facilities import exporting


class Command(BaseCommand):
    help = "Export all facilities to CSV or XLSX (the import template's columns and more)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=exporting.FORMATS, default="csv")
        parser.add_argument(
            "-o", "--output", default="-", help="The file to write; - (default) is stdout for CSV."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = exporting.facility_export_rows(exporting.facility_export_queryset(user=None))
        output = options["output"]
        if options["format"] == "xlsx":
            if output == "-":
                raise CommandError("XLSX needs -o FILE.")
            Path(output).write_bytes(exporting.export_xlsx(rows))
            return
        if output == "-":
            for line in exporting.export_csv(rows):
                self.stdout.write(line.lstrip("\ufeff"), ending="")
            return
        with Path(output).open("w", encoding="utf-8", newline="") as handle:
            for line in exporting.export_csv(rows):
                handle.write(line)
