"""The inspector's phone screen: the list of this week's inspections, the screen that
performs one (start it first if it is planned), the service worker and the offline page.

Thin: the screen's state comes from `selectors.field_state`; every change the inspector makes
goes through the phone's outbox to the API (`fieldwork/api.py`), which calls the services.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sourceproof.core.http import acting_user
from sourceproof.evidence.models import PhotoSide
from sourceproof.fieldwork import selectors
from sourceproof.fieldwork.texts import texts
from sourceproof.inspections import services
from sourceproof.inspections.forms import StartForm
from sourceproof.inspections.models import Inspection, InspectionStatus

PAGE_SIZE = 50

# What the service worker keeps for the screen to load without a connection.
SHELL_ASSETS = (
    "css/app.css",
    "fieldwork/field.css",
    "fieldwork/outbox.js",
    "fieldwork/field.js",
)


@login_required
def my_inspections(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    rows = selectors.my_inspections(user=user, today=today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "fieldwork/my_inspections.html",
        {"page": page, "rows": list(page.object_list), "today": today},
    )


def _start_form(inspection: Inspection, data: object = None) -> StartForm:
    return StartForm(
        data,
        inspection_type=inspection.inspection_type,
        initial={"lot_size": inspection.lot_size},
    )


@login_required
def perform(request: HttpRequest, report_number: str) -> HttpResponse:
    user = acting_user(request)
    inspection = selectors.get_field_inspection(user=user, report_number=report_number)
    if inspection.status == InspectionStatus.PLANNED:
        return render(
            request,
            "fieldwork/start.html",
            {"inspection": inspection, "form": _start_form(inspection)},
        )
    language = get_language() or "en"
    state = selectors.field_state(user=user, inspection=inspection, language=language)
    if inspection.status != InspectionStatus.IN_PROGRESS:
        return render(request, "fieldwork/done.html", {"inspection": inspection, "state": state})
    number = inspection.report_number
    config = {
        "report_number": number,
        "user": user.pk,
        "urls": {
            "operations": reverse("api:field_operations", args=[number]),
            "photos": reverse("api:field_photos", args=[number]),
            "state": reverse("api:field_state", args=[number]),
            "service_worker": reverse("fieldwork:service_worker"),
            "scope": reverse("fieldwork:my_inspections"),
            "detail": reverse("inspections:inspection_detail", args=[number]),
        },
    }
    return render(
        request,
        "fieldwork/perform.html",
        {
            "inspection": inspection,
            "state": state,
            "config": config,
            "texts": texts(),
            "sides": PhotoSide.choices,
        },
    )


@require_POST
@login_required
def start(request: HttpRequest, report_number: str) -> HttpResponse:
    user = acting_user(request)
    inspection = selectors.get_field_inspection(user=user, report_number=report_number)
    if inspection.status != InspectionStatus.PLANNED:
        return redirect("fieldwork:perform", inspection.report_number)
    form = _start_form(inspection, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        lot_size = data.get("lot_size")
        try:
            services.inspection_start(
                inspection=inspection,
                produced_percent=data.get("produced_percent"),
                packed_percent=data.get("packed_percent"),
                lot_size=lot_size if lot_size and lot_size != inspection.lot_size else None,
                by=user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            for warning in inspection.start_warnings:
                messages.warning(request, warning)
            messages.success(request, _("Inspection started: the sampling plan is fixed."))
            return redirect("fieldwork:perform", inspection.report_number)
    return render(
        request, "fieldwork/start.html", {"inspection": inspection, "form": form}, status=400
    )


def _shell_urls() -> list[str]:
    return [static(path) for path in SHELL_ASSETS] + [reverse("fieldwork:offline")]


@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under /field/ so that its scope is the phone screen. Its
    version changes with the assets it keeps (their hashed names in production)."""
    source = render_to_string(
        "fieldwork/sw.js",
        {
            "shell_json": json.dumps(_shell_urls()),
            "offline_url": reverse("fieldwork:offline"),
            "scope": reverse("fieldwork:my_inspections"),
            "static_prefix": settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else f"/{settings.STATIC_URL}",
        },
    )
    version = hashlib.sha256(source.encode()).hexdigest()[:12]
    response = HttpResponse(
        source.replace("__VERSION__", version), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = reverse("fieldwork:my_inspections")
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a screen it has not kept (no data in it)."""
    return render(request, "fieldwork/offline.html")
