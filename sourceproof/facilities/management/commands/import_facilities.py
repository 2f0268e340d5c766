"""`manage.py import_facilities FILE [--supplier S00001] [--dry-run]`: the import screen's
services on the command line (also `sourceproof manage import_facilities …`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sourceproof.accounts.models import Role, User
from sourceproof.facilities.importing import services
from sourceproof.facilities.importing.reading import ImportFileError, read_table
from sourceproof.facilities.importing.validation import validate_table
from sourceproof.facilities.models import ImportStatus, Supplier


class Command(BaseCommand):
    help = (
        "Import facilities from a CSV or XLSX file (the template, an export or an Open Supply "
        "Hub download): validate every row, then apply all rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument(
            "--supplier",
            default="",
            help="Supplier number for rows without one (e.g. an Open Supply Hub download).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report; write nothing."
        )
        parser.add_argument(
            "--user",
            default="",
            help="Email of the operator user recorded as importer (default: the first admin).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        data = path.read_bytes()
        supplier = None
        if options["supplier"]:
            supplier = Supplier.objects.filter(supplier_number=options["supplier"]).first()
            if supplier is None:
                raise CommandError(f"Supplier number {options['supplier']} is unknown.")
        if options["dry_run"]:
            try:
                table = read_table(data)
            except ImportFileError as exc:
                raise CommandError(exc.message) from exc
            plan = validate_table(
                table, supplier_number=supplier.supplier_number if supplier else ""
            )
            self._print_report(plan.report())
            if not plan.is_valid:
                raise CommandError("The file has problems; nothing would be imported.")
            self.stdout.write(self.style.SUCCESS("Dry run: the file is valid; nothing written."))
            return

        user = self._user(options["user"])
        try:
            facility_import = services.facility_import_upload(
                data=data, original_name=path.name, by=user, supplier=supplier
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if facility_import.status == ImportStatus.PENDING:  # large: not waiting for a worker
            services.facility_import_validate(facility_import=facility_import)
        self._print_report(facility_import.report)
        if facility_import.status != ImportStatus.VALID:
            raise CommandError(
                f"Import {facility_import.pk}: the file has problems; nothing was imported."
            )
        result = services.facility_import_apply(facility_import=facility_import, by=user)
        if not result.applied:
            self._print_report(result.facility_import.report)
            raise CommandError(f"Import {facility_import.pk}: {result.message}")
        done = result.facility_import.report.get("result", {})
        self.stdout.write(
            self.style.SUCCESS(
                f"Import {facility_import.pk} applied: {done.get('created', 0)} created, "
                f"{done.get('updated', 0)} changed, {done.get('unchanged', 0)} unchanged, "
                f"{done.get('duplicates_flagged', 0)} likely duplicates flagged for review."
            )
        )

    def _user(self, email: str) -> User:
        users = User.objects.filter(is_active=True)
        user = (
            users.filter(email__iexact=email).first()
            if email
            else users.filter(role=Role.ADMIN).order_by("pk").first()
        )
        if user is None:
            raise CommandError(
                f"No active user {email}." if email else "No admin user: pass --user EMAIL."
            )
        return user

    def _print_report(self, report: dict[str, Any]) -> None:
        counts = report.get("counts", {})
        if "create" in counts:
            self.stdout.write(
                f"{counts.get('rows', 0)} rows: {counts['create']} to create, "
                f"{counts['update']} to change, {counts['unchanged']} unchanged, "
                f"{counts['duplicates']} new ones look like existing facilities."
            )
        ignored = report.get("columns", {}).get("ignored", [])
        if ignored:
            self.stdout.write("Ignored columns: " + ", ".join(ignored))
        for title, issues in (
            ("Problems", report.get("errors")),
            ("Warnings", report.get("warnings")),
        ):
            if not issues:
                continue
            self.stdout.write(f"{title} (row, column, value: problem):")
            for issue in issues:
                self.stdout.write(
                    f"  row {issue['row']}, {issue['column'] or '-'}, "
                    f"{issue['value'] or '-'}: {issue['problem']}"
                )
