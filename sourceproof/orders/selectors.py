"""Reads for products, orders and gate exceptions, scoped by the acting user; the gate's facts.

Scope: operator roles see every order; a supplier user the orders placed at its facilities;
a customer user the orders of its organisation; anyone else nothing (404).

The gate's facts are built here in bulk: one query for certificates and one for country
risk, whatever the number of facilities, so a list page can show a gate badge per order at
a constant query count.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    Exists,
    F,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Organisation, OrganisationKind, Role
from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction, ChangeRecord, OperatorPolicy
from sourceproof.facilities.models import Certificate, CountryRisk, Facility, Supplier
from sourceproof.orders import gate
from sourceproof.orders.models import (
    FacilityGateState,
    GateException,
    GateStateSnapshot,
    OrderLine,
    OrderStatus,
    Product,
    PurchaseOrder,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

_CHUNK = 2000  # ids per IN (...) query: well under SQLite's variable limit

# --------------------------------------------------------------------------- row scope


def _supplier_of(user: User) -> Supplier | None:
    try:
        return user.organisation.supplier
    except Supplier.DoesNotExist:
        return None


def order_queryset(*, user: User) -> QuerySet[PurchaseOrder]:
    """Every order the user may see (404 for a role that may see none)."""
    require(user, Action.VIEW_ORDERS)
    orders = PurchaseOrder.objects.all()
    if user.is_operator:
        return orders
    if user.role == Role.SUPPLIER_USER:
        supplier = _supplier_of(user)
        return orders.filter(facility__supplier=supplier) if supplier else orders.none()
    if user.role == Role.CUSTOMER_USER:
        return orders.filter(customer_id=user.organisation_id)
    return orders.none()


def product_queryset(*, user: User) -> QuerySet[Product]:
    """Products the user may see: operators all; a customer its own; a supplier those ordered
    at its facilities."""
    require(user, Action.VIEW_ORDERS)
    products = Product.objects.all()
    if user.is_operator:
        return products
    if user.role == Role.CUSTOMER_USER:
        return products.filter(customer_id=user.organisation_id)
    if user.role == Role.SUPPLIER_USER:
        supplier = _supplier_of(user)
        if supplier is None:
            return products.none()
        ordered = OrderLine.objects.filter(
            product_id=OuterRef("pk"), order__facility__supplier=supplier
        )
        return products.filter(Exists(ordered))
    return products.none()


def _require_operator(user: User) -> None:
    require(user, Action.VIEW_ORDERS)
    if not user.is_operator:
        raise Http404("Not found.")


# --------------------------------------------------------------------------- the gate's facts

FactProvider = Callable[[Sequence[Facility]], Mapping[int, Mapping[str, Any]]]
_FACT_PROVIDERS: list[FactProvider] = []


def register_fact_provider(provider: FactProvider) -> FactProvider:
    """Let a later capability fill in the GateFacts fields it added.

    A provider gets the facilities being evaluated and returns {facility pk: {field: value}}
    for the fields it owns; it must read in bulk (a fixed number of queries for any number of
    facilities). Register it from the capability's AppConfig.ready().
    """
    if provider not in _FACT_PROVIDERS:
        _FACT_PROVIDERS.append(provider)
    return provider


def unregister_fact_provider(provider: FactProvider) -> None:
    """Remove a provider (for tests)."""
    if provider in _FACT_PROVIDERS:
        _FACT_PROVIDERS.remove(provider)


def gate_policy(*, today: dt.date | None = None) -> gate.GatePolicy:
    policy = OperatorPolicy.current()
    return gate.GatePolicy(
        smeta_max_age_months=policy.smeta_max_age_months,
        today=today or timezone.localdate(),
    )


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def gate_facts_for_facilities(facilities: Sequence[Facility]) -> dict[int, gate.GateFacts]:
    """GateFacts per facility pk: one certificate query and one country query per 2,000."""
    unique = {f.pk: f for f in facilities}
    ids = list(unique)
    certificates: dict[int, list[gate.CertificateFact]] = {pk: [] for pk in ids}
    for chunk in _chunks(ids):
        rows = Certificate.objects.filter(facility_id__in=chunk).values_list(
            "facility_id", "scheme", "valid_from", "valid_until", "number"
        )
        for facility_id, scheme, valid_from, valid_until, number in rows:
            certificates[facility_id].append(
                gate.CertificateFact(
                    scheme=scheme, valid_from=valid_from, valid_until=valid_until, number=number
                )
            )
    countries = {f.country for f in unique.values()}
    risk = {
        code: (risk_class, name)
        for code, risk_class, name in CountryRisk.objects.filter(country__in=countries).values_list(
            "country", "risk_class", "name"
        )
    }
    facts = {
        pk: gate.GateFacts(
            facility_code=f.code,
            country=f.country,
            country_risk_class=risk[f.country][0] if f.country in risk else None,
            country_name=risk[f.country][1] if f.country in risk else "",
            is_suspended=f.is_suspended,
            suspension_reason=f.suspension_reason,
            certificates=tuple(certificates[pk]),
        )
        for pk, f in unique.items()
    }
    for provider in _FACT_PROVIDERS:
        extra = provider(list(unique.values()))
        for pk, values in extra.items():
            if pk in facts and values:
                facts[pk] = dataclasses.replace(facts[pk], **values)
    return facts


def facility_gate_verdict(
    *, facility: Facility, policy: gate.GatePolicy | None = None
) -> gate.GateVerdict:
    """The gate's verdict for a facility today (the facility is assumed in the user's scope)."""
    facts = gate_facts_for_facilities([facility])[facility.pk]
    return gate.evaluate(facts, policy or gate_policy(), evaluated_at=timezone.now())


def order_categories(orders: Iterable[PurchaseOrder]) -> dict[int, tuple[str, ...]]:
    """The product category codes of each order's lines: one query per 2,000 orders."""
    ids = [o.pk for o in orders]
    found: dict[int, set[str]] = {pk: set() for pk in ids}
    for chunk in _chunks(ids):
        rows = (
            OrderLine.objects.filter(order_id__in=chunk)
            .values_list("order_id", "product__category__code")
            .distinct()
        )
        for order_id, code in rows:
            found[order_id].add(code)
    return {pk: tuple(sorted(codes)) for pk, codes in found.items()}


