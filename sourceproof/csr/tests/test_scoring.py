"""The scorecard's scoring, medal and gaps against examples worked out by hand.

The framework used throughout (weights in brackets):

    theme A (1): criteria A1 (1), A2 (1)        theme B (1): criterion B1 (2)
    indicators: P (2), M (1)  → Σ indicator weights = 3

Policy: stale after 24 months (*0.5), unsigned *0.7, group level only *0.8. Today 2026-06-30,
so evidence dated before 2024-06-30 is stale.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sourceproof.csr import scoring
from sourceproof.csr.scoring import (
    Criterion,
    Evidence,
    Framework,
    Indicator,
    MedalThreshold,
    Policy,
    Theme,
    Weakness,
)

TODAY = dt.date(2026, 6, 30)
FRESH = dt.date(2026, 1, 15)
OLD = dt.date(2024, 6, 29)  # one day past the 24-month limit
POLICY = Policy(today=TODAY)
FRAMEWORK = Framework(
    themes=(Theme("A"), Theme("B")),
    criteria=(Criterion("A1", "A"), Criterion("A2", "A"), Criterion("B1", "B", weight=2)),
    indicators=(Indicator("P", 2), Indicator("M", 1)),
)
THRESHOLDS = [
    MedalThreshold("platinum", 75),
    MedalThreshold("gold", 70),
    MedalThreshold("silver", 59),
    MedalThreshold("bronze", 50),
]
EVIDENCE = {
    ("A1", "P"): [Evidence(FRESH, signed=True)],  # 1
    # ("A1", "M") missing: 0
    ("A2", "P"): [Evidence(FRESH, signed=False)],  # 0.7
    ("A2", "M"): [Evidence(OLD, signed=True)],  # 0.5
    ("B1", "P"): [Evidence(FRESH, signed=True, group_only=True)],  # 0.8
    ("B1", "M"): [Evidence(OLD, signed=False, group_only=True)],  # 0.5 * 0.7 * 0.8 = 0.28
}


class TestCredit:
    def test_it_gives_full_credit_to_fresh_signed_company_evidence(self) -> None:
        assert scoring.evidence_credit(Evidence(FRESH, signed=True), POLICY) == 1.0

    def test_it_multiplies_the_factor_of_each_weakness(self) -> None:
        # 0.5 (stale) * 0.7 (unsigned) * 0.8 (group only) = 0.28
        credit = scoring.evidence_credit(Evidence(OLD, signed=False, group_only=True), POLICY)
        assert credit == pytest.approx(0.28)

    def test_it_calls_evidence_stale_only_past_the_limit(self) -> None:
        # 2026-06-30 minus 24 months = 2024-06-30: that day still counts, the day before not
        assert not scoring.is_stale(dt.date(2024, 6, 30), POLICY)
        assert scoring.is_stale(dt.date(2024, 6, 29), POLICY)

    def test_it_takes_the_best_evidence_of_a_cell(self) -> None:
        cell = scoring.cell_credit(
            [Evidence(OLD, signed=True), Evidence(FRESH, signed=False)], POLICY
        )
        # max(0.5, 0.7) = 0.7, weakness of the 0.7 one: unsigned
        assert cell.credit == pytest.approx(0.7)
        assert cell.weaknesses == (Weakness.UNSIGNED,)

    def test_it_marks_an_empty_cell_missing(self) -> None:
        cell = scoring.cell_credit([], POLICY)
        assert (cell.credit, cell.weaknesses) == (0.0, (Weakness.MISSING,))


class TestScores:
    def test_it_scores_criteria_themes_and_overall_as_worked_out(self) -> None:
        scores = scoring.score(FRAMEWORK, EVIDENCE, POLICY)
        # A1 = 100 * (2*1 + 1*0) / 3 = 66.667
        assert scores.criteria["A1"] == pytest.approx(200 / 3)
        # A2 = 100 * (2*0.7 + 1*0.5) / 3 = 190/3 = 63.333
        assert scores.criteria["A2"] == pytest.approx(190 / 3)
        # B1 = 100 * (2*0.8 + 1*0.28) / 3 = 188/3 = 62.667
        assert scores.criteria["B1"] == pytest.approx(188 / 3)
        # A = (66.667 + 63.333) / 2 = 65;  B = 62.667 (one criterion)
        assert scores.themes["A"] == pytest.approx(65.0)
        assert scores.themes["B"] == pytest.approx(188 / 3)
        # overall = (65 + 62.667) / 2 = 63.833
        assert scores.overall == pytest.approx((65 + 188 / 3) / 2)

    def test_it_weighs_criteria_within_a_theme(self) -> None:
        framework = Framework(
            themes=(Theme("A"),),
            criteria=(Criterion("A1", "A", weight=3), Criterion("A2", "A", weight=1)),
            indicators=(Indicator("P"),),
        )
        evidence = {("A1", "P"): [Evidence(FRESH, True)]}
        # A1 = 100, A2 = 0 → A = (3*100 + 1*0) / 4 = 75
        assert scoring.score(framework, evidence, POLICY).overall == pytest.approx(75.0)

    def test_it_leaves_inactive_criteria_and_empty_themes_out(self) -> None:
        framework = Framework(
            themes=(Theme("A"), Theme("B")),
            criteria=(Criterion("A1", "A"), Criterion("B1", "B", active=False)),
            indicators=(Indicator("P"),),
        )
        evidence = {("A1", "P"): [Evidence(FRESH, True)]}
        scores = scoring.score(framework, evidence, POLICY)
        # B has no counted criterion: no score, and the overall is A alone = 100
        assert scores.themes["B"] is None
        assert scores.overall == pytest.approx(100.0)

    def test_it_weighs_themes_in_the_overall_score(self) -> None:
        framework = Framework(
            themes=(Theme("A", 3), Theme("B", 1)),
            criteria=(Criterion("A1", "A"), Criterion("B1", "B")),
            indicators=(Indicator("P"),),
        )
        evidence = {("B1", "P"): [Evidence(FRESH, True)]}
        # A = 0, B = 100 → (3*0 + 1*100) / 4 = 25
        assert scoring.score(framework, evidence, POLICY).overall == pytest.approx(25.0)


class TestMedal:
    def test_it_gives_the_best_medal_the_score_reaches(self) -> None:
        scores = scoring.score(FRAMEWORK, EVIDENCE, POLICY)  # 63.833, themes 65 and 62.667
        result = scoring.medal(scores, THRESHOLDS, theme_minimum=30)
        assert result.medal == "silver"  # 59 ≤ 63.833 < 70
        assert result.next_medal == "gold"
        assert result.points_to_next == pytest.approx(70 - (65 + 188 / 3) / 2)  # 6.167

    def test_it_refuses_any_medal_when_a_theme_is_below_the_minimum(self) -> None:
        scores = scoring.Scores(overall=80.0, themes={"A": 95.0, "B": 29.9}, criteria={}, cells={})
        result = scoring.medal(scores, THRESHOLDS, theme_minimum=30)
        # 80 would be platinum, but theme B (29.9) is below the minimum 30
        assert result.medal is None
        assert result.qualifying_by_score == "platinum"
        assert result.themes_below_minimum == ("B",)

    def test_it_gives_no_medal_below_the_lowest_threshold(self) -> None:
        scores = scoring.Scores(overall=49.99, themes={"A": 49.99}, criteria={}, cells={})
        result = scoring.medal(scores, THRESHOLDS, theme_minimum=30)
        assert (result.medal, result.next_medal) == (None, "bronze")
        assert result.points_to_next == pytest.approx(0.01)

    def test_it_counts_a_score_exactly_on_the_threshold(self) -> None:
        scores = scoring.Scores(overall=70.0, themes={"A": 70.0}, criteria={}, cells={})
        assert scoring.medal(scores, THRESHOLDS, theme_minimum=30).medal == "gold"


class TestGaps:
    def test_it_lists_each_weak_cell_with_the_gain_of_fixing_it(self) -> None:
        gaps = {(g.criterion, g.indicator): g for g in scoring.gaps(FRAMEWORK, EVIDENCE, POLICY)}
        # Gain = 100 * (1 - credit) * (w_i/Σw_i) * (w_c/Σw_c in the theme) * (W_t/ΣW_t)
        # A1·M missing: 100 * 1 * 1/3 * 1/2 * 1/2 = 8.333
        assert gaps[("A1", "M")].gain == pytest.approx(100 / 12)
        assert gaps[("A1", "M")].weaknesses == (Weakness.MISSING,)
        # A2·P unsigned: 100 * 0.3 * 2/3 * 1/2 * 1/2 = 5.0
        assert gaps[("A2", "P")].gain == pytest.approx(5.0)
        # A2·M stale: 100 * 0.5 * 1/3 * 1/4 = 4.1667
        assert gaps[("A2", "M")].gain == pytest.approx(100 * 0.5 / 12)
        # B1·P group only: 100 * 0.2 * 2/3 * 1 * 1/2 = 6.667
        assert gaps[("B1", "P")].gain == pytest.approx(100 * 0.2 * 2 / 3 / 2)
        # B1·M stale + unsigned + group only: 100 * 0.72 * 1/3 * 1/2 = 12.0
        assert gaps[("B1", "M")].gain == pytest.approx(12.0)
        assert set(gaps[("B1", "M")].weaknesses) == {
            Weakness.STALE,
            Weakness.UNSIGNED,
            Weakness.GROUP_ONLY,
        }
        assert ("A1", "P") not in gaps  # full credit: no gap

    def test_it_orders_gaps_by_gain(self) -> None:
        order = [(g.criterion, g.indicator) for g in scoring.gaps(FRAMEWORK, EVIDENCE, POLICY)]
        # 12.0, 8.333, 6.667, 5.0, 4.167
        assert order == [("B1", "M"), ("A1", "M"), ("B1", "P"), ("A2", "P"), ("A2", "M")]

    def test_it_reports_the_theme_gain_too(self) -> None:
        gap = next(g for g in scoring.gaps(FRAMEWORK, EVIDENCE, POLICY) if g.criterion == "A1")
        # theme A rises by 100 * 1/3 * 1/2 = 16.667 when A1·M gets full credit
        assert gap.theme_gain == pytest.approx(100 / 6)

    def test_fixing_every_gap_adds_up_to_the_missing_points(self) -> None:
        before = scoring.score(FRAMEWORK, EVIDENCE, POLICY).overall
        total_gain = sum(g.gain for g in scoring.gaps(FRAMEWORK, EVIDENCE, POLICY))
        # the score is linear in the cell credits, so the gains add up to 100 - overall
        assert before + total_gain == pytest.approx(100.0)

    def test_it_skips_cells_of_inactive_criteria_and_zero_weights(self) -> None:
        framework = Framework(
            themes=(Theme("A"),),
            criteria=(Criterion("A1", "A"), Criterion("A2", "A", active=False)),
            indicators=(Indicator("P"), Indicator("Z", 0)),
        )
        gaps = scoring.gaps(framework, {}, POLICY)
        assert [(g.criterion, g.indicator) for g in gaps] == [("A1", "P")]
