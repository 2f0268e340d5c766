"""The JSON API at /api/v1/: one NinjaAPI, each app adds its router.

Authentication: `Authorization: Bearer <token>` (tokens are made on the profile page), or the
browser session (with CSRF for writes). Read-only tokens may only GET. Every endpoint reads
through the same scoped selectors as the pages, so an outsider gets 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from sourceproof.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_authenticate(secret=token)
        if found is None:
            return None
        if found.read_only and request.method not in {"GET", "HEAD", "OPTIONS"}:
            raise HttpError(403, "This API token is read-only.")
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; ninja checks CSRF for unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


api = NinjaAPI(
    title="sourceproof API",
    version="1",
    description=__doc__ or "",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


from sourceproof.accounts.api import router as accounts_router  # noqa: E402
from sourceproof.audits.api import router as audits_router  # noqa: E402
from sourceproof.csr.api import router as csr_router  # noqa: E402
from sourceproof.ethics.api import router as ethics_router  # noqa: E402
from sourceproof.evidence.api import router as evidence_router  # noqa: E402
from sourceproof.facilities.api import router as facilities_router  # noqa: E402
from sourceproof.facilities.import_api import router as facility_data_router  # noqa: E402
from sourceproof.fieldwork.api import router as fieldwork_router  # noqa: E402
from sourceproof.inspections.api import router as inspections_router  # noqa: E402
from sourceproof.inspections.calculator_api import router as aql_router  # noqa: E402
from sourceproof.notifications.api import router as notifications_router  # noqa: E402
from sourceproof.orders.api import router as orders_router  # noqa: E402
from sourceproof.payroll.api import router as payroll_router  # noqa: E402
from sourceproof.portal.api import router as portal_router  # noqa: E402
from sourceproof.reports.api import router as reports_router  # noqa: E402

api.add_router("/accounts", accounts_router)
api.add_router("/", facilities_router)
api.add_router("/facility-imports", facility_data_router)
api.add_router("/orders", orders_router)
api.add_router("/audits", audits_router)
api.add_router("/payroll", payroll_router)
api.add_router("/inspections", inspections_router)
api.add_router("/aql", aql_router)
api.add_router("/evidence", evidence_router)
api.add_router("/csr", csr_router)
api.add_router("/ethics", ethics_router)
api.add_router("/field", fieldwork_router)
api.add_router("/reports", reports_router)
api.add_router("/portal", portal_router)
api.add_router("/notifications", notifications_router)
