"""Background tasks of the code of ethics: thin wrappers over services (ids in)."""

from __future__ import annotations

from django_tasks import task

from sourceproof.ethics.models import CodeOfEthics, CodeStatus
from sourceproof.ethics.services import ethics_reminders_send


@task()
def send_sign_requests(*, code_id: int) -> int:
    """Right after publication: ask every supplier that has not signed the version to sign it.
    Returns how many messages went out (none if the version is no longer the current one)."""
    if not CodeOfEthics.objects.filter(pk=code_id, status=CodeStatus.PUBLISHED).exists():
        return 0
    return len(ethics_reminders_send(kind="new_version"))
