"""`{% portal_url "order_detail" order.number %}`: a portal link that stays in the preview.

In a customer's own portal it is `portal:<name>`; in an operator's preview of a customer it is
`portal:preview_<name>` with the customer's code first, so every link of the previewed pages
leads to the previewed pages.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_url(context: Any, name: str, *args: Any) -> str:
    scope = context.get("portal")
    if scope is not None and scope.preview:
        return reverse(f"portal:preview_{name}", args=[scope.code, *args])
    return reverse(f"portal:{name}", args=list(args))
