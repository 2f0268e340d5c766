"""Reads for the code of ethics, scoped by the acting user.

Scope: operator roles see every version (drafts too), every acknowledgement and every
supplier's state; a supplier user sees the current version, the versions its supplier signed
and its own supplier's acknowledgements; anyone else nothing (404).

A supplier's state for the current version is one of:

- `signed`: it signed the current version;
- `pending`: it has not, but it signed the previous version and the grace period has not ended
  (the gate still lets its orders through, with a warning);
- `overdue`: anything else (the gate blocks its orders).

Lists read in bulk: a supplier's state comes from annotations on the supplier query, so a page
runs the same number of queries for 10 suppliers as for 1,000.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sourceproof.accounts.models import Role
from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction, ChangeRecord
from sourceproof.ethics.gate_rules import EthicsFact, within_grace
from sourceproof.ethics.models import (
    LANGUAGE_CODES,
    Acknowledgement,
    CodeOfEthics,
    CodeStatus,
    CodeText,
    GlobalCompactPrinciple,
    PrincipleCoverage,
)
from sourceproof.facilities.models import Supplier

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

_CHUNK = 2000  # ids per IN (...) query: well under SQLite's variable limit
# A condition no row meets that still compiles to SQL (an empty IN (...) would make Django skip
# a whole aggregate query and answer zero for every count).
_NOBODY = Q(pk__isnull=True)


class SignState(enum.StrEnum):
    SIGNED = "signed"
    PENDING = "pending"
    OVERDUE = "overdue"


SIGN_STATE_LABELS = {
    SignState.SIGNED: gettext_lazy("Signed"),
    SignState.PENDING: gettext_lazy("Pending (within the grace period)"),
    SignState.OVERDUE: gettext_lazy("Overdue"),
}
SIGN_STATE_TONES = {SignState.SIGNED: "ok", SignState.PENDING: "warn", SignState.OVERDUE: "bad"}


# --------------------------------------------------------------------------- versions


@dataclass(frozen=True)
class PublishedCodes:
    """The current (published) version and the one it superseded, if any."""

    current: CodeOfEthics
    previous: CodeOfEthics | None

    @property
    def published_on(self) -> dt.date:
        assert self.current.published_at is not None
        return timezone.localdate(self.current.published_at)

    @property
    def grace_ends_on(self) -> dt.date:
        """The first day a signature of the previous version no longer counts."""
        return self.published_on + dt.timedelta(days=self.current.grace_days)

    def in_grace(self, today: dt.date) -> bool:
        return self.previous is not None and today < self.grace_ends_on


def published_codes(*, as_of: dt.datetime | None = None) -> PublishedCodes | None:
    """The current version and the previous one, in one query (None: nothing published).

    With `as_of`, the versions that were current and previous at that moment."""
    codes = CodeOfEthics.objects.exclude(status=CodeStatus.DRAFT)
    if as_of is not None:
        codes = codes.filter(published_at__lte=as_of)
    found = list(codes.order_by("-published_at", "-id")[:2])
    if not found or (as_of is None and found[0].status != CodeStatus.PUBLISHED):
        return None
    return PublishedCodes(current=found[0], previous=found[1] if len(found) > 1 else None)


def current_code() -> CodeOfEthics | None:
    return CodeOfEthics.objects.filter(status=CodeStatus.PUBLISHED).first()


def _supplier_of(user: User) -> Supplier | None:
    try:
        return user.organisation.supplier
    except Supplier.DoesNotExist:
        return None


def own_supplier(*, user: User) -> Supplier:
    """The supplier a supplier user acts for (404 for anyone else)."""
    require(user, Action.SIGN_CODE_OF_ETHICS)
    supplier = _supplier_of(user)
    if supplier is None:
        raise Http404("Not found.")
    return supplier


def code_queryset(*, user: User) -> QuerySet[CodeOfEthics]:
    """The versions the user may see: operators all; a supplier user the current one and those
    its supplier signed; anyone else 404."""
    codes = CodeOfEthics.objects.all()
    if can(user, Action.VIEW_CODES_OF_ETHICS):
        return codes
    supplier = own_supplier(user=user)
    signed = Acknowledgement.objects.filter(code_id=OuterRef("pk"), supplier=supplier)
    return codes.filter(Q(status=CodeStatus.PUBLISHED) | Q(Exists(signed)))


def code_list(*, user: User) -> QuerySet[CodeOfEthics]:
    """Versions, newest first, with how many suppliers signed each and how many texts it has."""
    return (
        code_queryset(user=user)
        .select_related("published_by", "created_by")
        .annotate(
            signed_count=Count("acknowledgements", distinct=True),
            text_count=Count("texts", distinct=True),
        )
        # Drafts first (no publication date), then the newest publication.
        .order_by(F("published_at").desc(nulls_first=True), "-created_at", "-id")
    )


def get_code_for_user(*, user: User, version: str) -> CodeOfEthics:
    found = (
        code_queryset(user=user)
        .select_related("published_by", "created_by")
        .filter(version=version)
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


def code_texts(*, code: CodeOfEthics) -> dict[str, CodeText]:
    """The version's texts by language, in the order of LANGUAGES."""
    texts = {t.language: t for t in code.texts.all()}
    return {lang: texts[lang] for lang in LANGUAGE_CODES if lang in texts}


