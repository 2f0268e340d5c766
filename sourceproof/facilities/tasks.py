"""Background tasks of the registry: thin wrappers over services (ids in, never instances)."""

from __future__ import annotations

from django_tasks import task

from sourceproof.facilities.services import certificate_digest_send


@task()
def send_certificate_digest() -> int:
    """Email the certificate digest; returns how many messages went out."""
    return len(certificate_digest_send())
