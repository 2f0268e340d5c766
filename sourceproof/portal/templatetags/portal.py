"""`{% portal_url "order_detail" order.number %}`: a portal link that stays in the preview.

In a customer's own portal it is `portal:<name>`; in an operator's preview of a customer it is
`portal:preview_<name>` with the customer's code first, so every link of the previewed pages
leads to the previewed pages.

`{% gate_reason … %}`: a sourcing-gate reason without the supplier's name for a reader who may
not see it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from sourceproof.portal.selectors import without_supplier_name

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_url(context: Any, name: str, *args: Any) -> str:
    scope = context.get("portal")
    if scope is not None and scope.preview:
        return reverse(f"portal:preview_{name}", args=[scope.code, *args])
    return reverse(f"portal:{name}", args=list(args))


@register.simple_tag(takes_context=True)
def gate_reason(context: Any, text: str, supplier_name: str = "") -> str:
    """`{% gate_reason result.reason order.facility.supplier.legal_name %}`: a gate rule's
    reason, without the supplier's legal name for a reader who may not see supplier names
    (`show_supplier_name`, from `portal.context_processors.sharing`; absent counts as no)."""
    if not supplier_name or context.get("show_supplier_name", False):
        return text
    return without_supplier_name(str(text), supplier_name=str(supplier_name))
