"""Photo-evidence pages: an inspection's photos (grid with the evidence flags, upload form,
golden sample side by side), the upload page, one photo's page, and the image files
themselves, served only through a scope check (never a public media URL)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.accounts.permissions import Action, can
from sourceproof.core.changelog import history_for
from sourceproof.core.http import acting_user
from sourceproof.evidence import selectors, services
from sourceproof.evidence.forms import PhotoUploadForm
from sourceproof.evidence.http import photo_file_response
from sourceproof.inspections.models import Inspection
from sourceproof.inspections.selectors import get_inspection_for_user, golden_sample_for

PAGE_SIZE = 50


def _photos_url(inspection: Inspection) -> str:
    return reverse("evidence:inspection_photos", args=[inspection.report_number])


def _upload_form(
    request: HttpRequest, inspection: Inspection, evidence: selectors.InspectionEvidence
) -> PhotoUploadForm:
    return PhotoUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        inspection=inspection,
        golden_allowed=evidence.can_upload_golden,
        initial={"next": request.GET.get("next", "")},
    )


@login_required
def inspection_photos(request: HttpRequest, report_number: str) -> HttpResponse:
    user = acting_user(request)
    inspection = get_inspection_for_user(user=user, report_number=report_number)
    evidence = selectors.inspection_evidence(user=user, inspection=inspection)
    page = Paginator(evidence.cards, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "inspection": inspection,
        "evidence": evidence,
        "page": page,
        "form": _upload_form(request, inspection, evidence)
        if evidence.can_upload or evidence.can_upload_golden
        else None,
    }
    if getattr(request, "htmx", False):
        return render(request, "evidence/inspection_photos.html#grid", context)
    return render(request, "evidence/inspection_photos.html", context)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
def photo_upload(request: HttpRequest, report_number: str) -> HttpResponse:
    """The upload form (GET) and the upload (POST): each file is added on its own, so one
    refused file does not lose the others; the page says what happened to each."""
    user = acting_user(request)
    inspection = get_inspection_for_user(user=user, report_number=report_number)
    if not selectors.is_performer(user, inspection):
        raise Http404("Not found.")
    evidence = selectors.inspection_evidence(user=user, inspection=inspection)
    form = _upload_form(request, inspection, evidence)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        golden = golden_sample_for(inspection=inspection) if data.get("golden") else None
        for upload in data["uploads"]:
            name = upload.name or _("photo")
            try:
                photo = services.photo_add(
                    inspection=inspection,
                    file=upload,
                    by=user,
                    checkpoint_result=data.get("checkpoint"),
                    defect_record=data.get("defect"),
                    golden_sample=golden,
                    side=data.get("side") or "",
                )
            except ValidationError as error:
                messages.error(request, f"{name}: {' '.join(error.messages)}")
                continue
            if photo.created_now:
                messages.success(request, _("%(name)s: added.") % {"name": name})
            else:
                messages.info(request, _("%(name)s: already stored, kept once.") % {"name": name})
        return redirect(_safe_next(request, _photos_url(inspection)))
    return render(
        request,
        "evidence/photo_upload.html",
        {"inspection": inspection, "evidence": evidence, "form": form},
    )


@login_required
def photo_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    photo = selectors.get_photo_for_user(user=user, pk=pk)
    reused_visible = photo.reused_from is not None and selectors.may_see_inspection(
        user=user, inspection_id=photo.reused_from.inspection_id
    )
    return render(
        request,
        "evidence/photo_detail.html",
        {
            "photo": photo,
            "inspection": photo.inspection,
            "reused_visible": reused_visible,
            "can_delete": selectors.is_performer(user, photo.inspection)
            and selectors.photos_deletable(photo.inspection),
            "history": list(history_for(photo)) if can(user, Action.VIEW_HISTORY) else [],
        },
    )


@login_required
def photo_image(request: HttpRequest, pk: int) -> FileResponse:
    photo = selectors.get_photo_for_user(user=acting_user(request), pk=pk)
    return photo_file_response(photo, "image")


@login_required
def photo_display(request: HttpRequest, pk: int) -> FileResponse:
    photo = selectors.get_photo_for_user(user=acting_user(request), pk=pk)
    return photo_file_response(photo, "display")


@login_required
def photo_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    photo = selectors.get_photo_for_user(user=acting_user(request), pk=pk)
    return photo_file_response(photo, "thumbnail")


@login_required
@require_POST
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    photo = selectors.get_photo_for_user(user=user, pk=pk)
    inspection = photo.inspection
    try:
        services.photo_delete(photo=photo, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evidence:photo_detail", pk)
    messages.success(request, _("The photo was removed."))
    return redirect(_safe_next(request, _photos_url(inspection)))
