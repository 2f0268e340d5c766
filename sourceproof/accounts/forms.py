from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from sourceproof.accounts import services
from sourceproof.accounts.models import User
from sourceproof.core.http import client_ip


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email = (data.get("email") or "").lower()
        password = data.get("password")
        if not email or not password:
            return data
        if services.login_is_throttled(email=email):
            raise forms.ValidationError(
                _("Too many failed attempts. Wait 15 minutes or reset your password."),
                code="throttled",
            )
        user = authenticate(self.request, email=email, password=password)
        if user is None:
            services.login_failure_record(email=email, ip_address=client_ip(self.request))
            raise forms.ValidationError(
                _("That email and password do not match an active account."), code="invalid"
            )
        services.login_failures_clear(email=email)
        self.user = user
        return data


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Interface language"),
        # Each language by its own name, whatever the page's language.
        choices=[("", _("As my browser says"))]
        + [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES],
        required=False,
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What is the token for?"), max_length=100)
    read_only = forms.BooleanField(label=_("Read-only"), required=False, initial=True)
    expires_in_days = forms.IntegerField(
        label=_("Expires after (days)"), min_value=1, max_value=730, initial=365
    )

    def __init__(self, *args: Any, read_only_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if read_only_only:  # a customer user's tokens can only read
            del self.fields["read_only"]
