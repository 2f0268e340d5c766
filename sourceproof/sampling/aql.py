"""Acceptance quality limits (AQLs) as the standard writes them, and the engine's errors.

ISO 2859-1 indexes its plans by 26 preferred AQLs, from 0.010 to 1000. They are written
with a fixed number of decimals in the column heads ("0.010", "0.65", "1.0", "10"), but an
AQL is a number: "1", "1.0" and ``Decimal("1.00")`` are the same AQL. ``Aql.parse`` accepts
any of these spellings and refuses anything that is not one of the 26 preferred values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import total_ordering
from typing import Final

from sourceproof.sampling.tables import AQL_COLUMNS


class SamplingError(ValueError):
    """A request the standard cannot answer (unknown AQL or level, lot size below 2...).

    The message is one line a person understands; the CLI prints it as is.
    """


_BY_VALUE: Final[dict[Decimal, int]] = {Decimal(text): i for i, text in enumerate(AQL_COLUMNS)}

# Above this value an AQL applies to nonconformities per 100 items only.
PERCENT_NONCONFORMING_MAX: Final = Decimal(10)


@total_ordering
@dataclass(frozen=True, slots=True, repr=False)
class Aql:
    """One of the 26 preferred AQLs. Build it with ``Aql.parse``."""

    index: int  # column of the master tables, 0 = 0.010 (tightest) ... 25 = 1000

    @classmethod
    def parse(cls, value: AqlLike) -> Aql:
        """Read an AQL written as in the standard ("0.010", "1", "1.0", "65")."""
        if isinstance(value, Aql):
            return value
        if isinstance(value, bool):
            raise SamplingError(f"AQL must be a number, got {value!r}")
        try:
            number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
        except InvalidOperation:
            raise SamplingError(
                f"AQL must be a number such as 0.65 or 2.5, got {value!r}"
            ) from None
        if not number.is_finite() or number not in _BY_VALUE:
            raise SamplingError(
                f"AQL {value} is not one of the standard's preferred AQLs "
                f"({', '.join(AQL_COLUMNS)})"
            )
        return cls(_BY_VALUE[number])

    @classmethod
    def all(cls) -> tuple[Aql, ...]:
        return tuple(cls(i) for i in range(len(AQL_COLUMNS)))

    @property
    def text(self) -> str:
        """The AQL as printed in the standard's column head, e.g. "0.65" or "1.0"."""
        return AQL_COLUMNS[self.index]

    @property
    def value(self) -> Decimal:
        return Decimal(self.text)

    @property
    def is_per_hundred_only(self) -> bool:
        """True above 10: such AQLs apply to nonconformities per 100 items only."""
        return self.value > PERCENT_NONCONFORMING_MAX

    @property
    def tighter(self) -> Aql | None:
        """The next tighter (smaller) preferred AQL, or None for 0.010."""
        return Aql(self.index - 1) if self.index > 0 else None

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Aql({self.text!r})"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Aql):
            return NotImplemented
        return self.index < other.index


AqlLike = Aql | str | Decimal | int | float
