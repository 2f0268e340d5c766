"""Operating characteristic values against exact sums written out independently here.

The engine sums in log space; these references use exact rational arithmetic
(``fractions.Fraction``) for the binomial, and an exact rational partial sum times
``exp(-m)`` for the Poisson, so a slip in either implementation shows up.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from sourceproof.sampling.aql import SamplingError
from sourceproof.sampling.oc import (
    aoq,
    aoql,
    lq10,
    pa,
    probability_of_acceptance,
    producer_risk,
    summarize,
)
from sourceproof.sampling.plans import plan


def exact_binomial(n: int, c: int, percent: str) -> float:
    q = Fraction(percent) / 100
    return float(sum(math.comb(n, d) * q**d * (1 - q) ** (n - d) for d in range(c + 1)))


def exact_poisson(n: int, c: int, per_hundred: str) -> float:
    m = Fraction(n) * Fraction(per_hundred) / 100
    partial = sum(m**d / math.factorial(d) for d in range(c + 1))
    return math.exp(-float(m)) * float(partial)


class TestProbabilityOfAcceptance:
    @pytest.mark.parametrize(
        ("n", "c", "p"),
        [
            (125, 2, "0.65"),
            (80, 1, "2.5"),
            (2, 0, "6.5"),
            (2000, 21, "1.0"),
            (3150, 1, "0.025"),
            (13, 3, "50"),
        ],
    )
    def test_it_equals_the_exact_binomial_sum(self, n: int, c: int, p: str) -> None:
        assert probability_of_acceptance(n, c, float(p)) == pytest.approx(
            exact_binomial(n, c, p), rel=1e-12
        )

    @pytest.mark.parametrize(
        ("n", "c", "p"), [(13, 21, "100"), (2, 30, "1000"), (3, 44, "1000"), (125, 21, "15")]
    )
    def test_it_equals_the_exact_poisson_sum(self, n: int, c: int, p: str) -> None:
        assert probability_of_acceptance(n, c, float(p), "poisson") == pytest.approx(
            exact_poisson(n, c, p), rel=1e-12
        )

    def test_it_uses_poisson_above_aql_10_and_binomial_up_to_10(self) -> None:
        per_hundred = plan(100, "100")  # E, n = 13, Ac 21
        assert pa(per_hundred, 150.0) == pytest.approx(exact_poisson(13, 21, "150"), rel=1e-12)
        percent = plan(2000, "0.65")  # K, n = 125, Ac 2
        assert pa(percent, 1.0) == pytest.approx(exact_binomial(125, 2, "1"), rel=1e-12)

    def test_it_is_certain_at_zero_and_impossible_at_100_percent(self) -> None:
        assert probability_of_acceptance(125, 2, 0.0) == 1.0
        assert probability_of_acceptance(125, 2, 100.0) == 0.0

    def test_it_refuses_qualities_outside_their_scale(self) -> None:
        with pytest.raises(SamplingError, match="cannot exceed 100"):
            probability_of_acceptance(125, 2, 150.0)
        with pytest.raises(SamplingError):
            probability_of_acceptance(125, 2, -1.0)


class TestRisks:
    def test_it_gives_the_producers_risk_at_the_aql(self) -> None:
        found = plan(2000, "0.65")
        assert producer_risk(found) == pytest.approx(1 - exact_binomial(125, 2, "0.65"), rel=1e-12)

    @pytest.mark.parametrize(
        ("lot", "aql"), [(2000, "0.65"), (1000, "0.010"), (150, "4.0"), (100, "100")]
    )
    def test_it_finds_the_quality_accepted_one_time_in_ten(self, lot: int, aql: str) -> None:
        found = plan(lot, aql)
        point = lq10(found)
        text = repr(point)
        exact = exact_poisson if found.aql.is_per_hundred_only else exact_binomial
        assert exact(found.sample_size, found.accept, text) == pytest.approx(0.10, abs=1e-9)

    def test_it_computes_aoq_from_its_definition(self) -> None:
        found = plan(2000, "0.65")  # n = 125 of N = 2000
        assert aoq(found, 1.0) == pytest.approx(
            1.0 * exact_binomial(125, 2, "1") * 1875 / 2000, rel=1e-12
        )

    def test_it_finds_the_maximum_aoq(self) -> None:
        found = plan(2000, "0.65")
        grid = [i / 10000 for i in range(1, 100000)]
        brute = max(p * exact_binomial(125, 2, repr(p)) * 1875 / 2000 for p in grid[::7])
        assert aoql(found) >= brute - 1e-12
        assert aoql(found) == pytest.approx(brute, rel=1e-4)

    def test_it_has_no_outgoing_nonconforming_after_100_percent_inspection(self) -> None:
        assert aoql(plan(5, "10")) == 0.0

    def test_it_summarizes_for_the_command_line_and_the_page(self) -> None:
        summary = summarize(plan(2000, "0.65"), (0.0, 1.0))
        data = summary.as_dict()
        assert [point.p for point in summary.points] == [0.0, 1.0]
        assert set(data) == {"plan", "model", "points", "producer_risk", "lq10", "aoql"}
        assert summary.model == "binomial"
