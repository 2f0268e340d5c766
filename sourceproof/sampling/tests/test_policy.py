"""The operator's policy: minimum level, special levels, zero acceptance for critical."""

from __future__ import annotations

import pytest

from sourceproof.sampling.aql import SamplingError
from sourceproof.sampling.policy import Policy, PolicyError, effective_level, plans_for_classes


class TestMinimumLevel:
    def test_it_raises_a_weaker_general_level_to_the_minimum(self) -> None:
        assert effective_level("I") == "II"
        assert effective_level("II") == "II"
        assert effective_level("III") == "III"
        assert effective_level("I", Policy(minimum_level="III")) == "III"
        assert effective_level("I", Policy(minimum_level="I")) == "I"

    def test_it_refuses_special_levels_unless_allowed(self) -> None:
        with pytest.raises(PolicyError, match="special inspection level S-3 is not allowed"):
            effective_level("S-3")
        assert effective_level("S-3", Policy(allow_special_levels=True)) == "S-3"


class TestClasses:
    def test_it_gives_each_class_its_plan_and_the_largest_sample_to_draw(self) -> None:
        # Lot 5000, level II -> L: major 2.5 -> n 200, 10/11; minor 4.0 -> n 200, 14/15;
        # critical: the operator's Ac 0 / Re 1 on the 200 items drawn.
        result = plans_for_classes(5000, {"critical": None, "major": "2.5", "minor": "4.0"})
        assert result.sample_size == 200
        by_name = {c.name: c for c in result.classes}
        assert (by_name["major"].sample_size, by_name["major"].accept, by_name["major"].reject) == (
            200,
            10,
            11,
        )
        assert (by_name["minor"].accept, by_name["minor"].reject) == (14, 15)
        critical = by_name["critical"]
        assert (
            critical.sample_size,
            critical.accept,
            critical.reject,
            critical.zero_acceptance,
        ) == (200, 0, 1, True)
        assert critical.aql is None and critical.standard_plan is None

    def test_it_takes_the_largest_n_when_classes_use_different_samples(self) -> None:
        # Lot 1000 (J): 0.10 -> arrow down to K, n 125, 0/1; 4.0 -> J, n 80, 7/8.
        result = plans_for_classes(1000, {"critical": "0.10", "minor": "4.0"})
        assert result.sample_size == 125
        minor = next(c for c in result.classes if c.name == "minor")
        assert (minor.sample_size, minor.accept) == (80, 7)
        critical = next(c for c in result.classes if c.name == "critical")
        assert critical.standard_plan is not None and critical.standard_plan.sample_size == 125
        assert (critical.sample_size, critical.accept, critical.reject) == (125, 0, 1)

    def test_it_applies_the_minimum_level_to_every_class(self) -> None:
        assert plans_for_classes(5000, {"major": "2.5"}, level="I").level == "II"

    def test_it_needs_an_aql_to_size_the_sample(self) -> None:
        with pytest.raises(SamplingError, match="zero acceptance needs a sample size"):
            plans_for_classes(5000, {"critical": None})
        with pytest.raises(SamplingError, match="needs an AQL"):
            plans_for_classes(5000, {"major": None})

    def test_it_uses_the_standard_for_critical_when_the_policy_allows_an_aql(self) -> None:
        result = plans_for_classes(
            5000, {"critical": "0.065"}, policy=Policy(zero_acceptance_for_critical=False)
        )
        critical = result.classes[0]
        assert not critical.zero_acceptance
        assert (critical.sample_size, critical.accept) == (200, 0)
