"""Log in with email and password, refusing inactive people and organisations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from sourceproof.accounts.models import User


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = (kwargs.get("email") or username or "").strip().lower()
        if not email or password is None:
            return None
        try:
            user = User.objects.select_related("organisation").get(email=email)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(user.is_active and user.organisation.is_active)

    def get_user(self, user_id: int) -> User | None:
        user = User.objects.select_related("organisation").filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None
