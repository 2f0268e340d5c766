"""The match key that re-imports and hand entry share (sourceproof.facilities.normalise)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sourceproof.facilities.normalise import (
    MATCH_KEY_MAX_LENGTH,
    facility_match_key,
    normalise_text,
)


class TestFacilityMatchKey:
    def test_it_ignores_case_punctuation_and_legal_forms(self) -> None:
        a = facility_match_key("Ningbo Bright Co., Ltd.", "12 Industrial Rd.", "cn")
        b = facility_match_key("NINGBO BRIGHT CO LTD", "12  industrial road", "CN")
        assert a == b == "ningbo bright|12 industrial road|CN"

    def test_it_drops_accents(self) -> None:
        assert facility_match_key("Çelik Tekstil A.Ş.", "Atatürk Cad.", "TR") == (
            "celik tekstil|ataturk cad|TR"
        )

    def test_it_keeps_words_that_tell_sites_apart(self) -> None:
        plant1 = facility_match_key("Bright Factory Plant 1", "1 Road", "CN")
        plant2 = facility_match_key("Bright Factory Plant 2", "1 Road", "CN")
        assert plant1 != plant2
        assert plant1.startswith("bright factory plant 1|")

    def test_it_keeps_a_name_made_only_of_legal_words(self) -> None:
        assert facility_match_key("The Company Ltd", "", "NL") == "the company ltd||NL"

    def test_it_treats_dotted_abbreviations_alike(self) -> None:
        assert facility_match_key("Groen B.V.", "x", "NL") == facility_match_key(
            "Groen BV", "x", "NL"
        )

    def test_it_handles_empty_values(self) -> None:
        assert facility_match_key(None, None, None) == "||"

    def test_it_cuts_to_the_column_length(self) -> None:
        assert len(facility_match_key("n" * 300, "a" * 300, "CN")) == MATCH_KEY_MAX_LENGTH

    @given(st.text(), st.text(), st.text(max_size=3))
    def test_it_is_deterministic_and_bounded(self, name: str, address: str, country: str) -> None:
        key = facility_match_key(name, address, country)
        assert key == facility_match_key(name, address, country)
        assert len(key) <= MATCH_KEY_MAX_LENGTH

    @given(st.text())
    def test_it_normalises_text_idempotently(self, value: str) -> None:
        once = normalise_text(value)
        assert normalise_text(once) == once
