"""Composing the notification emails: plain text with an HTML alternative, rendered in the
recipient's language (the profile's language; the site default when the user chose none)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from sourceproof.notifications.selectors import preferences_url, site_url

if TYPE_CHECKING:
    from sourceproof.accounts.models import User


def language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def compose(*, user: User, template: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    """notifications/email/<template>_subject.txt, <template>.txt and <template>.html, rendered
    in the user's language, addressed to the user."""
    language = language_of(user)
    with translation.override(language):
        full = {
            **context,
            "user": user,
            "language": language,
            "site_url": site_url(),
            "preferences_url": preferences_url(),
        }
        base = f"notifications/email/{template}"
        subject = " ".join(render_to_string(f"{base}_subject.txt", full).split())
        text = render_to_string(f"{base}.txt", full)
        html = render_to_string(f"{base}.html", full)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message
