"""Pages for performing an inspection on a desktop: start, the perform page (checkpoint
results, measurements, defects with +/- counters, the live verdict), remarks, the golden
sample (PPI) and submit. Every form posts to a service and comes back to the page, so the
whole flow works without JavaScript (and before the phone screen exists)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.core.http import acting_user
from sourceproof.inspections import presentation, selectors, services
from sourceproof.inspections.forms import (
    AdjustForm,
    DefectForm,
    GoldenSampleForm,
    RemarksForm,
    ResultForm,
    StartForm,
    format_measurements,
    parse_colours,
)
from sourceproof.inspections.models import (
    DefectClass,
    DefectRecord,
    DefectType,
    Inspection,
    InspectionStatus,
    InspectionType,
    SamplingStream,
)
from sourceproof.inspections.services.common import require_performer
from sourceproof.inspections.views.common import add_errors, messages_of


def _performer_inspection(request: HttpRequest, report_number: str) -> tuple[Any, Inspection]:
    user = acting_user(request)
    inspection = selectors.get_inspection_for_user(user=user, report_number=report_number)
    require_performer(user, inspection)
    return user, inspection


def _back(inspection: Inspection, anchor: str = "") -> HttpResponse:
    url = reverse("inspections:inspection_perform", args=[inspection.report_number])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
def inspection_start(request: HttpRequest, report_number: str) -> HttpResponse:
    user, inspection = _performer_inspection(request, report_number)
    if inspection.status != InspectionStatus.PLANNED:
        return redirect("inspections:inspection_detail", inspection.report_number)
    form = StartForm(
        request.POST if request.method == "POST" else None,
        inspection_type=inspection.inspection_type,
        initial={"lot_size": inspection.lot_size},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.inspection_start(
                inspection=inspection,
                produced_percent=data.get("produced_percent"),
                packed_percent=data.get("packed_percent"),
                lot_size=data.get("lot_size")
                if data.get("lot_size") and data["lot_size"] != inspection.lot_size
                else None,
                by=user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            for warning in inspection.start_warnings:
                messages.warning(request, warning)
            messages.success(request, _("Inspection started: the sampling plan is fixed."))
            return _back(inspection)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "inspections/start.html",
        {"inspection": inspection, "form": form, "stream": _stream_severity(inspection)},
        status=status,
    )


def _stream_severity(inspection: Inspection) -> str:
    stream = SamplingStream.objects.filter(
        facility_id=inspection.facility_id, product_category_id=inspection.product_category_id
    ).first()
    return stream.severity if stream else "normal"


@login_required
def inspection_perform(request: HttpRequest, report_number: str) -> HttpResponse:
    _user, inspection = _performer_inspection(request, report_number)
    if inspection.status != InspectionStatus.IN_PROGRESS:
        return redirect("inspections:inspection_detail", inspection.report_number)
    view = selectors.inspection_view(inspection=inspection)
    language = get_language() or "en"
    defect_types = list(selectors.active_defect_types())
    counted: dict[int, int] = {}
    for record in view.defects:
        if record.unit_number is None and record.checkpoint_result_id is None:
            counted[record.defect_type_id] = counted.get(record.defect_type_id, 0) + record.count
    counters = [
        {
            "class": value,
            "label": label,
            "types": [
                {"type": t, "count": counted.get(t.pk, 0), "label": t.description(language)}
                for t in defect_types
                if t.defect_class == value
            ],
        }
        for value, label in DefectClass.choices
    ]
    checkpoints = [
        {
            **c,
            "form": ResultForm(
                initial={
                    "status": c["result"].status,
                    "note": c["result"].note,
                    "measurements": format_measurements(c["result"].measurements or []),
                },
                prefix=f"cp-{c['result'].key}",
            ),
        }
        for c in view.checkpoints
    ]
    context = {
        "inspection": inspection,
        "view": view,
        "checkpoints": checkpoints,
        "counters": counters,
        "numbered": [r for r in view.defects if r.unit_number or r.checkpoint_result_id],
        "defect_form": DefectForm(
            defect_types=selectors.active_defect_types(),
            checkpoints=[(c["result"].key, c["result"].title) for c in view.checkpoints],
        ),
        "remarks_form": RemarksForm(initial={"remarks": inspection.remarks}),
        "reasons": presentation.reasons_for_display(
            [r.as_dict() for r in view.verdict.reasons] if view.verdict else []
        ),
        "chinese": language.startswith("zh"),
    }
    return render(request, "inspections/perform.html", context)


@require_POST
@login_required
def record_result(request: HttpRequest, report_number: str, key: str) -> HttpResponse:
    user, inspection = _performer_inspection(request, report_number)
    form = ResultForm(request.POST, prefix=f"cp-{key}")
    if not form.is_valid():
        messages.error(request, _("Choose a result for the checkpoint."))
        return _back(inspection, f"cp-{key}")
    result = inspection.checkpoint_results.filter(key=key).first()
    if result is None:
        raise Http404("Not found.")
    measurements = form.measurement_values() if result.kind == "measurement" else None
    status = form.cleaned_data["status"]
    try:
        services.inspection_record_result(
            inspection=inspection,
            key=key,
            status=None if measurements and status == "not_checked" else status,
            measurements=measurements,
            note=form.cleaned_data["note"],
            by=user,
        )
    except ValidationError as error:
        messages.error(request, f"{result.title}: {messages_of(error)}")
    return _back(inspection, f"cp-{key}")


@require_POST
@login_required
def record_defect(request: HttpRequest, report_number: str) -> HttpResponse:
    user, inspection = _performer_inspection(request, report_number)
    form = DefectForm(
        request.POST,
        defect_types=selectors.active_defect_types(),
        checkpoints=list(inspection.checkpoint_results.values_list("key", "title")),
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return _back(inspection, "defects")
    data = form.cleaned_data
    try:
        services.inspection_record_defect(
            inspection=inspection,
            defect_type=data["defect_type"],
            unit_number=data.get("unit_number"),
            count=data.get("count") or 1,
            checkpoint_key=data.get("checkpoint_key") or None,
            note=data.get("note") or "",
            by=user,
        )
    except ValidationError as error:
        messages.error(request, messages_of(error))
    return _back(inspection, "defects")


@require_POST
@login_required
def adjust_defect(request: HttpRequest, report_number: str) -> HttpResponse:
    user, inspection = _performer_inspection(request, report_number)
    form = AdjustForm(request.POST)
    if form.is_valid():
        defect_type = DefectType.objects.filter(code=form.cleaned_data["defect_type"]).first()
        if defect_type is None:
            raise Http404("Not found.")
        try:
            services.inspection_adjust_defect_count(
                inspection=inspection,
                defect_type=defect_type,
                delta=form.cleaned_data["delta"],
                by=user,
            )
        except ValidationError as error:
            messages.error(request, messages_of(error))
    return _back(inspection, "counters")


@require_POST
@login_required
def delete_defect(request: HttpRequest, report_number: str, pk: int) -> HttpResponse:
    user, inspection = _performer_inspection(request, report_number)
    record = (
        DefectRecord.objects.select_related("defect_type", "inspection")
        .filter(pk=pk, inspection=inspection)
        .first()
    )
    if record is None:
        raise Http404("Not found.")
    try:
        services.defect_record_delete(record=record, by=user)
    except ValidationError as error:
        messages.error(request, messages_of(error))
    return _back(inspection, "defects")


@require_POST
@login_required
def save_remarks(request: HttpRequest, report_number: str) -> HttpResponse:
    user, inspection = _performer_inspection(request, report_number)
    form = RemarksForm(request.POST)
    if form.is_valid():
        try:
            services.inspection_save_remarks(
                inspection=inspection, remarks=form.cleaned_data["remarks"], by=user
            )
        except ValidationError as error:
            messages.error(request, messages_of(error))
    return _back(inspection, "remarks")


@require_POST
@login_required
def inspection_submit(request: HttpRequest, report_number: str) -> HttpResponse:
    user, inspection = _performer_inspection(request, report_number)
    form = RemarksForm(request.POST)
    remarks = (
        form.cleaned_data["remarks"] if form.is_valid() and "remarks" in request.POST else None
    )
    try:
        services.inspection_submit(inspection=inspection, remarks=remarks, by=user)
    except ValidationError as error:
        messages.error(request, _("Not submitted: %(why)s") % {"why": messages_of(error)})
        return _back(inspection)
    messages.success(request, _("Submitted for review."))
    return redirect("inspections:inspection_detail", inspection.report_number)


@login_required
def golden_sample(request: HttpRequest, report_number: str) -> HttpResponse:
    user, inspection = _performer_inspection(request, report_number)
    if inspection.inspection_type != InspectionType.PPI:
        raise Http404("Not found.")
    existing = selectors.golden_sample_for(inspection=inspection)
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = {
            "seal_number": existing.seal_number,
            "colours": "\n".join(f"{c['name']} = {c['pantone']}" for c in existing.colours),
            "logo_position": existing.logo_position,
            "logo_size": existing.logo_size,
            "dimensions": existing.dimensions,
            "materials": existing.materials,
            "notes": existing.notes,
        }
    form = GoldenSampleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.golden_sample_approve(
                inspection=inspection,
                seal_number=data["seal_number"],
                colours=parse_colours(data["colours"]),
                logo_position=data["logo_position"],
                logo_size=data["logo_size"],
                dimensions=data["dimensions"],
                materials=data["materials"],
                notes=data["notes"],
                by=user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Golden sample approved."))
            return redirect("inspections:inspection_detail", inspection.report_number)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "inspections/golden_sample_form.html",
        {"inspection": inspection, "form": form, "existing": existing},
        status=status,
    )
