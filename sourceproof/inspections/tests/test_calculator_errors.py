"""Bad input to the calculator: beside the field on the page, one line (422) from the API."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

URL = "/aql/"


def field_errors(html: str, name: str) -> list[str]:
    found = re.search(rf'<div id="errors-{name}"[^>]*>(.*?)</div>', html, re.S)
    assert found, f"no error slot for {name}"
    return [" ".join(m.split()) for m in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


# (query, field, message)
PAGE_ERRORS: list[tuple[dict[str, str], str, str]] = [
    ({"lot_size": "1"}, "lot_size", "The lot size must be at least 2 items."),
    ({"lot_size": "0"}, "lot_size", "The lot size must be at least 2 items."),
    ({"lot_size": "many"}, "lot_size", "Enter the lot size as a whole number of items."),
    ({"lot_size": ""}, "lot_size", "Enter the lot size."),
    ({"lot_size": "500", "major": "3"}, "major", "3 is not an AQL of the standard."),
    ({"lot_size": "500", "minor": "0"}, "minor", "0 is not an AQL of the standard."),
    ({"lot_size": "500", "critical": "0"}, "critical", "0 is not an AQL of the standard."),
    (
        {"lot_size": "500", "level": "I"},
        "level",
        "General inspection level I is below the operator&#x27;s minimum (general level II). "
        "Use level II or III.",
    ),
    ({"lot_size": "500", "level": "IV"}, "level", "Select a valid choice."),
    ({"lot_size": "500", "edition": "1989"}, "edition", "Select a valid choice."),
    ({"lot_size": "500", "inspection": "strict"}, "inspection", "Select a valid choice."),
    (
        {"lot_size": "500", "major": "", "minor": ""},
        "major",
        "Give an AQL for the major or the minor class",
    ),
]


@pytest.mark.parametrize(("query", "field", "message"), PAGE_ERRORS)
def test_it_shows_the_error_beside_the_field(
    client_for: Any, query: dict[str, str], field: str, message: str
) -> None:
    response = client_for("inspector").get(URL, query)
    assert response.status_code == 200
    assert response.context["result"] is None
    html = response.content.decode()
    errors = field_errors(html, field)
    assert len(errors) == 1 and errors[0].startswith(message)
    # the slot sits in the field's own block, right under its input
    block = re.search(rf'<label for="id_{field}".*?(?=<div class="field">|</form>)', html, re.S)
    assert block and f'id="errors-{field}"' in block.group(0)
    assert "Correct the marked fields to see the sampling plan." in html


def test_it_lists_the_preferred_aqls_in_the_message(client_for: Any) -> None:
    html = client_for("inspector").get(URL, {"lot_size": "500", "major": "3"}).content.decode()
    assert "Use one of 0.010, 0.015, 0.025" in field_errors(html, "major")[0]


def test_it_accepts_the_standards_spellings_of_an_aql(client_for: Any) -> None:
    for spelling in ("1", "1.0", "1.00", "1,0"):
        response = client_for("inspector").get(URL, {"lot_size": "500", "major": spelling})
        assert response.context["result"].request.major.text == "1.0"


def test_it_swaps_the_errors_in_out_of_band_for_htmx(client_for: Any) -> None:
    html = (
        client_for("inspector")
        .get(URL, {"lot_size": "1", "major": "3"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    slot = re.search(r'<div id="errors-lot_size"[^>]*>', html)
    assert slot and 'hx-swap-oob="true"' in slot.group(0)
    assert field_errors(html, "lot_size") == ["The lot size must be at least 2 items."]
    assert field_errors(html, "major")[0].startswith("3 is not an AQL of the standard.")
    assert field_errors(html, "minor") == []


def test_it_marks_the_field_invalid_for_screen_readers(client_for: Any) -> None:
    html = client_for("inspector").get(URL, {"lot_size": "1"}).content.decode()
    lot_size = re.search(r'<input[^>]*name="lot_size"[^>]*>', html)
    assert lot_size and 'aria-invalid="true"' in lot_size.group(0)


# (endpoint, query, message)
API_ERRORS: list[tuple[str, dict[str, str], str]] = [
    ("plan", {"aql": "2.5"}, "lot_size is required"),
    ("plan", {"lot_size": "many", "aql": "2.5"}, "lot_size must be a whole number of items, got 'many'"),
    ("plan", {"lot_size": "1", "aql": "2.5"}, "lot size must be at least 2 items, got 1"),
    ("plan", {"lot_size": "500"}, "aql is required"),
    ("plan", {"lot_size": "500", "aql": "3"}, "AQL 3 is not one of the standard's preferred AQLs"),
    ("plan", {"lot_size": "500", "aql": "2.5", "level": "IV"}, "unknown inspection level 'IV'"),
    ("plan", {"lot_size": "500", "aql": "2.5", "inspection": "strict"}, "unknown inspection severity"),
    ("plan", {"lot_size": "500", "aql": "2.5", "edition": "1989"}, "unknown edition '1989'"),
    ("oc", {"lot_size": "1", "aql": "2.5"}, "lot size must be at least 2 items"),
    ("oc", {"lot_size": "500", "aql": "2.5", "at": "1,x"}, "at takes numbers separated by commas, got 'x'"),
    ("oc", {"lot_size": "500", "aql": "2.5", "at": "-1"}, "at qualities must be numbers >= 0"),
    ("oc", {"lot_size": "500", "aql": "2.5", "at": "150"}, "percent nonconforming cannot exceed 100"),
    ("classes", {}, "lot_size: Enter the lot size."),
    ("classes", {"lot_size": "1"}, "lot_size: The lot size must be at least 2 items."),
    ("classes", {"lot_size": "500", "major": "3"}, "major: 3 is not an AQL of the standard."),
    ("classes", {"lot_size": "500", "level": "I"}, "level: General inspection level I is below"),
    ("classes", {"lot_size": "500", "major": "", "minor": ""}, "major: Give an AQL for the major"),
]  # fmt: skip


@pytest.mark.parametrize(("endpoint", "query", "message"), API_ERRORS)
def test_it_answers_bad_api_input_with_a_one_line_422(
    client_for: Any, endpoint: str, query: dict[str, str], message: str
) -> None:
    response = client_for("inspector").get(f"/api/v1/aql/{endpoint}", query)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail
    assert detail.startswith(message)
