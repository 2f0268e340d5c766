"""The analyser's rules for a facility on a day come from the legal-wage table: the most
specific row in force (city, then region, then country), the latest of those; sector rows
only when picked; overrides on top; a clear message naming what is missing."""

from __future__ import annotations

import datetime as dt

import pytest

from sourceproof.core.testing import FacilityFactory
from sourceproof.payroll.models import LegalWage
from sourceproof.payroll.rules import normalise_place
from sourceproof.payroll.selectors import RulesUnavailable, rules_for_facility
from sourceproof.payroll.tests.helpers import make_wage

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


@pytest.fixture
def table() -> None:
    LegalWage.objects.all().delete()  # start from an empty table, not the seed


def facility(country: str = "ID", region: str = "", city: str = "") -> object:
    return FacilityFactory.create(country=country, region=region, city=city)


def wage_on(f: object, day: str, **kwargs: object) -> float:
    return rules_for_facility(facility=f, on=D(day), **kwargs).rules.minimum_hourly_wage  # type: ignore[arg-type]


def test_it_uses_the_country_row_when_no_region_fits(table: None) -> None:
    make_wage(country="ID", minimum_hourly_wage="10", currency="IDR")
    make_wage(country="ID", region="Jawa Barat", minimum_hourly_wage="12", currency="IDR")
    site = facility(region="Jawa Tengah", city="Semarang")

    built = rules_for_facility(facility=site, on=D("2024-05-01"))  # type: ignore[arg-type]

    assert built.rules.minimum_hourly_wage == 10
    assert built.rules.currency == "IDR"
    assert built.legal_wage is not None and built.legal_wage.region == ""


def test_it_prefers_the_region_over_the_country(table: None) -> None:
    make_wage(country="ID", minimum_hourly_wage="10", currency="IDR")
    make_wage(country="ID", region="Jawa Barat", minimum_hourly_wage="12", currency="IDR")

    assert wage_on(facility(region="Jawa Barat", city="Bekasi"), "2024-05-01") == 12


def test_it_prefers_a_city_among_the_areas_over_the_region(table: None) -> None:
    make_wage(country="ID", region="Jawa Barat", minimum_hourly_wage="12", currency="IDR")
    make_wage(
        country="ID",
        region="Bekasi zone",
        areas="Bekasi, Karawang",
        minimum_hourly_wage="15",
        currency="IDR",
    )

    assert wage_on(facility(region="Jawa Barat", city="Karawang"), "2024-05-01") == 15
    assert wage_on(facility(region="Jawa Barat", city="Bogor"), "2024-05-01") == 12


def test_it_matches_names_ignoring_case_accents_and_province(table: None) -> None:
    make_wage(country="VN", region="Bình Dương", minimum_hourly_wage="23800", currency="VND")

    assert wage_on(facility("VN", region="binh duong province"), "2025-01-01") == 23800
    assert normalise_place("Zhejiang Province") == normalise_place("ZHEJIANG")
    assert normalise_place("Đồng Nai") == "dongnai"


def test_it_takes_the_row_in_force_on_the_day(table: None) -> None:
    make_wage(
        country="NL",
        effective_from=D("2025-01-01"),
        effective_until=D("2025-06-30"),
        minimum_hourly_wage="14.06",
        currency="EUR",
    )
    make_wage(
        country="NL",
        effective_from=D("2025-07-01"),
        effective_until=D("2025-12-31"),
        minimum_hourly_wage="14.40",
        currency="EUR",
    )
    make_wage(
        country="NL", effective_from=D("2026-01-01"), minimum_hourly_wage="14.71", currency="EUR"
    )
    site = facility("NL")

    assert wage_on(site, "2025-06-30") == pytest.approx(14.06)
    assert wage_on(site, "2025-07-01") == pytest.approx(14.40)
    assert wage_on(site, "2025-12-31") == pytest.approx(14.40)
    assert wage_on(site, "2027-03-01") == pytest.approx(14.71)
    with pytest.raises(RulesUnavailable) as missing:
        wage_on(site, "2024-12-31")
    assert "NL" in str(missing.value) and "2024-12-31" in str(missing.value)


def test_it_takes_the_latest_start_when_rows_overlap(table: None) -> None:
    make_wage(country="TR", effective_from=D("2024-01-01"), minimum_hourly_wage="88.9")
    make_wage(country="TR", effective_from=D("2025-01-01"), minimum_hourly_wage="115.58")

    assert wage_on(facility("TR"), "2025-03-01") == pytest.approx(115.58)
    assert wage_on(facility("TR"), "2024-03-01") == pytest.approx(88.9)


def test_a_more_specific_older_row_beats_a_newer_country_row(table: None) -> None:
    make_wage(
        country="ID", region="Jawa Barat", effective_from=D("2023-01-01"), minimum_hourly_wage="12"
    )
    make_wage(country="ID", effective_from=D("2024-01-01"), minimum_hourly_wage="10")

    assert wage_on(facility(region="Jawa Barat"), "2024-06-01") == 12


