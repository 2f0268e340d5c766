"""Serve sourceproof for development: the web server and a background task worker together."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the development web server and the django-tasks database worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "1"])
        self.stdout.write(
            self.style.SUCCESS(f"sourceproof on http://{options['host']}:{options['port']}/")
            + "  (task worker running; Ctrl-C stops both)"
        )
        try:
            call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
