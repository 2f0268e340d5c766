"""Pages of the code of ethics.

Suppliers: the current code in their language, the sign form, their acknowledgements.
Operators: versions (list, detail, draft, edit, publish), principle coverage, who signed what,
reminders. Every page reads through `ethics.selectors` and writes through `ethics.services`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.http import acting_user, client_ip
from sourceproof.ethics import selectors, services
from sourceproof.ethics.forms import (
    CodeForm,
    CoverageForm,
    SignatureFilterForm,
    SignForm,
    TextForm,
)
from sourceproof.ethics.markup import headings
from sourceproof.ethics.models import (
    LANGUAGE_CODES,
    LANGUAGES,
    CodeOfEthics,
    CodeStatus,
    EthicsPolicy,
)
from sourceproof.ethics.services import TextInput

PAGE_SIZE = 50
_CODE_FIELDS = ("version", "effective_date", "grace_days", "notes")


def _page(request: HttpRequest, rows: Any) -> Page[Any]:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _language_links(available: list[str], chosen: str) -> list[dict[str, Any]]:
    names = dict(LANGUAGES)
    return [{"code": c, "name": names[c], "active": c == chosen} for c in available]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Operators land on the versions, suppliers on the code to sign."""
    user = acting_user(request)
    if can(user, Action.VIEW_CODES_OF_ETHICS):
        return redirect("ethics:version_list")
    if can(user, Action.SIGN_CODE_OF_ETHICS):
        return redirect("ethics:supplier_sign")
    raise Http404("Not found.")


# --------------------------------------------------------------------------- suppliers


@login_required
def supplier_sign(request: HttpRequest) -> HttpResponse:
    """The current code in the chosen language, the sign form, and the signatures so far."""
    user = acting_user(request)
    supplier = selectors.own_supplier(user=user)
    status = selectors.supplier_status(supplier=supplier)
    context: dict[str, Any] = {
        "supplier": supplier,
        "status": status,
        "history": list(selectors.acknowledgement_list(user=user)),
    }
    if status.codes is None:
        return render(request, "ethics/supplier_sign.html", context)
    code = status.codes.current
    texts = selectors.code_texts(code=code)
    wanted = request.POST.get("language", "") if request.method == "POST" else ""
    language = selectors.choose_language(
        texts, wanted=wanted or request.GET.get("lang", ""), user=user
    )
    text = texts[language]
    http_status = 200
    form = None
    if status.acknowledgement is None:
        form = SignForm(
            request.POST if request.method == "POST" else None,
            supplier_name=supplier.legal_name,
            initial={"language": language, "content_sha256": text.sha256},
        )
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.acknowledgement_sign(
                        code=code,
                        supplier=supplier,
                        by=user,
                        signer_name=data["signer_name"],
                        signer_role=data["signer_role"],
                        language=data["language"],
                        accepted=data["accept"],
                        ip_address=client_ip(request),
                        user_agent=request.META.get("HTTP_USER_AGENT", ""),
                        shown_sha256=data.get("content_sha256") or "",
                    )
                except ValidationError as error:
                    _add_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("Thank you: %(supplier)s signed the code of ethics %(version)s.")
                        % {"supplier": supplier.legal_name, "version": code.label},
                    )
                    return redirect("ethics:supplier_sign")
            http_status = 400
    context.update(
        code=code,
        text=text,
        language=language,
        languages=_language_links(list(texts), language),
        form=form,
    )
    return render(request, "ethics/supplier_sign.html", context, status=http_status)


@login_required
def code_pdf(request: HttpRequest, version: str, language: str) -> FileResponse:
    """A version's PDF in one language, served privately (scoped like the version)."""
    user = acting_user(request)
    code = selectors.get_code_for_user(user=user, version=version)
    text = selectors.code_texts(code=code).get(language)
    if text is None or not text.pdf:
        raise Http404("Not found.")
    return FileResponse(
        text.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"code-of-ethics-v{code.version}-{language}.pdf",
        headers={"Cache-Control": "private, no-store"},
    )