def choose_language(available: Iterable[str], *, wanted: str = "", user: User | None = None) -> str:
    """The language to show: the one asked for, else the user's, else the interface's, else
    English, else the first available ("" when there is none)."""
    from django.utils import translation

    options = list(available)
    candidates = [wanted, getattr(user, "language", "") or "", translation.get_language() or ""]
    for candidate in candidates:
        code = (candidate or "").lower()
        if code in options:
            return code
        if code.startswith("zh") and "zh-hans" in options:
            return "zh-hans"
        if "-" in code and code.split("-")[0] in options:
            return code.split("-")[0]
    if "en" in options:
        return "en"
    return options[0] if options else ""


# --------------------------------------------------------------------------- principles


def principle_list(*, user: User) -> list[GlobalCompactPrinciple]:
    """The ten principles (operators and supplier users; anyone else 404)."""
    if not can(user, Action.VIEW_CODES_OF_ETHICS):
        own_supplier(user=user)
    return list(GlobalCompactPrinciple.objects.order_by("number"))


@dataclass(frozen=True)
class CoverageRow:
    principle: GlobalCompactPrinciple
    sections: str

    @property
    def covered(self) -> bool:
        return bool(self.sections.strip())


def code_coverage(*, code: CodeOfEthics) -> list[CoverageRow]:
    """Every principle with the sections of the version that cover it ("" = not covered)."""
    sections = dict(
        PrincipleCoverage.objects.filter(code=code).values_list("principle_id", "sections")
    )
    return [
        CoverageRow(principle=p, sections=sections.get(p.pk, ""))
        for p in GlobalCompactPrinciple.objects.order_by("number")
    ]


def uncovered_principles(rows: Sequence[CoverageRow]) -> list[GlobalCompactPrinciple]:
    return [r.principle for r in rows if not r.covered]


# --------------------------------------------------------------------------- supplier states


def with_signatures(
    suppliers: QuerySet[Supplier], codes: PublishedCodes, *, detail: bool = True
) -> QuerySet[Supplier]:
    """Annotate each supplier with when it signed the current version and whether it signed the
    previous one; with `detail` also who signed and the last version it signed (all as
    subqueries: still one query)."""
    acks = Acknowledgement.objects.filter(supplier_id=OuterRef("pk"))
    current = acks.filter(code=codes.current)
    previous: Any = (
        Exists(acks.filter(code=codes.previous))
        if codes.previous is not None
        else Value(False, output_field=BooleanField())
    )
    suppliers = suppliers.annotate(
        signed_current_at=Subquery(current.values("signed_at")[:1], output_field=DateTimeField()),
        signed_previous=previous,
    )
    if not detail:
        return suppliers
    last = acks.order_by("-code__published_at", "-signed_at")
    return suppliers.annotate(
        signed_current_by=Subquery(current.values("signer_name")[:1]),
        last_signed_version=Subquery(last.values("code__version")[:1]),
        last_signed_at=Subquery(last.values("signed_at")[:1], output_field=DateTimeField()),
    )


