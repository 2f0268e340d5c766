from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.accounts import services
from sourceproof.accounts.forms import ApiTokenForm, LanguageForm, LoginForm
from sourceproof.accounts.models import Role
from sourceproof.core.http import acting_user


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user, backend="sourceproof.accounts.backends.EmailBackend")
        if form.user.language:
            request.session["_language"] = form.user.language
        target = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = ""
        response = redirect(target or "core:dashboard")
        if form.user.language:
            response.set_cookie("django_language", form.user.language, samesite="Lax")
        return response
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


def _browser_language(request: HttpRequest) -> str:
    """The language the browser asks for (Accept-Language), as LocaleMiddleware would pick it
    once the language cookie is gone."""
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip()
        if code and code != "*":
            try:
                return translation.get_supported_language_variant(code)
            except LookupError:
                continue
    return settings.LANGUAGE_CODE


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    language_form = LanguageForm(initial={"language": user.language})
    customer = user.role == Role.CUSTOMER_USER  # the portal's API is for reading
    token_form = ApiTokenForm(read_only_only=customer)
    new_secret = None
    if request.method == "POST" and request.POST.get("form") == "language":
        language_form = LanguageForm(request.POST)
        if language_form.is_valid():
            user.language = language_form.cleaned_data["language"]
            user.save(update_fields=["language"])
            # In the language just chosen: the page after the redirect is shown in it.
            with translation.override(user.language or _browser_language(request)):
                messages.success(request, _("Your language is saved."))
            response = redirect("accounts:profile")
            if user.language:
                response.set_cookie("django_language", user.language, samesite="Lax")
            else:
                response.delete_cookie("django_language")
            return response
    elif request.method == "POST" and request.POST.get("form") == "token":
        token_form = ApiTokenForm(request.POST, read_only_only=customer)
        if token_form.is_valid():
            _token, new_secret = services.api_token_create(
                user=user,
                name=token_form.cleaned_data["name"],
                read_only=token_form.cleaned_data.get("read_only", True),
                expires_at=timezone.now()
                + dt.timedelta(days=token_form.cleaned_data["expires_in_days"]),
            )
            token_form = ApiTokenForm(read_only_only=customer)
    tokens = user.api_tokens.filter(revoked_at__isnull=True)
    return render(
        request,
        "accounts/profile.html",
        {
            "language_form": language_form,
            "token_form": token_form,
            "tokens": tokens,
            "new_secret": new_secret,
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    token = get_object_or_404(user.api_tokens, pk=pk)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:profile")