def order_gate_verdict(*, order: PurchaseOrder) -> gate.GateVerdict:
    """The gate's verdict for an order now: its facility's facts and its product categories."""
    facts = gate_facts_for_facilities([order.facility])[order.facility_id]
    facts = dataclasses.replace(facts, order_categories=order_categories([order])[order.pk])
    return gate.evaluate(facts, gate_policy(), evaluated_at=timezone.now())


def gate_verdicts_for_orders(
    orders: Iterable[PurchaseOrder], *, policy: gate.GatePolicy | None = None
) -> dict[int, gate.GateVerdict]:
    """Verdicts for many orders at a constant number of queries: {order pk: verdict}.

    The orders should come with `facility` selected (select_related) to avoid a query each.
    The gate runs once per (facility, product categories) combination.
    """
    orders = list(orders)
    if not orders:
        return {}
    policy = policy or gate_policy()
    now = timezone.now()
    facts = gate_facts_for_facilities([o.facility for o in orders])
    categories = order_categories(orders)
    verdicts: dict[tuple[int, tuple[str, ...]], gate.GateVerdict] = {}
    result = {}
    for o in orders:
        key = (o.facility_id, categories[o.pk])
        if key not in verdicts:
            judged = dataclasses.replace(facts[o.facility_id], order_categories=key[1])
            verdicts[key] = gate.evaluate(judged, policy, evaluated_at=now)
        result[o.pk] = verdicts[key]
    return result


