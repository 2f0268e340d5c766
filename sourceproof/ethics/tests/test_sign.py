"""Signing: what a signature records, in which language, for whom, and its tamper evidence."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sourceproof.core.changelog import history_for, verify_chain
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import Personas
from sourceproof.ethics import selectors, services
from sourceproof.ethics.models import Acknowledgement, CodeOfEthics, CodeText
from sourceproof.ethics.tests.helpers import BODY_EN, publish, sign

pytestmark = pytest.mark.django_db


def _sign_data(**overrides: Any) -> dict[str, Any]:
    code = CodeOfEthics.objects.get(status="published")
    text = code.texts.get(language=overrides.get("language", "en"))
    data = {
        "signer_name": "Zhang Min",
        "signer_role": "General manager",
        "accept": "on",
        "language": "en",
        "content_sha256": text.sha256,
    }
    data.update(overrides)
    return data


def test_it_records_who_when_from_where_in_which_language_and_the_texts_hash(
    personas: Personas, client_for: Any
) -> None:
    publish(personas.csr_manager, "1")
    client = client_for("supplier_user")
    response = client.post(
        "/ethics/sign/", _sign_data(), REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Phone/1.0"
    )
    assert response.status_code == 302
    ack = Acknowledgement.objects.get()
    assert ack.supplier == personas.supplier
    assert ack.user == personas.supplier_user and ack.user_email == "sales@bright.test"
    assert (ack.signer_name, ack.signer_role) == ("Zhang Min", "General manager")
    assert ack.ip_address == "198.51.100.23"
    assert ack.user_agent == "Phone/1.0"
    assert ack.language == "en"
    assert ack.signed_at is not None
    expected = hashlib.sha256(f"Supplier code of ethics v1\n\n{BODY_EN}".encode()).hexdigest()
    assert ack.content_sha256 == expected
    page = client.get("/ethics/sign/").content.decode()
    assert "Zhang Min (General manager) signed the code of ethics v1" in page


def test_it_hashes_the_language_version_that_was_shown(personas: Personas, client_for: Any) -> None:
    code = publish(personas.csr_manager, "1")
    zh = code.texts.get(language="zh-hans")
    client = client_for("supplier_user")
    page = client.get("/ethics/sign/?lang=zh-hans").content.decode()
    assert "我们尊重人权。" in page
    assert f'value="{zh.sha256}"' in page
    client.post("/ethics/sign/", _sign_data(language="zh-hans"))
    ack = Acknowledgement.objects.get()
    assert ack.language == "zh-hans"
    assert ack.content_sha256 == zh.sha256
    assert ack.content_sha256 != code.texts.get(language="en").sha256


def test_it_shows_the_code_in_the_users_language_by_default(
    personas: Personas, client_for: Any
) -> None:
    publish(personas.csr_manager, "1")
    personas.supplier_user.language = "nl"
    personas.supplier_user.save()
    page = client_for("supplier_user").get("/ethics/sign/").content.decode()
    assert "Gedragscode voor leveranciers v1" in page
    assert 'lang="nl"' in page


def test_it_signs_only_for_the_users_own_supplier(personas: Personas, client_for: Any) -> None:
    code = publish(personas.csr_manager, "1")
    with pytest.raises(ValidationError, match="only sign for your own supplier"):
        services.acknowledgement_sign(
            code=code,
            supplier=personas.other_supplier,
            by=personas.supplier_user,
            signer_name="Zhang Min",
            signer_role="GM",
            language="en",
            accepted=True,
        )
    client_for("supplier_user").post("/ethics/sign/", _sign_data())
    assert list(Acknowledgement.objects.values_list("supplier", flat=True)) == [
        personas.supplier.pk
    ]
    # The other supplier's page still asks it to sign: the signature was not for it.
    page = client_for("other_supplier_user").get("/ethics/sign/").content.decode()
    assert 'id="must-sign"' in page
    for persona in ("csr_manager", "customer_user", "auditor"):
        with pytest.raises(Exception):  # noqa: B017 - a 404 or a refusal, never a signature
            services.acknowledgement_sign(
                code=code,
                supplier=personas.supplier,
                by=getattr(personas, persona),
                signer_name="X Y",
                signer_role="Z",
                language="en",
                accepted=True,
            )
    assert Acknowledgement.objects.count() == 1


def test_it_needs_a_name_a_role_and_the_tick(personas: Personas, client_for: Any) -> None:
    publish(personas.csr_manager, "1")
    client = client_for("supplier_user")
    data = _sign_data(signer_name=" ", signer_role="")
    del data["accept"]
    response = client.post("/ethics/sign/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tick the box to accept the code on behalf of Ningbo Bright Drinkware" in page
    assert not Acknowledgement.objects.exists()


def test_it_refuses_a_second_signature_of_the_same_version(personas: Personas) -> None:
    code = publish(personas.csr_manager, "1")
    sign(code, personas.supplier_user)
    with pytest.raises(ValidationError, match="already signed v1"):
        sign(code, personas.supplier_user)


def test_it_refuses_when_the_text_shown_is_not_the_text_published(
    personas: Personas, client_for: Any
) -> None:
    publish(personas.csr_manager, "1")
    client = client_for("supplier_user")
    response = client.post("/ethics/sign/", _sign_data(content_sha256="0" * 64))
    assert response.status_code == 400
    assert "The text changed since it was shown to you" in response.content.decode()
    # A text edited behind the application's back no longer matches its fingerprint.
    CodeText.objects.filter(language="en").update(body="Something else entirely.")
    response = client.post("/ethics/sign/", _sign_data())
    assert "does not match its recorded fingerprint" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_it_refuses_to_sign_a_draft_or_superseded_version(personas: Personas) -> None:
    v1 = publish(personas.csr_manager, "1")
    publish(personas.csr_manager, "2")
    v1.refresh_from_db()
    with pytest.raises(ValidationError, match="Only the current version"):
        sign(v1, personas.supplier_user)


def test_the_change_log_holds_the_signature_and_shows_tampering(
    personas: Personas, client_for: Any
) -> None:
    code = publish(personas.csr_manager, "1")
    ack = sign(code, personas.supplier_user, ip="2001:db8::1")
    record = history_for(ack).get()
    assert record.action == ChangeAction.CREATE
    assert record.changes["ip_address"] == [None, "2001:db8::1"]
    assert record.changes["content_sha256"] == [None, ack.content_sha256]
    assert record.changes["signed_at"] == [None, ack.signed_at.isoformat()]
    assert json.dumps(record.changes)  # plain JSON
    assert selectors.acknowledgement_matches_log(ack) is True
    assert verify_chain().ok
    page = client_for("viewer").get(f"/ethics/acknowledgements/{ack.pk}/").content.decode()
    assert "matches the tamper-evident change log" in page

    Acknowledgement.objects.filter(pk=ack.pk).update(signer_name="Someone Else")
    ack.refresh_from_db()
    assert selectors.acknowledgement_matches_log(ack) is False
    page = client_for("viewer").get(f"/ethics/acknowledgements/{ack.pk}/").content.decode()
    assert "no longer matches what the change log recorded" in page


def test_it_signs_through_the_api(personas: Personas, client_for: Any) -> None:
    code = publish(personas.csr_manager, "1")
    client = client_for("supplier_user")
    response = client.post(
        "/api/v1/ethics/acknowledgements",
        {"language": "nl", "signer_name": "Zhang Min", "signer_role": "GM", "accept": True},
        content_type="application/json",
        REMOTE_ADDR="192.0.2.9",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["version"] == "1" and body["language"] == "nl"
    assert body["ip_address"] == "192.0.2.9"
    assert body["content_sha256"] == code.texts.get(language="nl").sha256
    again = client.post(
        "/api/v1/ethics/acknowledgements",
        {"language": "en", "signer_name": "Zhang Min", "signer_role": "GM", "accept": True},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert "already signed" in again.json()["detail"]
    listed = client.get("/api/v1/ethics/acknowledgements").json()
    assert [a["supplier"] for a in listed["items"]] == [personas.supplier.supplier_number]
    status = client.get("/api/v1/ethics/status").json()
    assert status == {
        "version": "1",
        "state": "signed",
        "must_sign": False,
        "grace_ends_on": None,
        "signed_at": body["signed_at"],
    }


def test_the_api_refuses_a_bad_signature_with_a_message(
    personas: Personas, client_for: Any
) -> None:
    publish(personas.csr_manager, "1")
    client = client_for("supplier_user")
    refused = client.post(
        "/api/v1/ethics/acknowledgements",
        {"language": "en", "signer_name": "Zhang Min", "signer_role": "GM", "accept": False},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "accept" in refused.json()["errors"]
    malformed = client.post(
        "/api/v1/ethics/acknowledgements", {"language": "en"}, content_type="application/json"
    )
    assert malformed.status_code == 422
    old = client.post(
        "/api/v1/ethics/acknowledgements",
        {"version": "7", "language": "en", "signer_name": "A B", "signer_role": "C", "accept": 1},
        content_type="application/json",
    )
    assert old.status_code == 400
    assert not Acknowledgement.objects.exists()
