"""The scorecard's scoring: pure Python, no Django. Our own method, documented in docs/csr.md;
it does not claim to be (and is not) EcoVadis's algorithm.

1. Each piece of evidence earns credit 1, multiplied by the policy's factor for each weakness it
   has: stale (dated more than `stale_after_months` before today), unsigned, or covering only
   the group. A cell (criterion by management indicator) takes the best credit among its
   evidence, 0 without any.
2. A criterion scores 100 * Σ(indicator weight * cell credit) ÷ Σ(indicator weight).
3. A theme scores the weighted mean of its active criteria; a theme without active criteria
   (or with zero total weight) has no score and does not count.
4. The overall score is the weighted mean of the theme scores.
5. The medal is the best one whose minimum the overall score reaches, provided every scored
   theme reaches the policy's per-theme minimum.
6. A gap is a cell earning less than full credit. Its gain is how much the overall score would
   rise if that cell earned full credit, everything else unchanged.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sourceproof.orders.gate import add_months

Cell = tuple[str, str]  # (criterion code, indicator code)


class Weakness(enum.StrEnum):
    MISSING = "missing"
    STALE = "stale"
    UNSIGNED = "unsigned"
    GROUP_ONLY = "group_only"


@dataclass(frozen=True)
class Theme:
    code: str
    weight: float = 1.0


@dataclass(frozen=True)
class Criterion:
    code: str
    theme: str
    weight: float = 1.0
    active: bool = True


@dataclass(frozen=True)
class Indicator:
    code: str
    weight: float = 1.0


@dataclass(frozen=True)
class Framework:
    """The themes, criteria and indicators with their weights, in display order."""

    themes: tuple[Theme, ...]
    criteria: tuple[Criterion, ...]
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Evidence:
    evidence_date: dt.date
    signed: bool
    group_only: bool = False
    ref: object = None  # the caller's handle (e.g. a primary key); not used in scoring


@dataclass(frozen=True)
class Policy:
    today: dt.date
    stale_after_months: int = 24
    stale_factor: float = 0.5
    unsigned_factor: float = 0.7
    group_only_factor: float = 0.8
    theme_minimum: float = 30.0


@dataclass(frozen=True)
class CellCredit:
    credit: float
    weaknesses: tuple[Weakness, ...]
    best: Evidence | None


@dataclass(frozen=True)
class Scores:
    overall: float
    themes: Mapping[str, float | None]
    criteria: Mapping[str, float]
    cells: Mapping[Cell, CellCredit]


@dataclass(frozen=True)
class MedalThreshold:
    medal: str
    min_overall: float


@dataclass(frozen=True)
class MedalResult:
    medal: str | None
    qualifying_by_score: str | None  # the medal the overall score alone would reach
    themes_below_minimum: tuple[str, ...]
    next_medal: str | None
    points_to_next: float | None


@dataclass(frozen=True)
class Gap:
    criterion: str
    indicator: str
    theme: str
    weaknesses: tuple[Weakness, ...]
    credit: float
    gain: float  # overall points gained by fixing it
    theme_gain: float  # points its theme gains
    best: Evidence | None = field(default=None, compare=False)


# --------------------------------------------------------------------------- credit


def is_stale(evidence_date: dt.date, policy: Policy) -> bool:
    """Older than `stale_after_months`: dated before today minus that many months."""
    return evidence_date < add_months(policy.today, -policy.stale_after_months)


def weaknesses_of(evidence: Evidence, policy: Policy) -> tuple[Weakness, ...]:
    found = []
    if is_stale(evidence.evidence_date, policy):
        found.append(Weakness.STALE)
    if not evidence.signed:
        found.append(Weakness.UNSIGNED)
    if evidence.group_only:
        found.append(Weakness.GROUP_ONLY)
    return tuple(found)


def evidence_credit(evidence: Evidence, policy: Policy) -> float:
    factors = {
        Weakness.STALE: policy.stale_factor,
        Weakness.UNSIGNED: policy.unsigned_factor,
        Weakness.GROUP_ONLY: policy.group_only_factor,
    }
    credit = 1.0
    for weakness in weaknesses_of(evidence, policy):
        credit *= factors[weakness]
    return credit


def cell_credit(evidence: Sequence[Evidence], policy: Policy) -> CellCredit:
    """The best credit among a cell's evidence (0 and 'missing' without any)."""
    if not evidence:
        return CellCredit(0.0, (Weakness.MISSING,), None)
    best = max(evidence, key=lambda e: (evidence_credit(e, policy), e.evidence_date))
    return CellCredit(evidence_credit(best, policy), weaknesses_of(best, policy), best)


