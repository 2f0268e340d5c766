"""Small request helpers shared by views and API endpoints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from sourceproof.accounts.models import User


def acting_user(request: HttpRequest) -> User:
    """The logged-in user; an anonymous request is treated as an outsider (404)."""
    user = request.user
    if not user.is_authenticated:
        raise Http404("Not found.")
    return user


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
