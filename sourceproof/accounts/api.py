from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from sourceproof.core.http import acting_user

router = Router(tags=["accounts"])


class MeOut(Schema):
    email: str
    full_name: str
    role: str
    organisation: str
    organisation_kind: str


@router.get("/me", response=MeOut, summary="Who the token or session belongs to")
def me(request: HttpRequest) -> MeOut:
    user = acting_user(request)
    return MeOut(
        email=user.email,
        full_name=user.full_name,
        role=user.role,
        organisation=user.organisation.name,
        organisation_kind=user.organisation.kind,
    )
