"""Drafting and publishing versions: forms, confirmation, superseding, emails, history."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sourceproof.core.changelog import history_for, verify_chain
from sourceproof.core.testing import Personas
from sourceproof.ethics import services
from sourceproof.ethics.models import CodeOfEthics, CodeStatus, EthicsPolicy
from sourceproof.ethics.services import TextInput
from sourceproof.ethics.tests.helpers import BODY_EN, draft, pdf, publish, sign

pytestmark = pytest.mark.django_db


def _form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": "1",
        "effective_date": "2026-12-01",
        "grace_days": "60",
        "notes": "First version.",
        "en-title": "Supplier code of ethics",
        "en-body": BODY_EN,
        "nl-title": "Gedragscode",
        "nl-body": "## 1. Mensenrechten\n\nTekst.",
        "zh-hans-title": "",
        "zh-hans-body": "",
        **{f"coverage-p{n}": "1" for n in range(1, 10)},
        "coverage-p10": "",
    }
    data.update(overrides)
    return data


def test_it_drafts_a_version_with_texts_and_coverage_from_the_page(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("csr_manager")
    response = client.post("/ethics/versions/new/", _form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    code = CodeOfEthics.objects.get(version="1")
    assert code.status == CodeStatus.DRAFT and code.grace_days == 60
    assert sorted(code.texts.values_list("language", flat=True)) == ["en", "nl"]
    assert code.coverage.count() == 9
    page = client.get("/ethics/versions/1/").content.decode()
    assert "1 principle is not covered" in page  # principle 10
    assert 'id="coverage-gaps"' in page


def test_it_starts_a_new_draft_from_the_current_version(
    personas: Personas, client_for: Any
) -> None:
    publish(personas.csr_manager, "1")
    page = client_for("csr_manager").get("/ethics/versions/new/").content.decode()
    assert 'value="2"' in page  # the next version number
    assert "We respect human rights." in page  # the current English text to start from
    assert f'value="{EthicsPolicy.current().default_grace_days}"' in page


def test_it_asks_for_confirmation_showing_how_many_suppliers_must_sign(
    personas: Personas, client_for: Any
) -> None:
    v1 = publish(personas.csr_manager, "1")
    sign(v1, personas.supplier_user)
    draft(personas.csr_manager, "2", grace_days=30)
    page = client_for("csr_manager").get("/ethics/versions/2/publish/").content.decode()
    assert "2 active suppliers must sign this version." in page
    assert "1 signed the current version v1." in page
    assert "counts for 30 more days" in page
    assert CodeOfEthics.objects.get(version="2").status == CodeStatus.DRAFT  # GET changes nothing


def test_it_publishes_supersedes_the_previous_and_asks_every_supplier_to_sign(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    v1 = publish(personas.csr_manager, "1")
    sign(v1, personas.supplier_user)
    sign(v1, personas.other_supplier_user)
    mail.outbox.clear()
    draft(personas.csr_manager, "2")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("csr_manager").post("/ethics/versions/2/publish/")
    assert response.status_code == 302
    v1.refresh_from_db()
    v2 = CodeOfEthics.objects.get(version="2")
    assert (v1.status, v2.status) == (CodeStatus.SUPERSEDED, CodeStatus.PUBLISHED)
    assert v2.published_by == personas.csr_manager and v2.published_at is not None
    assert v1.superseded_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["sales@bright.test", "sales@canvas.test"]
    assert "New code of ethics v2" in mail.outbox[0].subject
    assert "/ethics/sign/" in mail.outbox[0].body
    summaries = [r.summary for r in history_for(v2)]
    assert any(s.startswith("Published; 2 active supplier(s) must sign it") for s in summaries)
    assert any(s.startswith("Sign requests emailed to 2 user(s)") for s in summaries)
    assert any(r.changes.get("status") == ["published", "superseded"] for r in history_for(v1))
    assert verify_chain().ok


def test_it_never_changes_a_published_version(personas: Personas, client_for: Any) -> None:
    code = publish(personas.csr_manager, "1")
    with pytest.raises(ValidationError, match="Only a draft can be edited"):
        services.code_update(code=code, by=personas.csr_manager, notes="sneaky")
    response = client_for("csr_manager").get("/ethics/versions/1/edit/")
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="Only a draft can be published"):
        services.code_publish(code=code, by=personas.csr_manager)


def test_it_needs_the_english_text_to_publish(personas: Personas, client_for: Any) -> None:
    code = services.code_create(
        by=personas.csr_manager,
        version="1",
        effective_date=draft(personas.csr_manager, "9").effective_date,
        texts=[TextInput("nl", "Gedragscode", "Tekst.")],
    )
    page = client_for("csr_manager").get("/ethics/versions/1/publish/").content.decode()
    assert "The English text is required" in page
    with pytest.raises(ValidationError, match="English text is required"):
        services.code_publish(code=code, by=personas.csr_manager)


def test_it_refuses_a_duplicate_version_and_an_unknown_label(personas: Personas) -> None:
    draft(personas.csr_manager, "1")
    with pytest.raises(ValidationError) as dup:
        draft(personas.csr_manager, "1")
    assert "already exists" in str(dup.value)
    with pytest.raises(ValidationError) as bad:
        draft(personas.csr_manager, "two")
    assert "version" in bad.value.message_dict


def test_it_accepts_a_pdf_by_content_and_refuses_anything_else(personas: Personas) -> None:
    code = draft(personas.csr_manager, "1")
    services.code_update(
        code=code,
        by=personas.csr_manager,
        texts=[TextInput("en", "Title", "Body", pdf=pdf())],
    )
    text = code.texts.get(language="en")
    assert text.pdf and len(text.pdf_sha256) == 64
    fake = SimpleUploadedFile("code.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.code_update(
            code=code, by=personas.csr_manager, texts=[TextInput("nl", "T", "B", pdf=fake)]
        )
    assert "nl-pdf" in exc.value.message_dict


def test_it_renders_the_text_escaped(personas: Personas, client_for: Any) -> None:
    code = draft(personas.csr_manager, "1")
    services.code_update(
        code=code,
        by=personas.csr_manager,
        texts=[TextInput("en", "T <b>", "## Heading\n\n<script>alert(1)</script> **bold**")],
    )
    page = client_for("viewer").get("/ethics/versions/1/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <strong>bold</strong>" in page
    assert "<h4>Heading</h4>" in page
    assert "T &lt;b&gt;" in page


def test_only_the_csr_team_edits(personas: Personas, client_for: Any) -> None:
    draft(personas.csr_manager, "1")
    for persona in ("quality_manager", "inspector", "viewer"):
        client = client_for(persona)
        assert client.get("/ethics/versions/1/").status_code == 200
        assert client.get("/ethics/versions/new/").status_code == 404
        assert client.post("/ethics/versions/1/publish/").status_code == 404
    assert client_for("admin").get("/ethics/versions/1/edit/").status_code == 200


def test_it_serves_a_texts_pdf_and_shows_it_on_the_draft_form(
    personas: Personas, client_for: Any
) -> None:
    code = draft(personas.csr_manager, "1")
    services.code_update(
        code=code, by=personas.csr_manager, texts=[TextInput("nl", "Titel", "Tekst", pdf=pdf())]
    )
    client = client_for("csr_manager")
    form = client.get("/ethics/versions/1/edit/").content.decode()
    assert 'href="/ethics/versions/1/pdf/nl/"' in form
    response = client.get("/ethics/versions/1/pdf/nl/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get("/ethics/versions/1/pdf/en/").status_code == 404  # no English PDF
