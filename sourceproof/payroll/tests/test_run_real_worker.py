"""The analysis runs in a real django-tasks database worker: the upload stores a task row,
`db_worker --batch` picks it up, and the run ends done."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from sourceproof.core.testing import make_personas
from sourceproof.payroll.models import RunStatus
from sourceproof.payroll.tests.helpers import cli_json, make_run


@pytest.mark.django_db(transaction=True)
def test_it_runs_in_the_database_worker(settings: Any, tmp_path: Path) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    personas = make_personas()

    run = make_run(personas)  # not in a test transaction: the task is enqueued on commit

    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"] == {"run_id": run.pk}
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    run.refresh_from_db()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value == RunStatus.DONE
    assert run.status == RunStatus.DONE
    assert run.report == cli_json(tmp_path, run.rules)
