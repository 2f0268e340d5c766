"""Writes for organisations, users, login throttling and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.accounts.models import (
    ROLE_ORGANISATION_KIND,
    ApiToken,
    LoginFailure,
    Organisation,
    OrganisationKind,
    User,
)

TOKEN_PREFIX = "sp_"  # noqa: S105 - a visible prefix, not a secret


def operator_organisation() -> Organisation:
    """The one operator of this installation (created on first use)."""
    org = Organisation.objects.filter(kind=OrganisationKind.OPERATOR).first()
    if org is None:
        org = Organisation.objects.create(
            name="Operator", kind=OrganisationKind.OPERATOR, code="operator"
        )
    return org


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    organisation: Organisation,
    role: str,
    full_name: str = "",
    language: str = "",
) -> User:
    expected = ROLE_ORGANISATION_KIND[role]
    if organisation.kind != expected:
        raise ValidationError(
            _("The role %(role)s belongs to an organisation of kind %(expected)s, not %(kind)s.")
            % {"role": role, "expected": expected, "kind": organisation.kind}
        )
    return User.objects.create_user(
        email=email,
        password=password,
        organisation=organisation,
        role=role,
        full_name=full_name,
        language=language,
    )


def login_is_throttled(*, email: str) -> bool:
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    failures = LoginFailure.objects.filter(email=email.strip().lower(), at__gte=since).count()
    return failures >= settings.LOGIN_FAILURE_LIMIT


def login_failure_record(*, email: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(email=email.strip().lower()[:254], ip_address=ip_address)


def login_failures_clear(*, email: str) -> None:
    LoginFailure.objects.filter(email=email.strip().lower()).delete()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, read_only: bool = True, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Make a token; the secret is returned once and only its hash is kept."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:10],
        key_hash=_hash(secret),
        read_only=read_only,
        expires_at=expires_at,
    )
    return token, secret


def api_token_authenticate(*, secret: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if not (token.user.is_active and token.user.organisation.is_active):
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
