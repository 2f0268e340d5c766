"""The tables of ISO 2859-1 / ANSI/ASQ Z1.4, as data.

Nothing here computes anything: the lookup code lives in ``plans.py``. The master tables
are kept as they are printed, one string per sample size code letter with one cell per
AQL column (``AQL_COLUMNS``), so that a row can be read against the standard by eye:

* ``"Ac/Re"`` -- a sampling plan: acceptance number / rejection number, with the
  sample size of the row's code letter;
* ``"↓"`` -- use the first sampling plan below the arrow (its code letter, its sample size);
* ``"↑"`` -- use the first sampling plan above the arrow (its code letter, its sample size);
* ``"·"`` -- no entry (only in row S of the tightened table).

Sources (each cell was checked against both where both exist; see
``tests/test_master_tables.py``, which holds the independent transcriptions):

* ISO 2859-1:1999, Tables 1, 2-A, 2-B and 2-C, as reproduced identically in
  GB/T 2828.1-2012 (transcribed cell by cell with arrows resolved in the public
  repository nihantao-crosis/quality-platform, ``src/core/aql.ts``) and in
  IS 2500 (Part 1):2000;
* MIL-STD-105E (10 May 1989) Tables I, II-A, II-B, II-C = ANSI/ASQ Z1.4, as transcribed
  with arrows resolved in the R package AQLSchemes (J. Lawson; public copy
  fjgonzalezmgt/AQLSchemesCust, ``R/AAZ14Single.R``), and the MIL-STD-105E text.

Where the two editions differ the difference is kept as a separate table or override
below and documented in ``docs/sampling.md``.
"""

from __future__ import annotations

from typing import Final

# The 26 preferred AQLs, written as in the standard's column heads (tightest first).
# AQLs up to 10 apply to percent nonconforming or nonconformities per 100 items; AQLs
# above 10 apply to nonconformities per 100 items only (ISO 2859-1:1999, 5.2 and 3.1.26).
AQL_COLUMNS: Final[tuple[str, ...]] = (
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65",
    "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65",
    "100", "150", "250", "400", "650", "1000",
)  # fmt: skip

# The arrow and blank markers used in the master tables.
ARROW_DOWN: Final = "↓"
ARROW_UP: Final = "↑"
BLANK: Final = "·"

LEVELS: Final[tuple[str, ...]] = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")

# Table I (ISO 2859-1:1999 Table 1; MIL-STD-105E / Z1.4 Table I, identical): sample size
# code letters. One row per lot-size range: (smallest lot, largest lot or None for "and
# over", letters for S-1, S-2, S-3, S-4, I, II, III).
CODE_LETTER_TABLE: Final[tuple[tuple[int, int | None, str], ...]] = (
    (2, 8, "A A A A A A B"),
    (9, 15, "A A A A A B C"),
    (16, 25, "A A B B B C D"),
    (26, 50, "A B B C C D E"),
    (51, 90, "B B C C C E F"),
    (91, 150, "B B C D D F G"),
    (151, 280, "B C D E E G H"),
    (281, 500, "B C D E F H J"),
    (501, 1200, "C C E F G J K"),
    (1201, 3200, "C D E G H K L"),
    (3201, 10000, "C D F G J L M"),
    (10001, 35000, "C D F H K M N"),
    (35001, 150000, "D E G J L N P"),
    (150001, 500000, "D E G J M P Q"),
    (500001, None, "D E H K N Q R"),
)

# Sample sizes per code letter for normal and tightened inspection (Tables 2-A, 2-B).
# S occurs only in the tightened table, reached through the arrows of column 0.025.
SAMPLE_SIZES: Final[dict[str, int]] = {
    "A": 2, "B": 3, "C": 5, "D": 8, "E": 13, "F": 20, "G": 32, "H": 50, "J": 80,
    "K": 125, "L": 200, "M": 315, "N": 500, "P": 800, "Q": 1250, "R": 2000, "S": 3150,
}  # fmt: skip

