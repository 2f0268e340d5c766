"""ETI wage and working-hours analyser: payroll and time records against the ETI Base Code.

Django-free (pure Python and Polars). The web screens and the command line call this API:

    inputs = load(workers=..., time=..., pay=..., rules=...)   # files or uploads; or validate(...)
    report = check(inputs.workers, inputs.time, inputs.pay, inputs.rules)
    report.findings, report.not_checked, report.to_dict()

Bad input raises `WageHoursInputError` (a `ValueError`) whose `problems` name the file, row
and column of each. See docs/wagehours.md for the columns, rules and outputs.
"""

from sourceproof.wagehours.engine import (
    RULES,
    Finding,
    NotChecked,
    Report,
    check,
    weekly_hours,
)
from sourceproof.wagehours.errors import InputProblem, WageHoursInputError
from sourceproof.wagehours.inputs import (
    PAY_SCHEMA,
    TIME_SCHEMA,
    WORKERS_SCHEMA,
    Inputs,
    load,
    read_pay,
    read_time,
    read_workers,
    validate,
)
from sourceproof.wagehours.rules import (
    DAY_TYPES,
    OvertimePremium,
    Rules,
    read_rules,
    rules_from_mapping,
)

__all__ = [
    "DAY_TYPES",
    "PAY_SCHEMA",
    "RULES",
    "TIME_SCHEMA",
    "WORKERS_SCHEMA",
    "Finding",
    "InputProblem",
    "Inputs",
    "NotChecked",
    "OvertimePremium",
    "Report",
    "Rules",
    "WageHoursInputError",
    "check",
    "load",
    "read_pay",
    "read_rules",
    "read_time",
    "read_workers",
    "rules_from_mapping",
    "validate",
    "weekly_hours",
]
