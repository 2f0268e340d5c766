"""Pages of the decision log, the stakeholder register, the dialogue log with follow-ups, and
the controls calendar."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.csr.access import CsrAction, can_csr
from sourceproof.csr.forms import (
    ChooseForm,
    ControlForm,
    ControlResultForm,
    DecisionFilterForm,
    DecisionForm,
    DialogueFilterForm,
    DialogueForm,
    FollowUpForm,
    FollowUpStatusForm,
    OptionForm,
    StakeholderFilterForm,
    StakeholderForm,
)
from sourceproof.csr.models import Decision, DecisionOption
from sourceproof.csr.selectors import dialogue as selectors
from sourceproof.csr.services import dialogue as services
from sourceproof.csr.views.common import (
    add_errors,
    editor,
    is_htmx,
    may_edit,
    page_of,
    query_without_page,
    saved,
    viewer,
)

# --------------------------------------------------------------------------- decisions


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    form = DecisionFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = selectors.decision_list(
        user=user, q=data.get("q") or "", status=data.get("status") or "", year=data.get("year")
    )
    context = {
        "form": form,
        "page": page_of(request, rows),
        "query": query_without_page(request),
        "can_edit": may_edit(user),
    }
    template = "csr/decision_list.html#results" if is_htmx(request) else "csr/decision_list.html"
    return render(request, template, context)


@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    user = editor(request)
    form = DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(by=user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Decision %(ref)s recorded; add the options considered.")
                % {"ref": decision.reference},
            )
            return redirect("csr:decision_detail", reference=decision.reference)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "csr/decision_form.html", {"form": form, "decision": None}, status=status
    )


def _decision_context(user: Any, decision: Decision, **extra: Any) -> dict[str, Any]:
    options = selectors.decision_options(decision)
    can_edit = may_edit(user) and not decision.is_locked
    return {
        "decision": decision,
        "options": options,
        "option_form": extra.pop("option_form", None) or OptionForm(),
        "can_edit": can_edit,
        "can_approve": can_csr(user, CsrAction.APPROVE_CSR_DECISIONS) and not decision.is_locked,
        **extra,
    }


@login_required
def decision_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = viewer(request)
    decision = selectors.get_decision_for_user(user=user, reference=reference)
    return render(request, "csr/decision_detail.html", _decision_context(user, decision))


@login_required
def decision_edit(request: HttpRequest, reference: str) -> HttpResponse:
    user = editor(request)
    decision = selectors.get_decision_for_user(user=user, reference=reference)
    initial = {
        "title": decision.title,
        "context": decision.context,
        "decided_on": decision.decided_on,
    }
    form = DecisionForm(request.POST or None, initial=initial)
    if saved(
        request,
        form,
        lambda **data: services.decision_update(decision=decision, by=user, **data),
        _("Decision saved."),
    ):
        return redirect("csr:decision_detail", reference=reference)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "csr/decision_form.html", {"form": form, "decision": decision}, status=status
    )


@login_required
@require_POST
def option_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = editor(request)
    decision = selectors.get_decision_for_user(user=user, reference=reference)
    form = OptionForm(request.POST)
    if saved(
        request,
        form,
        lambda **data: services.decision_option_add(decision=decision, by=user, **data),
        _("Option added."),
    ):
        return redirect("csr:decision_detail", reference=reference)
    return render(
        request,
        "csr/decision_detail.html",
        _decision_context(user, decision, option_form=form),
        status=400,
    )


@login_required
def option_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    option: DecisionOption = selectors.get_option_for_user(user=user, pk=pk)
    fields = services.OPTION_FIELDS
    form = OptionForm(request.POST or None, initial={f: getattr(option, f) for f in fields})
    if saved(
        request,
        form,
        lambda **data: services.decision_option_update(option=option, by=user, **data),
        _("Option saved."),
    ):
        return redirect("csr:decision_detail", reference=option.decision.reference)
    status = 400 if request.method == "POST" else 200
    return render(request, "csr/option_form.html", {"form": form, "option": option}, status=status)


@login_required
@require_POST
def option_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    option = selectors.get_option_for_user(user=user, pk=pk)
    reference = option.decision.reference
    try:
        services.decision_option_delete(option=option, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("csr:decision_detail", reference=reference)


@login_required
@require_POST
def decision_choose(request: HttpRequest, reference: str) -> HttpResponse:
    user = editor(request)
    decision = selectors.get_decision_for_user(user=user, reference=reference)
    form = ChooseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the options."))
        return redirect("csr:decision_detail", reference=reference)
    try:
        option = selectors.get_option_for_user(user=user, pk=form.cleaned_data["option"])
        services.decision_choose(decision=decision, option=option, by=user)
    except Http404:
        messages.error(request, _("Choose one of the options."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Option chosen."))
    return redirect("csr:decision_detail", reference=reference)


@login_required
@require_POST
def decision_approve(request: HttpRequest, reference: str) -> HttpResponse:
    user = viewer(request)
    if not can_csr(user, CsrAction.APPROVE_CSR_DECISIONS):
        raise Http404("Not found.")
    decision = selectors.get_decision_for_user(user=user, reference=reference)
    try:
        services.decision_approve(decision=decision, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decision approved for the CSR team."))
    return redirect("csr:decision_detail", reference=reference)


# --------------------------------------------------------------------------- stakeholders


@login_required
def stakeholder_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    form = StakeholderFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = selectors.stakeholder_list(
        user=user, q=data.get("q") or "", stakeholder_type=data.get("stakeholder_type") or ""
    )
    context = {
        "form": form,
        "page": page_of(request, rows),
        "query": query_without_page(request),
        "can_edit": may_edit(user),
    }
    template = (
        "csr/stakeholder_list.html#results" if is_htmx(request) else "csr/stakeholder_list.html"
    )
    return render(request, template, context)


@login_required
def stakeholder_create(request: HttpRequest) -> HttpResponse:
    user = editor(request)
    form = StakeholderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = services.stakeholder_create(by=user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Stakeholder added."))
            return redirect("csr:stakeholder_detail", pk=stakeholder.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "csr/stakeholder_form.html", {"form": form, "stakeholder": None}, status=status
    )


@login_required
def stakeholder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = viewer(request)
    stakeholder = selectors.get_stakeholder_for_user(user=user, pk=pk)
    dialogues = selectors.dialogue_list(user=user, stakeholder=stakeholder.pk)
    context = {
        "stakeholder": stakeholder,
        "page": page_of(request, dialogues),
        "query": "",
        "can_edit": may_edit(user),
    }
    return render(request, "csr/stakeholder_detail.html", context)


@login_required
def stakeholder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    stakeholder = selectors.get_stakeholder_for_user(user=user, pk=pk)
    initial = {f: getattr(stakeholder, f) for f in services.STAKEHOLDER_FIELDS}
    form = StakeholderForm(request.POST or None, initial=initial)
    if saved(
        request,
        form,
        lambda **data: services.stakeholder_update(stakeholder=stakeholder, by=user, **data),
        _("Stakeholder saved."),
    ):
        return redirect("csr:stakeholder_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "csr/stakeholder_form.html",
        {"form": form, "stakeholder": stakeholder},
        status=status,
    )


# --------------------------------------------------------------------------- dialogues


@login_required
def dialogue_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    form = DialogueFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = selectors.dialogue_list(
        user=user,
        q=data.get("q") or "",
        stakeholder_type=data.get("stakeholder_type") or "",
        year=data.get("year"),
    )
    context = {
        "form": form,
        "page": page_of(request, rows),
        "query": query_without_page(request),
        "can_edit": may_edit(user),
    }
    template = "csr/dialogue_list.html#results" if is_htmx(request) else "csr/dialogue_list.html"
    return render(request, template, context)


@login_required
def dialogue_create(request: HttpRequest) -> HttpResponse:
    user = editor(request)
    stakeholders = selectors.stakeholder_choices(user=user)
    initial = {"held_on": timezone.localdate(), "stakeholder": request.GET.get("stakeholder")}
    form = DialogueForm(request.POST or None, initial=initial, stakeholders=stakeholders)
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = services.dialogue_create(by=user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Dialogue recorded; add the agreed follow-ups."))
            return redirect("csr:dialogue_detail", pk=dialogue.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "csr/dialogue_form.html", {"form": form, "dialogue": None}, status=status
    )


def _dialogue_context(user: Any, dialogue: Any, **extra: Any) -> dict[str, Any]:
    return {
        "dialogue": dialogue,
        "follow_ups": list(selectors.dialogue_follow_ups(dialogue)),
        "form": extra.pop("form", None) or FollowUpForm(),
        "status_form": FollowUpStatusForm(),
        "today": timezone.localdate(),
        "can_edit": may_edit(user),
        **extra,
    }


@login_required
def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = viewer(request)
    dialogue = selectors.get_dialogue_for_user(user=user, pk=pk)
    return render(request, "csr/dialogue_detail.html", _dialogue_context(user, dialogue))


@login_required
def dialogue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    dialogue = selectors.get_dialogue_for_user(user=user, pk=pk)
    initial = {f: getattr(dialogue, f) for f in services.DIALOGUE_FIELDS}
    form = DialogueForm(
        request.POST or None, initial=initial, stakeholders=selectors.stakeholder_list(user=user)
    )
    if saved(
        request,
        form,
        lambda **data: services.dialogue_update(dialogue=dialogue, by=user, **data),
        _("Dialogue saved."),
    ):
        return redirect("csr:dialogue_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "csr/dialogue_form.html", {"form": form, "dialogue": dialogue}, status=status
    )


@login_required
@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    dialogue = selectors.get_dialogue_for_user(user=user, pk=pk)
    form = FollowUpForm(request.POST)
    if saved(
        request,
        form,
        lambda **data: services.follow_up_add(dialogue=dialogue, by=user, **data),
        _("Follow-up added."),
    ):
        return redirect("csr:dialogue_detail", pk=pk)
    return render(
        request,
        "csr/dialogue_detail.html",
        _dialogue_context(user, dialogue, form=form),
        status=400,
    )


@login_required
@require_POST
def follow_up_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    follow_up = selectors.get_follow_up_for_user(user=user, pk=pk)
    form = FollowUpStatusForm(request.POST)
    if form.is_valid():
        services.follow_up_set_status(
            follow_up=follow_up, status=form.cleaned_data["status"], by=user
        )
        messages.success(request, _("Follow-up updated."))
    if request.POST.get("next") == "list":
        return redirect("csr:follow_up_list")
    return redirect("csr:dialogue_detail", pk=follow_up.dialogue_id)


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    context = {
        "page": page_of(request, selectors.open_follow_ups(user=user)),
        "status_form": FollowUpStatusForm(),
        "query": "",
        "today": timezone.localdate(),
        "can_edit": may_edit(user),
    }
    return render(request, "csr/follow_up_list.html", context)


# --------------------------------------------------------------------------- controls


@login_required
def control_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    show = request.GET.get("show", "active")
    controls = selectors.control_list(user=user, active=None if show == "all" else True)
    rows = selectors.control_rows(controls)
    rows.sort(key=lambda r: (not r.control.is_active, r.next_due, r.control.title))
    context = {
        "page": page_of(request, rows),
        "overdue": sum(1 for r in rows if r.overdue),
        "show": show,
        "query": query_without_page(request),
        "can_edit": may_edit(user),
    }
    return render(request, "csr/control_list.html", context)


@login_required
def control_create(request: HttpRequest) -> HttpResponse:
    user = editor(request)
    form = ControlForm(
        request.POST or None, initial={"first_due": timezone.localdate(), "owner": user.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            control = services.control_create(by=user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Control added to the calendar."))
            return redirect("csr:control_detail", pk=control.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "csr/control_form.html", {"form": form, "control": None}, status=status)


def _control_context(user: Any, control: Any, **extra: Any) -> dict[str, Any]:
    return {
        "control": control,
        "row": selectors.control_rows([control])[0],
        "results": list(selectors.control_results(control)[:50]),
        "form": extra.pop("form", None)
        or ControlResultForm(initial={"performed_on": timezone.localdate()}),
        "can_edit": may_edit(user),
        **extra,
    }


@login_required
def control_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = viewer(request)
    control = selectors.get_control_for_user(user=user, pk=pk)
    return render(request, "csr/control_detail.html", _control_context(user, control))


@login_required
@require_POST
def control_result(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    control = selectors.get_control_for_user(user=user, pk=pk)
    form = ControlResultForm(request.POST)
    if saved(
        request,
        form,
        lambda **data: services.control_result_record(control=control, by=user, **data),
        _("Result recorded."),
    ):
        return redirect("csr:control_detail", pk=pk)
    return render(
        request, "csr/control_detail.html", _control_context(user, control, form=form), status=400
    )


@login_required
def control_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    control = selectors.get_control_for_user(user=user, pk=pk)
    initial = {f: getattr(control, f) for f in services.CONTROL_FIELDS}
    form = ControlForm(request.POST or None, initial=initial)
    if saved(
        request,
        form,
        lambda **data: services.control_update(control=control, by=user, **data),
        _("Control saved."),
    ):
        return redirect("csr:control_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "csr/control_form.html", {"form": form, "control": control}, status=status
    )
