"""Writes for the scorecard: evidence, the method's weights and thresholds, yearly snapshots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.csr.models import (
    EvidenceScope,
    ManagementIndicator,
    MedalThreshold,
    ScorecardCriterion,
    ScorecardEvidence,
    ScorecardPolicy,
    ScorecardSnapshot,
    ScorecardTheme,
)
from sourceproof.csr.services.common import (
    ChangeAction,
    check_fields,
    checked_upload,
    created,
    diff,
    record_change,
    snapshot,
    validate,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

EVIDENCE_FIELDS = ("title", "evidence_date", "signed", "scope", "notes")


def _attach(evidence: ScorecardEvidence, upload: UploadedFile) -> None:
    kind, sha, name = checked_upload(upload, "document")
    evidence.document_name = (upload.name or name)[:200]
    upload.name = name
    evidence.document = upload
    evidence.document_kind = kind
    evidence.document_sha256 = sha


@transaction.atomic
def evidence_add(
    *,
    criterion: ScorecardCriterion,
    indicator: ManagementIndicator,
    title: str,
    evidence_date: dt.date,
    signed: bool,
    scope: str = EvidenceScope.COMPANY,
    notes: str = "",
    upload: UploadedFile | None = None,
    by: User | None,
) -> ScorecardEvidence:
    """Attach evidence to one criterion and indicator. The document is optional (a reference
    in the title and notes may do) but, when given, must be a PDF or image by content."""
    evidence = ScorecardEvidence(
        criterion=criterion,
        indicator=indicator,
        title=title,
        evidence_date=evidence_date,
        signed=signed,
        scope=scope,
        notes=notes,
        added_by=by,
    )

    def not_in_future() -> None:
        if evidence_date and evidence_date > timezone.localdate():
            raise ValidationError({"evidence_date": [_("The date cannot be in the future.")]})

    validate(evidence, exclude=["document"], checks=[not_in_future])
    if upload is not None:
        _attach(evidence, upload)
    evidence.save()
    record_change(
        obj=evidence,
        actor=by,
        action=ChangeAction.CREATE,
        changes=created(snapshot(evidence)),
        summary=f"Evidence for {criterion.code} / {indicator.code}",
    )
    return evidence


@transaction.atomic
def evidence_update(
    *,
    evidence: ScorecardEvidence,
    by: User | None,
    upload: UploadedFile | None = None,
    **fields: Any,
) -> ScorecardEvidence:
    check_fields(fields, EVIDENCE_FIELDS)
    before = snapshot(evidence)
    for name, value in fields.items():
        setattr(evidence, name, value)
    validate(evidence, exclude=["document"])
    if upload is not None:
        _attach(evidence, upload)
    evidence.save()
    record_change(
        obj=evidence, actor=by, action=ChangeAction.UPDATE, changes=diff(before, snapshot(evidence))
    )
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: ScorecardEvidence, by: User | None) -> None:
    record_change(
        obj=evidence,
        actor=by,
        action=ChangeAction.DELETE,
        changes={k: [v, None] for k, v in snapshot(evidence).items() if v not in (None, "")},
    )
    document = evidence.document.name if evidence.document else ""
    storage = evidence.document.storage if evidence.document else None
    evidence.delete()
    if document and storage is not None:
        transaction.on_commit(lambda: storage.delete(document))


def _weight(value: Any, field: str) -> Decimal:
    try:
        weight = Decimal(str(value))
    except (ArithmeticError, ValueError) as exc:
        raise ValidationError({field: [_("Enter a number.")]}) from exc
    if weight < 0 or weight > 1000:
        raise ValidationError({field: [_("A weight is between 0 and 1000.")]})
    return weight


@transaction.atomic
def weights_update(
    *,
    by: User | None,
    themes: dict[str, Any] | None = None,
    criteria: dict[str, tuple[Any, bool]] | None = None,
    indicators: dict[str, Any] | None = None,
) -> None:
    """Change weights (and which criteria count). Keys are codes; unknown codes are refused."""
    for model, changes in ((ScorecardTheme, themes or {}), (ManagementIndicator, indicators or {})):
        rows = {r.code: r for r in model.objects.select_for_update().filter(code__in=list(changes))}
        for code, value in changes.items():
            row = rows.get(code)
            if row is None:
                raise ValidationError(_("Unknown code %(code)s.") % {"code": code})
            weight = _weight(value, code)
            if row.weight != weight:
                record_change(
                    obj=row,
                    actor=by,
                    action=ChangeAction.UPDATE,
                    changes={"weight": [str(row.weight), str(weight)]},
                )
                row.weight = weight
                row.save(update_fields=["weight"])
    crit = criteria or {}
    rows_c = {
        r.code: r
        for r in ScorecardCriterion.objects.select_for_update().filter(code__in=list(crit))
    }
    for code, (value, active) in crit.items():
        criterion = rows_c.get(code)
        if criterion is None:
            raise ValidationError(_("Unknown code %(code)s.") % {"code": code})
        before = snapshot(criterion, ["weight", "is_active"])
        criterion.weight = _weight(value, code)
        criterion.is_active = bool(active)
        changes = diff(before, snapshot(criterion, ["weight", "is_active"]))
        if changes:
            criterion.save(update_fields=["weight", "is_active"])
            record_change(obj=criterion, actor=by, action=ChangeAction.UPDATE, changes=changes)


POLICY_FIELDS = (
    "stale_after_months",
    "stale_factor",
    "unsigned_factor",
    "group_only_factor",
    "theme_minimum",
)


@transaction.atomic
def scorecard_policy_update(
    *, by: User | None, thresholds: dict[str, Any] | None = None, **fields: Any
) -> ScorecardPolicy:
    """Change the evidence factors, staleness, the per-theme minimum and medal thresholds."""
    check_fields(fields, POLICY_FIELDS)
    policy = ScorecardPolicy.objects.select_for_update().get(pk=ScorecardPolicy.current().pk)
    before = snapshot(policy, POLICY_FIELDS)
    for name, value in fields.items():
        setattr(policy, name, value)
    validate(policy)
    policy.save()
    record_change(
        obj=policy,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=diff(before, snapshot(policy, POLICY_FIELDS)),
    )
    for medal, minimum in (thresholds or {}).items():
        threshold = MedalThreshold.objects.filter(medal=medal).first() or MedalThreshold(
            medal=medal
        )
        old = str(threshold.min_overall) if threshold.pk else None
        threshold.min_overall = minimum
        validate(threshold)
        threshold.save()
        if old != str(threshold.min_overall):
            record_change(
                obj=threshold,
                actor=by,
                action=ChangeAction.UPDATE,
                changes={"min_overall": [old, str(threshold.min_overall)]},
            )
    return policy


@transaction.atomic
def scorecard_snapshot_take(
    *, year: int, by: User | None, today: dt.date | None = None
) -> ScorecardSnapshot:
    """Freeze the scorecard as it stands now for a year (taking it again replaces it)."""
    from sourceproof.csr.selectors.scorecard import compute_scorecard

    today = today or timezone.localdate()
    if year > today.year:
        raise ValidationError({"year": [_("A snapshot cannot be taken for a future year.")]})
    state = compute_scorecard(today=today)
    details = {
        "as_of": today.isoformat(),
        "criteria": {k: round(v, 2) for k, v in state.scores.criteria.items()},
        "weights": {
            "themes": {t.code: str(t.weight) for t in state.themes},
            "criteria": {c.code: [str(c.weight), c.is_active] for c in state.criteria},
            "indicators": {i.code: str(i.weight) for i in state.indicators},
        },
        "policy": snapshot(state.policy, POLICY_FIELDS),
        "thresholds": {t.medal: str(t.min_overall) for t in state.thresholds},
        "top_gaps": state.gap_rows(limit=10),
    }
    values = {
        "overall": Decimal(str(round(state.scores.overall, 2))),
        "medal": state.medal.medal or "",
        "themes": {
            k: (round(v, 2) if v is not None else None) for k, v in state.scores.themes.items()
        },
        "gap_count": len(state.gaps),
        "details": details,
        "taken_by": by,
    }
    found, was_created = ScorecardSnapshot.objects.update_or_create(year=year, defaults=values)
    record_change(
        obj=found,
        actor=by,
        action=ChangeAction.CREATE if was_created else ChangeAction.EVENT,
        summary=f"Scorecard snapshot {year}: {values['overall']}"
        + ("" if was_created else " (taken again)"),
    )
    return found
