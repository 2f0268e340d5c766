"""Pages of a list for the JSON API (and the pages that share the approach).

A page is read in two steps when the rows are a query: the page's primary keys first (the
filters and the ordering only, which an index answers without the joined tables), then those
rows with everything the query selects, in the same order. A deep page (OFFSET 199,950) then
no longer joins and reads 200,000 wide rows to throw them away (docs/performance.md,
"Inspections"). One query more than a plain page; still a constant number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

PAGE_SIZE = 50


def rows_in_key_order(rows: QuerySet[Any], keys: Sequence[Any]) -> list[Any]:
    """The rows of `rows` whose primary key is in `keys`, in the order of `keys`."""
    if not keys:
        return []
    position = {key: i for i, key in enumerate(keys)}
    found = list(rows.filter(pk__in=keys))
    found.sort(key=lambda row: position[row.pk])
    return found


def api_page(rows: Any, page: int, size: int = PAGE_SIZE) -> tuple[int, int, int, list[Any]]:
    """(count, page number, pages, rows of that page); a page past the end gives the last."""
    by_keys = isinstance(rows, QuerySet) and rows.query.combinator is None
    paginator = Paginator(rows.values_list("pk", flat=True) if by_keys else rows, size)
    count = paginator.count
    pages = max(1, math.ceil(count / size))
    number = min(max(page, 1), pages)
    items = list(paginator.page(number).object_list)
    return count, number, pages, rows_in_key_order(rows, items) if by_keys else items
