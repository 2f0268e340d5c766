"""The AQL calculator page shows the engine's numbers, the same as ``sourceproof aql``.

Each case is worked three ways: the engine (``plans_for_classes``), the command line
(``sourceproof aql plan --json``, captured) and the page (its context and its HTML table).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pytest

from sourceproof.cli import main
from sourceproof.inspections.calculator import CALCULATOR_POLICY
from sourceproof.sampling import lq10, plan, plans_for_classes, producer_risk

pytestmark = pytest.mark.django_db

URL = "/aql/"
SVG = "{http://www.w3.org/2000/svg}"


def cli_plan(capsys: pytest.CaptureFixture[str], **options: str) -> dict[str, Any]:
    argv = ["aql", "plan", "--json"]
    for name, value in options.items():
        argv += [f"--{name.replace('_', '-')}", value]
    assert main(argv) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


class PlanTable(HTMLParser):
    """The page's plans table: {class name: {column label: cell text}}."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self._row: str | None = None
        self._cell: str | None = None
        self._in_table = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "table" and found.get("id") == "aql-plans":
            self._in_table = True
        elif self._in_table and tag == "tr" and found.get("data-class"):
            self._row = found["data-class"]
            self.rows[self._row] = {}
        elif self._row and tag in ("td", "th") and found.get("data-label"):
            self._cell = found["data-label"]
            self.rows[self._row][self._cell] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "table":
            self._in_table = False
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row and self._cell:
            cells = self.rows[self._row]
            cells[self._cell] = " ".join((cells[self._cell] + " " + data).split())


def table(html: str) -> dict[str, dict[str, str]]:
    parser = PlanTable()
    parser.feed(html)
    return parser.rows


def svg_of(html: str) -> ET.Element:
    found = re.search(r"<svg.*?</svg>", html, re.S)
    assert found, "no chart on the page"
    return ET.fromstring(found.group(0))  # noqa: S314 - our own output


# (query, the CLI options for the major class's plan)
CASES: list[tuple[dict[str, str], dict[str, str]]] = [
    ({"lot_size": "5000"}, {"lot_size": "5000", "aql": "2.5"}),
    # upward arrow: L at AQL 0.10 uses K's plan, n = 125
    ({"lot_size": "5000", "major": "0.10"}, {"lot_size": "5000", "aql": "0.10"}),
    # downward arrow and 100 %: B at 0.65 uses F (n = 20) on a lot of 10
    ({"lot_size": "10", "major": "0.65"}, {"lot_size": "10", "aql": "0.65"}),
    # J at 0.010 goes down to Q, n = 1250 > 1000: the whole lot
    ({"lot_size": "1000", "major": "0.010"}, {"lot_size": "1000", "aql": "0.010"}),
    # Z1.4 reduced plan with a gap (5/8)
    (
        {"lot_size": "5000", "edition": "z1.4", "inspection": "reduced"},
        {"lot_size": "5000", "aql": "2.5", "edition": "z1.4", "inspection": "reduced"},
    ),
    (
        {"lot_size": "50", "major": "1.0", "level": "III", "inspection": "tightened"},
        {"lot_size": "50", "aql": "1.0", "level": "III", "inspection": "tightened"},
    ),
    # special level, nonconformities per 100 items
    ({"lot_size": "2000", "major": "40", "level": "S-3"}, {"lot_size": "2000", "aql": "40", "level": "S-3"}),
]  # fmt: skip


