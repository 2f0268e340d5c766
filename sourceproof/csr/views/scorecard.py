"""Pages of the scorecard: scores, medal and gaps; evidence per cell; the method; snapshots."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.csr.forms import EvidenceForm, PolicyForm, SnapshotForm, WeightsForm
from sourceproof.csr.models import Medal
from sourceproof.csr.selectors import scorecard as selectors
from sourceproof.csr.selectors.common import this_year
from sourceproof.csr.services import scorecard as services
from sourceproof.csr.views.common import add_errors, editor, file_response, may_edit, viewer


@login_required
def scorecard(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    state = selectors.scorecard_state(user=user)
    context = {
        "state": state,
        "matrix": state.matrix(),
        "gap_rows": state.gap_rows(),
        "below_minimum": [state.theme_name(c) for c in state.medal.themes_below_minimum],
        "next_medal": dict(Medal.choices).get(state.medal.next_medal or "", ""),
        "can_edit": may_edit(user),
        "snapshot_form": SnapshotForm(initial={"year": this_year()}),
    }
    return render(request, "csr/scorecard.html", context)


@login_required
def cell(request: HttpRequest, criterion: str, indicator: str) -> HttpResponse:
    user = viewer(request)
    found_criterion = selectors.get_criterion_for_user(user=user, code=criterion)
    found_indicator = selectors.get_indicator_for_user(user=user, code=indicator)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        user = editor(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.evidence_add(
                    criterion=found_criterion,
                    indicator=found_indicator,
                    title=data["title"],
                    evidence_date=data["evidence_date"],
                    signed=data["signed"],
                    scope=data["scope"],
                    notes=data["notes"],
                    upload=data["document"] or None,
                    by=user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Evidence attached."))
                return redirect("csr:cell", criterion=criterion, indicator=indicator)
    state = selectors.scorecard_state(user=user)
    context = {
        "criterion": found_criterion,
        "indicator": found_indicator,
        "credit": state.scores.cells[(criterion, indicator)],
        "evidence": selectors.cell_evidence(
            user=user, criterion=found_criterion, indicator=found_indicator
        ),
        "gap": next(
            (
                g
                for g in state.gap_rows()
                if (g["criterion"], g["indicator"]) == (criterion, indicator)
            ),
            None,
        ),
        "form": form,
        "can_edit": may_edit(user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "csr/cell.html", context, status=status)


@login_required
def evidence_document(request: HttpRequest, pk: int) -> FileResponse:
    user = viewer(request)
    evidence = selectors.get_evidence_for_user(user=user, pk=pk)
    return file_response(evidence.document, evidence.document_name or f"evidence-{pk}")


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    evidence = selectors.get_evidence_for_user(user=user, pk=pk)
    criterion, indicator = evidence.criterion.code, evidence.indicator.code
    services.evidence_delete(evidence=evidence, by=user)
    messages.success(request, _("Evidence removed."))
    return redirect("csr:cell", criterion=criterion, indicator=indicator)


@login_required
def method(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    numbers = selectors.weights(user=user)
    thresholds = {t.medal: t.min_overall for t in numbers["thresholds"]}
    policy = numbers["policy"]
    weights_form = WeightsForm(
        request.POST if request.POST.get("form") == "weights" else None,
        themes=numbers["themes"],
        criteria=numbers["criteria"],
        indicators=numbers["indicators"],
    )
    policy_form = PolicyForm(
        request.POST if request.POST.get("form") == "policy" else None,
        thresholds=thresholds,
        initial={f: getattr(policy, f) for f in services.POLICY_FIELDS},
    )
    if request.method == "POST":
        user = editor(request)
        try:
            if request.POST.get("form") == "weights" and weights_form.is_valid():
                services.weights_update(by=user, **weights_form.changes())
                messages.success(request, _("Weights saved; the scores follow them."))
                return redirect("csr:scorecard_method")
            if request.POST.get("form") == "policy" and policy_form.is_valid():
                data = {f: policy_form.cleaned_data[f] for f in services.POLICY_FIELDS}
                services.scorecard_policy_update(
                    by=user, thresholds=policy_form.thresholds(), **data
                )
                messages.success(request, _("Policy and medal thresholds saved."))
                return redirect("csr:scorecard_method")
        except ValidationError as error:
            add_errors(policy_form if request.POST.get("form") == "policy" else weights_form, error)
    context = {
        **numbers,
        "weights_form": weights_form,
        "weight_rows": weights_form.rows(),
        "policy_form": policy_form,
        "can_edit": may_edit(user),
    }
    return render(
        request, "csr/method.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
def snapshot_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    form = SnapshotForm(request.POST or None, initial={"year": this_year()})
    if request.method == "POST":
        user = editor(request)
        if form.is_valid():
            try:
                found = services.scorecard_snapshot_take(year=form.cleaned_data["year"], by=user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Snapshot %(year)s saved.") % {"year": found.year})
                return redirect("csr:snapshot_list")
    context = {
        "snapshots": list(selectors.snapshot_list(user=user)),
        "form": form,
        "can_edit": may_edit(user),
        "themes": selectors.weights(user=user)["themes"],
    }
    return render(
        request, "csr/snapshots.html", context, status=400 if request.method == "POST" else 200
    )