# --------------------------------------------------------------------------- versions


@login_required
def version_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.VIEW_CODES_OF_ETHICS)
    codes = selectors.published_codes()
    context = {
        "page": _page(request, selectors.code_list(user=user)),
        "query": _query_without_page(request),
        "codes": codes,
        "counts": selectors.state_counts(codes=codes) if codes else None,
        "active_suppliers": selectors.active_supplier_count(),
        "can_edit": can(user, Action.EDIT_CODES_OF_ETHICS),
    }
    return render(request, "ethics/version_list.html", context)


@login_required
def version_detail(request: HttpRequest, version: str) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.VIEW_CODES_OF_ETHICS)
    code = selectors.get_code_for_user(user=user, version=version)
    texts = selectors.code_texts(code=code)
    language = selectors.choose_language(texts, wanted=request.GET.get("lang", ""), user=user)
    coverage = selectors.code_coverage(code=code)
    signatures = selectors.acknowledgement_list(
        user=user, filters=selectors.AcknowledgementFilters(version=code.version)
    )
    context = {
        "code": code,
        "texts": texts,
        "text": texts.get(language),
        "language": language,
        "languages": _language_links(list(texts), language),
        "missing_languages": [n for c, n in LANGUAGES if c not in texts],
        "coverage": coverage,
        "uncovered": selectors.uncovered_principles(coverage),
        "signatures": signatures[:PAGE_SIZE],
        "signature_count": signatures.count(),
        "active_suppliers": selectors.active_supplier_count(),
        "can_edit": can(user, Action.EDIT_CODES_OF_ETHICS) and code.status == CodeStatus.DRAFT,
        "history": selectors.code_history(user=user, code=code),
        "can_view_history": can(user, Action.VIEW_HISTORY),
    }
    return render(request, "ethics/version_detail.html", context)


def _version_forms(
    request: HttpRequest, code: CodeOfEthics | None, source: CodeOfEthics | None
) -> tuple[CodeForm, list[TextForm], CoverageForm]:
    """The forms of the version page; a new draft starts from `source` (the current version)."""
    principles = selectors.principle_list(user=acting_user(request))
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    base = code or source
    texts = selectors.code_texts(code=base) if base else {}
    coverage = (
        {r.principle.number: r.sections for r in selectors.code_coverage(code=base)} if base else {}
    )
    if code is not None:
        initial: dict[str, Any] = {f: getattr(code, f) for f in _CODE_FIELDS}
    else:
        initial = {
            "version": services.next_version_label(),
            "effective_date": timezone.localdate(),
            "grace_days": EthicsPolicy.current().default_grace_days,
        }
    code_form = CodeForm(data, initial=initial)
    text_forms = [
        TextForm(
            data,
            files,
            language=lang,
            initial={"title": texts[lang].title, "body": texts[lang].body} if lang in texts else {},
        )
        for lang in LANGUAGE_CODES
    ]
    for form in text_forms:
        form.existing = texts.get(form.language) if code is not None else None
    coverage_form = CoverageForm(
        data,
        principles=principles,
        initial={f"p{n}": sections for n, sections in coverage.items()},
    )
    return code_form, text_forms, coverage_form


def _text_inputs(text_forms: list[TextForm]) -> list[TextInput]:
    return [
        TextInput(
            language=f.language,
            title=f.cleaned_data.get("title") or "",
            body=f.cleaned_data.get("body") or "",
            pdf=f.cleaned_data.get("pdf") or None,
            remove_pdf=bool(f.cleaned_data.get("remove_pdf")),
        )
        for f in text_forms
    ]


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _add_version_errors(
    error: ValidationError,
    code_form: CodeForm,
    text_forms: list[TextForm],
    coverage_form: CoverageForm,
) -> None:
    if not hasattr(error, "error_dict"):
        code_form.add_error(None, error.messages)
        return
    by_language = {f.language: f for f in text_forms}
    for key, errors in error.message_dict.items():
        lang, _sep, field = key.partition("-")
        if lang in by_language and field in by_language[lang].fields:
            by_language[lang].add_error(field, errors)
        elif key == "coverage":
            coverage_form.add_error(None, errors)
        else:
            code_form.add_error(key if key in code_form.fields else None, errors)


