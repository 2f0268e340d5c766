"""Reads of the notifications app: a customer user's preferences (404 for anyone else), who
receives a verdict or a digest, and what a verdict email and a weekly digest say.

What an email shows is read through the other apps' scoped selectors with the recipient as
the acting user (`inspection_queryset`, `order_queryset`, `photo_queryset`), so a digest can
only ever hold the recipient's own organisation's data. The verdict email names no supplier
and no facility: only the facility's city and country (what every customer may see, whatever
the portal's sharing settings say).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sourceproof.accounts.models import OrganisationKind, Role, User
from sourceproof.core.models import ChangeRecord
from sourceproof.evidence.selectors import photo_queryset
from sourceproof.facilities.countries import country_name
from sourceproof.inspections.models import (
    DefectClass,
    Inspection,
    InspectionStatus,
    InspectionType,
    Verdict,
)
from sourceproof.inspections.selectors import inspection_queryset
from sourceproof.notifications.models import NotificationPreference
from sourceproof.orders.models import OrderLine, OrderStatus, PurchaseOrder
from sourceproof.orders.selectors import order_queryset

# --------------------------------------------------------------------------- links


def site_url(path: str = "") -> str:
    """An absolute link: settings.SITE_URL (see docs/deployment.md) followed by the path."""
    from django.conf import settings

    base = str(getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")
    return base + path


def preferences_url() -> str:
    return site_url(reverse("notifications:preferences"))


def inspection_url(report_number: str, order_number: str) -> str:
    """The inspection on its order's portal page, where a customer sees it with the order's
    facility, certificates, audit and photos."""
    return site_url(reverse("portal:order_detail", args=[order_number]) + f"#{report_number}")


# --------------------------------------------------------------------------- preferences


def is_recipient_role(user: User) -> bool:
    """Only customer users receive these emails and have the preferences page."""
    return bool(user.is_authenticated and user.is_active and user.role == Role.CUSTOMER_USER)


def preference_for_user(*, user: User) -> NotificationPreference:
    """The acting user's own preferences: the saved row, or an unsaved one with the defaults
    when the user never saved them. Any role other than a customer user: 404."""
    if not is_recipient_role(user):
        raise Http404("Not found.")
    found = NotificationPreference.objects.filter(user_id=user.pk).first()
    return found or NotificationPreference(user=user)


def preferences_of(users: Iterable[User]) -> dict[int, NotificationPreference]:
    """Each user's preferences (the defaults for those who never saved any), in one query."""
    users = list(users)
    saved = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(user_id__in=[u.pk for u in users])
    }
    return {u.pk: saved.get(u.pk) or NotificationPreference(user=u) for u in users}


def customer_users(*, organisation_id: int | None = None) -> QuerySet[User]:
    """Who may receive these emails: active customer users with an address, of an active
    customer organisation (one organisation, or all)."""
    users = (
        User.objects.filter(
            role=Role.CUSTOMER_USER,
            is_active=True,
            organisation__is_active=True,
            organisation__kind=OrganisationKind.CUSTOMER,
        )
        .exclude(email="")
        .select_related("organisation")
        .order_by("organisation_id", "email")
    )
    if organisation_id is not None:
        users = users.filter(organisation_id=organisation_id)
    return users


# --------------------------------------------------------------------------- the verdict email


@dataclass(frozen=True)
class ClassCount:
    """One defect class of the sampling plan: units found against Ac/Re."""

    name: str
    label: Any  # lazy, translated when the email is rendered
    aql: str | None
    sample_size: int
    found: int
    accept: int
    reject: int

    @property
    def accepted(self) -> bool:
        return self.found <= self.accept


@dataclass(frozen=True)
class VerdictNotice:
    inspection_id: int
    report_number: str
    order_number: str
    customer_id: int
    inspection_type: Any  # lazy label
    products: list[str]
    city: str
    country: str
    verdict: str
    verdict_label: Any  # lazy label
    computed_verdict: str
    computed_label: Any  # lazy label
    overridden: bool
    reviewed_at: dt.datetime | None
    classes: list[ClassCount]
    url: str


