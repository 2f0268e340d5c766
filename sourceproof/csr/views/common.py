"""Small helpers shared by the CSR pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, QueryDict

from sourceproof.accounts.models import User
from sourceproof.core.http import acting_user
from sourceproof.csr.access import CsrAction, can_csr, require_csr

PAGE_SIZE = 50
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def viewer(request: HttpRequest) -> User:
    """The acting user, who must be allowed to read CSR records (else 404)."""
    user = acting_user(request)
    require_csr(user, CsrAction.VIEW_CSR)
    return user


def editor(request: HttpRequest) -> User:
    """The acting user, who must be allowed to edit CSR records (else 404)."""
    user = acting_user(request)
    require_csr(user, CsrAction.EDIT_CSR)
    return user


def may_edit(user: Any) -> bool:
    return can_csr(user, CsrAction.EDIT_CSR)


def page_of(request: HttpRequest, rows: Any) -> Page[Any]:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (fields the form lacks go to the top)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def saved(request: HttpRequest, form: Any, call: Callable[..., Any], message: str) -> bool:
    """For a POST whose form is valid, call the service with the form's cleaned data: True,
    with `message` shown, when it did its work; False otherwise (a GET, an invalid form, or
    the service's ValidationError, which is put on the form)."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        call(**form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return False
    messages.success(request, message)
    return True


def file_response(file: FieldFile | None, filename: str) -> FileResponse:
    """Serve a stored document privately (never from a public URL, never cached)."""
    if not file:
        raise Http404("Not found.")
    kind = (file.name or "").rsplit(".", 1)[-1].lower()
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Not found.") from exc
    return FileResponse(
        handle,
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
        filename=filename,
        headers={"Cache-Control": "private, no-store"},
    )
