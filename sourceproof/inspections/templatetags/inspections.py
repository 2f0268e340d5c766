"""Inspections inside other apps' pages, without their views knowing about them:

    {% load inspections %}
    {% order_inspections order as inspections %}

`order_inspections` reads through the scoped selector with the request's user (one query
whatever the number of inspections); a user who may see no inspections gets none. The order
must be one the user may see (the page got it from a scoped selector).
"""

from __future__ import annotations

from typing import Any

from django import template

from sourceproof.accounts.permissions import Action, can
from sourceproof.inspections.models import Inspection
from sourceproof.inspections.selectors import order_inspections

register = template.Library()


@register.simple_tag(takes_context=True, name="order_inspections")
def order_inspections_tag(context: Any, order: Any) -> list[Inspection]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if order is None or user is None or not user.is_authenticated:
        return []
    if not can(user, Action.VIEW_INSPECTIONS):
        return []
    return order_inspections(user=user, order=order)


@register.simple_tag(takes_context=True, name="can_book_inspections")
def can_book_inspections_tag(context: Any) -> bool:
    """Whether the request's user may book inspections (no query)."""
    user = getattr(context.get("request"), "user", None)
    return bool(user is not None and user.is_authenticated and can(user, Action.BOOK_INSPECTIONS))
