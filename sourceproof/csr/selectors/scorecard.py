"""Reads for the scorecard: the framework and weights, evidence, scores, medal, gaps, snapshots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sourceproof.csr import scoring
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
from sourceproof.csr.selectors.common import get_or_404, require_view


@dataclass
class ScorecardState:
    themes: list[ScorecardTheme]
    criteria: list[ScorecardCriterion]
    indicators: list[ManagementIndicator]
    policy: ScorecardPolicy
    thresholds: list[MedalThreshold]
    scores: scoring.Scores
    medal: scoring.MedalResult
    gaps: list[scoring.Gap]
    evidence_counts: dict[tuple[str, str], int]

    def theme_name(self, code: str) -> str:
        return next((t.name for t in self.themes if t.code == code), code)

    @property
    def names(self) -> dict[str, str]:
        found = {t.code: t.name for t in self.themes}
        found.update({c.code: c.name for c in self.criteria})
        found.update({i.code: i.name for i in self.indicators})
        return found

    def matrix(self) -> list[dict[str, Any]]:
        """Rows for the page: per theme its criteria, per criterion its cells."""
        rows = []
        for theme in self.themes:
            criteria = []
            for criterion in (c for c in self.criteria if c.theme_id == theme.pk):
                cells = []
                for indicator in self.indicators:
                    key = (criterion.code, indicator.code)
                    credit = self.scores.cells[key]
                    cells.append(
                        {
                            "indicator": indicator,
                            "credit": credit.credit,
                            "percent": round(credit.credit * 100),
                            "weaknesses": [str(w) for w in credit.weaknesses],
                            "count": self.evidence_counts.get(key, 0),
                        }
                    )
                criteria.append(
                    {
                        "criterion": criterion,
                        "score": self.scores.criteria[criterion.code],
                        "cells": cells,
                    }
                )
            rows.append(
                {"theme": theme, "score": self.scores.themes[theme.code], "criteria": criteria}
            )
        return rows

    def gap_rows(self, limit: int | None = None) -> list[dict[str, Any]]:
        names = self.names
        rows = [
            {
                "criterion": gap.criterion,
                "indicator": gap.indicator,
                "criterion_name": names.get(gap.criterion, gap.criterion),
                "indicator_name": names.get(gap.indicator, gap.indicator),
                "theme_name": names.get(gap.theme, gap.theme),
                "weaknesses": [str(w) for w in gap.weaknesses],
                "credit": gap.credit,
                "gain": gap.gain,
                "theme_gain": gap.theme_gain,
            }
            for gap in self.gaps
        ]
        return rows[:limit] if limit else rows


def scoring_policy(policy: ScorecardPolicy, today: dt.date) -> scoring.Policy:
    return scoring.Policy(
        today=today,
        stale_after_months=policy.stale_after_months,
        stale_factor=float(policy.stale_factor),
        unsigned_factor=float(policy.unsigned_factor),
        group_only_factor=float(policy.group_only_factor),
        theme_minimum=float(policy.theme_minimum),
    )


def scorecard_state(*, user: Any, today: dt.date | None = None) -> ScorecardState:
    """Everything the scorecard shows, in six queries whatever the amount of evidence."""
    require_view(user)
    return compute_scorecard(today=today)


def compute_scorecard(*, today: dt.date | None = None) -> ScorecardState:
    """The scorecard now (no scope check: for services, tasks and the report)."""
    today = today or timezone.localdate()
    themes = list(ScorecardTheme.objects.all())
    criteria = list(ScorecardCriterion.objects.select_related("theme"))
    indicators = list(ManagementIndicator.objects.all())
    policy = ScorecardPolicy.current()
    thresholds = list(MedalThreshold.objects.all())
    framework = scoring.Framework(
        themes=tuple(scoring.Theme(t.code, float(t.weight)) for t in themes),
        criteria=tuple(
            scoring.Criterion(c.code, c.theme.code, float(c.weight), c.is_active) for c in criteria
        ),
        indicators=tuple(scoring.Indicator(i.code, float(i.weight)) for i in indicators),
    )
    evidence: dict[tuple[str, str], list[scoring.Evidence]] = {}
    rows = ScorecardEvidence.objects.values_list(
        "pk", "criterion__code", "indicator__code", "evidence_date", "signed", "scope"
    )
    for pk, criterion, indicator, day, signed, scope in rows:
        evidence.setdefault((criterion, indicator), []).append(
            scoring.Evidence(day, signed, scope == EvidenceScope.GROUP, ref=pk)
        )
    rules = scoring_policy(policy, today)
    scores = scoring.score(framework, evidence, rules)
    result = scoring.medal(
        scores,
        [scoring.MedalThreshold(t.medal, float(t.min_overall)) for t in thresholds],
        rules.theme_minimum,
    )
    return ScorecardState(
        themes=themes,
        criteria=criteria,
        indicators=indicators,
        policy=policy,
        thresholds=thresholds,
        scores=scores,
        medal=result,
        gaps=scoring.gaps(framework, evidence, rules),
        evidence_counts={k: len(v) for k, v in evidence.items()},
    )


def get_criterion_for_user(*, user: Any, code: str) -> ScorecardCriterion:
    require_view(user)
    return get_or_404(ScorecardCriterion.objects.select_related("theme"), code=code)


def get_indicator_for_user(*, user: Any, code: str) -> ManagementIndicator:
    require_view(user)
    return get_or_404(ManagementIndicator.objects.all(), code=code)


def cell_evidence(
    *, user: Any, criterion: ScorecardCriterion, indicator: ManagementIndicator
) -> QuerySet[ScorecardEvidence]:
    require_view(user)
    return ScorecardEvidence.objects.filter(
        criterion=criterion, indicator=indicator
    ).select_related("added_by")


def get_evidence_for_user(*, user: Any, pk: int) -> ScorecardEvidence:
    require_view(user)
    return get_or_404(
        ScorecardEvidence.objects.select_related("criterion", "indicator", "added_by"), pk=pk
    )


def snapshot_list(*, user: Any) -> QuerySet[ScorecardSnapshot]:
    require_view(user)
    return ScorecardSnapshot.objects.select_related("taken_by").order_by("-year")


def weights(*, user: Any) -> dict[str, Any]:
    """The method's editable numbers: weights, policy and thresholds."""
    require_view(user)
    return {
        "themes": list(ScorecardTheme.objects.all()),
        "criteria": list(ScorecardCriterion.objects.select_related("theme")),
        "indicators": list(ManagementIndicator.objects.all()),
        "policy": ScorecardPolicy.current(),
        "thresholds": list(MedalThreshold.objects.all()),
    }