def _state_q(state: str, codes: PublishedCodes, today: dt.date) -> Q:
    signed = Q(signed_current_at__isnull=False)
    pending = (
        Q(signed_current_at__isnull=True, signed_previous=True)
        if codes.in_grace(today)
        else _NOBODY
    )
    if state == SignState.SIGNED:
        return signed
    if state == SignState.PENDING:
        return pending
    return ~signed & ~pending


def ethics_fact(
    *,
    supplier_name: str,
    codes: PublishedCodes,
    signed_current_at: dt.datetime | None,
    signed_previous: bool,
) -> EthicsFact:
    return EthicsFact(
        supplier_name=supplier_name,
        version=codes.current.version,
        published_on=codes.published_on,
        grace_days=codes.current.grace_days,
        signed_current_on=timezone.localdate(signed_current_at) if signed_current_at else None,
        previous_version=codes.previous.version if codes.previous else "",
        signed_previous=signed_previous,
    )


def state_of(fact: EthicsFact, today: dt.date) -> SignState:
    if fact.signed_current_on is not None:
        return SignState.SIGNED
    if within_grace(fact, today):
        return SignState.PENDING
    return SignState.OVERDUE


@dataclass(frozen=True)
class SupplierRow:
    supplier: Supplier
    state: SignState
    signed_at: dt.datetime | None
    signed_by: str
    last_signed_version: str
    last_signed_at: dt.datetime | None

    @property
    def tone(self) -> str:
        return SIGN_STATE_TONES[self.state]

    @property
    def state_label(self) -> str:
        return str(SIGN_STATE_LABELS[self.state])


@dataclass(frozen=True)
class SignatureFilters:
    state: str = ""  # signed, pending, overdue or "" for all
    q: str = ""  # supplier name or number contains


def _signature_queryset(
    codes: PublishedCodes, filters: SignatureFilters, today: dt.date
) -> QuerySet[Supplier]:
    suppliers = with_signatures(Supplier.objects.filter(is_active=True), codes)
    if filters.state in set(SignState):
        suppliers = suppliers.filter(_state_q(filters.state, codes, today))
    if filters.q:
        q = filters.q.strip()
        suppliers = suppliers.filter(Q(legal_name__icontains=q) | Q(supplier_number__icontains=q))
    return suppliers.order_by("legal_name", "pk")


def supplier_signature_list(
    *,
    user: User,
    codes: PublishedCodes,
    filters: SignatureFilters | None = None,
    today: dt.date | None = None,
) -> QuerySet[Supplier]:
    """Active suppliers with their signature of the current version (operators only)."""
    require(user, Action.VIEW_CODES_OF_ETHICS)
    return _signature_queryset(codes, filters or SignatureFilters(), today or timezone.localdate())


def supplier_rows(
    suppliers: Iterable[Supplier], *, codes: PublishedCodes, today: dt.date | None = None
) -> list[SupplierRow]:
    """Rows for a page of `supplier_signature_list` (no further queries)."""
    today = today or timezone.localdate()
    rows = []
    for s in suppliers:
        fact = ethics_fact(
            supplier_name=s.legal_name,
            codes=codes,
            signed_current_at=getattr(s, "signed_current_at", None),
            signed_previous=bool(getattr(s, "signed_previous", False)),
        )
        rows.append(
            SupplierRow(
                supplier=s,
                state=state_of(fact, today),
                signed_at=getattr(s, "signed_current_at", None),
                signed_by=getattr(s, "signed_current_by", None) or "",
                last_signed_version=getattr(s, "last_signed_version", None) or "",
                last_signed_at=getattr(s, "last_signed_at", None),
            )
        )
    return rows


def state_counts(*, codes: PublishedCodes, today: dt.date | None = None) -> dict[str, int]:
    """How many active suppliers are signed, pending and overdue (one query)."""
    today = today or timezone.localdate()
    suppliers = with_signatures(Supplier.objects.filter(is_active=True), codes, detail=False)
    counts = suppliers.aggregate(
        **{state.value: Count("pk", filter=_state_q(state, codes, today)) for state in SignState}
    )
    return {state.value: int(counts[state.value] or 0) for state in SignState}


