"""Small helpers the inspection pages share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from sourceproof.core.paging import rows_in_key_order

PAGE_SIZE = 50


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def page_of(request: HttpRequest, rows: Any) -> Page[Any]:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def page_by_keys(request: HttpRequest, rows: QuerySet[Any]) -> Page[Any]:
    """A page of `rows` in two steps: the page's primary keys first (the ordering and the
    filters only, answered from an index without the joined tables), then those rows with
    everything `rows` selects (select_related included), in the same order.

    A deep page (OFFSET 199,950) no longer joins and reads 200,000 rows to throw them away:
    see docs/inspections.md, "Performance". One query more than `page_of`, still constant."""
    page = Paginator(rows.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = rows_in_key_order(rows, list(page.object_list))
    return page


def query_without_page(request: HttpRequest) -> str:
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (fields the form lacks go to the top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)
