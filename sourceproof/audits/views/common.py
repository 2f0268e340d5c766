"""Small helpers shared by the audit pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, HttpRequest, QueryDict

from sourceproof.audits.selectors import Document

PAGE_SIZE = 50


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
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def file_response(document: Document) -> FileResponse:
    """Serve a stored document privately (never from a public URL, never cached)."""
    return FileResponse(
        document.file,
        content_type=document.content_type,
        filename=document.filename,
        headers={"Cache-Control": "private, no-store"},
    )