def active_supplier_count() -> int:
    return Supplier.objects.filter(is_active=True).count()


@dataclass(frozen=True)
class SupplierStatus:
    """A supplier's standing with the code of ethics, for its own screens."""

    codes: PublishedCodes | None
    state: SignState | None  # None: nothing published
    acknowledgement: Acknowledgement | None  # of the current version
    fact: EthicsFact | None

    @property
    def must_sign(self) -> bool:
        return self.state in {SignState.PENDING, SignState.OVERDUE}

    @property
    def grace_ends_on(self) -> dt.date | None:
        if self.codes is None or self.state != SignState.PENDING:
            return None
        return self.codes.grace_ends_on


def supplier_status(*, supplier: Supplier, today: dt.date | None = None) -> SupplierStatus:
    """The supplier's state for the current version (three queries at most)."""
    codes = published_codes()
    if codes is None:
        return SupplierStatus(codes=None, state=None, acknowledgement=None, fact=None)
    today = today or timezone.localdate()
    ack = Acknowledgement.objects.filter(code=codes.current, supplier=supplier).first()
    signed_previous = (
        codes.previous is not None
        and Acknowledgement.objects.filter(code=codes.previous, supplier=supplier).exists()
    )
    fact = ethics_fact(
        supplier_name=supplier.legal_name,
        codes=codes,
        signed_current_at=ack.signed_at if ack else None,
        signed_previous=signed_previous,
    )
    return SupplierStatus(codes=codes, state=state_of(fact, today), acknowledgement=ack, fact=fact)


def gate_facts_for_suppliers(supplier_ids: Sequence[int]) -> dict[int, EthicsFact]:
    """An EthicsFact per supplier pk, for the sourcing gate: one query for the versions and one
    per 2,000 suppliers; {} when nothing is published."""
    codes = published_codes()
    if codes is None or not supplier_ids:
        return {}
    facts: dict[int, EthicsFact] = {}
    ids = list(supplier_ids)
    for start in range(0, len(ids), _CHUNK):
        suppliers = with_signatures(
            Supplier.objects.filter(pk__in=ids[start : start + _CHUNK]), codes, detail=False
        )
        for s in suppliers.order_by().only("id", "legal_name"):
            facts[s.pk] = ethics_fact(
                supplier_name=s.legal_name,
                codes=codes,
                signed_current_at=getattr(s, "signed_current_at", None),
                signed_previous=bool(getattr(s, "signed_previous", False)),
            )
    return facts


# --------------------------------------------------------------------------- acknowledgements


@dataclass(frozen=True)
class AcknowledgementFilters:
    version: str = ""
    supplier: int | None = None  # supplier pk (operators)


def acknowledgement_list(
    *, user: User, filters: AcknowledgementFilters | None = None
) -> QuerySet[Acknowledgement]:
    """Signatures the user may see: operators all; a supplier user its own supplier's."""
    filters = filters or AcknowledgementFilters()
    acks = Acknowledgement.objects.select_related("code", "supplier", "user")
    if not can(user, Action.VIEW_CODES_OF_ETHICS):
        acks = acks.filter(supplier=own_supplier(user=user))
    elif filters.supplier:
        acks = acks.filter(supplier_id=filters.supplier)
    if filters.version:
        acks = acks.filter(code__version=filters.version)
    return acks.order_by("-signed_at", "-id")


def get_acknowledgement_for_user(*, user: User, pk: int) -> Acknowledgement:
    found = acknowledgement_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found


SIGNED_FIELDS = (
    "code_id",
    "supplier_id",
    "signer_name",
    "signer_role",
    "user_id",
    "user_email",
    "signed_at",
    "ip_address",
    "user_agent",
    "language",
    "content_sha256",
)


def acknowledgement_log_values(ack: Acknowledgement) -> dict[str, Any]:
    """The values a signature's change-log entry records (plain JSON values)."""
    from sourceproof.core.changelog import snapshot

    return snapshot(ack, SIGNED_FIELDS)


