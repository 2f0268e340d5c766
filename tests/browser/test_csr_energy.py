"""A CSR manager enters a year of energy data, sees the emissions and the renewable share
appear on the dashboard's charts, then generates the annual CSR report and finds them in the
PDF. (The code-of-ethics half of the issue's browser test comes with the ethics app.)

Seeded Dutch factors: natural gas 2.134 kg/m3; electricity 0.328 kg/kWh location-based and
0.456 kg/kWh market-based without guarantees of origin, 0 with them.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from sourceproof.core.testing import PASSWORD, make_personas
from tests.browser.conftest import log_in


def _record(page: Any, kpi: str, year: int, value: str) -> None:
    page.goto(f"/csr/kpis/{kpi}/")
    form = page.locator("#value-form")
    form.get_by_label("Year").fill(str(year))
    form.get_by_label("Period").select_option("year")
    form.get_by_label("Value").fill(value)
    form.get_by_role("button", name="Record").click()
    page.wait_for_url(f"**/csr/kpis/{kpi}/")
    assert "Value recorded." in page.locator(".messages").inner_text()


def test_it_turns_a_year_of_energy_data_into_charts_and_the_annual_report(new_page: Any) -> None:
    make_personas()
    year = timezone.localdate().year - 1
    page = new_page()
    log_in(page, "csr@groen.test", PASSWORD)

    page.goto("/csr/")
    assert "No activity data yet" in page.locator("#emissions").inner_html()
    assert f"{year}:" not in page.locator("#renewable").inner_html()

    _record(page, "natural_gas", year, "1000")  # 1000 m3 x 2.134 = 2134 kg, scope 1
    _record(page, "electricity_grid", year, "10000")  # 3280 kg location / 4560 kg market
    _record(page, "electricity_green", year, "30000")  # 9840 kg location / 0 market-based
    # renewable share: 30000 / 40000 = 75 %

    page.goto("/csr/")
    emissions = page.locator("#emissions").inner_html()
    assert f"{year}, Scope 1: 2.134" in emissions  # tonnes CO2e
    assert f"{year}, Scope 2 location-based: 13.12" in emissions
    assert f"{year}, Scope 2 market-based: 4.56" in emissions
    assert f"{year}: 75 %" in page.locator("#renewable").inner_html()

    page.goto(f"/csr/emissions/?year={year}")
    lines = page.locator("#emission-lines").inner_text()
    assert "2134.0" in lines and "9840.0" in lines

    page.goto("/csr/reports/")
    form = page.locator("#report-form")
    form.get_by_role("spinbutton", name="Year").fill(str(year))
    form.get_by_role("button", name="Generate PDF").click()
    page.wait_for_url(re.compile(r"/csr/reports/\d+/$"), timeout=90_000)
    download = page.locator("#report-download")
    download.wait_for(timeout=90_000)
    response = page.request.get(download.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(response.body())).pages)
    assert f"Annual CSR report {year}" in text
    assert "2134 kg CO2e" in text  # scope 1
    assert "4560" in text and "13120" in text  # scope 2 market- and location-based
    assert "Renewable share of electricity" in text and "75 %" in text
