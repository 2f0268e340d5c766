"""The CSR manager turns chosen findings (or all of a rule) of a finished run into draft
audit findings: ETI clause 6 for hours, 5 for wages, 4 for age; a suggested severity; the
sentence, measured value and limit as evidence; the period; never twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sourceproof.audits.models import (
    AppliedStandard,
    AuditStatus,
    Clause,
    Finding,
    FindingSource,
    FindingStatus,
    FindingType,
    Severity,
)
from sourceproof.core.testing import Personas
from sourceproof.payroll import services
from sourceproof.payroll.models import DraftedFinding, WageHoursRun
from sourceproof.payroll.tests.helpers import make_audit, make_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_run(personas: Personas, django_capture_on_commit_callbacks: Any) -> WageHoursRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = make_run(personas)
    run.refresh_from_db()
    return run


def positions_of(run: WageHoursRun, rule: str) -> list[int]:
    return [i for i, f in enumerate(run.report["findings"]) if f["rule"] == rule]


def test_it_drafts_the_picked_findings_with_clause_severity_evidence_and_period(
    personas: Personas, done_run: WageHoursRun
) -> None:
    audit = make_audit(personas)
    picked = [
        *positions_of(done_run, "hours.weekly_regular"),
        *positions_of(done_run, "wage.minimum"),
        *positions_of(done_run, "age.minimum"),
    ]

    created = services.run_findings_draft(
        run=done_run, audit=audit, positions=picked, by=personas.csr_manager
    )

    by_rule = {f.rule_code: f for f in created}
    assert set(by_rule) == {"hours.weekly_regular", "wage.minimum", "age.minimum"}
    hours, wage, age = (
        by_rule["hours.weekly_regular"],
        by_rule["wage.minimum"],
        by_rule["age.minimum"],
    )
    for finding in created:
        assert finding.status == FindingStatus.DRAFT
        assert finding.source == FindingSource.WAGEHOURS
        assert finding.finding_type == FindingType.NON_COMPLIANCE
        assert finding.audit == audit
        assert not hasattr(finding, "corrective_action") or finding.corrective_action is None
    assert (hours.clause, wage.clause, age.clause) == (Clause.ETI_6, Clause.ETI_5, Clause.ETI_4)
    assert (hours.severity, wage.severity, age.severity) == (
        Severity.MINOR,  # 56 h: 8 over the limit
        Severity.MAJOR,  # 12.00 an hour: not below 80 % of 14.00
        Severity.CRITICAL,  # child labour
    )
    assert str(hours.period_start) == "2024-03-04" and str(hours.period_end) == "2024-03-10"
    assert "56 regular hours in ISO week 2024-W10, above the limit of 48." in hours.evidence
    assert "Measured: 56; limit: 48." in hours.evidence
    assert "Worker W1" in hours.title or "worker W1" in hours.title
    assert "Paid 12.0000 CNY per regular hour" in wage.evidence
    assert wage.applied_standard == AppliedStandard.BOTH
    assert "Zhejiang Class I" in wage.local_law_reference
    assert hours.applied_standard == AppliedStandard.ETI_BASE_CODE
    assert DraftedFinding.objects.filter(run=done_run).count() == 3
    done_run.refresh_from_db()
    assert done_run.audit == audit  # the run had no audit: it is linked now


def test_local_law_stricter_than_the_code_is_recorded(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = make_run(personas, overrides={"minimum_hourly_wage": 14.0})  # CN: 40 h, 1.5/2/3
    run.refresh_from_db()
    audit = make_audit(personas)

    created = services.run_findings_draft(
        run=run,
        audit=audit,
        positions=positions_of(run, "hours.weekly_regular")
        + positions_of(run, "wage.overtime_premium"),
        by=personas.csr_manager,
    )

    assert {f.applied_standard for f in created} == {AppliedStandard.LOCAL_LAW}
    assert all("Zhejiang Class I" in f.local_law_reference for f in created)
    assert all("overrides minimum_hourly_wage" in f.evidence for f in created)


def test_it_drafts_all_of_a_rule_from_the_page_and_skips_drafted_ones(
    personas: Personas, done_run: WageHoursRun, client_for: Any
) -> None:
    audit = make_audit(personas)
    client = client_for("csr_manager")
    url = reverse("payroll:run_draft", args=[done_run.pk])

    response = client.post(url, {"audit": audit.pk, "rules": ["age.minimum", "hours.rest_day"]})
    assert response.status_code == 302
    assert Finding.objects.filter(audit=audit).count() == 2

    response = client.post(
        url,
        {
            "audit": audit.pk,
            "rules": ["age.minimum"],
            "positions": positions_of(done_run, "wage.minimum"),
        },
    )
    assert response.status_code == 302
    assert Finding.objects.filter(audit=audit).count() == 3  # age.minimum was not drafted twice

    response = client.post(url, {"audit": audit.pk, "rules": ["age.minimum"]})
    assert response.status_code == 400
    assert "already a draft" in response.content.decode()

    page = client.get(reverse("payroll:run_detail", args=[done_run.pk])).content.decode()
    assert f"{audit.reference}-F01" in page  # the drafted ones show their reference


def test_all_of_a_rule_includes_findings_not_listed_on_the_page(
    personas: Personas, done_run: WageHoursRun, client_for: Any, monkeypatch: Any
) -> None:
    from sourceproof.payroll import selectors

    monkeypatch.setattr(selectors, "FINDINGS_SHOWN", 0)
    audit = make_audit(personas)
    client = client_for("csr_manager")

    page = client.get(reverse("payroll:run_detail", args=[done_run.pk])).content.decode()
    assert "The first 0 of 1 are shown" in page
    response = client.post(
        reverse("payroll:run_draft", args=[done_run.pk]),
        {"audit": audit.pk, "rules": ["hours.weekly_regular"]},
    )

    assert response.status_code == 302
    assert Finding.objects.get(audit=audit).rule_code == "hours.weekly_regular"


def test_one_severity_can_be_chosen_for_the_selection(
    personas: Personas, done_run: WageHoursRun
) -> None:
    created = services.run_findings_draft(
        run=done_run,
        audit=make_audit(personas),
        positions=range(len(done_run.report["findings"])),
        severity=Severity.MAJOR,
        by=personas.quality_manager,
    )

    assert len(created) == 6
    assert {f.severity for f in created} == {Severity.MAJOR}


def test_it_refuses_an_audit_of_another_facility_or_a_closed_one(
    personas: Personas, done_run: WageHoursRun
) -> None:
    other = make_audit(personas, facility=personas.other_facility)
    with pytest.raises(ValidationError, match="facility the records"):
        services.run_findings_draft(
            run=done_run, audit=other, positions=[0], by=personas.csr_manager
        )

    closed = make_audit(personas)
    closed.status = AuditStatus.CANCELLED
    closed.save()
    with pytest.raises(ValidationError):
        services.run_findings_draft(
            run=done_run, audit=closed, positions=[0], by=personas.csr_manager
        )
    assert not Finding.objects.exists()


def test_a_run_not_finished_has_nothing_to_draft(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        run = make_run(personas)  # queued: its task has not run
    audit = make_audit(personas)

    response = client_for("csr_manager").post(
        reverse("payroll:run_draft", args=[run.pk]),
        {"audit": audit.pk, "positions": [0]},
        follow=True,
    )

    assert "Only a finished analysis has findings to draft." in response.content.decode()
    with pytest.raises(ValidationError):
        services.run_findings_draft(run=run, audit=audit, positions=[0], by=personas.csr_manager)
    assert not Finding.objects.exists()


def test_nothing_picked_or_unknown_positions_are_refused(
    personas: Personas, done_run: WageHoursRun
) -> None:
    audit = make_audit(personas)
    for positions in ([], [99]):
        with pytest.raises(ValidationError):
            services.run_findings_draft(
                run=done_run, audit=audit, positions=positions, by=personas.csr_manager
            )
    assert not Finding.objects.exists()


def test_viewers_and_inspectors_cannot_draft(
    personas: Personas, done_run: WageHoursRun, client_for: Any
) -> None:
    audit = make_audit(personas)
    detail = reverse("payroll:run_detail", args=[done_run.pk])
    for name in ("viewer", "inspector"):
        response = client_for(name).post(
            reverse("payroll:run_draft", args=[done_run.pk]), {"audit": audit.pk, "positions": [0]}
        )
        assert response.status_code == 404
    assert 'id="draft-form"' not in client_for("viewer").get(detail).content.decode()
    assert client_for("inspector").get(detail).status_code == 404  # runs hold pay data
    assert not Finding.objects.exists()
