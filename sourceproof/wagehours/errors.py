"""Input problems: every reason an input file or rules table cannot be used.

A problem names the file, the row as a person counts it in a spreadsheet (the header is
row 1, the first record row 2) and the column. Readers collect every problem they find, up
to a cap per file, and raise one `WageHoursInputError` carrying the list, so that whoever
fixes the file sees all that is wrong at once rather than one error per attempt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Most problems kept per file; the rest are counted, not listed.
MAX_PROBLEMS_PER_FILE = 100


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One thing wrong with one input: where it is and what is wrong."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class WageHoursInputError(ValueError):
    """The inputs cannot be checked. `problems` lists why; `omitted` counts the unlisted rest."""

    def __init__(self, problems: Sequence[InputProblem], *, omitted: int = 0) -> None:
        self.problems: list[InputProblem] = list(problems)
        self.omitted = omitted
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One line per problem, then a count of any left out."""
        lines = [str(problem) for problem in self.problems]
        if self.omitted:
            lines.append(f"... and {self.omitted} more problems not listed")
        return lines
