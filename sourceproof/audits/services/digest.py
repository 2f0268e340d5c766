"""The corrective-action digest: reminders to suppliers, a summary to the CSR team."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sourceproof.accounts.models import Role
from sourceproof.audits.models import AuditPolicy

if TYPE_CHECKING:
    from sourceproof.accounts.models import User


@dataclasses.dataclass(frozen=True)
class DigestMessage:
    recipient: str
    kind: str  # "supplier" or "csr"
    subject: str
    body: str
    overdue: int
    due_soon: int


def _recipients(role: str) -> list[User]:
    from sourceproof.accounts.models import User

    return list(
        User.objects.filter(is_active=True, organisation__is_active=True, role=role)
        .exclude(email="")
        .select_related("organisation")
        .order_by("email")
    )


def _render(user: User, template: str, context: dict[str, Any]) -> tuple[str, str]:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return subject, body


def _url(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def corrective_action_digest_messages(*, today: dt.date | None = None) -> list[DigestMessage]:
    """One message per supplier user with its own actions overdue or due within the policy's
    reminder days (only those waiting for the supplier), and one summary per CSR manager of
    every overdue action, those due soon and those waiting for verification. A recipient with
    nothing to report gets nothing."""
    from sourceproof.audits import selectors

    today = today or timezone.localdate()
    policy = AuditPolicy.current()
    horizon = today + dt.timedelta(days=policy.ca_near_due_days)
    messages: list[DigestMessage] = []

    for user in _recipients(Role.SUPPLIER_USER):
        actions = list(
            selectors.action_list(
                user=user,
                filters=selectors.ActionFilters(state=selectors.ActionState.TODO),
                today=today,
            ).filter(due_date__lte=horizon)
        )
        if not actions:
            continue
        rows = [
            {
                **selectors.action_flags(a, today),
                "url": _url("audits:action_detail", a.finding.reference),
            }
            for a in actions
        ]
        overdue = [r for r in rows if r["overdue"]]
        soon = [r for r in rows if not r["overdue"]]
        context = {
            "user": user,
            "overdue": overdue,
            "soon": soon,
            "days": policy.ca_near_due_days,
            "list_url": _url("audits:supplier_actions"),
        }
        subject, body = _render(user, "audits/email/action_digest_supplier", context)
        messages.append(
            DigestMessage(user.email, "supplier", subject, body, len(overdue), len(soon))
        )

    for user in _recipients(Role.CSR_MANAGER):
        open_actions = selectors.action_list(
            user=user,
            filters=selectors.ActionFilters(state=selectors.ActionState.OPEN),
            today=today,
        )
        overdue = [
            selectors.action_flags(a, today) for a in open_actions.filter(due_date__lt=today)
        ]
        soon_count = open_actions.filter(due_date__gte=today, due_date__lte=horizon).count()
        to_verify = open_actions.filter(status="submitted").count()
        if not (overdue or soon_count or to_verify):
            continue
        by_supplier: dict[str, list[dict[str, Any]]] = {}
        for row in overdue:
            name = row["action"].finding.audit.facility.supplier.legal_name
            by_supplier.setdefault(name, []).append(row)
        context = {
            "user": user,
            "overdue": overdue,
            "by_supplier": sorted(by_supplier.items()),
            "soon_count": soon_count,
            "to_verify": to_verify,
            "days": policy.ca_near_due_days,
            "list_url": _url("audits:action_list"),
        }
        subject, body = _render(user, "audits/email/action_digest_csr", context)
        messages.append(DigestMessage(user.email, "csr", subject, body, len(overdue), soon_count))
    return messages


def corrective_action_digest_send(
    *, today: dt.date | None = None, dry_run: bool = False
) -> list[DigestMessage]:
    """Email the digest (see `corrective_action_digest_messages`); with dry_run only compose."""
    messages = corrective_action_digest_messages(today=today)
    if not dry_run and messages:
        with get_connection() as connection:
            for message in messages:
                EmailMessage(
                    subject=message.subject,
                    body=message.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[message.recipient],
                    connection=connection,
                ).send()
    return messages
