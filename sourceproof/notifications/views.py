"""The preferences page: a customer user chooses which emails to receive. Any other role
gets 404 (nothing here applies to them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sourceproof.core.http import acting_user
from sourceproof.notifications import selectors, services
from sourceproof.notifications.forms import PreferenceForm
from sourceproof.notifications.services import PREFERENCE_FIELDS


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    preference = selectors.preference_for_user(user=user)
    initial = {name: getattr(preference, name) for name in PREFERENCE_FIELDS}
    form = PreferenceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.notification_preference_update(
            user=user,
            failures_at_once=form.cleaned_data["failures_at_once"],
            every_verdict_at_once=form.cleaned_data["every_verdict_at_once"],
            weekly_digest=form.cleaned_data["weekly_digest"],
        )
        messages.success(request, _("Your email preferences are saved."))
        return redirect("notifications:preferences")
    language = dict(user._meta.get_field("language").choices or []).get(user.language, "")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "language": language},
        status=400 if request.method == "POST" else 200,
    )
