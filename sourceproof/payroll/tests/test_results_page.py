"""The results page: counts by rule (zeros too), findings grouped by rule with a sentence
each, server-side SVG charts of hours per week against the limits, a chosen worker's weekly
hours (htmx swap or a plain GET), and the not-checked list, never shown as compliant."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.payroll import charts
from sourceproof.payroll.models import WageHoursRun
from sourceproof.payroll.tests.helpers import make_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_run(personas: Personas, django_capture_on_commit_callbacks: Any) -> WageHoursRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = make_run(personas)
    run.refresh_from_db()
    return run


def page(client: Any, run: WageHoursRun, query: str = "", **headers: Any) -> str:
    response = client.get(reverse("payroll:run_detail", args=[run.pk]) + query, **headers)
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_shows_the_findings_grouped_by_rule_in_plain_sentences(
    done_run: WageHoursRun, client_for: Any
) -> None:
    html = page(client_for("viewer"), done_run)

    assert 'id="rule-hours.weekly_regular"' in html
    assert "56 regular hours in ISO week 2024-W10, above the limit of 48." in html
    assert "7 consecutive days worked without a day off (2024-03-04 to 2024-03-10)" in html
    assert "Worked from 2024-03-04 to 2024-03-04 aged 14, below the minimum age of 15." in html
    assert 'id="rule-hours.weekly_total"' not in html  # no findings: no section…
    counts = html[html.index('id="counts"') :]
    assert "Total hours in a week above the limit" in counts  # …but its zero is in the counts
    assert "ETI clause" in html


def test_it_draws_the_charts_as_svg(done_run: WageHoursRun, client_for: Any) -> None:
    html = page(client_for("csr_manager"), done_run)

    for chart_id in ("weekly-hours-histogram", "workers-over-limit", "worker-weeks"):
        assert re.search(rf'<svg [^>]*id="{chart_id}"', html), chart_id
    histogram = html[html.index('id="weekly-hours-histogram"') :]
    assert "48 h regular<" in histogram and "60 h total<" in histogram
    assert "<rect" in histogram
    assert "Hours per week of worker W1" in html  # the worker with most weeks over a limit
    assert "2024-W10" in html


def test_the_chart_helpers_escape_and_describe(done_run: WageHoursRun) -> None:
    svg = charts.workers_over_limit_chart(
        [
            {
                "worker_id": "<W&1>",
                "weeks_over_total": 3,
                "weeks_over_regular": 5,
                "max_total": 70,
                "weeks": 9,
            }
        ],
        total_max=60,
        regular_max=48,
    )
    assert "&lt;W&amp;1&gt;" in svg and "<W&1>" not in svg
    assert "<desc" in svg and "had 3 weeks above 60 hours" in svg
    empty = charts.weekly_hours_histogram(
        [], bin_hours=4, regular_max=48, total_max=60, weeks_over_total=0
    )
    assert "No weeks with time records." in empty


def test_a_worker_is_chosen_by_id(done_run: WageHoursRun, client_for: Any) -> None:
    client = client_for("viewer")

    fragment = page(client, done_run, "?worker=Y1", HTTP_HX_REQUEST="true")
    assert "<h1>" not in fragment
    assert 'id="worker-chart"' in fragment
    assert "Hours per week of worker Y1" in fragment

    full = page(client, done_run, "?worker=Y1")  # without JavaScript: the whole page
    assert "Hours per week of worker Y1" in full and "<h1>" in full

    unknown = page(client, done_run, "?worker=NOBODY", HTTP_HX_REQUEST="true")
    assert "No time records for worker NOBODY." in unknown


def test_what_was_not_checked_is_listed_not_passed(done_run: WageHoursRun, client_for: Any) -> None:
    html = page(client_for("viewer"), done_run)

    section = html[html.index('id="not-checked"') :]
    assert "never counted as compliant" in section
    assert '<td data-label="Worker">N1</td>' in section
    assert "No time records" in section
    assert "Every worker was checked." not in html


def test_the_run_list_shows_status_and_findings(done_run: WageHoursRun, client_for: Any) -> None:
    response = client_for("viewer").get(reverse("payroll:run_list"))
    html = response.content.decode()

    assert response.status_code == 200
    assert f'href="{reverse("payroll:run_detail", args=[done_run.pk])}"' in html
    assert ">6</td>" in html
    assert "New analysis" not in html  # a viewer may not start one
    assert (
        "New analysis"
        in client_for("csr_manager").get(reverse("payroll:run_list")).content.decode()
    )


def test_the_upload_form_previews_the_rules(personas: Personas, client_for: Any) -> None:
    client = client_for("csr_manager")

    html = client.get(
        reverse("payroll:run_create") + f"?facility={personas.facility.code}"
    ).content.decode()
    assert "Zhejiang Class I" in html
    assert "weekly_regular_hours_max" in html

    fragment = client.get(
        reverse("payroll:run_create") + "?preview=1&facility=FAC-NOPE", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "No facility FAC-NOPE." in fragment and "<h1>" not in fragment

    personas.other_facility.country = "KH"
    personas.other_facility.save()
    fragment = client.get(
        reverse("payroll:run_create") + f"?preview=1&facility={personas.other_facility.code}",
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "No legal minimum wage for KH" in fragment