# Sample sizes per code letter for reduced inspection (Table 2-C); the same in both
# editions. Note that A, B and C all have n = 2.
REDUCED_SAMPLE_SIZES: Final[dict[str, int]] = {
    "A": 2, "B": 2, "C": 2, "D": 3, "E": 5, "F": 8, "G": 13, "H": 20, "J": 32,
    "K": 50, "L": 80, "M": 125, "N": 200, "P": 315, "Q": 500, "R": 800,
}  # fmt: skip

# Table 2-A / II-A: single sampling plans for normal inspection. Identical in
# ISO 2859-1:1999 and MIL-STD-105E / Z1.4 (all 416 cells agree between the sources).
# fmt: off
MASTER_NORMAL: Final[dict[str, str]] = {
    # AQL 0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
    "A": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31",
    "B": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45",
    "C": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ↑",
    "D": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ↑     ↑",
    "E": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ↑     ↑     ↑",
    "F": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑",
    "G": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "H": "↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "J": "↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "K": "↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "L": "↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "M": "↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "N": "↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "P": "↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "Q": "0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "R": "↑     ↑     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
}

# fmt: on

# Table 2-B / II-B: single sampling plans for tightened inspection, as printed in
# ISO 2859-1:1999. Row S (n = 3150) has a plan only in column 0.025, reached from Q and R.
# MIL-STD-105E / Z1.4 differs in one cell, see TIGHTENED_Z14_OVERRIDES.
# fmt: off
MASTER_TIGHTENED: Final[dict[str, str]] = {
    # AQL 0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
    "A": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28",
    "B": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42",
    "C": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ↑",
    "D": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ↑     ↑",
    "E": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ↑     ↑     ↑",
    "F": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑",
    "G": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "H": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "J": "↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "K": "↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "L": "↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "M": "↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "N": "↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "P": "↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "Q": "↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "R": "0/1   ↑     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "S": "·     ·     1/2   ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·     ·",
}

# fmt: on

# Z1.4 / MIL-STD-105E Table II-B differs from ISO 2859-1:1999 Table 2-B in cell A/10:
# ISO (GB/T 2828.1-2012 transcription) prints 0/1 for code letter A, while the Z1.4
# transcription (AQLSchemes) and a MIL-STD-105E derived table resolve A/10 downwards to
# D (n = 8, 1/2). Only one source each: see docs/sampling.md, "Unconfirmed cells".
TIGHTENED_Z14_OVERRIDES: Final[dict[tuple[str, str], str]] = {("A", "10"): ARROW_DOWN}

# Table 2-C: single sampling plans for reduced inspection, ISO 2859-1:1999. Every plan has
# Re = Ac + 1 (the 1999 edition removed the gap between Ac and Re).
# fmt: off
MASTER_REDUCED_ISO: Final[dict[str, str]] = {
    # AQL 0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
    "A": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31",
    "B": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31",
    "C": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 14/15 21/22 ↑",
    "D": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 14/15 21/22 ↑     ↑",
    "E": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 14/15 21/22 ↑     ↑     ↑",
    "F": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑",
    "G": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "H": "↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "J": "↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "K": "↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "L": "↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "M": "↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "N": "↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "P": "↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "Q": "0/1   ↑     ↑     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "R": "↑     ↑     ↑     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
}

# fmt: on

# Table II-C: single sampling plans for reduced inspection, MIL-STD-105E / ANSI/ASQ Z1.4.
# Plans with Re > Ac + 1: a result strictly between Ac and Re accepts the lot but
# reinstates normal inspection (MIL-STD-105E 10.1.4; Z1.4 8.3.4 b).
# fmt: off
MASTER_REDUCED_Z14: Final[dict[str, str]] = {
    # AQL 0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
    "A": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31",
    "B": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   2/4   3/5   5/6   7/8   10/11 14/15 21/22 30/31",
    "C": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 14/17 21/24 ↑",
    "D": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 14/17 21/24 ↑     ↑",
    "E": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 14/17 21/24 ↑     ↑     ↑",
    "F": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑",
    "G": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "H": "↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "J": "↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "K": "↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "L": "↓     ↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "M": "↓     ↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "N": "↓     ↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "P": "↓     0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "Q": "0/1   ↑     ↓     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
    "R": "↑     ↑     0/2   1/3   1/4   2/5   3/6   5/8   7/10  10/13 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑",
}

# fmt: on