def _class_counts(inspection: Inspection) -> list[ClassCount]:
    plan = inspection.plan_snapshot if isinstance(inspection.plan_snapshot, dict) else {}
    found = inspection.nonconforming if isinstance(inspection.nonconforming, dict) else {}
    labels = dict(DefectClass.choices)
    rows = []
    for c in plan.get("classes", []):
        try:
            rows.append(
                ClassCount(
                    name=str(c["name"]),
                    label=labels.get(str(c["name"]), str(c["name"])),
                    aql=None if c.get("aql") is None else str(c["aql"]),
                    sample_size=int(c["sample_size"]),
                    found=int(found.get(c["name"], 0)),
                    accept=int(c["accept"]),
                    reject=int(c["reject"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            return []  # an unusual snapshot: leave the table out rather than guess
    return rows


def verdict_notice(*, inspection_id: int) -> VerdictNotice | None:
    """What the verdict email says about a reviewed inspection (None when it is not, or no
    longer, reviewed: nothing is sent)."""
    lines = OrderLine.objects.select_related("product").order_by("id")
    inspection = (
        Inspection.objects.filter(pk=inspection_id, status=InspectionStatus.REVIEWED)
        .select_related("order", "facility")
        .prefetch_related(
            Prefetch("lines", queryset=lines), Prefetch("order__lines", queryset=lines)
        )
        .first()
    )
    if inspection is None or inspection.final_verdict not in {Verdict.PASS, Verdict.FAIL}:
        return None
    inspected = list(inspection.lines.all()) or list(inspection.order.lines.all())
    products = list(
        dict.fromkeys(f"{line.product.name} ({line.product.sku})" for line in inspected)
    )
    verdict_labels = dict(Verdict.choices)
    return VerdictNotice(
        inspection_id=inspection.pk,
        report_number=inspection.report_number,
        order_number=inspection.order.number,
        customer_id=inspection.order.customer_id,
        inspection_type=dict(InspectionType.choices).get(inspection.inspection_type, ""),
        products=products,
        city=inspection.facility.city,
        country=country_name(inspection.facility.country),
        verdict=inspection.final_verdict,
        verdict_label=verdict_labels.get(inspection.final_verdict, inspection.final_verdict),
        computed_verdict=inspection.computed_verdict,
        computed_label=verdict_labels.get(inspection.computed_verdict, inspection.computed_verdict),
        overridden=bool(inspection.override_verdict),
        reviewed_at=inspection.reviewed_at,
        classes=_class_counts(inspection),
        url=inspection_url(inspection.report_number, inspection.order.number),
    )


# --------------------------------------------------------------------------- the weekly digest


@dataclass(frozen=True)
class DigestWindow:
    """The seven local days ending with `week_ending` (inclusive)."""

    week_ending: dt.date

    @property
    def first_day(self) -> dt.date:
        return self.week_ending - dt.timedelta(days=6)

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.first_day, dt.time.min))

    @property
    def end(self) -> dt.datetime:
        """The first moment after the window (exclusive)."""
        next_day = self.week_ending + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(next_day, dt.time.min))

    @property
    def key(self) -> str:
        """The ISO week of the last day, e.g. '2026-W07': one digest per user and week."""
        year, week, _weekday = self.week_ending.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class DigestInspection:
    report_number: str
    order_number: str
    inspection_type: Any
    verdict: str
    verdict_label: Any
    url: str


@dataclass(frozen=True)
class WeeklyDigest:
    window: DigestWindow
    inspections: list[DigestInspection] = field(default_factory=list)
    photos: int = 0
    confirmed: list[str] = field(default_factory=list)  # order numbers
    shipped: list[str] = field(default_factory=list)  # order numbers

    @property
    def failures(self) -> int:
        return sum(1 for i in self.inspections if i.verdict == Verdict.FAIL)

    @property
    def is_empty(self) -> bool:
        return not (self.inspections or self.photos or self.confirmed or self.shipped)


def shipped_order_ids(*, window: DigestWindow) -> set[int]:
    """Orders moved to shipped within the window, read from the change log (the order keeps
    no shipping moment of its own). Not scoped: callers intersect with a user's orders."""
    records = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(PurchaseOrder),
        at__gte=window.start,
        at__lt=window.end,
        changes__status__1=OrderStatus.SHIPPED.value,
    ).values_list("object_id", flat=True)
    return {int(pk) for pk in records if str(pk).isdigit()}


def weekly_digest_for_user(
    *, user: User, window: DigestWindow, shipped_ids: set[int] | None = None
) -> WeeklyDigest:
    """What happened in the window that this user may see: the inspections reviewed (with
    their verdicts), the photos that became visible with them, the orders confirmed and the
    orders shipped. Every read goes through the user's own scope."""
    if shipped_ids is None:
        shipped_ids = shipped_order_ids(window=window)
    in_window = {"gte": window.start, "lt": window.end}
    reviewed = (
        inspection_queryset(user=user)
        .filter(reviewed_at__gte=in_window["gte"], reviewed_at__lt=in_window["lt"])
        .select_related("order")
        .order_by("reviewed_at", "id")
    )
    verdict_labels = dict(Verdict.choices)
    type_labels = dict(InspectionType.choices)
    inspections = [
        DigestInspection(
            report_number=i.report_number,
            order_number=i.order.number,
            inspection_type=type_labels.get(i.inspection_type, ""),
            verdict=i.final_verdict,
            verdict_label=verdict_labels.get(i.final_verdict, i.final_verdict),
            url=inspection_url(i.report_number, i.order.number),
        )
        for i in reviewed
    ]
    photos = (
        photo_queryset(user=user)
        .filter(
            inspection__reviewed_at__gte=in_window["gte"],
            inspection__reviewed_at__lt=in_window["lt"],
        )
        .count()
        if inspections
        else 0
    )
    orders = order_queryset(user=user)
    confirmed = list(
        orders.filter(confirmed_at__gte=in_window["gte"], confirmed_at__lt=in_window["lt"])
        .order_by("confirmed_at", "id")
        .values_list("number", flat=True)
    )
    shipped = (
        list(orders.filter(pk__in=shipped_ids).order_by("number").values_list("number", flat=True))
        if shipped_ids
        else []
    )
    return WeeklyDigest(
        window=window, inspections=inspections, photos=photos, confirmed=confirmed, shipped=shipped
    )
