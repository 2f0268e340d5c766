"""Looking up a plan: Table I, the arrow rule, 100 % inspection, AQL parsing, errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sourceproof.sampling.aql import Aql, SamplingError
from sourceproof.sampling.plans import code_letter, judge, master_plan, plan

# Table I as printed, one column per inspection level, top (lot 2-8) to bottom (500 001
# and over). Sources: ISO 2859-1:1999 Table 1 (via GB/T 2828.1-2012, repository
# nihantao-crosis/quality-platform), MIL-STD-105E Table I (AQLSchemes, R/AAZ14Single.R) and
# the "ANSI/ASQC Z1.4/MIL-STD-105E/BS 6001/ISO 2859" AQL chart (pdfcoffee.com); all agree.
TABLE_I_BY_LEVEL = {
    "S-1": "A A A A B B B B C C C C D D D",
    "S-2": "A A A B B B C C C D D D E E E",
    "S-3": "A A B B C C D D E E F F G G H",
    "S-4": "A A B C C D E E F G G H J J K",
    "I": "A A B C C D E F G H J K L M N",
    "II": "A B C D E F G H J K L M N P Q",
    "III": "B C D E F G H J K L M N P Q R",
}
LOT_RANGES = [
    (2, 8), (9, 15), (16, 25), (26, 50), (51, 90), (91, 150), (151, 280), (281, 500),
    (501, 1200), (1201, 3200), (3201, 10000), (10001, 35000), (35001, 150000),
    (150001, 500000), (500001, 10**9),
]  # fmt: skip


class TestTableI:
    @pytest.mark.parametrize("level", list(TABLE_I_BY_LEVEL))
    def test_it_gives_the_printed_letter_at_both_ends_of_every_range(self, level: str) -> None:
        letters = TABLE_I_BY_LEVEL[level].split()
        for (low, high), letter in zip(LOT_RANGES, letters, strict=True):
            assert code_letter(low, level) == letter, (level, low)
            assert code_letter(high, level) == letter, (level, high)

    def test_it_reads_levels_loosely_written(self) -> None:
        assert code_letter(1000, "s2") == code_letter(1000, "S-2") == "C"
        assert code_letter(1000, "ii") == "J"


class TestArrowRule:
    def test_it_uses_the_plan_of_the_letter_itself_when_there_is_no_arrow(self) -> None:
        found = plan(1000, "0.65")
        assert (found.code_letter, found.plan_code_letter) == ("J", "J")
        assert (found.sample_size, found.accept, found.reject) == (80, 1, 2)

    def test_it_follows_a_down_arrow_with_that_plans_sample_size(self) -> None:
        # Letter J (lot 501-1200, level II) has no plan at AQL 0.010: the first plan
        # below the arrow is Q, n = 1250, 0/1 -- not "Ac 0 on 80 items".
        found = plan(1000, "0.010")
        assert (found.plan_code_letter, found.sample_size, found.accept, found.reject) == (
            "Q",
            1000,
            0,
            1,
        )
        assert found.full_inspection  # 1250 >= 1000 items: inspect the whole lot
        assert master_plan("J", "0.010").sample_size == 1250

    def test_it_follows_an_up_arrow_with_that_plans_sample_size(self) -> None:
        # Letter K at AQL 15: arrow up to J, n = 80, Ac 21, Re 22.
        found = plan(2000, "15")
        assert (found.code_letter, found.plan_code_letter) == ("K", "J")
        assert (found.sample_size, found.accept, found.reject) == (80, 21, 22)

    def test_it_reaches_letter_s_only_through_the_tightened_arrows(self) -> None:
        found = plan(600000, "0.025", "III", "tightened")
        assert (found.code_letter, found.plan_code_letter, found.sample_size) == ("R", "S", 3150)
        assert (found.accept, found.reject) == (1, 2)

    def test_it_matches_the_textbook_example_for_all_three_severities(self) -> None:
        # Montgomery, Introduction to Statistical Quality Control: N = 2000, AQL 0.65 %,
        # level II -> K; normal n=125 c=2, tightened n=125 c=1, reduced n=50 c=1.
        normal = plan(2000, "0.65")
        tightened = plan(2000, "0.65", inspection="tightened")
        reduced = plan(2000, "0.65", inspection="reduced", edition="z1.4")
        assert (normal.sample_size, normal.accept) == (125, 2)
        assert (tightened.sample_size, tightened.accept) == (125, 1)
        assert (reduced.sample_size, reduced.accept, reduced.reject) == (50, 1, 3)


class TestFullInspection:
    def test_it_inspects_the_whole_lot_when_the_sample_would_be_larger(self) -> None:
        found = plan(5, "10")  # A -> arrow down to C, n = 5
        assert found.full_inspection
        assert (found.sample_size, found.accept, found.reject) == (5, 1, 2)

    def test_it_samples_when_the_sample_is_smaller_than_the_lot(self) -> None:
        found = plan(6, "6.5")  # A, n = 2
        assert not found.full_inspection
        assert found.sample_size == 2


class TestEditions:
    def test_it_gives_the_same_normal_plans_in_both_editions(self) -> None:
        assert plan(5000, "2.5") == plan(5000, "2.5", edition="iso2859-1")
        iso, z14 = plan(5000, "2.5"), plan(5000, "2.5", edition="z1.4")
        assert (iso.sample_size, iso.accept, iso.reject) == (
            z14.sample_size,
            z14.accept,
            z14.reject,
        )

    def test_it_gives_reduced_plans_without_a_gap_in_iso_and_with_one_in_z1_4(self) -> None:
        iso = plan(5000, "2.5", inspection="reduced")
        z14 = plan(5000, "2.5", inspection="reduced", edition="z1.4")
        assert (iso.sample_size, iso.accept, iso.reject) == (80, 6, 7)
        assert (z14.sample_size, z14.accept, z14.reject) == (80, 5, 8)

    def test_it_accepts_but_reinstates_normal_between_ac_and_re_in_z1_4(self) -> None:
        z14 = plan(5000, "2.5", inspection="reduced", edition="z1.4")
        plain = judge(z14, 5)
        assert plain.accepted and not plain.reinstate_normal
        for between in (6, 7):
            verdict = judge(z14, between)
            assert verdict.accepted and verdict.reinstate_normal
        assert not judge(z14, 8).accepted

    def test_it_differs_between_editions_in_tightened_cell_a_10(self) -> None:
        iso = master_plan("A", "10", "tightened", "iso2859-1")
        z14 = master_plan("A", "10", "tightened", "z1.4")
        assert (iso.code_letter, iso.sample_size, iso.accept) == ("A", 2, 0)
        assert (z14.code_letter, z14.sample_size, z14.accept) == ("D", 8, 1)


class TestAql:
    @pytest.mark.parametrize("spelling", ["1", "1.0", "1.00", Decimal("1"), 1, 1.0])
    def test_it_reads_one_aql_written_many_ways(
        self, spelling: str | Decimal | int | float
    ) -> None:
        assert Aql.parse(spelling) == Aql.parse("1.0")
        assert Aql.parse(spelling).text == "1.0"

    def test_it_writes_aqls_as_the_standard_does(self) -> None:
        assert [Aql.parse(v).text for v in ("0.01", ".65", "10.0", "1e3")] == [
            "0.010",
            "0.65",
            "10",
            "1000",
        ]

    def test_it_knows_which_aqls_are_for_nonconformities_per_100_items_only(self) -> None:
        assert not Aql.parse("10").is_per_hundred_only
        assert Aql.parse("15").is_per_hundred_only

    def test_it_orders_aqls_and_steps_to_the_next_tighter(self) -> None:
        assert Aql.parse("0.65") < Aql.parse("1.0")
        assert Aql.parse("1.0").tighter == Aql.parse("0.65")
        assert Aql.parse("0.010").tighter is None


class TestErrors:
    @pytest.mark.parametrize(
        ("call", "words"),
        [
            (lambda: plan(1, "1.0"), "lot size must be at least 2"),
            (lambda: plan(100, "3"), "not one of the standard's preferred AQLs"),
            (lambda: plan(100, "abc"), "AQL must be a number"),
            (lambda: plan(100, "1.0", "IV"), "unknown inspection level"),
            (lambda: plan(100, "1.0", inspection="strict"), "unknown inspection severity"),
            (lambda: plan(100, "1.0", edition="1999"), "unknown edition"),
            (lambda: judge(plan(100, "1.0"), -1), "cannot be negative"),
        ],
    )
    def test_it_raises_a_one_line_sampling_error(self, call: object, words: str) -> None:
        with pytest.raises(SamplingError) as caught:
            call()  # type: ignore[operator]
        assert words in str(caught.value)
        assert "\n" not in str(caught.value)
        assert isinstance(caught.value, ValueError)