def acknowledgement_matches_log(ack: Acknowledgement) -> bool | None:
    """Whether the stored signature still equals what the (hash-chained) change log recorded
    when it was made; None when the log has no entry for it."""
    record = history_for(ack).filter(action=ChangeAction.CREATE).order_by("id").first()
    if record is None:
        return None
    logged = {k: v[1] for k, v in record.changes.items() if isinstance(v, list) and len(v) == 2}
    return all(logged.get(k) == v for k, v in acknowledgement_log_values(ack).items())


# --------------------------------------------------------------------------- history


def code_history(*, user: User, code: CodeOfEthics) -> list[ChangeRecord]:
    """The change log of a version, its texts and coverage (roles that see history only)."""
    if not can(user, Action.VIEW_HISTORY):
        return []
    text_ids = [str(pk) for pk in code.texts.values_list("pk", flat=True)]
    records = ChangeRecord.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(CodeOfEthics), object_id=str(code.pk))
        | Q(content_type=ContentType.objects.get_for_model(CodeText), object_id__in=text_ids)
    )
    return list(records.select_related("content_type").order_by("-at", "-id"))


def acknowledgement_history(*, user: User, ack: Acknowledgement) -> list[ChangeRecord]:
    if not can(user, Action.VIEW_HISTORY):
        return []
    return list(history_for(ack).order_by("-at", "-id"))


# --------------------------------------------------------------------------- dashboard

_PANEL_ITEMS = 5


def dashboard_panels(*, user: User) -> list[dict[str, Any]]:
    """Operators: suppliers yet to sign the current version. Supplier users: a request to sign,
    when their supplier must."""
    if can(user, Action.VIEW_CODES_OF_ETHICS):
        return _operator_panels()
    if user.role == Role.SUPPLIER_USER and can(user, Action.SIGN_CODE_OF_ETHICS):
        supplier = _supplier_of(user)
        return _supplier_panels(supplier) if supplier is not None else []
    return []


def _operator_panels() -> list[dict[str, Any]]:
    codes = published_codes()
    if codes is None:
        return []
    today = timezone.localdate()
    counts = state_counts(codes=codes, today=today)
    count = counts[SignState.PENDING] + counts[SignState.OVERDUE]
    unsigned = _signature_queryset(codes, SignatureFilters(state=SignState.OVERDUE), today)[
        :_PANEL_ITEMS
    ]
    items = [
        {
            "label": s.legal_name,
            "url": reverse("ethics:signature_list") + f"?q={s.supplier_number}",
            "note": _("overdue"),
        }
        for s in unsigned
    ]
    if len(items) < _PANEL_ITEMS and counts[SignState.PENDING]:
        items.append(
            {
                "label": _("%(n)s within the grace period") % {"n": counts[SignState.PENDING]},
                "url": reverse("ethics:signature_list") + "?state=pending",
                "note": _("until %(day)s") % {"day": codes.grace_ends_on.isoformat()},
            }
        )
    tone = "bad" if counts[SignState.OVERDUE] else ("warn" if count else "ok")
    return [
        {
            "key": "ethics-unsigned",
            "title": _("Suppliers yet to sign the code of ethics %(version)s")
            % {"version": codes.current.label},
            "count": count,
            "items": items,
            "url": reverse("ethics:signature_list"),
            "tone": tone,
        }
    ]


def _supplier_panels(supplier: Supplier) -> list[dict[str, Any]]:
    status = supplier_status(supplier=supplier)
    if not status.must_sign or status.codes is None:
        return []
    label = status.codes.current.label
    if status.state == SignState.PENDING:
        note = _("before %(day)s") % {"day": status.codes.grace_ends_on.isoformat()}
        tone = "warn"
    else:
        note = _("your orders are on hold until you sign")
        tone = "bad"
    return [
        {
            "key": "ethics-sign",
            "title": _("Please sign the code of ethics %(version)s") % {"version": label},
            "count": 1,
            "items": [
                {
                    "label": _("Read and sign the code of ethics %(version)s") % {"version": label},
                    "url": reverse("ethics:supplier_sign"),
                    "note": note,
                }
            ],
            "url": reverse("ethics:supplier_sign"),
            "tone": tone,
        }
    ]


