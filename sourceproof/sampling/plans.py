"""Looking up a single sampling plan: Table I, then the master table, arrows resolved.

``plan(lot_size, aql, level, inspection, edition)`` is what everything else calls. The
arrow rule is the one printed under every master table: an arrow means *use the first
sampling plan below (or above) the arrow* -- that plan's code letter, sample size,
acceptance and rejection numbers, not "Ac = 0 at the original sample size". When the
sample size equals or exceeds the lot size the whole lot is inspected (100 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal, get_args

from sourceproof.sampling import tables
from sourceproof.sampling.aql import Aql, AqlLike, SamplingError

Edition = Literal["iso2859-1", "z1.4"]
Inspection = Literal["normal", "tightened", "reduced"]
Level = Literal["S-1", "S-2", "S-3", "S-4", "I", "II", "III"]

EDITIONS: Final[tuple[Edition, ...]] = get_args(Edition)
INSPECTIONS: Final[tuple[Inspection, ...]] = get_args(Inspection)
LEVELS: Final[tuple[Level, ...]] = get_args(Level)
DEFAULT_EDITION: Final[Edition] = "iso2859-1"


@dataclass(frozen=True, slots=True)
class MasterPlan:
    """A master-table cell with its arrows followed: the plan actually used."""

    code_letter: str  # the letter of the row where the plan was found
    sample_size: int
    accept: int
    reject: int


@dataclass(frozen=True, slots=True)
class Plan:
    """A single sampling plan for one lot, as the calculator, API and CLI report it."""

    edition: Edition
    lot_size: int
    level: Level
    aql: Aql
    inspection: Inspection
    code_letter: str  # from Table I (lot size and inspection level)
    plan_code_letter: str  # after following the arrows of the master table
    sample_size: int  # = lot_size when full_inspection
    accept: int  # Ac
    reject: int  # Re
    full_inspection: bool  # the sample would be the whole lot: inspect 100 %

    @property
    def has_gap(self) -> bool:
        """Z1.4 reduced plans may have Re > Ac + 1 (see ``judge``)."""
        return self.reject > self.accept + 1

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``sourceproof aql plan --json`` (a contract: keep the keys)."""
        return {
            "edition": self.edition,
            "lot_size": self.lot_size,
            "level": self.level,
            "aql": self.aql.text,
            "inspection": self.inspection,
            "code_letter": self.code_letter,
            "plan_code_letter": self.plan_code_letter,
            "sample_size": self.sample_size,
            "accept": self.accept,
            "reject": self.reject,
            "full_inspection": self.full_inspection,
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of one lot judged against its plan."""

    accepted: bool
    # Z1.4 reduced inspection only: Ac < d < Re accepts the lot but normal inspection
    # must be reinstated (MIL-STD-105E 10.1.4). Always False in the ISO edition.
    reinstate_normal: bool


_LEVEL_SPELLINGS: Final[dict[str, Level]] = {
    **{known: known for known in LEVELS},
    **{known.replace("-", ""): known for known in LEVELS},
}


def parse_level(level: str) -> Level:
    found = _LEVEL_SPELLINGS.get(level) or _LEVEL_SPELLINGS.get(
        str(level).strip().upper().replace("-", "")
    )
    if found is not None:
        return found
    raise SamplingError(f"unknown inspection level {level!r}; use one of {', '.join(LEVELS)}")


_INSPECTION_SPELLINGS: Final[dict[str, Inspection]] = {known: known for known in INSPECTIONS}
_EDITION_SPELLINGS: Final[dict[str, Edition]] = {known: known for known in EDITIONS}


def parse_inspection(inspection: str) -> Inspection:
    found = _INSPECTION_SPELLINGS.get(inspection) or _INSPECTION_SPELLINGS.get(
        str(inspection).strip().lower()
    )
    if found is not None:
        return found
    raise SamplingError(
        f"unknown inspection severity {inspection!r}; use one of {', '.join(INSPECTIONS)}"
    )


def parse_edition(edition: str) -> Edition:
    found = _EDITION_SPELLINGS.get(edition) or _EDITION_SPELLINGS.get(str(edition).strip().lower())
    if found is not None:
        return found
    raise SamplingError(f"unknown edition {edition!r}; use one of {', '.join(EDITIONS)}")


def check_lot_size(lot_size: int) -> int:
    if isinstance(lot_size, bool) or not isinstance(lot_size, int):
        raise SamplingError(f"lot size must be a whole number, got {lot_size!r}")
    if lot_size < 2:
        raise SamplingError(f"lot size must be at least 2 items, got {lot_size}")
    return lot_size


def code_letter(lot_size: int, level: str = "II") -> str:
    """Table I: the sample size code letter for a lot size and inspection level."""
    lot_size = check_lot_size(lot_size)
    column = LEVELS.index(parse_level(level))
    for low, high, letters in tables.CODE_LETTER_TABLE:
        if lot_size >= low and (high is None or lot_size <= high):
            return letters.split()[column]
    raise AssertionError("Table I covers every lot size from 2 upward")  # pragma: no cover


# ---------------------------------------------------------------------------------------
# The master tables, parsed and with every arrow followed once, at import time.

_Cells = dict[str, tuple[str, ...]]


def _raw_table(edition: Edition, inspection: Inspection) -> _Cells:
    if inspection == "normal":
        source = tables.MASTER_NORMAL
    elif inspection == "tightened":
        source = tables.MASTER_TIGHTENED
    elif edition == "iso2859-1":
        source = tables.MASTER_REDUCED_ISO
    else:
        source = tables.MASTER_REDUCED_Z14
    cells = {letter: tuple(row.split()) for letter, row in source.items()}
    if edition == "z1.4" and inspection == "tightened":
        for (letter, aql_text), cell in tables.TIGHTENED_Z14_OVERRIDES.items():
            edited = list(cells[letter])
            edited[tables.AQL_COLUMNS.index(aql_text)] = cell
            cells[letter] = tuple(edited)
    for letter, cells_of_row in cells.items():
        if len(cells_of_row) != len(tables.AQL_COLUMNS):
            raise AssertionError(f"master table row {letter} has {len(cells_of_row)} cells")
    return cells


def _follow(cells: _Cells, letter: str, column: int, sizes: dict[str, int]) -> MasterPlan:
    """Follow the arrows from one cell to the plan it designates."""
    letters = list(cells)
    row = letters.index(letter)
    cell = cells[letter][column]
    if cell in (tables.ARROW_DOWN, tables.ARROW_UP):
        step = 1 if cell == tables.ARROW_DOWN else -1
        while True:
            row += step
            if not 0 <= row < len(letters):
                raise AssertionError(
                    f"arrow at {letter}/{tables.AQL_COLUMNS[column]} leaves the table"
                )
            found = cells[letters[row]][column]
            if found == cell:
                continue
            if found in (tables.ARROW_DOWN, tables.ARROW_UP, tables.BLANK):
                raise AssertionError(
                    f"arrow at {letter}/{tables.AQL_COLUMNS[column]} meets {found}"
                )
            break
        cell = found
    if cell == tables.BLANK:
        raise AssertionError(f"blank cell {letter}/{tables.AQL_COLUMNS[column]} looked up")
    accept, reject = (int(part) for part in cell.split("/"))
    if not 0 <= accept < reject:
        raise AssertionError(f"bad plan {cell} at {letter}/{tables.AQL_COLUMNS[column]}")
    return MasterPlan(letters[row], sizes[letters[row]], accept, reject)


def _resolve(edition: Edition, inspection: Inspection) -> dict[tuple[str, int], MasterPlan]:
    cells = _raw_table(edition, inspection)
    sizes = tables.REDUCED_SAMPLE_SIZES if inspection == "reduced" else tables.SAMPLE_SIZES
    resolved = {}
    for letter in tables.REDUCED_SAMPLE_SIZES:  # the Table I letters A..R
        for column in range(len(tables.AQL_COLUMNS)):
            resolved[letter, column] = _follow(cells, letter, column, sizes)
    return resolved


_RESOLVED: Final[dict[tuple[Edition, Inspection], dict[tuple[str, int], MasterPlan]]] = {
    (edition, inspection): _resolve(edition, inspection)
    for edition in EDITIONS
    for inspection in INSPECTIONS
}


def master_plan(
    letter: str, aql: AqlLike, inspection: str = "normal", edition: str = DEFAULT_EDITION
) -> MasterPlan:
    """The plan a master table gives for a Table I code letter and an AQL."""
    key = (parse_edition(edition), parse_inspection(inspection))
    if letter not in tables.REDUCED_SAMPLE_SIZES:
        raise SamplingError(f"unknown code letter {letter!r}; Table I uses A to R (no I or O)")
    return _RESOLVED[key][letter, Aql.parse(aql).index]


def plan(
    lot_size: int,
    aql: AqlLike,
    level: str = "II",
    inspection: str = "normal",
    edition: str = DEFAULT_EDITION,
) -> Plan:
    """The single sampling plan for a lot: Table I, then Table 2-A, 2-B or 2-C."""
    return _plan(
        check_lot_size(lot_size),
        Aql.parse(aql),
        parse_level(level),
        parse_inspection(inspection),
        parse_edition(edition),
    )


@lru_cache(maxsize=65536)
def _plan(lot_size: int, aql: Aql, level: Level, inspection: Inspection, edition: Edition) -> Plan:
    letter = code_letter(lot_size, level)
    found = _RESOLVED[edition, inspection][letter, aql.index]
    full = found.sample_size >= lot_size
    return Plan(
        edition=edition,
        lot_size=lot_size,
        level=level,
        aql=aql,
        inspection=inspection,
        code_letter=letter,
        plan_code_letter=found.code_letter,
        sample_size=lot_size if full else found.sample_size,
        accept=found.accept,
        reject=found.reject,
        full_inspection=full,
    )


def judge(plan: Plan, nonconforming: int) -> Verdict:
    """Accept or not: d <= Ac accepts, d >= Re does not (ISO 2859-1:1999, 11.1.1).

    In the Z1.4 edition a reduced plan may have Re > Ac + 1; a count strictly between
    accepts the lot but reinstates normal inspection (MIL-STD-105E 10.1.4).
    """
    if isinstance(nonconforming, bool) or not isinstance(nonconforming, int):
        raise SamplingError(
            f"number of nonconforming items must be a whole number, got {nonconforming!r}"
        )
    if nonconforming < 0:
        raise SamplingError(
            f"number of nonconforming items cannot be negative, got {nonconforming}"
        )
    if nonconforming <= plan.accept:
        return Verdict(accepted=True, reinstate_normal=False)
    if nonconforming >= plan.reject:
        return Verdict(accepted=False, reinstate_normal=False)
    return Verdict(accepted=True, reinstate_normal=True)
