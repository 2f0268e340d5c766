"""The certificate digest email: `sourceproof manage certificate_digest [--dry-run]`."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sourceproof.core.testing import CertificateFactory, Personas
from sourceproof.facilities.models import CertificateScheme
from sourceproof.facilities.services import certificate_digest_send
from sourceproof.facilities.tasks import send_certificate_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(personas: Personas) -> None:
    today = timezone.localdate()
    CertificateFactory.create(
        facility=personas.facility,
        scheme=CertificateScheme.SMETA_4P,
        number="BRIGHT-SMETA",
        valid_until=today + dt.timedelta(days=12),
    )
    CertificateFactory.create(
        facility=personas.other_facility,
        scheme=CertificateScheme.BSCI,
        number="CANVAS-BSCI",
        valid_from=today - dt.timedelta(days=700),
        valid_until=today - dt.timedelta(days=3),
    )
    CertificateFactory.create(  # 265 days left: not due
        facility=personas.facility, scheme=CertificateScheme.ISO_14001, number="FAR-AWAY"
    )


def outbox_for(email: str) -> mail.EmailMessage:
    [message] = [m for m in mail.outbox if m.to == [email]]
    return message


class TestCertificateDigest:
    def test_it_emails_csr_and_quality_managers_everything(self, due: None) -> None:
        call_command("certificate_digest", stdout=StringIO())
        for email in ("csr@groen.test", "quality@groen.test"):
            message = outbox_for(email)
            assert message.subject == "sourceproof: 2 certificates need attention"
            assert "BRIGHT-SMETA" in message.body and "CANVAS-BSCI" in message.body
            assert "FAR-AWAY" not in message.body
            assert "EXPIRED (1)" in message.body and "EXPIRING WITHIN 60 DAYS (1)" in message.body
            assert "expires in 12 days" in message.body and "expired 3 days ago" in message.body
            assert "http://127.0.0.1:8000/facilities/FAC-" in message.body

    def test_it_tells_each_supplier_about_its_own_facilities_only(self, due: None) -> None:
        call_command("certificate_digest", stdout=StringIO())
        bright = outbox_for("sales@bright.test")
        assert "BRIGHT-SMETA" in bright.body and "CANVAS-BSCI" not in bright.body
        canvas = outbox_for("sales@canvas.test")
        assert "CANVAS-BSCI" in canvas.body and "BRIGHT-SMETA" not in canvas.body

    def test_it_leaves_out_everyone_else(self, due: None) -> None:
        call_command("certificate_digest", stdout=StringIO())
        recipients = sorted(m.to[0] for m in mail.outbox)
        assert recipients == [
            "csr@groen.test",
            "quality@groen.test",
            "sales@bright.test",
            "sales@canvas.test",
        ]

    def test_it_sends_nothing_on_a_dry_run(self, due: None) -> None:
        out = StringIO()
        call_command("certificate_digest", "--dry-run", stdout=out)
        assert mail.outbox == []
        assert "csr@groen.test: 1 expired, 1 expiring" in out.getvalue()
        assert "4 digest email(s) would be sent." in out.getvalue()

    def test_it_sends_nothing_when_nothing_is_due(self, personas: Personas) -> None:
        CertificateFactory.create(facility=personas.facility)
        assert certificate_digest_send() == []
        assert mail.outbox == []

    def test_it_leaves_out_inactive_users(self, due: None, personas: Personas) -> None:
        personas.csr_manager.is_active = False
        personas.csr_manager.save()
        messages = certificate_digest_send(dry_run=True)
        assert "csr@groen.test" not in {m.recipient for m in messages}

    def test_it_leaves_out_a_certificate_already_renewed(
        self, due: None, personas: Personas
    ) -> None:
        CertificateFactory.create(
            facility=personas.other_facility, scheme=CertificateScheme.BSCI, number="CANVAS-BSCI-2"
        )
        [message] = [
            m for m in certificate_digest_send(dry_run=True) if m.recipient == "csr@groen.test"
        ]
        assert "CANVAS-BSCI" not in message.body and message.expired == 0

    def test_it_runs_as_a_task(self, due: None) -> None:
        result = send_certificate_digest.enqueue()
        assert result.return_value == 4
        assert len(mail.outbox) == 4
