"""`show_supplier_name` in every template: whether the reader may see supplier names.

False for a customer user whose organisation the operator has not shared supplier names with
(`CustomerSharing.share_supplier_name`), True for every other role; see
`portal.selectors.supplier_name_visible`. Lazy: a page that never asks pays no query, and a
page that asks once per row pays one query in all (the answer is kept on the user object).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from sourceproof.portal.selectors import supplier_name_visible


def sharing(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"show_supplier_name": SimpleLazyObject(lambda: supplier_name_visible(user=user))}
