"""Creating and editing facilities: the generated code, the match key, validation beside each
field, and the change log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import FacilityFactory, Personas, ProductCategoryFactory
from sourceproof.facilities import services
from sourceproof.facilities.models import Facility
from sourceproof.facilities.normalise import facility_match_key

pytestmark = pytest.mark.django_db


def form_data(personas: Personas, **overrides: Any) -> dict[str, Any]:
    data = {
        "supplier": personas.supplier.pk,
        "name": "Bright Drinkware Plant 2",
        "address": "88 Harbour Rd.",
        "city": "Ningbo",
        "region": "Zhejiang",
        "postal_code": "315000",
        "country": "CN",
        "latitude": "29.868336",
        "longitude": "121.543990",
        "os_id": "cn2019303bq3fzp",
        "sedex_zs": "ZS7654321",
        "amfori_id": "",
        "worker_count": "250",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class TestFacilityCreate:
    def test_it_creates_a_facility_with_a_generated_code_and_match_key(
        self, personas: Personas, client_for: Callable
    ) -> None:
        drinkware = ProductCategoryFactory.create(code="drinkware", name="Drinkware")
        response = client_for("quality_manager").post(
            "/facilities/new/", {**form_data(personas), "product_categories": [drinkware.pk]}
        )
        facility = Facility.objects.get(name="Bright Drinkware Plant 2")
        assert response.status_code == 302
        assert response["Location"] == f"/facilities/{facility.code}/"
        assert facility.code.startswith("FAC-") and len(facility.code) == 9
        assert facility.os_id == "CN2019303BQ3FZP"
        assert facility.match_key == facility_match_key(
            "Bright Drinkware Plant 2", "88 Harbour Rd.", "CN"
        )
        assert facility.match_key == "bright drinkware plant 2|88 harbour road|CN"
        assert list(facility.product_categories.all()) == [drinkware]
        [record] = history_for(facility)
        assert record.action == ChangeAction.CREATE
        assert record.changes["code"] == [None, facility.code]
        assert record.changes["product_categories"] == [None, ["drinkware"]]

    def test_it_numbers_codes_one_after_the_other(self, personas: Personas) -> None:
        for facility in Facility.objects.all():  # the personas' codes out of the way
            Facility.objects.filter(pk=facility.pk).update(code=f"OLD-{facility.pk}")
        FacilityFactory.create(code="FAC-00041")
        FacilityFactory.create(code="FAC-00009")
        first = services.facility_create(
            by=None, supplier=personas.supplier, name="A", address="1", country="CN"
        )
        second = services.facility_create(
            by=None, supplier=personas.supplier, name="B", address="2", country="CN"
        )
        assert (first.code, second.code) == ("FAC-00042", "FAC-00043")

    def test_it_counts_past_five_digits(self, personas: Personas) -> None:
        FacilityFactory.create(code="FAC-99999")
        FacilityFactory.create(code="FAC-100000")
        facility = services.facility_create(
            by=None, supplier=personas.supplier, name="A", address="1", country="CN"
        )
        assert facility.code == "FAC-100001"

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"os_id": "CN2019-BAD"}, "os_id", "An OS ID looks like"),
            ({"os_id": "VN2019303BQ3FZP"}, "os_id", "starts with the facility's country code"),
            ({"country": "XX"}, "country", "Select a valid choice"),
            ({"longitude": ""}, "longitude", "Give the longitude too"),
            ({"latitude": ""}, "latitude", "Give the latitude too"),
            ({"latitude": "95"}, "latitude", "less than or equal to 90"),
            ({"sedex_zs": "ZC123456"}, "sedex_zs", "Sedex site reference"),
            ({"name": ""}, "name", "This field is required"),
        ],
    )
    def test_it_shows_each_error_beside_its_field(
        self,
        personas: Personas,
        client_for: Callable,
        overrides: dict[str, str],
        field: str,
        message: str,
    ) -> None:
        response = client_for("quality_manager").post(
            "/facilities/new/", form_data(personas, **overrides)
        )
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert list(errors) == [field]
        assert message in " ".join(errors[field])
        assert f'id="id_{field}_errors"' in response.content.decode()
        assert not Facility.objects.filter(name="Bright Drinkware Plant 2").exists()

    def test_it_refuses_an_os_id_another_facility_has(
        self, personas: Personas, client_for: Callable
    ) -> None:
        FacilityFactory.create(os_id="CN2019303BQ3FZP")
        response = client_for("quality_manager").post("/facilities/new/", form_data(personas))
        assert (
            "Another facility already has this OS ID." in response.context["form"].errors["os_id"]
        )

    def test_its_service_refuses_bad_input_by_field(self, personas: Personas) -> None:
        with pytest.raises(ValidationError) as caught:
            services.facility_create(
                by=None, supplier=personas.supplier, name="A", address="1", country="XX"
            )
        assert "country" in caught.value.message_dict
        with pytest.raises(ValidationError) as caught:
            services.facility_create(
                by=None, supplier=personas.supplier, name="A", address="1", country="CN", latitude=1
            )
        assert "longitude" in caught.value.message_dict


class TestFacilityEdit:
    def test_it_records_the_changed_fields(self, personas: Personas, client_for: Callable) -> None:
        facility = personas.facility
        bags = ProductCategoryFactory.create(code="bags", name="Bags")
        data = form_data(
            personas,
            name=facility.name,
            address=facility.address,
            city=facility.city,
            region="",
            postal_code="",
            latitude="",
            longitude="",
            os_id="",
            sedex_zs="",
            worker_count="310",
        )
        response = client_for("csr_manager").post(
            f"/facilities/{facility.code}/edit/", {**data, "product_categories": [bags.pk]}
        )
        assert response.status_code == 302
        [record] = history_for(facility)
        assert record.action == ChangeAction.UPDATE
        assert record.actor == personas.csr_manager
        assert record.changes == {"worker_count": [None, 310], "product_categories": [[], ["bags"]]}

    def test_it_recomputes_the_match_key(self, personas: Personas) -> None:
        services.facility_update(
            facility=personas.facility, by=None, name="Bright Drinkware Co., Ltd."
        )
        personas.facility.refresh_from_db()
        assert personas.facility.match_key.startswith("bright drinkware|")

    def test_it_records_nothing_when_nothing_changed(self, personas: Personas) -> None:
        services.facility_update(facility=personas.facility, by=None, name=personas.facility.name)
        assert not history_for(personas.facility).exists()