def active_exceptions_q(*, now: dt.datetime | None = None) -> Q:
    return Q(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


def active_exceptions_for_orders(
    orders: Iterable[PurchaseOrder],
) -> dict[int, GateException]:
    """The active exception (the one running longest) per order pk, in one query."""
    ids = [o.pk for o in orders]
    found: dict[int, GateException] = {}
    if not ids:
        return found
    rows = (
        GateException.objects.filter(active_exceptions_q(), order_id__in=ids)
        .select_related("granted_by")
        .order_by("expires_at")
    )
    for exception in rows:
        found[exception.order_id] = exception  # the later expiry wins
    return found


def active_exception_for_order(*, order: PurchaseOrder) -> GateException | None:
    return (
        GateException.objects.filter(active_exceptions_q(), order=order)
        .select_related("granted_by")
        .order_by("-expires_at")
        .first()
    )


@dataclass(frozen=True)
class DraftJudgement:
    """The gate's verdicts for the facilities of some draft orders (see `judge_drafts`).

    `facility_verdicts` per facility pk; `category_verdicts` per (facility pk, category pk)
    for the categories of the drafts at the facilities that pass on their own but whose rules
    read the order's categories; `order_verdicts` per draft blocked by one of its categories
    there (the failing category with the lowest code).
    """

    facility_verdicts: dict[int, gate.GateVerdict]
    category_verdicts: dict[tuple[int, int], gate.GateVerdict]
    order_verdicts: dict[int, gate.GateVerdict]


# The facility fields the gate's facts read (the providers read pk and supplier_id).
_FACT_FIELDS = ("pk", "code", "country", "is_suspended", "suspension_reason", "supplier_id")


def judge_drafts(
    drafts: QuerySet[PurchaseOrder], *, policy: gate.GatePolicy, now: dt.datetime
) -> DraftJudgement:
    """Judge the facilities of `drafts` (draft orders, unordered) in bulk.

    The gate runs once per facility (`gate.evaluate_watching`). Only at a facility that
    passes and whose rules read the order's product categories (an inspection stream
    discontinued there) is each (facility, category) of its drafts judged as well; a failing
    pair blocks the drafts with a line of that category. Elsewhere the facility's verdict is
    every order's verdict, which saves judging ~37,000 pairs at 200,000 orders. A fixed number
    of queries (per 2,000 facilities).
    """
    facilities = list(
        Facility.objects.filter(pk__in=drafts.values("facility_id")).only(*_FACT_FIELDS)
    )
    facts = gate_facts_for_facilities(facilities)
    verdicts: dict[int, gate.GateVerdict] = {}
    reads_categories: list[int] = []
    for pk, facility_facts in facts.items():
        verdicts[pk], read = gate.evaluate_watching(facility_facts, policy, evaluated_at=now)
        if read and verdicts[pk].passed:
            reads_categories.append(pk)
    category_verdicts: dict[tuple[int, int], gate.GateVerdict] = {}
    order_verdicts: dict[int, gate.GateVerdict] = {}
    if reads_categories:
        pairs = (
            OrderLine.objects.filter(
                order__in=drafts.filter(facility_id__in=reads_categories).values("pk")
            )
            .values_list(
                "order_id", "order__facility_id", "product__category_id", "product__category__code"
            )
            .distinct()
            .order_by("order_id", "product__category__code")
        )
        for order_id, facility_id, category_id, code in pairs:
            key = (facility_id, category_id)
            if key not in category_verdicts:
                one = dataclasses.replace(facts[facility_id], order_categories=(code,))
                category_verdicts[key] = gate.evaluate(one, policy, evaluated_at=now)
            if not category_verdicts[key].passed and order_id not in order_verdicts:
                order_verdicts[order_id] = category_verdicts[key]
    return DraftJudgement(
        facility_verdicts=verdicts,
        category_verdicts=category_verdicts,
        order_verdicts=order_verdicts,
    )


@dataclass(frozen=True)
class BlockedDrafts:
    """Which draft orders the gate blocks (and that have no active exception).

    `order_ids` in the dashboard's order (agreed ship date, then id); `facility_verdicts` per
    facility pk of those drafts; `order_verdicts` for the orders blocked only by their
    product categories at a facility that passes on its own; `blocked_facilities` and
    `passing_facilities` split the facilities judged.
    """

    order_ids: list[int]
    facility_verdicts: dict[int, gate.GateVerdict]
    order_verdicts: dict[int, gate.GateVerdict]
    blocked_facilities: list[int]
    passing_facilities: list[int]

    def verdict_for(self, order_id: int, facility_id: int) -> gate.GateVerdict | None:
        return self.order_verdicts.get(order_id) or self.facility_verdicts.get(facility_id)


def _without_active_exception(
    orders: QuerySet[PurchaseOrder], *, now: dt.datetime | None = None
) -> QuerySet[PurchaseOrder]:
    excepted = GateException.objects.filter(active_exceptions_q(now=now), order_id=OuterRef("pk"))
    return orders.exclude(Exists(excepted))


def blocked_drafts(
    orders: QuerySet[PurchaseOrder], *, policy: gate.GatePolicy | None = None
) -> BlockedDrafts:
    """Judge the draft orders among `orders` that have no active exception, live and in bulk
    (`judge_drafts`): a fixed number of queries, but ~1.4 s of CPU at 200,000 orders. The
    dashboard reads the stored states instead (`stored_blocked_drafts`)."""
    policy = policy or gate_policy()
    now = timezone.now()
    drafts = _without_active_exception(orders.filter(status=OrderStatus.DRAFT), now=now).order_by()
    rows = list(drafts.order_by("agreed_ship_date", "id").values_list("pk", "facility_id"))
    judged = judge_drafts(drafts, policy=policy, now=now)
    verdicts = judged.facility_verdicts
    return BlockedDrafts(
        order_ids=[
            pk
            for pk, facility_id in rows
            if pk in judged.order_verdicts or not verdicts[facility_id].passed
        ],
        facility_verdicts=verdicts,
        order_verdicts=judged.order_verdicts,
        blocked_facilities=[pk for pk, v in verdicts.items() if not v.passed],
        passing_facilities=[pk for pk, v in verdicts.items() if v.passed],
    )


def stored_blocked_drafts(
    orders: QuerySet[PurchaseOrder], *, categories: bool = True
) -> QuerySet[PurchaseOrder]:
    """The drafts among `orders` that the stored gate states block, as a queryset.

    What `blocked_drafts` finds, but read from `FacilityGateState` (as of its last refresh,
    `orders.gate_states`) in SQL instead of judged now: a draft is blocked when its facility
    failed on its own, or when one of its lines' categories failed there. Whether it is still
    a draft and has no active exception is decided now. Each order is annotated with
    `gate_failures`: the failing rules of the verdict that blocks it (its category's with the
    lowest code, else its facility's), as stored.

    `categories=False` leaves out the category condition: right, and cheaper, when no
    category failed at the last refresh (`GateStateSnapshot.blocked_categories == 0`, the
    usual case).
    """
    facility_state = FacilityGateState.objects.filter(
        facility_id=OuterRef("facility_id"), category__isnull=True
    )
    # The facility conditions as uncorrelated IN (...) subqueries: the database computes each
    # once instead of probing per draft, and PostgreSQL's cost estimate stays low (no JIT).
    blocked = Q(
        facility_id__in=FacilityGateState.objects.filter(
            category__isnull=True, passed=False
        ).values("facility_id")
    )
    failures: BaseExpression = Subquery(facility_state.values("failures")[:1])
    if categories:
        blocked |= Q(
            pk__in=FacilityGateState.objects.filter(
                category__isnull=False,
                passed=False,
                facility__orders__status=OrderStatus.DRAFT,
                facility__orders__lines__product__category_id=F("category_id"),
            ).values("facility__orders__id")
        )
        category_failed = FacilityGateState.objects.filter(
            Exists(
                OrderLine.objects.filter(
                    order_id=OuterRef(OuterRef("pk")), product__category_id=OuterRef("category_id")
                )
            ),
            facility_id=OuterRef("facility_id"),
            category__isnull=False,
            passed=False,
        ).order_by("category__code")
        failures = Coalesce(
            Subquery(category_failed.values("failures")[:1]), failures, output_field=JSONField()
        )
    drafts = _without_active_exception(orders.filter(status=OrderStatus.DRAFT))
    return drafts.filter(blocked).annotate(gate_failures=failures)


def blocked_orders(
    orders: QuerySet[PurchaseOrder], *, policy: gate.GatePolicy | None = None
) -> tuple[QuerySet[PurchaseOrder], dict[int, gate.GateVerdict]]:
    """Draft orders whose gate fails and that have no active exception, as a queryset.

    Returns the queryset and the verdicts per facility pk (see `blocked_drafts`).
    """
    found = blocked_drafts(orders, policy=policy)
    # Whichever facility list is shorter keeps the IN (...) small.
    if len(found.blocked_facilities) <= len(found.passing_facilities):
        condition = Q(facility_id__in=found.blocked_facilities)
    else:
        condition = ~Q(facility_id__in=found.passing_facilities)
    if found.order_verdicts:
        condition |= Q(pk__in=list(found.order_verdicts))
    excepted = GateException.objects.filter(active_exceptions_q(), order_id=OuterRef("pk"))
    drafts = orders.filter(status=OrderStatus.DRAFT)
    return drafts.filter(condition).exclude(Exists(excepted)), found.facility_verdicts


# --------------------------------------------------------------------------- orders


@dataclass(frozen=True)
class OrderFilters:
    status: str = ""
    customer: int | None = None  # organisation pk
    customer_code: str = ""  # organisation code (the API's way)
    facility: str = ""  # facility code
    supplier: int | None = None  # supplier pk
    supplier_number: str = ""  # the operator's supplier number (the API's way)
    blocked: bool = False
    q: str = ""  # order number contains


def order_list(
    *,
    user: User,
    filters: OrderFilters | None = None,
    gate_states: GateStateSnapshot | None = None,
) -> QuerySet[PurchaseOrder]:
    """The orders the user may see, filtered, with what the list shows selected in one query.

    `filters.blocked` keeps the drafts that the stored gate states block, as the dashboard
    panel counts them (`blocked_by_stored_states`): pass the states to read, from
    `gate_states_for_reading()`, so that the caller can show their time. Without them (None:
    being computed) the blocked filter matches nothing; the caller says so instead of showing
    an empty list.
    """
    filters = filters or OrderFilters()
    orders = order_queryset(user=user)
    if filters.status:
        orders = orders.filter(status=filters.status)
    if filters.customer:
        orders = orders.filter(customer_id=filters.customer)
    if filters.customer_code:
        orders = orders.filter(customer__code=filters.customer_code)
    if filters.supplier_number:
        orders = orders.filter(facility__supplier__supplier_number=filters.supplier_number)
    if filters.facility:
        orders = orders.filter(facility__code=filters.facility)
    if filters.supplier:
        orders = orders.filter(facility__supplier_id=filters.supplier)
    if filters.q:
        orders = orders.filter(number__icontains=filters.q.strip())
    if filters.blocked:
        orders = (
            blocked_by_stored_states(orders, gate_states=gate_states)
            if gate_states is not None
            else orders.none()
        )
    return (
        orders.select_related("customer", "facility", "facility__supplier")
        .annotate(line_count=_LINE_COUNT, total_quantity=_TOTAL_QUANTITY)
        .order_by("-created_at", "-id")
    )


# Per-row subqueries rather than a join + GROUP BY: the database then only sums the lines of
# the page it returns, and the paginator's COUNT needs no join (bench: 5.8 s → 10 ms at
# 200,000 orders).
_LINES = OrderLine.objects.filter(order_id=OuterRef("pk")).order_by().values("order_id")
_LINE_COUNT = Coalesce(Subquery(_LINES.annotate(n=Count("id")).values("n")), 0)
_TOTAL_QUANTITY = Subquery(_LINES.annotate(q=Sum("quantity")).values("q"))


def get_order_for_user(*, user: User, number: str) -> PurchaseOrder:
    """One order by its public number, or 404 if the user may not see it."""
    order = (
        order_queryset(user=user)
        .select_related("customer", "facility", "facility__supplier", "created_by", "confirmed_by")
        .filter(number=number)
        .first()
    )
    if order is None:
        raise Http404("Not found.")
    return order


def order_lines(*, order: PurchaseOrder) -> list[OrderLine]:
    return list(order.lines.select_related("product", "product__category").order_by("id"))


def order_filter_choices(*, user: User) -> dict[str, list[tuple[Any, str]]]:
    """Options for the list's filters (only operators get customer and supplier lists)."""
    choices: dict[str, list[tuple[Any, str]]] = {
        "status": [(value, str(label)) for value, label in OrderStatus.choices],
        "customer": [],
        "supplier": [],
    }
    if user.is_operator:
        choices["customer"] = list(
            Organisation.objects.filter(kind=OrganisationKind.CUSTOMER)
            .order_by("name")
            .values_list("pk", "name")
        )
        choices["supplier"] = list(
            Supplier.objects.order_by("legal_name").values_list("pk", "legal_name")
        )
    return choices


def order_status_timeline(*, order: PurchaseOrder) -> list[dict[str, Any]]:
    """When the order reached each status (from the change log), oldest first; no actors."""
    labels = dict(OrderStatus.choices)
    records = history_for(order).filter(action__in=[ChangeAction.CREATE, ChangeAction.EVENT])
    steps: list[dict[str, Any]] = [
        {"status": OrderStatus.DRAFT, "label": labels[OrderStatus.DRAFT], "at": order.created_at}
    ]
    for record in reversed(list(records)):
        change = record.changes.get("status") if isinstance(record.changes, dict) else None
        if record.action == ChangeAction.EVENT and isinstance(change, list) and len(change) == 2:
            status = str(change[1])
            steps.append({"status": status, "label": labels.get(status, status), "at": record.at})
    return steps


def order_history(*, user: User, order: PurchaseOrder) -> list[ChangeRecord]:
    """The change log of the order and of its gate exceptions, newest first, for the roles
    that may see history (others get an empty list)."""
    if not can(user, Action.VIEW_HISTORY):
        return []
    exception_ids = [str(pk) for pk in order.gate_exceptions.values_list("pk", flat=True)]
    records = ChangeRecord.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(PurchaseOrder), object_id=str(order.pk))
        | Q(
            content_type=ContentType.objects.get_for_model(GateException),
            object_id__in=exception_ids,
        )
    )
    return list(records.select_related("content_type").order_by("-at", "-id"))