# --------------------------------------------------------------------------- the annual report


def ethics_summary(*, year: int) -> dict[str, Any]:
    """The code of ethics for the annual CSR report, as at the end of `year` (or today, for the
    current year): the version then current, and how many active suppliers had signed it, were
    pending (within the grace period) or overdue. Suppliers are those active now and created by
    that day. No version published by then: version is None and the counts are zero."""
    today = timezone.localdate()
    end = min(dt.date(year, 12, 31), today)
    as_of = timezone.make_aware(dt.datetime.combine(end, dt.time.max))
    codes = published_codes(as_of=as_of)
    summary: dict[str, Any] = {
        "year": year,
        "as_of": end,
        "version": None,
        "published_on": None,
        "grace_ends_on": None,
        "suppliers": 0,
        "signed": 0,
        "pending": 0,
        "overdue": 0,
        "signatures_in_year": Acknowledgement.objects.filter(signed_at__year=year).count(),
        "versions_published_in_year": list(
            CodeOfEthics.objects.filter(published_at__year=year)
            .order_by("published_at")
            .values_list("version", flat=True)
        ),
    }
    if codes is None:
        return summary
    suppliers = Supplier.objects.filter(is_active=True, created_at__lte=as_of)
    acks = Acknowledgement.objects.filter(supplier_id=OuterRef("pk"), signed_at__lte=as_of)
    signed = Exists(acks.filter(code=codes.current))
    previous = (
        Exists(acks.filter(code=codes.previous))
        if codes.previous is not None
        else Value(False, output_field=BooleanField())
    )
    annotated = suppliers.annotate(signed=signed, signed_prev=previous)
    pending = Q(signed=False, signed_prev=True) if codes.in_grace(end) else _NOBODY
    counts = annotated.aggregate(
        total=Count("pk"),
        signed_n=Count("pk", filter=Q(signed=True)),
        pending_n=Count("pk", filter=pending),
    )
    total, signed_n, pending_n = (
        int(counts["total"] or 0),
        int(counts["signed_n"] or 0),
        int(counts["pending_n"] or 0),
    )
    summary.update(
        version=codes.current.version,
        published_on=codes.published_on,
        grace_ends_on=codes.grace_ends_on if codes.previous is not None else None,
        suppliers=total,
        signed=signed_n,
        pending=pending_n,
        overdue=total - signed_n - pending_n,
    )
    return summary


def csr_block(*, user: User | None, year: int | None) -> dict[str, Any] | None:
    """The code-of-ethics block of the CSR dashboard and the annual CSR report (the contract in
    docs/csr.md): `ethics_summary` as a title, label/value facts and a link.

    `user` None is the report's renderer (the report was already authorised); a user who may
    not read the codes of ethics gets no block. `year` None is the current year.
    """
    if user is not None and not can(user, Action.VIEW_CODES_OF_ETHICS):
        return None
    summary = ethics_summary(year=year or timezone.localdate().year)
    facts: list[list[str]] = []
    if summary["version"] is None:
        facts.append([_("Current version"), _("none published yet")])
    else:
        facts += [
            [
                _("Current version"),
                _("v%(version)s (published %(day)s)")
                % {"version": summary["version"], "day": summary["published_on"].isoformat()},
            ],
            [
                _("Suppliers signed"),
                _("%(signed)d of %(total)d")
                % {"signed": summary["signed"], "total": summary["suppliers"]},
            ],
            [_("Pending (within the grace period)"), str(summary["pending"])],
            [_("Overdue"), str(summary["overdue"])],
        ]
    facts.append(
        [
            _("Signatures in %(year)d") % {"year": summary["year"]},
            str(summary["signatures_in_year"]),
        ]
    )
    published = summary["versions_published_in_year"]
    if published:
        facts.append(
            [
                _("Versions published in %(year)d") % {"year": summary["year"]},
                ", ".join(f"v{v}" for v in published),
            ]
        )
    return {"title": _("Code of ethics"), "facts": facts, "url": reverse("ethics:index")}
