"""Normalised keys for matching facilities across imports and hand entry.

A facility re-imported from a spreadsheet or from Open Supply Hub rarely spells its name and
address exactly as before ("Ningbo Bright Co., Ltd." / "NINGBO BRIGHT CO LTD"). When a row has
no OS ID, it is matched on `facility_match_key(name, address, country)`:

1. Unicode is folded (NFKD) and accents are dropped: "Çelik" → "celik"; text is case-folded.
2. Dots are removed without leaving a gap, so "B.V." and "BV", "Co.Ltd" and "coltd" agree;
   every other character that is not a letter or digit becomes a space ("&", ",", "-", "/").
3. In the **name only**, common legal-form words are dropped wherever they stand (see
   `LEGAL_FORM_WORDS`: co, ltd, limited, company, inc, corp, llc, plc, gmbh, bv, pvt, jsc,
   as (Turkish A.Ş.), …) plus "the". Words that describe the site ("factory", "plant",
   "industrial") are kept: they can tell two sites of one supplier apart ("Plant 1" vs
   "Plant 2" keep their numbers either way), and dropping them would merge more than it should.
   If only legal-form words remain, the name is kept as it was after step 2.
4. In the **address only**, a few street abbreviations are spelled out (`ADDRESS_WORDS`:
   rd → road, st → street, ave → avenue, …) so both spellings agree.
5. Runs of spaces collapse to one; the parts are joined as ``name|address|country`` with the
   country upper-cased, and the whole key is cut to 400 characters (the column's length).

The function is pure and deterministic, so the same inputs always give the same key;
`normalise_text` (steps 1, 2 and 5) is exported for other comparisons.
"""

from __future__ import annotations

import re
import unicodedata

MATCH_KEY_MAX_LENGTH = 400

LEGAL_FORM_WORDS: frozenset[str] = frozenset(
    {
        # English and Asian company forms
        "co",
        "coltd",
        "company",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "limited",
        "llc",
        "llp",
        "ltd",
        "plc",
        "pte",
        "pvt",
        "private",
        "jsc",
        "group",
        "the",
        # continental European forms
        "ag",
        "bv",
        "gmbh",
        "kg",
        "nv",
        "sa",
        "sarl",
        "sas",
        "spa",
        "srl",
        "sl",
        # Turkish A.Ş. / Ltd. Şti.
        "as",
        "sti",
    }
)

ADDRESS_WORDS: dict[str, str] = {
    "rd": "road",
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "blvd": "boulevard",
    "bldg": "building",
    "dist": "district",
    "no": "number",
    "nr": "number",
}

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise_text(value: str | None) -> str:
    """Accents and case folded, dots removed, other punctuation as spaces, spaces collapsed."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # The Turkish dotless i (U+0131) does not decompose; casefold handles the German sharp s.
    plain = plain.replace("\u0131", "i").casefold().replace(".", "")
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def _normalise_name(name: str | None) -> str:
    text = normalise_text(name)
    words = [w for w in text.split() if w not in LEGAL_FORM_WORDS]
    return " ".join(words) if words else text


def _normalise_address(address: str | None) -> str:
    return " ".join(ADDRESS_WORDS.get(w, w) for w in normalise_text(address).split())


def facility_match_key(name: str | None, address: str | None, country: str | None) -> str:
    """The key two records of the same facility share: ``name|address|COUNTRY``."""
    key = f"{_normalise_name(name)}|{_normalise_address(address)}|{(country or '').strip().upper()}"
    return key[:MATCH_KEY_MAX_LENGTH]