def _version_page(
    request: HttpRequest, code: CodeOfEthics | None, source: CodeOfEthics | None
) -> HttpResponse:
    user = acting_user(request)
    code_form, text_forms, coverage_form = _version_forms(request, code, source)
    if request.method == "POST":
        forms_valid = [code_form.is_valid(), coverage_form.is_valid()] + [
            f.is_valid() for f in text_forms
        ]
        if all(forms_valid):
            fields = {f: code_form.cleaned_data[f] for f in _CODE_FIELDS}
            fields["notes"] = fields["notes"] or ""
            try:
                if code is None:
                    saved = services.code_create(
                        by=user,
                        texts=_text_inputs(text_forms),
                        coverage=coverage_form.coverage(),
                        **fields,
                    )
                else:
                    saved = services.code_update(
                        code=code,
                        by=user,
                        texts=_text_inputs(text_forms),
                        coverage=coverage_form.coverage(),
                        **fields,
                    )
            except ValidationError as error:
                _add_version_errors(error, code_form, text_forms, coverage_form)
            else:
                messages.success(request, _("Draft %(version)s saved.") % {"version": saved.label})
                return redirect("ethics:version_detail", version=saved.version)
    english = text_forms[0]
    body = english["body"].value() or ""
    context = {
        "code": code,
        "source": source,
        "code_form": code_form,
        "text_forms": text_forms,
        "coverage_form": coverage_form,
        "sections": headings(body),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "ethics/version_form.html", context, status=status)


@login_required
def version_create(request: HttpRequest) -> HttpResponse:
    """Draft a new version, starting from the current one's texts and coverage."""
    user = acting_user(request)
    require(user, Action.EDIT_CODES_OF_ETHICS)
    return _version_page(request, None, selectors.current_code())


@login_required
def version_edit(request: HttpRequest, version: str) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_CODES_OF_ETHICS)
    code = selectors.get_code_for_user(user=user, version=version)
    if code.status != CodeStatus.DRAFT:
        messages.error(request, _("A published version never changes; draft a new version."))
        return redirect("ethics:version_detail", version=code.version)
    return _version_page(request, code, None)


@login_required
def version_publish(request: HttpRequest, version: str) -> HttpResponse:
    """Confirm, then publish: shows how many suppliers must sign again and what to check."""
    user = acting_user(request)
    require(user, Action.EDIT_CODES_OF_ETHICS)
    code = selectors.get_code_for_user(user=user, version=version)
    status = 200
    error = ""
    if request.method == "POST":
        try:
            services.code_publish(code=code, by=user)
        except ValidationError as exc:
            status = 400
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Version %(version)s is published; every active supplier is asked to sign it.")
                % {"version": code.label},
            )
            return redirect("ethics:version_detail", version=code.version)
    current = selectors.published_codes()
    texts = selectors.code_texts(code=code)
    coverage = selectors.code_coverage(code=code)
    counts = selectors.state_counts(codes=current) if current else None
    grace_ends_on = timezone.localdate() + dt.timedelta(days=code.grace_days)
    context = {
        "code": code,
        "current": current.current if current else None,
        "signed_current": counts["signed"] if counts else 0,
        "active_suppliers": selectors.active_supplier_count(),
        "grace_ends_on": grace_ends_on,
        "problems": services.publish_problems(code),
        "missing_languages": [n for c, n in LANGUAGES if c not in texts],
        "uncovered": selectors.uncovered_principles(coverage),
        "error": error,
    }
    return render(request, "ethics/version_publish.html", context, status=status)


# --------------------------------------------------------------------------- principles


