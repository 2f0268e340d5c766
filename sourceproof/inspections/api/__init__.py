"""The inspections API at /api/v1/inspections: inspections (list, detail, book, reschedule,
cancel, start, record results and defects, submit, decide, review, override, golden sample),
the defect library, checklist templates, AQL overrides and sampling streams.

Same selectors and services as the pages: an inspection outside the caller's scope is a 404,
and so is a write the caller's role may not make. A service's ValidationError is a 400 with
the messages; a malformed request is a 422.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["inspections"])

# The library paths first, so that they are not read as report numbers.
from sourceproof.inspections.api import library as _library  # noqa: E402, F401

# isort: split
from sourceproof.inspections.api import inspections as _inspections  # noqa: E402, F401
