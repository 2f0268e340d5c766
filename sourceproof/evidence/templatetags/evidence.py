"""Photo evidence inside other apps' pages, without their views knowing about it:

    {% load evidence %}
    {% inspection_evidence inspection as evidence %}
    {% include "evidence/_photo_grid.html" with cards=evidence.cards %}

`inspection_evidence` reads through the scoped selectors with the request's user, in a fixed
number of queries whatever the number of photos. `inspection` must be one the user may see
(the page got it from `get_inspection_for_user`).
"""

from __future__ import annotations

from typing import Any

from django import template

from sourceproof.evidence.selectors import InspectionEvidence, PhotoCard, inspection_evidence

register = template.Library()


@register.simple_tag(takes_context=True, name="inspection_evidence")
def inspection_evidence_tag(context: Any, inspection: Any) -> InspectionEvidence:
    return inspection_evidence(user=context["request"].user, inspection=inspection)


@register.filter
def photos_of(groups: dict[int, list[PhotoCard]], key: Any) -> list[PhotoCard]:
    """`evidence.by_checkpoint|photos_of:result.pk` → that checkpoint's photo cards."""
    try:
        return groups.get(int(key), [])
    except (TypeError, ValueError):
        return []