@login_required
def principle_list(request: HttpRequest) -> HttpResponse:
    """The ten principles and which sections of the current version (and of a draft) cover
    them."""
    user = acting_user(request)
    require(user, Action.VIEW_CODES_OF_ETHICS)
    current = selectors.current_code()
    draft = (
        selectors.code_queryset(user=user)
        .filter(status=CodeStatus.DRAFT)
        .order_by("-created_at", "-id")
        .first()
    )
    current_rows = selectors.code_coverage(code=current) if current else []
    draft_rows = selectors.code_coverage(code=draft) if draft else []
    rows = []
    for i, principle in enumerate(selectors.principle_list(user=user)):
        rows.append(
            {
                "principle": principle,
                "current": current_rows[i] if current_rows else None,
                "draft": draft_rows[i] if draft_rows else None,
            }
        )
    context = {
        "rows": rows,
        "current": current,
        "draft": draft,
        "uncovered_current": selectors.uncovered_principles(current_rows),
        "uncovered_draft": selectors.uncovered_principles(draft_rows),
    }
    return render(request, "ethics/principle_list.html", context)


# --------------------------------------------------------------------------- signatures


@login_required
def signature_list(request: HttpRequest) -> HttpResponse:
    """Every active supplier's signature of the current version: signed, pending, overdue."""
    user = acting_user(request)
    require(user, Action.VIEW_CODES_OF_ETHICS)
    codes = selectors.published_codes()
    form = SignatureFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    context: dict[str, Any] = {
        "form": form,
        "codes": codes,
        "query": _query_without_page(request),
        "can_remind": can(user, Action.EDIT_CODES_OF_ETHICS),
    }
    if codes is not None:
        today = timezone.localdate()
        filters = selectors.SignatureFilters(state=data.get("state") or "", q=data.get("q") or "")
        page = _page(
            request,
            selectors.supplier_signature_list(user=user, codes=codes, filters=filters, today=today),
        )
        context.update(
            page=page,
            rows=selectors.supplier_rows(page.object_list, codes=codes, today=today),
            counts=selectors.state_counts(codes=codes, today=today),
            in_grace=codes.in_grace(today),
        )
    is_htmx = bool(getattr(request, "htmx", False))
    template = "ethics/signature_list.html#results" if is_htmx else "ethics/signature_list.html"
    return render(request, template, context)


@require_POST
@login_required
def send_reminders(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_CODES_OF_ETHICS)
    sent = services.ethics_reminders_send(by=user)
    if sent:
        messages.success(
            request,
            _("Reminders emailed to %(users)s user(s) of %(suppliers)s supplier(s).")
            % {"users": len(sent), "suppliers": len({m.supplier for m in sent})},
        )
    else:
        messages.info(request, _("Nobody to remind: every supplier with a user has signed."))
    return redirect("ethics:signature_list")


@login_required
def acknowledgement_list(request: HttpRequest) -> HttpResponse:
    """Signatures of every version (operators), or of one's own supplier (supplier users)."""
    user = acting_user(request)
    version = request.GET.get("version", "").strip()
    acks = selectors.acknowledgement_list(
        user=user, filters=selectors.AcknowledgementFilters(version=version)
    )
    context = {
        "page": _page(request, acks),
        "query": _query_without_page(request),
        "version": version,
        "is_operator": can(user, Action.VIEW_CODES_OF_ETHICS),
    }
    return render(request, "ethics/acknowledgement_list.html", context)


@login_required
def acknowledgement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    ack = selectors.get_acknowledgement_for_user(user=user, pk=pk)
    context = {
        "ack": ack,
        "matches_log": selectors.acknowledgement_matches_log(ack),
        "history": selectors.acknowledgement_history(user=user, ack=ack),
        "can_view_history": can(user, Action.VIEW_HISTORY),
        "is_operator": can(user, Action.VIEW_CODES_OF_ETHICS),
    }
    return render(request, "ethics/acknowledgement_detail.html", context)
