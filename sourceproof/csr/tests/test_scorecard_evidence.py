"""Scorecard evidence through the pages: documents checked by content, the scores and gaps
the page shows, the method's weights, and yearly snapshots."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.csr.models import ScorecardEvidence, ScorecardSnapshot, ScorecardTheme
from sourceproof.csr.selectors.scorecard import compute_scorecard
from sourceproof.csr.tests.helpers import not_a_pdf, pdf, png, today

pytestmark = pytest.mark.django_db
CELL = reverse("csr:cell", kwargs={"criterion": "energy_ghg", "indicator": "policies"})


def _post(client: Any, **fields: Any) -> Any:
    data = {
        "title": "Energy policy 2026",
        "evidence_date": today().isoformat(),
        "signed": "on",
        "scope": "company",
        **fields,
    }
    return client.post(CELL, data)


def test_it_attaches_a_pdf_or_image_judged_by_content(personas: Personas, client_for: Any) -> None:
    client = client_for("csr_manager")
    assert _post(client, document=pdf()).status_code == 302
    assert _post(client, document=png("scan.png")).status_code == 302
    refused = _post(client, document=not_a_pdf())
    assert refused.status_code == 400 and b"not a PDF" in refused.content
    kinds = sorted(ScorecardEvidence.objects.values_list("document_kind", flat=True))
    assert kinds == ["pdf", "png"]


def test_it_refuses_a_date_in_the_future(personas: Personas, client_for: Any) -> None:
    response = _post(
        client_for("csr_manager"), evidence_date=(today() + dt.timedelta(days=2)).isoformat()
    )
    assert response.status_code == 400 and b"future" in response.content


def test_the_scorecard_counts_the_evidence(personas: Personas, client_for: Any) -> None:
    before = compute_scorecard().scores.overall
    _post(client_for("csr_manager"), document=pdf())
    state = compute_scorecard()
    # energy_ghg x policies full: 100 x 2/10 (policies' weight of 10) / 9 criteria / 4 themes
    assert state.scores.overall - before == pytest.approx(100 * 0.2 / 9 / 4)
    assert ("energy_ghg", "policies") not in {(g.criterion, g.indicator) for g in state.gaps}
    page = client_for("viewer").get(reverse("csr:scorecard"))
    assert page.status_code == 200 and b"No medal" in page.content


def test_group_level_unsigned_evidence_is_a_gap_with_its_reasons(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("csr_manager")
    client.post(
        CELL,
        {"title": "Group policy", "evidence_date": today().isoformat(), "scope": "group"},
    )
    gap = next(
        g
        for g in compute_scorecard().gaps
        if g.criterion == "energy_ghg" and g.indicator == "policies"
    )
    # 0.7 (unsigned) x 0.8 (group only) = 0.56
    assert gap.credit == pytest.approx(0.56)
    assert [str(w) for w in gap.weaknesses] == ["unsigned", "group_only"]


def test_weights_change_the_score(personas: Personas, client_for: Any) -> None:
    client = client_for("csr_manager")
    _post(client, document=pdf())
    data: dict[str, Any] = {"form": "weights"}
    from sourceproof.csr.models import ManagementIndicator, ScorecardCriterion

    for t in ScorecardTheme.objects.all():
        data[f"theme_{t.code}"] = "1" if t.code == "environment" else "0"
    for c in ScorecardCriterion.objects.all():
        data[f"criterion_{c.code}"] = "1" if c.code == "energy_ghg" else "0"
        data[f"active_{c.code}"] = "on"
    for i in ManagementIndicator.objects.all():
        data[f"indicator_{i.code}"] = "1" if i.code == "policies" else "0"
    response = client.post(reverse("csr:scorecard_method"), data)
    assert response.status_code == 302
    # only environment x energy_ghg x policies counts, and it has full credit
    assert compute_scorecard().scores.overall == pytest.approx(100.0)


def test_it_takes_a_yearly_snapshot(personas: Personas, client_for: Any) -> None:
    client = client_for("csr_manager")
    _post(client, document=pdf())
    client.post(reverse("csr:snapshot_list"), {"year": today().year})
    snapshot = ScorecardSnapshot.objects.get()
    assert float(snapshot.overall) == pytest.approx(compute_scorecard().scores.overall, abs=0.01)
    assert snapshot.gap_count == len(compute_scorecard().gaps)
    assert set(snapshot.themes) == set(ScorecardTheme.objects.values_list("code", flat=True))
    refused = client.post(reverse("csr:snapshot_list"), {"year": today().year + 1})
    assert refused.status_code == 400
