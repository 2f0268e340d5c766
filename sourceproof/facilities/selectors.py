"""Reads of the facility registry, scoped by the acting user.

Scope: operator roles see every supplier, facility and certificate; a supplier user sees its own
supplier, its facilities and their certificates; a customer user sees the facilities that
produce its organisation's orders (with their certificates) but no suppliers; anyone else sees
nothing. A row outside the scope is a 404, never a 403.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

from django.core.files import File
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sourceproof.accounts.models import OPERATOR_ROLES, Role
from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeRecord, OperatorPolicy
from sourceproof.facilities.models import (
    Certificate,
    CertificateScheme,
    CountryRisk,
    Facility,
    ProductCategory,
    Supplier,
)
from sourceproof.orders.gate import add_months, whole_months_between
from sourceproof.orders.models import PurchaseOrder

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

PANEL_ITEMS = 5


# --- certificate state (pure) -------------------------------------------------------------


class CertificateState(enum.StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


@dataclasses.dataclass(frozen=True)
class CertificateStatus:
    """Where a certificate stands on a given day, ready to show as a badge."""

    state: CertificateState
    days_left: int  # days from today to the last valid day (negative once expired)
    tone: str  # CSS badge class: ok, warn, bad or "" (neutral)
    label: str


def certificate_state(cert: Any, today: dt.date, warning_days: int) -> CertificateStatus:
    """The state of a certificate (anything with `valid_from` and `valid_until`) on `today`.

    `valid_until` is the last valid day: on that day the certificate is still valid and
    "expires today"; the day after it is expired. It is "expiring" while at most
    `warning_days` days are left (day 60 of 60 is expiring, day 61 is valid).
    """
    days_left = (cert.valid_until - today).days
    if days_left < 0:
        return CertificateStatus(
            CertificateState.EXPIRED,
            days_left,
            "bad",
            ngettext("expired %(n)d day ago", "expired %(n)d days ago", -days_left)
            % {"n": -days_left},
        )
    if cert.valid_from is not None and cert.valid_from > today:
        return CertificateStatus(
            CertificateState.NOT_YET_VALID,
            days_left,
            "",
            _("valid from %(date)s") % {"date": cert.valid_from.isoformat()},
        )
    if days_left <= warning_days:
        label = (
            _("expires today")
            if days_left == 0
            else ngettext("expires in %(n)d day", "expires in %(n)d days", days_left)
            % {"n": days_left}
        )
        return CertificateStatus(CertificateState.EXPIRING, days_left, "warn", label)
    return CertificateStatus(
        CertificateState.VALID,
        days_left,
        "ok",
        _("valid until %(date)s") % {"date": cert.valid_until.isoformat()},
    )


class SmetaState(enum.StrEnum):
    """A facility's SMETA 4-pillar standing, by the same measure as the sourcing gate.

    An audit counts while it is valid (valid_from ≤ today ≤ valid_until) and no older than the
    policy's `smeta_max_age_months`. It is "expiring" when it stops counting within the warning
    days (its certificate runs out, or the audit becomes too old), "too_old" when the
    certificate still runs but the audit is past the age limit.
    """

    VALID = "valid"
    EXPIRING = "expiring"
    TOO_OLD = "too_old"
    EXPIRED = "expired"
    MISSING = "missing"


SMETA_TONES = {
    SmetaState.VALID: "ok",
    SmetaState.EXPIRING: "warn",
    SmetaState.TOO_OLD: "bad",
    SmetaState.EXPIRED: "bad",
    SmetaState.MISSING: "bad",
}
NO_VALID_SMETA = (SmetaState.MISSING, SmetaState.EXPIRED, SmetaState.TOO_OLD)


def smeta_label(state: SmetaState) -> str:
    return {
        SmetaState.VALID: _("SMETA 4P valid"),
        SmetaState.EXPIRING: _("SMETA 4P expiring"),
        SmetaState.TOO_OLD: _("SMETA 4P audit too old"),
        SmetaState.EXPIRED: _("SMETA 4P expired"),
        SmetaState.MISSING: _("No SMETA 4P"),
    }[state]


def last_audit_date_counting_until(day: dt.date, max_age_months: int) -> dt.date:
    """The latest audit date whose age limit falls on or before `day`:
    the largest d with add_months(d, max_age_months) ≤ day (the gate's own month arithmetic)."""
    candidate = add_months(day, -max_age_months)
    while add_months(candidate + dt.timedelta(days=1), max_age_months) <= day:
        candidate += dt.timedelta(days=1)
    while add_months(candidate, max_age_months) > day:
        candidate -= dt.timedelta(days=1)
    return candidate


@dataclasses.dataclass(frozen=True)
class Policy:
    today: dt.date
    warning_days: int
    smeta_max_age_months: int

    @property
    def warning_until(self) -> dt.date:
        return self.today + dt.timedelta(days=self.warning_days)

    @property
    def too_old_on_or_before(self) -> dt.date:
        """An audit dated on or before this no longer counts today."""
        yesterday = self.today - dt.timedelta(days=1)
        return last_audit_date_counting_until(yesterday, self.smeta_max_age_months)

    @property
    def too_old_soon_on_or_before(self) -> dt.date:
        """An audit dated on or before this stops counting within the warning days."""
        return last_audit_date_counting_until(self.warning_until, self.smeta_max_age_months)


def smeta_state(
    valid_until: dt.date | None, audit_date: dt.date | None, policy: Policy
) -> SmetaState:
    """The state of the facility's chosen SMETA 4-pillar certificate (see `with_smeta`); the
    database computes the same in `smeta_status`."""
    if valid_until is None or audit_date is None:
        return SmetaState.MISSING
    if valid_until < policy.today:
        return SmetaState.EXPIRED
    if audit_date <= policy.too_old_on_or_before:
        return SmetaState.TOO_OLD
    if valid_until <= policy.warning_until or audit_date <= policy.too_old_soon_on_or_before:
        return SmetaState.EXPIRING
    return SmetaState.VALID


def current_policy(today: dt.date | None = None) -> Policy:
    policy = OperatorPolicy.current()
    return Policy(
        today=today or timezone.localdate(),
        warning_days=policy.certificate_warning_days,
        smeta_max_age_months=policy.smeta_max_age_months,
    )


# --- scope --------------------------------------------------------------------------------


def _is_operator(user: User) -> bool:
    return user.role in OPERATOR_ROLES


def _facility_scope(user: User) -> QuerySet[Facility]:
    require(user, Action.VIEW_REGISTRY)
    facilities = Facility.objects.all()
    if _is_operator(user):
        return facilities
    if user.role == Role.SUPPLIER_USER:
        return facilities.filter(supplier__organisation_id=user.organisation_id)
    if user.role == Role.CUSTOMER_USER:
        produced = PurchaseOrder.objects.filter(customer_id=user.organisation_id)
        return facilities.filter(pk__in=produced.values("facility_id"))
    return facilities.none()


def _supplier_scope(user: User) -> QuerySet[Supplier]:
    require(user, Action.VIEW_REGISTRY)
    if _is_operator(user):
        return Supplier.objects.all()
    if user.role == Role.SUPPLIER_USER:
        return Supplier.objects.filter(organisation_id=user.organisation_id)
    raise Http404("Not found.")  # customer users see no suppliers


def can_see_suppliers(user: User) -> bool:
    return can(user, Action.VIEW_REGISTRY) and (
        _is_operator(user) or user.role == Role.SUPPLIER_USER
    )


def can_read_country_risk(user: User) -> bool:
    return can(user, Action.VIEW_REGISTRY) and _is_operator(user)


# --- suppliers ----------------------------------------------------------------------------


def supplier_list(
    *, user: User, search: str = "", country: str = "", active: bool | None = None
) -> QuerySet[Supplier]:
    suppliers = _supplier_scope(user)
    search = search.strip()
    if search:
        suppliers = suppliers.filter(
            Q(legal_name__icontains=search)
            | Q(supplier_number__icontains=search)
            | Q(sedex_zc__icontains=search)
        )
    if country:
        suppliers = suppliers.filter(country=country)
    if active is not None:
        suppliers = suppliers.filter(is_active=active)
    return suppliers.annotate(facility_count=Count("facilities")).order_by("legal_name", "pk")


def get_supplier_for_user(*, user: User, pk: int) -> Supplier:
    supplier = _supplier_scope(user).select_related("organisation").filter(pk=pk).first()
    if supplier is None:
        raise Http404("Not found.")
    return supplier


def supplier_facilities(*, user: User, supplier: Supplier) -> QuerySet[Facility]:
    """A supplier's facilities in the user's scope, with their SMETA standing."""
    return with_smeta(_facility_scope(user).filter(supplier=supplier), current_policy()).order_by(
        "name", "pk"
    )


# --- facilities ---------------------------------------------------------------------------


class FacilityCertFilter(enum.StrEnum):
    SMETA_VALID = "valid"
    SMETA_EXPIRING = "expiring"
    SMETA_TOO_OLD = "too_old"
    SMETA_EXPIRED = "expired"
    SMETA_MISSING = "missing"
    NO_VALID_SMETA = "no_valid_smeta"
    ANY_EXPIRING = "any_expiring"


def _smeta_started(policy: Policy) -> QuerySet[Certificate]:
    """The outer facility's SMETA 4-pillar certificates whose audit has taken place
    (valid_from ≤ today): the ones `with_smeta` chooses from."""
    return Certificate.objects.filter(
        facility=OuterRef("pk"),
        scheme=CertificateScheme.SMETA_4P,
        valid_from__lte=policy.today,
    )


def _smeta_counts_q(policy: Policy) -> Q:
    """A started SMETA 4-pillar certificate that counts today: still valid, audit young enough.
    The one definition of "counts today" (`with_smeta`, the list filters, the dashboard)."""
    return Q(valid_until__gte=policy.today, valid_from__gt=policy.too_old_on_or_before)


def _smeta_counts_today(policy: Policy) -> Exists:
    """The facility has a SMETA 4-pillar certificate that counts today.

    `with_smeta` chooses a certificate that counts today whenever there is one, so a facility
    has no valid SMETA 4-pillar (missing, expired or too old: `NO_VALID_SMETA`) exactly when
    this does not hold: one anti-join instead of annotating and classifying every facility.
    """
    return Exists(_smeta_started(policy).filter(_smeta_counts_q(policy)))


def _latest_smeta(policy: Policy) -> QuerySet[Certificate]:
    """The SMETA 4-pillar certificate `with_smeta` chooses for a facility where none counts
    today: the latest audit that has started."""
    return _smeta_started(policy).order_by("-valid_from", "-valid_until", "-pk")


def with_smeta(facilities: QuerySet[Facility], policy: Policy) -> QuerySet[Facility]:
    """Annotate each facility's SMETA 4-pillar standing.

    Of the SMETA 4-pillar certificates that have started (valid_from ≤ today), the one chosen is
    one that counts today (valid, audit young enough) if there is any, else the latest audit.
    `smeta_until` is its last valid day, `smeta_audit_date` its audit date, and `smeta_status`
    a SmetaState value computed by the database exactly as `smeta_state()` does.

    For the rows shown only: each row repeats the subquery five times, so filtering or counting
    on `smeta_status` over the whole registry is slow (see `_filter_by_certificates`).
    """
    chosen = (
        _smeta_started(policy)
        .annotate(counts_today=Case(When(_smeta_counts_q(policy), then=Value(0)), default=Value(1)))
        .order_by("counts_today", "-valid_from", "-valid_until", "-pk")
    )
    return facilities.annotate(
        smeta_until=Subquery(chosen.values("valid_until")[:1]),
        smeta_audit_date=Subquery(chosen.values("valid_from")[:1]),
    ).annotate(
        smeta_status=Case(
            When(smeta_until__isnull=True, then=Value(SmetaState.MISSING.value)),
            When(smeta_until__lt=policy.today, then=Value(SmetaState.EXPIRED.value)),
            When(
                smeta_audit_date__lte=policy.too_old_on_or_before,
                then=Value(SmetaState.TOO_OLD.value),
            ),
            When(
                Q(smeta_until__lte=policy.warning_until)
                | Q(smeta_audit_date__lte=policy.too_old_soon_on_or_before),
                then=Value(SmetaState.EXPIRING.value),
            ),
            default=Value(SmetaState.VALID.value),
            output_field=CharField(),
        )
    )


def facility_keys(
    *, user: User, search: str = "", filters: dict[str, Any] | None = None
) -> QuerySet[Facility, int]:
    """The primary keys of the facilities `facility_list` returns, in its order (name, pk).

    For paging a long list: count and slice these, then load the page with `facility_page`.
    The SMETA columns are not computed here: a certificate filter finds its facilities with
    EXISTS / NOT EXISTS (`_filter_by_certificates`), and only the page's rows are classified.
    """
    facilities = _filtered_facilities(user=user, search=search, filters=filters or {})
    return facilities.order_by("name", "pk").values_list("pk", flat=True)


def facility_page(*, keys: list[int]) -> list[Facility]:
    """The facilities with these keys (already in the user's scope: from `facility_keys`),
    annotated for the list, in the order of `keys`."""
    found = {f.pk: f for f in _list_columns(Facility.objects.filter(pk__in=keys))}
    return [found[pk] for pk in keys if pk in found]


def facility_list(
    *, user: User, search: str = "", filters: dict[str, Any] | None = None
) -> QuerySet[Facility]:
    """Facilities in the user's scope, searched and filtered, with what the list shows.

    Filters: country (code), supplier (pk), supplier_search (a supplier's name, part of it,
    its number or its pk), category (ProductCategory code), cert (a FacilityCertFilter
    value), suspended (True/False).
    """
    facilities = _filtered_facilities(user=user, search=search, filters=filters or {})
    return _list_columns(facilities).order_by("name", "pk")


def _list_columns(facilities: QuerySet[Facility]) -> QuerySet[Facility]:
    """What the list shows: the SMETA standing, the supplier, categories, country risk."""
    facilities = with_smeta(facilities, current_policy())
    return (
        facilities.select_related("supplier")
        .prefetch_related("product_categories")
        .annotate(
            country_risk=Subquery(
                CountryRisk.objects.filter(country=OuterRef("country")).values("risk_class")[:1]
            )
        )
    )


def _filtered_facilities(*, user: User, search: str, filters: dict[str, Any]) -> QuerySet[Facility]:
    facilities = _facility_scope(user)
    search = search.strip()
    if search:
        facilities = facilities.filter(
            Q(name__icontains=search)
            | Q(code__icontains=search)
            | Q(os_id__icontains=search)
            | Q(city__icontains=search)
        )
    if filters.get("country"):
        facilities = facilities.filter(country=filters["country"])
    if filters.get("supplier"):
        facilities = facilities.filter(supplier_id=filters["supplier"])
    supplier_search = (filters.get("supplier_search") or "").strip()
    if supplier_search:
        by_supplier = Q(supplier__legal_name__icontains=supplier_search) | Q(
            supplier__supplier_number__iexact=supplier_search
        )
        if supplier_search.isdigit():
            by_supplier |= Q(supplier_id=int(supplier_search))  # links with ?supplier=<pk>
        facilities = facilities.filter(by_supplier)
    if filters.get("category"):
        facilities = facilities.filter(
            pk__in=Facility.product_categories.through.objects.filter(
                productcategory__code=filters["category"]
            ).values("facility_id")
        )
    if filters.get("suspended") is not None:
        facilities = facilities.filter(is_suspended=filters["suspended"])
    cert = filters.get("cert")
    if cert:
        facilities = _filter_by_certificates(facilities, FacilityCertFilter(cert), current_policy())
    return facilities


def _filter_by_certificates(
    facilities: QuerySet[Facility], cert: FacilityCertFilter, policy: Policy
) -> QuerySet[Facility]:
    """The facilities whose `with_smeta` standing is `cert`, found without classifying each
    facility (`with_smeta` repeats its subquery five times per row; PostgreSQL then spends
    most of a second JIT-compiling, at bench scale): the standing follows from whether a SMETA
    4-pillar certificate counts today (`_smeta_counts_today`, the dashboard's own test) and,
    when one is needed, one value of the certificate `with_smeta` would choose.
    """
    counts = _smeta_counts_today(policy)
    if cert == FacilityCertFilter.NO_VALID_SMETA:  # missing, expired or too old
        return facilities.exclude(counts)
    if cert == FacilityCertFilter.SMETA_MISSING:  # no audit has taken place
        return facilities.exclude(Exists(_smeta_started(policy)))
    if cert in (FacilityCertFilter.SMETA_EXPIRED, FacilityCertFilter.SMETA_TOO_OLD):
        # none counts: the latest audit is chosen; expired when its certificate has run out,
        # else (still running, so it does not count because of its age) too old
        latest_until = Subquery(_latest_smeta(policy).values("valid_until")[:1])
        ran_out = cert == FacilityCertFilter.SMETA_EXPIRED
        return (
            facilities.exclude(counts)
            .alias(smeta_latest_until=latest_until)
            .filter(
                Q(smeta_latest_until__lt=policy.today)
                if ran_out
                else Q(smeta_latest_until__gte=policy.today)
            )
        )
    if cert in (FacilityCertFilter.SMETA_VALID, FacilityCertFilter.SMETA_EXPIRING):
        # one counts: the chosen is the counting one with the latest audit (then last day);
        # valid when it still counts after the warning days, else expiring
        lasting = Q(
            valid_until__gt=policy.warning_until,
            valid_from__gt=policy.too_old_soon_on_or_before,
        )
        chosen_lasts = (
            _smeta_started(policy)
            .filter(_smeta_counts_q(policy))
            .order_by("-valid_from", "-valid_until", "-pk")
            .annotate(
                lasts=Case(
                    When(lasting, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .values("lasts")[:1]
        )
        return facilities.alias(smeta_lasts=Subquery(chosen_lasts)).filter(
            smeta_lasts=cert == FacilityCertFilter.SMETA_VALID
        )
    # any certificate expiring within the warning days and not yet renewed
    return facilities.filter(
        Exists(
            _attention_certificates(Certificate.objects.all(), policy).filter(
                facility=OuterRef("pk"), valid_until__gte=policy.today
            )
        )
    )


def facility_rows(facilities: Any) -> list[dict[str, Any]]:
    """Facilities of a list page (annotated by `with_smeta`) with their SMETA badge."""
    rows = []
    for facility in facilities:
        state = SmetaState(facility.smeta_status)
        rows.append(
            {
                "facility": facility,
                "smeta_state": state,
                "smeta_tone": SMETA_TONES[state],
                "smeta_label": smeta_label(state),
            }
        )
    return rows


def get_facility_for_user(*, user: User, code: str) -> Facility:
    facility = (
        with_smeta(_facility_scope(user), current_policy())
        .select_related("supplier")
        .prefetch_related("product_categories")
        .filter(code=code)
        .first()
    )
    if facility is None:
        raise Http404("Not found.")
    return facility


def facility_certificates(facility: Facility, policy: Policy | None = None) -> list[dict[str, Any]]:
    """A facility's certificates, newest expiry first, each with its state."""
    policy = policy or current_policy()
    certificates = facility.certificates.order_by("-valid_until", "scheme", "pk")
    return [
        {
            "certificate": cert,
            "status": certificate_state(cert, policy.today, policy.warning_days),
        }
        for cert in certificates
    ]


@dataclasses.dataclass(frozen=True)
class SmetaSummary:
    state: SmetaState
    tone: str
    label: str
    valid_until: dt.date | None
    audit_date: dt.date | None
    audit_age_months: int | None
    counts_until: dt.date | None  # the last day the audit opens the sourcing gate


def facility_smeta(facility: Facility, policy: Policy | None = None) -> SmetaSummary:
    """The "SMETA 4-pillar" status line of a facility (needs the `with_smeta` annotations)."""
    policy = policy or current_policy()
    until: dt.date | None = getattr(facility, "smeta_until", None)
    audit: dt.date | None = getattr(facility, "smeta_audit_date", None)
    state = smeta_state(until, audit, policy)
    age = counts_until = None
    if audit is not None and until is not None:
        age = whole_months_between(audit, policy.today)
        counts_until = min(until, add_months(audit, policy.smeta_max_age_months))
    return SmetaSummary(
        state=state,
        tone=SMETA_TONES[state],
        label=smeta_label(state),
        valid_until=until,
        audit_date=audit,
        audit_age_months=age,
        counts_until=counts_until,
    )


def facility_country_risk(facility: Facility) -> CountryRisk | None:
    return CountryRisk.objects.filter(country=facility.country).first()


def facility_history(*, user: User, facility: Facility) -> list[ChangeRecord]:
    """The change log of a facility and of its current certificates, newest first.

    Deleted certificates appear through the event recorded on the facility when they went.
    """
    if not can(user, Action.VIEW_HISTORY):
        return []
    from django.contrib.contenttypes.models import ContentType

    cert_type = ContentType.objects.get_for_model(Certificate)
    cert_ids = [str(pk) for pk in facility.certificates.values_list("pk", flat=True)]
    own = history_for(facility)
    certs = ChangeRecord.objects.filter(content_type=cert_type, object_id__in=cert_ids)
    return list(
        (own | certs).select_related("content_type").order_by("-at", "-id")[:200],
    )


def supplier_history(*, user: User, supplier: Supplier) -> list[ChangeRecord]:
    if not can(user, Action.VIEW_HISTORY):
        return []
    return list(history_for(supplier)[:200])


def product_categories() -> QuerySet[ProductCategory]:
    return ProductCategory.objects.order_by("name")


# --- certificates -------------------------------------------------------------------------


class CertificateListState(enum.StrEnum):
    ATTENTION = "attention"  # expired or expiring, not yet renewed
    EXPIRING = "expiring"
    EXPIRED = "expired"
    VALID = "valid"
    ALL = "all"


def _renewed() -> Exists:
    """A later certificate of the same scheme exists for the same facility."""
    return Exists(
        Certificate.objects.filter(
            facility=OuterRef("facility"),
            scheme=OuterRef("scheme"),
            valid_until__gt=OuterRef("valid_until"),
        )
    )


def _attention_certificates(
    certificates: QuerySet[Certificate], policy: Policy
) -> QuerySet[Certificate]:
    """Expired or expiring certificates that no later certificate of the scheme replaces."""
    return certificates.filter(valid_until__lte=policy.warning_until).exclude(_renewed())


def certificate_list(
    *,
    user: User,
    state: str = CertificateListState.ATTENTION,
    scheme: str = "",
    search: str = "",
    today: dt.date | None = None,
) -> QuerySet[Certificate]:
    """Certificates of the facilities in the user's scope, soonest expiry first.

    The attention, expiring and expired states leave out certificates that a later one of the
    same scheme at the same facility has replaced: they need nobody's attention.
    """
    policy = current_policy(today)
    certificates = Certificate.objects.filter(facility__in=_facility_scope(user))
    chosen = CertificateListState(state or CertificateListState.ATTENTION)
    if chosen == CertificateListState.ATTENTION:
        certificates = _attention_certificates(certificates, policy)
    elif chosen == CertificateListState.EXPIRING:
        certificates = _attention_certificates(certificates, policy).filter(
            valid_until__gte=policy.today
        )
    elif chosen == CertificateListState.EXPIRED:
        certificates = _attention_certificates(certificates, policy).filter(
            valid_until__lt=policy.today
        )
    elif chosen == CertificateListState.VALID:
        certificates = certificates.filter(valid_until__gte=policy.today)
    if scheme:
        certificates = certificates.filter(scheme=scheme)
    search = search.strip()
    if search:
        certificates = certificates.filter(
            Q(number__icontains=search)
            | Q(issuer__icontains=search)
            | Q(facility__name__icontains=search)
            | Q(facility__code__icontains=search)
        )
    return (
        certificates.select_related("facility", "facility__supplier")
        .annotate(renewed=_renewed())
        .order_by("valid_until", "facility__name", "pk")
    )


def certificate_rows(certificates: Any, policy: Policy | None = None) -> list[dict[str, Any]]:
    policy = policy or current_policy()
    return [
        {"certificate": c, "status": certificate_state(c, policy.today, policy.warning_days)}
        for c in certificates
    ]


def get_certificate_for_user(*, user: User, pk: int) -> Certificate:
    certificate = (
        Certificate.objects.filter(facility__in=_facility_scope(user))
        .select_related("facility", "facility__supplier")
        .filter(pk=pk)
        .first()
    )
    if certificate is None:
        raise Http404("Not found.")
    return certificate


@dataclasses.dataclass(frozen=True)
class CertificateDocument:
    file: File
    content_type: str
    filename: str


DOCUMENT_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}


def certificate_document_for_user(*, user: User, pk: int) -> CertificateDocument:
    """The stored document of a certificate the user may see, opened for reading."""
    certificate = get_certificate_for_user(user=user, pk=pk)
    if not certificate.document:
        raise Http404("Not found.")
    name = certificate.document.name or ""
    extension = name.rsplit(".", 1)[-1].lower()
    try:
        handle = certificate.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Not found.") from exc
    return CertificateDocument(
        file=handle,
        content_type=DOCUMENT_CONTENT_TYPES.get(extension, "application/octet-stream"),
        filename=f"{certificate.facility.code}-{certificate.scheme}-{certificate.pk}.{extension}",
    )


def facility_certificate_list(*, user: User, code: str) -> QuerySet[Certificate]:
    facility = get_facility_for_user(user=user, code=code)
    return facility.certificates.order_by("-valid_until", "scheme", "pk")


# --- country risk -------------------------------------------------------------------------


def country_risk_list(
    *, user: User, search: str = "", risk_class: str = ""
) -> QuerySet[CountryRisk]:
    if not can_read_country_risk(user):
        raise Http404("Not found.")
    risks = CountryRisk.objects.all()
    search = search.strip()
    if search:
        risks = risks.filter(Q(country__iexact=search) | Q(name__icontains=search))
    if risk_class:
        risks = risks.filter(risk_class=risk_class)
    return risks.order_by("name", "country")


def get_country_risk_for_user(*, user: User, country: str) -> CountryRisk:
    risk = country_risk_list(user=user).filter(country=country.upper()).first()
    if risk is None:
        raise Http404("Not found.")
    return risk


# --- dashboard ----------------------------------------------------------------------------


def dashboard_panels(*, user: User) -> list[dict[str, Any]]:
    """What needs attention in the registry, for the dashboard (scoped to the user).

    The same rows as the certificate list's expiring and expired states and the facility
    list's "no valid SMETA 4-pillar" filter (unsuspended), in five queries: the policy, both
    certificate counts in one, five certificates of each kind, and the first five facilities
    with their count (a window). The facilities are found with `_smeta_counts_today` (NOT
    EXISTS) and only the SMETA certificate's last day is computed per facility, for the order
    (ties by name and key). Filtering on `with_smeta`'s classification instead repeats its
    subquery five times per facility: PostgreSQL estimated ~840,000 cost units and spent
    0.7 s of 0.9 s JIT-compiling the query. See docs/performance.md.
    """
    if not can(user, Action.VIEW_REGISTRY):
        return []
    policy = current_policy()
    today = policy.today
    list_url = reverse("facilities:certificate_list")
    scope = _facility_scope(user)
    certificates = Certificate.objects.all()
    if not _is_operator(user):  # an operator's scope is every facility: no IN (…) needed
        certificates = certificates.filter(facility__in=scope)
    attention = _attention_certificates(certificates, policy).select_related("facility")
    expiring = attention.filter(valid_until__gte=today)
    expired = attention.filter(valid_until__lt=today)
    counts = attention.aggregate(
        expiring=Count("pk", filter=Q(valid_until__gte=today)),
        expired=Count("pk", filter=Q(valid_until__lt=today)),
    )

    def cert_items(certificates: QuerySet[Certificate]) -> list[dict[str, Any]]:
        return [
            {
                "label": f"{c.facility.name} · {c.get_scheme_display()}",
                "url": reverse("facilities:facility_detail", args=[c.facility.code]),
                "note": certificate_state(c, today, policy.warning_days).label,
            }
            for c in certificates[:PANEL_ITEMS]
        ]

    latest = _latest_smeta(policy)
    first_no_smeta = list(
        scope.filter(is_suspended=False)
        .exclude(_smeta_counts_today(policy))
        .annotate(
            smeta_until=Subquery(latest.values("valid_until")[:1]),
            smeta_audit_date=Subquery(latest.values("valid_from")[:1]),
            total=Window(Count("pk")),  # all of them, counted in the same pass
        )
        .only("name", "code")
        .order_by(F("smeta_until").asc(nulls_first=True), "name", "pk")[:PANEL_ITEMS]
    )
    no_smeta_items = [
        {
            "label": f"{f.name} ({f.code})",
            "url": reverse("facilities:facility_detail", args=[f.code]),
            "note": smeta_label(smeta_state(f.smeta_until, f.smeta_audit_date, policy)),
        }
        for f in first_no_smeta
    ]
    facility_url = reverse("facilities:facility_list")
    return [
        {
            "key": "certificates-expiring",
            "title": ngettext(
                "Certificate expiring within %(n)d day",
                "Certificates expiring within %(n)d days",
                policy.warning_days,
            )
            % {"n": policy.warning_days},
            "count": counts["expiring"],
            "items": cert_items(expiring.order_by("valid_until", "facility__name", "pk")),
            "url": f"{list_url}?state={CertificateListState.EXPIRING}",
            "tone": "warn",
        },
        {
            "key": "certificates-expired",
            "title": _("Expired certificates"),
            "count": counts["expired"],
            "items": cert_items(expired.order_by("-valid_until", "pk")),
            "url": f"{list_url}?state={CertificateListState.EXPIRED}",
            "tone": "bad",
        },
        {
            "key": "facilities-without-smeta",
            "title": _("Facilities without a valid SMETA 4-pillar"),
            "count": first_no_smeta[0].total if first_no_smeta else 0,
            "items": no_smeta_items,
            "url": f"{facility_url}?cert={FacilityCertFilter.NO_VALID_SMETA}&suspended=no",
            "tone": "bad",
        },
    ]
