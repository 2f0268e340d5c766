"""`{{ text.body|code_text }}`: a code's text rendered safely (see ethics/markup.py)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from sourceproof.ethics.markup import render_html

register = template.Library()


@register.filter
def code_text(body: str) -> SafeString:
    # render_html escapes every character of the text; only its own tags are markup.
    return mark_safe(render_html(body or ""))
