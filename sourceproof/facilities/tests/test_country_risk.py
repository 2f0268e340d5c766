"""Country risk: the seeded default, the page operator roles read, inline editing by admins and
CSR managers, and the change log."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import Personas
from sourceproof.facilities.countries import COUNTRIES
from sourceproof.facilities.models import CountryRisk, RiskClass

pytestmark = pytest.mark.django_db


class TestSeed:
    def test_it_seeds_every_country_with_a_source_and_year(self) -> None:
        assert CountryRisk.objects.count() == len(COUNTRIES)
        assert not CountryRisk.objects.filter(source="").exists()
        assert set(CountryRisk.objects.values_list("year", flat=True)) <= {2020, 2021}

    def test_it_classes_the_sourcing_countries(self) -> None:
        classes = dict(CountryRisk.objects.values_list("country", "risk_class"))
        for code in ("CN", "VN", "IN", "BD", "TR", "PK", "KH"):
            assert classes[code] == RiskClass.RISK, code
        for code in ("NL", "DE", "JP", "TW", "MY", "GR"):
            assert classes[code] == RiskClass.LOW, code
        assert {c for c, r in classes.items() if r == RiskClass.NO_SOURCING} == {
            "KP",
            "LY",
            "SO",
            "SS",
            "SY",
            "VE",
            "YE",
        }

    def test_it_names_the_source(self) -> None:
        china = CountryRisk.objects.get(country="CN")
        assert "amfori" in china.source and china.year == 2021
        assert china.name == "China"


class TestCountryRiskPage:
    def test_it_lists_and_filters(self, personas: Personas, client_for: Callable) -> None:
        client = client_for("viewer")
        response = client.get("/facilities/country-risk/", {"risk_class": "no_sourcing"})
        assert [r.country for r in response.context["page"].object_list] == [
            "LY",  # ordered by name: Libya, North Korea, Somalia, ...
            "KP",
            "SO",
            "SS",
            "SY",
            "VE",
            "YE",
        ]
        response = client.get("/facilities/country-risk/", {"q": "vietnam"})
        assert [r.country for r in response.context["page"].object_list] == ["VN"]
        assert "Edit" not in response.content.decode().split('id="country-risk-results"')[1]

    def test_it_edits_a_row_inline_with_htmx(
        self, personas: Personas, client_for: Callable
    ) -> None:
        client = client_for("csr_manager")
        form = client.get("/facilities/country-risk/VN/edit/", HTTP_HX_REQUEST="true")
        body = form.content.decode()
        assert body.lstrip().startswith('<tr id="risk-VN">') and "<form" in body
        saved = client.post(
            "/facilities/country-risk/VN/edit/",
            {"risk_class": "no_sourcing", "source": "Operator decision 2026-03", "year": "2026"},
            HTTP_HX_REQUEST="true",
        )
        assert saved.status_code == 200
        assert saved.content.decode().lstrip().startswith('<tr id="risk-VN">')
        assert "No sourcing" in saved.content.decode()
        risk = CountryRisk.objects.get(country="VN")
        assert (risk.risk_class, risk.source, risk.year) == (
            "no_sourcing",
            "Operator decision 2026-03",
            2026,
        )
        [record] = history_for(risk)
        assert record.action == ChangeAction.UPDATE and record.actor == personas.csr_manager
        assert record.changes["risk_class"] == ["risk", "no_sourcing"]

    def test_it_edits_without_javascript(self, personas: Personas, client_for: Callable) -> None:
        response = client_for("admin").post(
            "/facilities/country-risk/nl/edit/",
            {"risk_class": "risk", "source": "Own", "year": "2026"},
        )
        assert response.status_code == 302
        assert CountryRisk.objects.get(country="NL").risk_class == "risk"

    def test_it_shows_errors_beside_the_field(
        self, personas: Personas, client_for: Callable
    ) -> None:
        response = client_for("admin").post(
            "/facilities/country-risk/NL/edit/",
            {"risk_class": "bogus", "source": "", "year": "3000"},
        )
        assert response.status_code == 400
        assert set(response.context["form"].errors) == {"risk_class", "source", "year"}
        assert CountryRisk.objects.get(country="NL").risk_class == "low"

    def test_it_cancels_an_inline_edit(self, personas: Personas, client_for: Callable) -> None:
        response = client_for("csr_manager").get(
            "/facilities/country-risk/CN/", HTTP_HX_REQUEST="true"
        )
        assert response.content.decode().lstrip().startswith('<tr id="risk-CN">')

    def test_it_is_404_for_an_unknown_country(
        self, personas: Personas, client_for: Callable
    ) -> None:
        assert client_for("admin").get("/facilities/country-risk/QQ/edit/").status_code == 404