def order_exceptions(*, user: User, order: PurchaseOrder) -> list[GateException]:
    """All exceptions of one order, for operator roles (others see the one used, in the verdict)."""
    if not user.is_operator:
        return []
    return list(order.gate_exceptions.select_related("granted_by", "revoked_by"))


def customer_by_code(*, user: User, code: str) -> Organisation:
    """A customer organisation by code, for operator roles (who place orders for customers)."""
    _require_operator(user)
    found = Organisation.objects.filter(kind=OrganisationKind.CUSTOMER, code=code).first()
    if found is None:
        raise Http404("Not found.")
    return found


def facility_by_code(*, user: User, code: str) -> Facility:
    """A facility by code, for operator roles (who see the whole registry)."""
    _require_operator(user)
    found = Facility.objects.filter(code=code).first()
    if found is None:
        raise Http404("Not found.")
    return found


# --------------------------------------------------------------------------- products


def product_list(*, user: User, q: str = "", customer: int | None = None) -> QuerySet[Product]:
    products = product_queryset(user=user).select_related("customer", "category")
    if customer:
        products = products.filter(customer_id=customer)
    if q:
        q = q.strip()
        products = products.filter(Q(sku__icontains=q) | Q(name__icontains=q))
    return products.order_by("customer__name", "sku")


