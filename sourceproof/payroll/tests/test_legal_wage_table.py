"""The legal-wage table: the admin and the CSR manager add, edit and delete rows (each change
in the change log, shown on the row's page); operator roles read it; errors by field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeRecord
from sourceproof.core.testing import Personas
from sourceproof.payroll import services
from sourceproof.payroll.models import LegalWage
from sourceproof.payroll.tests.helpers import make_run, make_wage

pytestmark = pytest.mark.django_db

FORM = {
    "country": "id",
    "region": "Jawa Barat",
    "areas": "Bekasi\nKarawang",
    "sector": "",
    "effective_from": "2025-01-01",
    "effective_until": "",
    "minimum_hourly_wage": "31500.5",
    "currency": "idr",
    "overtime_premium_working": "1.50",
    "overtime_premium_rest": "2.00",
    "overtime_premium_holiday": "3.00",
    "weekly_regular_hours_max": "40",
    "weekly_total_hours_max": "",
    "minimum_age": "",
    "source_text": "Provincial decree (test)",
    "source_url": "https://example.org/decree",
    "source_year": "2024",
    "notes": "Monthly / 173 hours.",
}


def test_the_csr_manager_adds_and_edits_a_row_recorded_in_the_change_log(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("csr_manager")

    response = client.post(reverse("payroll:legal_wage_create"), FORM)

    assert response.status_code == 302
    row = LegalWage.objects.get(country="ID")
    assert (row.currency, row.region, row.listed_areas) == (
        "IDR",
        "Jawa Barat",
        ["Bekasi", "Karawang"],
    )
    assert history_for(row).get().action == "create"

    response = client.post(
        reverse("payroll:legal_wage_edit", args=[row.pk]), {**FORM, "minimum_hourly_wage": "32000"}
    )
    assert response.status_code == 302
    update = history_for(row).filter(action="update").get()
    assert update.changes == {"minimum_hourly_wage": ["31500.5000", "32000.0000"]}
    assert update.actor == personas.csr_manager

    page = client.get(reverse("payroll:legal_wage_detail", args=[row.pk])).content.decode()
    assert 'id="history"' in page and "Carla CSR" in page
    assert "32000" in page and "Bekasi, Karawang" in page


def test_errors_are_shown_beside_their_fields(client_for: Any) -> None:
    make_wage(country="ID", region="Jawa Barat", effective_from=dt.date(2025, 1, 1))

    response = client_for("admin").post(
        reverse("payroll:legal_wage_create"),
        {
            **FORM,
            "effective_until": "2024-12-31",
            "currency": "rupiah",
            "overtime_premium_rest": "0.5",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_effective_until_errors"' in html
    assert 'id="id_currency_errors"' in html
    assert 'id="id_overtime_premium_rest_errors"' in html
    assert LegalWage.objects.filter(country="ID").count() == 1


def test_a_second_rate_for_the_same_place_and_day_is_refused(personas: Personas) -> None:
    make_wage(country="ID", region="Jawa Barat", effective_from=dt.date(2025, 1, 1))

    with pytest.raises(ValidationError) as refused:
        services.legal_wage_create(
            by=personas.admin,
            country="ID",
            region="Jawa Barat",
            effective_from=dt.date(2025, 1, 1),
            minimum_hourly_wage="1",
            currency="IDR",
            source_text="x",
            source_year=2025,
        )

    assert "already starts on this day" in refused.value.message_dict["effective_from"][0]


def test_deleting_a_row_keeps_the_runs_rules(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = make_run(personas)
    row = run.legal_wage
    assert row is not None

    response = client_for("csr_manager").post(reverse("payroll:legal_wage_delete", args=[row.pk]))

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.legal_wage is None and run.rules["minimum_hourly_wage"] == 14.0
    assert ChangeRecord.objects.filter(action="delete", object_id=str(row.pk)).exists()


def test_the_quality_manager_reads_but_does_not_edit(personas: Personas, client_for: Any) -> None:
    row = make_wage(country="ID")
    client = client_for("quality_manager")

    assert client.get(reverse("payroll:legal_wage_list")).status_code == 200
    assert client.get(reverse("payroll:legal_wage_detail", args=[row.pk])).status_code == 200
    assert client.post(reverse("payroll:legal_wage_create"), FORM).status_code == 404
    assert client.post(reverse("payroll:legal_wage_edit", args=[row.pk]), FORM).status_code == 404
    with pytest.raises(Exception, match="Not found"):
        services.legal_wage_update(legal_wage=row, by=personas.quality_manager, notes="x")


def test_the_list_filters_by_country_text_and_day(client_for: Any) -> None:
    client = client_for("viewer")

    html = client.get(
        reverse("payroll:legal_wage_list") + "?country=nl&on=2025-08-01"
    ).content.decode()
    assert "14.4" in html and "14.71" not in html
    assert "1 row" in html

    fragment = client.get(
        reverse("payroll:legal_wage_list") + "?q=Ningbo", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<h1>" not in fragment and "Zhejiang Class I" in fragment
    assert "illustrative" in fragment