@pytest.mark.parametrize(("query", "options"), CASES, ids=[str(q) for q, _ in CASES])
def test_it_shows_the_same_plan_as_the_engine_and_the_cli(
    client_for: Any,
    capsys: pytest.CaptureFixture[str],
    query: dict[str, str],
    options: dict[str, str],
) -> None:
    expected = cli_plan(capsys, **options)
    engine = plan(
        int(options["lot_size"]),
        options["aql"],
        options.get("level", "II"),
        options.get("inspection", "normal"),
        options.get("edition", "iso2859-1"),
    )
    assert engine.as_dict() == expected

    response = client_for("inspector").get(URL, query)
    assert response.status_code == 200
    result = response.context["result"]
    major = next(c for c in result.inspection_plan.classes if c.name == "major")
    assert major.standard_plan.as_dict() == expected
    assert (major.sample_size, major.accept, major.reject) == (
        expected["sample_size"],
        expected["accept"],
        expected["reject"],
    )

    row = table(response.content.decode())["major"]
    assert row["AQL"] == expected["aql"]
    assert row["Code letter"] == expected["code_letter"]
    assert row["Plan letter"].split()[-1] == expected["plan_code_letter"]
    assert row["n"] == str(expected["sample_size"])
    assert row["Ac"] == str(expected["accept"])
    assert row["Re"] == str(expected["reject"])


def test_it_draws_the_common_sample_and_judges_each_class_on_it(client_for: Any) -> None:
    response = client_for("quality_manager").get(
        URL, {"lot_size": "1000", "major": "2.5", "minor": "0.10"}
    )
    engine = plans_for_classes(
        1000, {"critical": None, "major": "2.5", "minor": "0.10"}, policy=CALCULATOR_POLICY
    )
    assert response.context["result"].inspection_plan == engine
    html = response.content.decode()
    rows = table(html)
    # minor 0.10 at J is an arrow down to K: n = 125, the largest, so the common sample
    assert engine.sample_size == 125
    assert re.search(r'class="sample">\s*125 items', html)
    assert rows["critical"]["n"] == "125" and rows["critical"]["Ac"] == "0"
    assert rows["critical"]["Re"] == "1"
    assert (
        "All 125 items: one critical nonconformity rejects the lot."
        in rows["critical"]["Judged on the sample"]
    )
    assert rows["major"]["n"] == "80"
    assert rows["major"]["Judged on the sample"].startswith("The first 80 items.")
    assert (
        "Accept with 5 nonconforming items or fewer, reject with 6 or more."
        in rows["major"]["Judged on the sample"]
    )
    assert rows["minor"]["Judged on the sample"].startswith("All 125 items.")
    assert "Accept only with none; reject with 1 or more." in rows["minor"]["Judged on the sample"]


def test_it_explains_the_arrow(client_for: Any) -> None:
    html = client_for("inspector").get(URL, {"lot_size": "5000", "major": "0.10"}).content.decode()
    assert table(html)["major"]["Plan letter"] == "↑ K"
    assert "the master table has an arrow at letter L, AQL 0.10" in html
    assert "letter K, with its own sample size (125 items)" in html


def test_it_says_when_the_whole_lot_is_inspected(client_for: Any) -> None:
    response = client_for("inspector").get(URL, {"lot_size": "10", "major": "0.65", "minor": ""})
    html = response.content.decode()
    assert response.context["result"].full_inspection
    assert "The sample is the whole lot: inspect all 10 items (100 % inspection)." in html
    assert "so all 10 items are inspected (100 %)" in html
    assert table(html)["major"]["n"] == "10"


def test_it_shows_the_gap_of_a_z14_reduced_plan(client_for: Any) -> None:
    html = (
        client_for("inspector")
        .get(URL, {"lot_size": "5000", "edition": "z1.4", "inspection": "reduced", "minor": ""})
        .content.decode()
    )
    assert "6 to 7: accept the lot, but return to normal inspection." in html


def test_it_says_there_is_no_aql_zero(client_for: Any) -> None:
    html = client_for("inspector").get(URL, {"lot_size": "5000"}).content.decode()
    assert "the standard has no “AQL 0”" in html
    assert "The standard has no “AQL 0”" in html  # in the help text beside the field too