def test_it_uses_a_sector_row_only_when_picked(table: None) -> None:
    rmg = make_wage(
        country="BD", sector="Ready-made garments", minimum_hourly_wage="60.0962", currency="BDT"
    )
    site = facility("BD", region="Dhaka Division", city="Gazipur")

    with pytest.raises(RulesUnavailable) as missing:
        rules_for_facility(facility=site, on=D("2024-06-01"))  # type: ignore[arg-type]
    assert "sector" in str(missing.value)

    built = rules_for_facility(facility=site, on=D("2024-06-01"), legal_wage=rmg)  # type: ignore[arg-type]
    assert built.rules.minimum_hourly_wage == pytest.approx(60.0962)
    assert built.legal_wage == rmg


def test_a_picked_row_must_fit_the_country_and_the_day(table: None) -> None:
    cn = make_wage(country="CN", effective_from=D("2024-01-01"), effective_until=D("2024-12-31"))
    site = facility("ID")

    with pytest.raises(RulesUnavailable, match="is for CN"):
        rules_for_facility(facility=site, on=D("2024-06-01"), legal_wage=cn)  # type: ignore[arg-type]
    with pytest.raises(RulesUnavailable, match="not in force on 2025-01-01"):
        rules_for_facility(facility=facility("CN"), on=D("2025-01-01"), legal_wage=cn)  # type: ignore[arg-type]


def test_the_message_names_the_place_and_day_when_nothing_fits(table: None) -> None:
    site = facility("KH", region="Kandal", city="Ta Khmau")

    with pytest.raises(RulesUnavailable) as missing:
        rules_for_facility(facility=site, on=D("2025-02-03"))  # type: ignore[arg-type]

    message = str(missing.value)
    assert "KH, Kandal, Ta Khmau" in message
    assert "2025-02-03" in message
    assert "minimum_hourly_wage and currency" in message


def test_overrides_fill_in_for_a_missing_row_and_win_over_a_row(table: None) -> None:
    site = facility("KH")
    built = rules_for_facility(
        facility=site,  # type: ignore[arg-type]
        on=D("2025-02-03"),
        overrides={"minimum_hourly_wage": 1.2, "currency": "usd"},
    )
    assert built.legal_wage is None
    assert built.rules.currency == "USD"

    make_wage(
        country="KH",
        minimum_hourly_wage="1.00",
        currency="USD",
        overtime_premium_working="1.50",
        overtime_premium_rest="2.00",
        overtime_premium_holiday="2.00",
        minimum_age=16,
    )
    built = rules_for_facility(
        facility=site,  # type: ignore[arg-type]
        on=D("2025-02-03"),
        overrides={"overtime_premium": {"rest": 3.0}, "weekly_total_hours_max": 56},
    )
    assert built.rules.minimum_hourly_wage == 1.0
    assert built.rules.minimum_age == 16
    assert built.rules.weekly_total_hours_max == 56
    assert built.rules.overtime_premium.as_dict() == {"working": 1.5, "rest": 3.0, "holiday": 2.0}
    assert built.mapping["overtime_premium"] == {"working": 1.5, "rest": 3.0, "holiday": 2.0}


def test_a_bad_override_names_the_key(table: None) -> None:
    make_wage(country="ID")

    with pytest.raises(RulesUnavailable) as bad:
        rules_for_facility(
            facility=facility("ID"),  # type: ignore[arg-type]
            on=D("2025-02-03"),
            overrides={"minimum_age": -1, "speed_limit": 3},
        )

    message = str(bad.value)
    assert "speed_limit" in message and "unknown key" in message


def test_the_row_limits_stricter_than_eti_become_rules(table: None) -> None:
    make_wage(
        country="TR",
        minimum_hourly_wage="115.58",
        currency="TRY",
        weekly_regular_hours_max="45",
        overtime_premium_working="1.5",
    )

    rules = rules_for_facility(facility=facility("TR"), on=D("2025-05-01")).rules  # type: ignore[arg-type]

    assert rules.weekly_regular_hours_max == 45
    assert rules.weekly_total_hours_max == 60  # the ETI default, the row leaves it empty
    assert rules.minimum_age == 15
    assert rules.overtime_premium.working == 1.5


def test_the_seeded_table_covers_the_demo_places() -> None:
    ningbo = facility("CN", region="Zhejiang", city="Ningbo")
    shaoxing = facility("CN", region="Zhejiang", city="Shaoxing")
    apeldoorn = facility("NL", region="Gelderland", city="Apeldoorn")

    assert wage_on(ningbo, "2024-06-01") == pytest.approx(2490 / 174, abs=1e-4)
    assert wage_on(ningbo, "2022-06-01") == pytest.approx(2280 / 174, abs=1e-4)
    assert wage_on(shaoxing, "2024-06-01") == pytest.approx(2260 / 174, abs=1e-4)
    assert wage_on(apeldoorn, "2026-02-01") == pytest.approx(14.71)
    cn_rules = rules_for_facility(facility=ningbo, on=D("2024-06-01")).rules  # type: ignore[arg-type]
    assert cn_rules.weekly_regular_hours_max == 40
    assert cn_rules.overtime_premium.as_dict() == {"working": 1.5, "rest": 2.0, "holiday": 3.0}
    assert LegalWage.objects.exclude(source_text="").count() == LegalWage.objects.count()
    assert not LegalWage.objects.filter(source_year__isnull=True).exists()