def get_product_for_user(*, user: User, pk: int) -> Product:
    product = product_queryset(user=user).select_related("customer", "category").filter(pk=pk)
    found = product.first()
    if found is None:
        raise Http404("Not found.")
    return found


def get_product_by_sku(*, user: User, customer: Organisation, sku: str) -> Product:
    found = product_queryset(user=user).filter(customer=customer, sku=sku).first()
    if found is None:
        raise Http404("Not found.")
    return found


# --------------------------------------------------------------------------- exceptions


def gate_exception_list(*, user: User, state: str = "") -> QuerySet[GateException]:
    """Gate exceptions (operator roles only): state '' all, 'active', 'expired', 'revoked'."""
    _require_operator(user)
    now = timezone.now()
    exceptions = GateException.objects.select_related(
        "order", "order__customer", "order__facility", "granted_by", "revoked_by"
    )
    if state == "active":
        exceptions = exceptions.filter(active_exceptions_q(now=now))
    elif state == "expired":
        exceptions = exceptions.filter(revoked_at__isnull=True, expires_at__lte=now)
    elif state == "revoked":
        exceptions = exceptions.filter(revoked_at__isnull=False)
    return exceptions.order_by("-created_at", "-id")


def get_gate_exception_for_user(*, user: User, pk: int) -> GateException:
    found = gate_exception_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found


