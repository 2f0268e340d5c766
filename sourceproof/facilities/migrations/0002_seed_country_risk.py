"""Seed the country risk table with its documented default (see docs/country-risk.md).

- `risk`: the sourcing countries classified as Risk countries in the amfori BSCI Countries'
  Risk Classification 2021 (based on the World Bank Worldwide Governance Indicators 1996-2019),
  as far as amfori's public summaries show; the full document is for amfori members.
- `no_sourcing`: the operator's own choice; seeded with the seven countries amfori listed as
  "Most Severe Risk Countries" in its 2020 classification.
- `low`: every other ISO 3166-1 country.

Existing rows are left alone, so running it over a table an operator already edited changes
nothing. The operator reviews and edits the table on the country risk page.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from sourceproof.facilities.countries import COUNTRIES

RISK_SOURCE = "amfori BSCI Countries' Risk Classification 2021 (World Bank WGI 1996-2019)"
RISK_YEAR = 2021
LOW_SOURCE = "Not a risk country in the amfori BSCI Countries' Risk Classification 2021 seed"
NO_SOURCING_SOURCE = (
    "Operator policy: amfori 'Most Severe Risk Countries' (Country Risk Classification 2020)"
)
NO_SOURCING_YEAR = 2020

NO_SOURCING = frozenset({"KP", "LY", "SO", "SS", "SY", "VE", "YE"})

RISK = frozenset(
    {
        # Asia and the Pacific
        "AF", "BD", "CN", "FJ", "ID", "IN", "KH", "LA", "LK", "MM", "MN", "MV", "NP", "PG",
        "PH", "PK", "PW", "SB", "TH", "TL", "VN",
        # Central Asia, Eastern Europe and the Caucasus
        "AL", "AM", "AZ", "BA", "BY", "GE", "KG", "KZ", "MD", "ME", "MK", "RS", "RU", "TJ",
        "TM", "TR", "UA", "UZ", "XK",
        # Middle East and North Africa
        "BH", "DZ", "EG", "IQ", "IR", "JO", "KW", "LB", "MA", "OM", "PS", "SA", "TN",
        # Sub-Saharan Africa
        "AO", "BF", "BI", "BJ", "CD", "CF", "CG", "CI", "CM", "DJ", "ER", "ET", "GA", "GH",
        "GM", "GN", "GQ", "GW", "KE", "KM", "LR", "LS", "MG", "ML", "MR", "MW", "MZ", "NE",
        "NG", "RW", "SD", "SL", "SN", "ST", "SZ", "TD", "TG", "TZ", "UG", "ZA", "ZM", "ZW",
        # Latin America and the Caribbean
        "AR", "BO", "BR", "BZ", "CO", "CU", "DO", "EC", "GD", "GT", "GY", "HN", "HT", "JM",
        "MX", "NI", "PA", "PE", "PY", "SR", "SV", "TT",
    }
)  # fmt: skip


def seed(apps: Any, schema_editor: Any) -> None:
    CountryRisk = apps.get_model("facilities", "CountryRisk")
    existing = set(CountryRisk.objects.values_list("country", flat=True))
    rows = []
    for code, name in COUNTRIES.items():
        if code in existing:
            continue
        if code in NO_SOURCING:
            risk_class, source, year = "no_sourcing", NO_SOURCING_SOURCE, NO_SOURCING_YEAR
        elif code in RISK:
            risk_class, source, year = "risk", RISK_SOURCE, RISK_YEAR
        else:
            risk_class, source, year = "low", LOW_SOURCE, RISK_YEAR
        rows.append(
            CountryRisk(
                country=code, name=name[:100], risk_class=risk_class, source=source, year=year
            )
        )
    CountryRisk.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("facilities", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