def test_it_counts_a_critical_aql_only_towards_the_sample(client_for: Any) -> None:
    response = client_for("inspector").get(URL, {"lot_size": "5000", "critical": "0.025"})
    rows = table(response.content.decode())
    # the critical AQL 0.025 at L is an arrow down to N: n = 500, which becomes the sample
    assert response.context["result"].inspection_plan.sample_size == 500
    assert (rows["critical"]["n"], rows["critical"]["Ac"], rows["critical"]["Re"]) == (
        "500",
        "0",
        "1",
    )
    assert "The AQL 0.025 given for critical only sets a minimum sample size (500 items)." in (
        response.content.decode()
    )


class TestChart:
    def test_it_draws_the_oc_curve_of_major_and_minor(self, client_for: Any) -> None:
        response = client_for("inspector").get(URL, {"lot_size": "5000"})
        result = response.context["result"]
        root = svg_of(response.content.decode())
        lines = list(root.iter(f"{SVG}polyline"))
        assert len(lines) == 2
        counts = [len(line.attrib["points"].split()) for line in lines]
        assert counts == [len(c.summary.points) for c in result.curves]
        assert min(counts) >= 61
        titles = [line.find(f"{SVG}title").text for line in lines]  # type: ignore[union-attr]
        assert titles == ["Major, AQL 2.5: n = 200, Ac 10", "Minor, AQL 4.0: n = 200, Ac 14"]

    def test_it_marks_the_aql_and_the_lq10(self, client_for: Any) -> None:
        response = client_for("inspector").get(URL, {"lot_size": "5000"})
        root = svg_of(response.content.decode())
        groups = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "marker"]
        labels = [g.find(f"{SVG}title").text for g in groups]  # type: ignore[union-attr]
        major = plan(5000, "2.5")
        minor = plan(5000, "4.0")
        assert labels == [
            "Major: Pa 98.7 % at the AQL",
            f"LQ10 {lq10(major):.2f}",
            "Minor: Pa 98.5 % at the AQL",
            f"LQ10 {lq10(minor):.2f}",
        ]
        references = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "reference"]
        assert [g.find(f"{SVG}title").text for g in references] == [  # type: ignore[union-attr]
            "AQL 2.5",
            "AQL 4.0",
            "Pa 10 %",
        ]
        assert 1 - producer_risk(major) == pytest.approx(0.987, abs=5e-4)

    def test_it_describes_the_chart_for_screen_readers(self, client_for: Any) -> None:
        root = svg_of(client_for("inspector").get(URL, {"lot_size": "5000"}).content.decode())
        description = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
        assert (
            "Major plan (n = 200, Ac 10): a lot at the AQL of 2.5 is accepted 98.7 %" in description
        )

    @pytest.mark.parametrize(
        "query",
        [
            # n = 1000, Ac 0 against 80, Ac 7
            {"lot_size": "1000", "major": "0.010", "minor": "4.0"},
            {"lot_size": "200", "major": "1.0", "minor": "65"},  # percent against per 100 items
        ],
    )
    def test_it_draws_curves_of_very_different_scales_apart(
        self, client_for: Any, query: dict[str, str]
    ) -> None:
        response = client_for("inspector").get(URL, query)
        html = response.content.decode()
        charts = [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", html, re.S)]  # noqa: S314
        assert [len(list(c.iter(f"{SVG}polyline"))) for c in charts] == [1, 1]
        assert [c.attrib["id"] for c in charts] == ["oc-chart-1", "oc-chart-2"]
        first, second = response.context["result"].charts
        assert first.quality_max < second.quality_max / 5 or (
            first.curves[0].per_hundred != second.curves[0].per_hundred
        )
        assert "their scales differ too much to share one chart" in html
        assert 'id="oc-table-1"' in html and 'id="oc-table-2"' in html

    def test_it_has_no_chart_without_a_class_of_its_own(self, client_for: Any) -> None:
        response = client_for("inspector").get(
            URL, {"lot_size": "5000", "critical": "1.0", "major": "", "minor": ""}
        )
        assert response.context["result"].curves == ()
        assert "<svg" not in response.content.decode()


def test_it_explains_the_risks_in_plain_words(client_for: Any) -> None:
    html = client_for("inspector").get(URL, {"lot_size": "5000", "minor": ""}).content.decode()
    major = plan(5000, "2.5")
    risk = f"{producer_risk(major) * 100:.1f}"
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert (
        f"if the lot really has 2.5 % defective units, this plan still rejects it {risk} % of the time"
        in text
    )
    assert (
        f"a lot with {lq10(major):.2f} % defective units is still accepted 1 time in 10 (LQ10)"
        in text
    )
    assert "(AOQL)" in text


def test_it_speaks_of_nonconformities_per_100_items_above_aql_10(client_for: Any) -> None:
    html = client_for("inspector").get(URL, {"lot_size": "2000", "major": "40", "minor": ""})
    text = " ".join(re.sub(r"<[^>]+>", " ", html.content.decode()).split())
    assert "if the lot really has 40 nonconformities per 100 items" in text
    assert "Quality of the lot: nonconformities per 100 items" in text


def test_it_warns_about_special_levels(client_for: Any) -> None:
    html = client_for("inspector").get(URL, {"lot_size": "2000", "level": "S-3"}).content.decode()
    assert "Special inspection level S-3" in html
    assert "measurement tests and on-site tests" in html
    normal = client_for("inspector").get(URL, {"lot_size": "2000"}).content.decode()
    assert "Special inspection level" not in normal


class TestWithoutAndWithJavascript:
    def test_it_is_a_get_form_with_the_result_on_the_same_page(self, client_for: Any) -> None:
        html = client_for("inspector").get(URL).content.decode()
        assert html.count('id="errors-lot_size"') == 1
        form = re.search(r"<form method=\"get\" action=\"/aql/\"[^>]*>", html)
        assert form and 'hx-get="/aql/"' in form.group(0)
        assert 'type="submit"' in html
        assert "Enter the lot size to see the sampling plan." in html
        assert 'value="2.5"' in html and 'value="4.0"' in html  # the defaults

    def test_it_fills_in_the_defaults_for_a_short_link(self, client_for: Any) -> None:
        response = client_for("inspector").get(URL, {"lot_size": "5000"})
        request = response.context["result"].request
        assert (request.major.text, request.minor.text, request.critical) == ("2.5", "4.0", None)
        assert (request.level, request.inspection, request.edition) == ("II", "normal", "iso2859-1")

    def test_it_returns_only_the_results_to_htmx(self, client_for: Any) -> None:
        response = client_for("inspector").get(URL, {"lot_size": "5000"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert html.lstrip().startswith('<section id="aql-results"')
        assert "<form" not in html and "<html" not in html
        assert table(html)["major"]["n"] == "200"
        # the fields' errors are swapped out of band (emptied here)
        assert html.count('hx-swap-oob="true"') == 7
        assert "HX-Request" in response["Vary"]

    def test_it_returns_the_whole_page_to_a_history_restore(self, client_for: Any) -> None:
        response = client_for("inspector").get(
            URL,
            {"lot_size": "5000"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_HISTORY_RESTORE_REQUEST="true",
        )
        html = response.content.decode()
        assert "<form" in html
        assert "hx-swap-oob" not in html  # each error slot once, in the form

    def test_it_links_to_the_same_numbers_as_json(self, client_for: Any) -> None:
        html = (
            client_for("inspector").get(URL, {"lot_size": "5000", "minor": "6.5"}).content.decode()
        )
        assert 'href="/api/v1/aql/classes?lot_size=5000&amp;minor=6.5"' in html


def test_it_works_on_a_phone(client_for: Any) -> None:
    html = client_for("inspector").get(URL, {"lot_size": "5000"}).content.decode()
    assert '<table class="stack" id="aql-plans">' in html
    assert 'inputmode="numeric"' in html and 'inputmode="decimal"' in html
    assert "width:100%;height:auto" in html  # the chart scales down