def exception_state(exception: GateException, *, now: dt.datetime | None = None) -> str:
    if exception.revoked_at is not None:
        return "revoked"
    return "active" if exception.expires_at > (now or timezone.now()) else "expired"


# --------------------------------------------------------------------------- dashboard

_PANEL_ITEMS = 5


def gate_state_snapshot() -> GateStateSnapshot | None:
    """The stored gate states' bookkeeping row (None before the first refresh)."""
    return GateStateSnapshot.objects.filter(pk=1).first()


def gate_states_for_reading() -> GateStateSnapshot | None:
    """The stored gate states to read "blocked by the gate" from, kept fresh enough; None while
    they are being computed.

    One behaviour for every reader (the dashboard panel, the order list's filter, the API):
    stale states (`gate_states.is_stale`) are still read and one refresh is enqueued after
    commit; with none stored yet, a database with at most `gate_states.sync_limit()`
    facilities with drafts is judged at once, a larger one gets None (and the refresh is
    enqueued), so that the reader says "being computed" rather than show an empty list.
    """
    from sourceproof.orders import gate_states  # it imports this module

    snapshot = gate_state_snapshot()
    if snapshot is None or snapshot.computed_at is None:
        snapshot = gate_states.gate_states_first_computation()
        return snapshot if snapshot.computed_at is not None else None
    if gate_states.is_stale(snapshot):
        gate_states.gate_states_request_refresh(snapshot=snapshot)
    return snapshot


