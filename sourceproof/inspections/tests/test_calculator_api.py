"""/api/v1/aql: /plan and /oc return exactly what ``sourceproof aql plan|oc --json`` prints,
/classes returns the calculator page's numbers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sourceproof.cli import main
from sourceproof.inspections.calculator import CALCULATOR_POLICY
from sourceproof.sampling import plans_for_classes

pytestmark = pytest.mark.django_db

PLAN_KEYS = [
    "edition", "lot_size", "level", "aql", "inspection", "code_letter", "plan_code_letter",
    "sample_size", "accept", "reject", "full_inspection",
]  # fmt: skip

# (API query = CLI options)
CASES: list[dict[str, str]] = [
    {"lot_size": "5000", "aql": "2.5"},
    {"lot_size": "5000", "aql": "0.10"},  # arrow up: L -> K
    {"lot_size": "1000", "aql": "0.010"},  # arrow down to Q, n 1250 >= 1000: 100 %
    {"lot_size": "4", "aql": "10", "level": "I"},  # the CLI's own arrow and 100 % case
    {"lot_size": "5000", "aql": "2.5", "inspection": "reduced", "edition": "z1.4"},
    {"lot_size": "50", "aql": "1", "level": "III", "inspection": "tightened"},
    {"lot_size": "2000", "aql": "40", "level": "S-3"},
    {"lot_size": "600000", "aql": "0.025", "inspection": "tightened"},  # letter S
]


def cli(capsys: pytest.CaptureFixture[str], command: str, query: dict[str, str]) -> Any:
    argv = ["aql", command, "--json"]
    for name, value in query.items():
        argv += [f"--{name.replace('_', '-')}", value]
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("query", CASES, ids=[str(q) for q in CASES])
def test_it_returns_the_clis_plan(
    client_for: Any, capsys: pytest.CaptureFixture[str], query: dict[str, str]
) -> None:
    response = client_for("inspector").get("/api/v1/aql/plan", query)
    assert response.status_code == 200
    assert response.json() == cli(capsys, "plan", query)
    assert list(response.json()) == PLAN_KEYS


@pytest.mark.parametrize("query", CASES, ids=[str(q) for q in CASES])
def test_it_returns_the_clis_oc(
    client_for: Any, capsys: pytest.CaptureFixture[str], query: dict[str, str]
) -> None:
    with_points = {**query, "at": "0.5,1,2"}
    response = client_for("inspector").get("/api/v1/aql/oc", with_points)
    assert response.status_code == 200
    expected = cli(capsys, "oc", with_points)
    assert response.json() == expected
    assert [point["p"] for point in response.json()["points"]] == [0.5, 1.0, 2.0]
    assert set(expected) == {"plan", "model", "points", "producer_risk", "lq10", "aoql"}


def test_it_returns_the_default_points_without_at(
    client_for: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    query = {"lot_size": "5000", "aql": "2.5"}
    response = client_for("inspector").get("/api/v1/aql/oc", query)
    assert response.json() == cli(capsys, "oc", query)
    assert len(response.json()["points"]) == 41


@pytest.mark.parametrize(
    "query",
    [
        {"lot_size": "5000"},
        {"lot_size": "1000", "major": "2.5", "minor": "0.10"},
        {"lot_size": "10", "major": "0.65", "minor": "4.0"},
        {"lot_size": "5000", "critical": "0.025", "edition": "z1.4", "inspection": "reduced"},
        {"lot_size": "2000", "major": "40", "minor": "", "level": "S-3"},
    ],
)
def test_it_returns_the_pages_numbers_for_the_classes(
    client_for: Any, query: dict[str, str]
) -> None:
    client = client_for("quality_manager")
    api = client.get("/api/v1/aql/classes", query)
    page = client.get("/aql/", query)
    assert api.status_code == 200
    result = page.context["result"]
    assert api.json() == json.loads(json.dumps(result.as_dict()))

    data = api.json()
    engine = plans_for_classes(
        int(query["lot_size"]),
        result.request.classes(),
        level=query.get("level", "II"),
        inspection=query.get("inspection", "normal"),
        edition=query.get("edition", "iso2859-1"),
        policy=CALCULATOR_POLICY,
    )
    assert data["sample_size"] == engine.sample_size == page.context["rows"][0].plan.sample_size
    assert [c["name"] for c in data["classes"]] == [c.name for c in engine.classes]
    for found, expected in zip(data["classes"], engine.classes, strict=True):
        assert (found["sample_size"], found["accept"], found["reject"]) == (
            expected.sample_size,
            expected.accept,
            expected.reject,
        )
        assert found["standard_plan"] == (
            expected.standard_plan.as_dict() if expected.standard_plan else None
        )


def test_it_gives_oc_figures_per_class_but_none_for_zero_acceptance(
    client_for: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    data = client_for("inspector").get("/api/v1/aql/classes", {"lot_size": "5000"}).json()
    critical, major, minor = data["classes"]
    assert (critical["zero_acceptance"], critical["aql"], critical["producer_risk"]) == (
        True,
        None,
        None,
    )
    oc = cli(capsys, "oc", {"lot_size": "5000", "aql": "2.5"})
    assert (major["producer_risk"], major["lq10"], major["aoql"]) == (
        oc["producer_risk"],
        oc["lq10"],
        oc["aoql"],
    )
    assert minor["aql"] == "4.0"
    assert data["full_inspection"] is False


def test_it_says_when_the_common_sample_is_the_whole_lot(client_for: Any) -> None:
    data = (
        client_for("inspector")
        .get("/api/v1/aql/classes", {"lot_size": "10", "major": "0.65"})
        .json()
    )
    assert (data["sample_size"], data["full_inspection"]) == (10, True)
    assert data["classes"][1]["standard_plan"]["full_inspection"] is True


def test_it_is_documented_in_the_openapi_schema(client_for: Any) -> None:
    paths = client_for("inspector").get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/aql/plan", "/api/v1/aql/oc", "/api/v1/aql/classes"} <= set(paths)