# --------------------------------------------------------------------------- scores


def _weighted_mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    total = sum(weight for weight, _ in pairs)
    if total <= 0:
        return None
    return sum(weight * value for weight, value in pairs) / total


def _score_from_credits(framework: Framework, credits: Mapping[Cell, float]) -> Scores:
    criteria: dict[str, float] = {}
    for criterion in framework.criteria:
        mean = _weighted_mean(
            [(i.weight, credits.get((criterion.code, i.code), 0.0)) for i in framework.indicators]
        )
        criteria[criterion.code] = 100.0 * (mean or 0.0)
    themes: dict[str, float | None] = {}
    for theme in framework.themes:
        themes[theme.code] = _weighted_mean(
            [
                (c.weight, criteria[c.code])
                for c in framework.criteria
                if c.theme == theme.code and c.active
            ]
        )
    overall = _weighted_mean(
        [(t.weight, score) for t in framework.themes if (score := themes[t.code]) is not None]
    )
    return Scores(overall=overall or 0.0, themes=themes, criteria=criteria, cells={})


def score(
    framework: Framework, evidence: Mapping[Cell, Sequence[Evidence]], policy: Policy
) -> Scores:
    """Criterion, theme and overall scores (0-100) and each cell's credit."""
    cells = {
        (c.code, i.code): cell_credit(evidence.get((c.code, i.code), ()), policy)
        for c in framework.criteria
        for i in framework.indicators
    }
    scores = _score_from_credits(framework, {k: v.credit for k, v in cells.items()})
    return Scores(scores.overall, scores.themes, scores.criteria, cells)


# --------------------------------------------------------------------------- medal


def medal(
    scores: Scores, thresholds: Sequence[MedalThreshold], theme_minimum: float
) -> MedalResult:
    """The best medal the scores reach; any scored theme below the minimum blocks every medal."""
    ordered = sorted(thresholds, key=lambda t: t.min_overall, reverse=True)
    by_score = next((t for t in ordered if scores.overall >= t.min_overall), None)
    below = tuple(
        code for code, value in scores.themes.items() if value is not None and value < theme_minimum
    )
    reached = by_score.medal if by_score is not None and not below else None
    above = [t for t in ordered if t.min_overall > scores.overall]
    following = above[-1] if above else None
    return MedalResult(
        medal=reached,
        qualifying_by_score=by_score.medal if by_score else None,
        themes_below_minimum=below,
        next_medal=following.medal if following else None,
        points_to_next=(following.min_overall - scores.overall) if following else None,
    )


# --------------------------------------------------------------------------- gaps


def gaps(
    framework: Framework, evidence: Mapping[Cell, Sequence[Evidence]], policy: Policy
) -> list[Gap]:
    """Every cell earning less than full credit in a counted criterion, largest gain first.

    The gain is computed by scoring again with that one cell at full credit.
    """
    current = score(framework, evidence, policy)
    credits = {cell: c.credit for cell, c in current.cells.items()}
    theme_of = {c.code: c.theme for c in framework.criteria}
    counted = {c.code for c in framework.criteria if c.active}
    order = {
        (c.code, i.code): n
        for n, (c, i) in enumerate((c, i) for c in framework.criteria for i in framework.indicators)
    }
    found: list[Gap] = []
    for cell, credit in current.cells.items():
        if credit.credit >= 1.0 or cell[0] not in counted:
            continue
        fixed = _score_from_credits(framework, {**credits, cell: 1.0})
        theme = theme_of[cell[0]]
        gain = fixed.overall - current.overall
        theme_gain = (fixed.themes[theme] or 0.0) - (current.themes[theme] or 0.0)
        if gain <= 1e-12 and theme_gain <= 1e-12:
            continue  # a zero-weight cell: fixing it changes nothing
        found.append(
            Gap(
                criterion=cell[0],
                indicator=cell[1],
                theme=theme,
                weaknesses=credit.weaknesses,
                credit=credit.credit,
                gain=gain,
                theme_gain=theme_gain,
                best=credit.best,
            )
        )
    found.sort(key=lambda g: (-round(g.gain, 9), order[(g.criterion, g.indicator)]))
    return found