def blocked_by_stored_states(
    orders: QuerySet[PurchaseOrder], *, gate_states: GateStateSnapshot
) -> QuerySet[PurchaseOrder]:
    """The drafts among `orders` that `gate_states` block (`stored_blocked_drafts`, with the
    category condition only when a category failed at that refresh): what the dashboard panel
    counts and the order list's "blocked by the gate" filter lists."""
    return stored_blocked_drafts(orders, categories=gate_states.blocked_categories > 0)


def being_computed_message() -> str:
    return _("Being computed; shown within a few minutes.")


def gate_states_as_of(gate_states: GateStateSnapshot) -> str:
    """When the stored states were computed: "as of 14:05" (with the date when not today)."""
    assert gate_states.computed_at is not None
    return _as_of(gate_states.computed_at)


def _as_of(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    shape = "%H:%M" if local.date() == timezone.localdate() else "%Y-%m-%d %H:%M"
    return _("as of %(time)s") % {"time": local.strftime(shape)}


def _blocked_orders_panel(*, user: User) -> dict[str, Any]:
    """Orders blocked by the gate, read from the stored gate states (three queries).

    Stale states (older than `gate_states.max_age()`) are shown with their time and a refresh
    is enqueued; with none stored yet, a small database is judged at once and a large one
    shows "being computed" until the background task has run (docs/sourcing-gate.md).
    """
    panel: dict[str, Any] = {
        "key": "orders-blocked",
        "title": _("Orders blocked by the gate"),
        "url": reverse("orders:order_list") + "?blocked=1",
    }
    snapshot = gate_states_for_reading()
    if snapshot is None:
        return {
            **panel,
            "count": None,
            "items": [],
            "tone": "",
            "note": being_computed_message(),
        }
    blocked = blocked_by_stored_states(order_queryset(user=user), gate_states=snapshot)
    count = blocked.count()
    items = []
    for order in blocked.select_related("facility").order_by("agreed_ship_date", "id")[
        :_PANEL_ITEMS
    ]:
        failures = getattr(order, "gate_failures", None) or []
        items.append(
            {
                "label": f"{order.number} · {order.facility.name}",
                "url": reverse("orders:order_detail", args=[order.number]),
                "note": str(failures[0].get("reason", "")) if failures else "",
            }
        )
    return {
        **panel,
        "count": count,
        "items": items,
        "tone": "bad" if count else "ok",
        "note": gate_states_as_of(snapshot),
    }


def dashboard_panels(*, user: User) -> list[dict[str, Any]]:
    """Orders blocked by the gate (everyone who sees orders; from the stored gate states);
    open and soon-expiring gate exceptions (operator roles)."""
    if not can(user, Action.VIEW_ORDERS):
        return []
    panels: list[dict[str, Any]] = [_blocked_orders_panel(user=user)]
    if not user.is_operator:
        return panels

    now = timezone.now()
    active = GateException.objects.filter(active_exceptions_q(now=now)).select_related("order")
    week = now + dt.timedelta(days=7)
    for key, title, rows, tone in (
        ("exceptions-open", _("Open gate exceptions"), active, "warn"),
        (
            "exceptions-expiring",
            _("Exceptions expiring this week"),
            active.filter(expires_at__lte=week),
            "warn",
        ),
    ):
        total = rows.count()
        panels.append(
            {
                "key": key,
                "title": title,
                "count": total,
                "items": [
                    {
                        "label": e.order.number,
                        "url": reverse("orders:order_detail", args=[e.order.number]),
                        "note": _("expires %(day)s")
                        % {"day": timezone.localtime(e.expires_at).strftime("%Y-%m-%d %H:%M")},
                    }
                    for e in rows.order_by("expires_at")[:_PANEL_ITEMS]
                ],
                "url": reverse("orders:exception_list") + "?state=active",
                "tone": tone if total else "ok",
            }
        )
    return panels
