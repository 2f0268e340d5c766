"""Writes to the facility registry. Each records itself in the change log.

Services validate what they are given (`full_clean`) and raise Django's `ValidationError` with
messages per field, so the pages and the API refuse bad input the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sourceproof.accounts.models import Organisation, OrganisationKind, Role
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction
from sourceproof.facilities.countries import validate_country_code
from sourceproof.facilities.models import (
    Certificate,
    CountryRisk,
    Facility,
    ProductCategory,
    RiskClass,
    Supplier,
)
from sourceproof.facilities.normalise import facility_match_key

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

FACILITY_CODE_PREFIX = "FAC-"
_FACILITY_CODE = re.compile(r"^FAC-(\d+)$")

SUPPLIER_FIELDS = (
    "legal_name",
    "supplier_number",
    "country",
    "sedex_zc",
    "contact_name",
    "contact_email",
    "contact_phone",
    "address",
    "is_active",
)
FACILITY_FIELDS = (
    "supplier",
    "name",
    "address",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "os_id",
    "sedex_zs",
    "amfori_id",
    "worker_count",
)
CERTIFICATE_FIELDS = ("scheme", "issuer", "number", "valid_from", "valid_until")
_SNAPSHOT_FACILITY = (*[f"{f}_id" if f == "supplier" else f for f in FACILITY_FIELDS],)


def _check_fields(given: Iterable[str], allowed: Iterable[str]) -> None:
    unknown = set(given) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def _created(values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in values.items() if v not in (None, "", [])}


def _full_clean(obj: Any, exclude: Iterable[str] = (), checks: Iterable[Any] = ()) -> None:
    """Validate the model's fields and unique fields, that its country is a known ISO code, and
    the extra checks; raise one ValidationError with every problem by field.

    The models' multi-field constraints (coordinates together, valid date range, OS ID unique
    when given) are checked by the `checks`, which name the field; Django's own constraint
    messages name only the constraint, so they are not used here.
    """
    errors: dict[str, list[str]] = {}
    full_clean = lambda: obj.full_clean(exclude=list(exclude), validate_constraints=False)  # noqa: E731
    for check in (full_clean, _country_check(obj), *checks):
        try:
            check()
        except ValidationError as exc:
            for field, messages in exc.update_error_dict({}).items():
                for message in ValidationError(messages).messages:
                    if message not in errors.get(field, []):
                        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


def _country_check(obj: Any) -> Any:
    def check() -> None:
        country = getattr(obj, "country", None)
        if country:
            try:
                validate_country_code(country)
            except ValidationError as exc:
                raise ValidationError({"country": exc.messages}) from exc

    return check


# --- suppliers ----------------------------------------------------------------------------


def _organisation_code(legal_name: str, supplier_number: str) -> str:
    base = slugify(f"{legal_name}")[:30].strip("-") or "supplier"
    code = base
    n = 1
    while Organisation.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{slugify(supplier_number)[:6] or n}" if n == 2 else f"{base}-{n}"
    return code[:40]


@transaction.atomic
def supplier_create(*, by: User | None, **fields: Any) -> Supplier:
    """Create a supplier and its organisation (kind supplier), whose users act for it."""
    _check_fields(fields, SUPPLIER_FIELDS)
    supplier = Supplier(**fields)
    _full_clean(supplier, exclude=["organisation"])
    organisation = Organisation.objects.create(
        name=supplier.legal_name[:200],
        kind=OrganisationKind.SUPPLIER,
        code=_organisation_code(supplier.legal_name, supplier.supplier_number),
        country=supplier.country,
        is_active=supplier.is_active,
    )
    supplier.organisation = organisation
    supplier.save()
    record_change(
        obj=supplier,
        actor=by,
        action=ChangeAction.CREATE,
        changes=_created(snapshot(supplier, SUPPLIER_FIELDS)),
    )
    return supplier


@transaction.atomic
def supplier_update(*, supplier: Supplier, by: User | None, **fields: Any) -> Supplier:
    _check_fields(fields, SUPPLIER_FIELDS)
    before = snapshot(supplier, SUPPLIER_FIELDS)
    for name, value in fields.items():
        setattr(supplier, name, value)
    _full_clean(supplier)
    changes = diff(before, snapshot(supplier, SUPPLIER_FIELDS))
    if not changes:
        return supplier
    supplier.save()
    organisation = supplier.organisation
    org_fields = []
    if "legal_name" in changes and organisation.name == before["legal_name"]:
        organisation.name = supplier.legal_name[:200]
        org_fields.append("name")
    if "is_active" in changes:
        organisation.is_active = supplier.is_active
        org_fields.append("is_active")
    if org_fields:
        organisation.save(update_fields=[*org_fields, "updated_at"])
    record_change(obj=supplier, actor=by, action=ChangeAction.UPDATE, changes=changes)
    return supplier


# --- facilities ---------------------------------------------------------------------------


def facility_next_code() -> str:
    """The next free public facility code: FAC-00001, FAC-00002, … (five digits or more)."""
    last = (
        Facility.objects.filter(code__startswith=FACILITY_CODE_PREFIX, code__regex=r"^FAC-[0-9]+$")
        .annotate(code_length=Length("code"))
        .order_by("-code_length", "-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last[len(FACILITY_CODE_PREFIX) :]) + 1 if last else 1
    return f"{FACILITY_CODE_PREFIX}{number:05d}"


def _check_coordinates(facility: Facility) -> None:
    """Latitude and longitude come together or not at all; say which one is missing."""
    if facility.latitude is not None and facility.longitude is None:
        raise ValidationError({"longitude": _("Give the longitude too, or neither.")})
    if facility.longitude is not None and facility.latitude is None:
        raise ValidationError({"latitude": _("Give the latitude too, or neither.")})


def _check_os_id(facility: Facility) -> None:
    if (
        facility.os_id
        and Facility.objects.filter(os_id=facility.os_id).exclude(pk=facility.pk).exists()
    ):
        raise ValidationError({"os_id": _("Another facility already has this OS ID.")})


def _facility_snapshot(facility: Facility) -> dict[str, Any]:
    values = snapshot(facility, _SNAPSHOT_FACILITY)
    values["supplier"] = values.pop("supplier_id")
    return values


def _category_codes(categories: Iterable[ProductCategory]) -> list[str]:
    return sorted(c.code for c in categories)


@transaction.atomic
def facility_create(
    *,
    by: User | None,
    product_categories: Iterable[ProductCategory] = (),
    code: str = "",
    **fields: Any,
) -> Facility:
    """Create a facility with a generated public code (unless one is given) and its match key."""
    _check_fields(fields, FACILITY_FIELDS)
    facility = Facility(**fields)
    facility.os_id = (facility.os_id or "").strip().upper()
    facility.match_key = facility_match_key(facility.name, facility.address, facility.country)
    facility.code = code or facility_next_code()
    _full_clean(
        facility,
        exclude=["code"] if not code else [],
        checks=[lambda: _check_coordinates(facility), lambda: _check_os_id(facility)],
    )
    categories = list(product_categories)
    for attempt in range(5):
        try:
            with transaction.atomic():
                facility.save(force_insert=True)
            break
        except IntegrityError:
            # Someone else took the code between reading and writing: take the next one.
            if code or attempt == 4 or not Facility.objects.filter(code=facility.code).exists():
                raise
            facility.code = facility_next_code()
            facility.pk = None
    facility.product_categories.set(categories)
    changes = _created(_facility_snapshot(facility))
    changes["code"] = [None, facility.code]
    if categories:
        changes["product_categories"] = [None, _category_codes(categories)]
    record_change(obj=facility, actor=by, action=ChangeAction.CREATE, changes=changes)
    return facility


@transaction.atomic
def facility_update(
    *,
    facility: Facility,
    by: User | None,
    product_categories: Iterable[ProductCategory] | None = None,
    **fields: Any,
) -> Facility:
    _check_fields(fields, FACILITY_FIELDS)
    before = _facility_snapshot(facility)
    before_categories = _category_codes(facility.product_categories.all())
    for name, value in fields.items():
        setattr(facility, name, value)
    facility.os_id = (facility.os_id or "").strip().upper()
    facility.match_key = facility_match_key(facility.name, facility.address, facility.country)
    _full_clean(
        facility,
        checks=[lambda: _check_coordinates(facility), lambda: _check_os_id(facility)],
    )
    changes = diff(before, _facility_snapshot(facility))
    if product_categories is not None:
        categories = list(product_categories)
        after_categories = _category_codes(categories)
        if after_categories != before_categories:
            changes["product_categories"] = [before_categories, after_categories]
            facility.product_categories.set(categories)
    if changes:
        facility.save()
        record_change(obj=facility, actor=by, action=ChangeAction.UPDATE, changes=changes)
    return facility


@transaction.atomic
def facility_suspend(*, facility: Facility, by: User | None, reason: str) -> Facility:
    """Suspend a facility (no new orders), with the reason why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for suspending the facility.")})
    if facility.is_suspended:
        raise ValidationError(_("The facility is already suspended."))
    facility.is_suspended = True
    facility.suspension_reason = reason[:300]
    facility.save(update_fields=["is_suspended", "suspension_reason", "updated_at"])
    record_change(
        obj=facility,
        actor=by,
        action=ChangeAction.EVENT,
        changes={
            "is_suspended": [False, True],
            "suspension_reason": ["", facility.suspension_reason],
        },
        summary=_("Suspended: %(reason)s") % {"reason": facility.suspension_reason},
    )
    return facility


@transaction.atomic
def facility_unsuspend(*, facility: Facility, by: User | None, reason: str) -> Facility:
    """Lift a suspension, with the reason why (kept in the change log)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for lifting the suspension.")})
    if not facility.is_suspended:
        raise ValidationError(_("The facility is not suspended."))
    old_reason = facility.suspension_reason
    facility.is_suspended = False
    facility.suspension_reason = ""
    facility.save(update_fields=["is_suspended", "suspension_reason", "updated_at"])
    record_change(
        obj=facility,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"is_suspended": [True, False], "suspension_reason": [old_reason, ""]},
        summary=_("Suspension lifted: %(reason)s") % {"reason": reason[:250]},
    )
    return facility


# --- certificate documents ----------------------------------------------------------------

_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def document_kind(upload: IO[bytes]) -> str:
    """The document's type judged by its content: pdf, jpg, png or webp.

    Raises ValidationError for anything else, whatever the file is called.
    """
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf"
    try:
        with Image.open(upload) as image:
            kind = _IMAGE_FORMATS.get(image.format or "")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("The file is not a PDF, JPEG, PNG or WebP document (judged by its content)."),
            code="bad_type",
        ) from exc
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError(
            _("The file is not a PDF, JPEG, PNG or WebP document (judged by its content)."),
            code="bad_type",
        )
    return kind


def document_check(upload: UploadedFile) -> str:
    """Check an uploaded certificate document: size, then type by content. Returns the kind."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the most allowed is %(max)s MB.")
            % {
                "size": f"{size / 1_048_576:.1f}",
                "max": f"{settings.UPLOAD_MAX_BYTES / 1_048_576:.1f}",
            },
            code="too_large",
        )
    return document_kind(upload)


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _attach_document(certificate: Certificate, upload: UploadedFile) -> None:
    try:
        kind = document_check(upload)
    except ValidationError as exc:
        raise ValidationError({"document": exc.messages}) from exc
    stem = slugify((upload.name or "certificate").rsplit(".", 1)[0])[:60] or "certificate"
    upload.name = f"{stem}.{kind}"
    certificate.document = upload
    certificate.document_sha256 = _sha256(upload)


def _discard_new_file(certificate: Certificate) -> None:
    if certificate.document and certificate.document.name:
        certificate.document.storage.delete(certificate.document.name)


# --- certificates -------------------------------------------------------------------------


def _certificate_snapshot(certificate: Certificate) -> dict[str, Any]:
    return snapshot(certificate, (*CERTIFICATE_FIELDS, "document", "document_sha256"))


def _check_dates(certificate: Certificate) -> None:
    if (
        isinstance(certificate.valid_from, dt.date)
        and isinstance(certificate.valid_until, dt.date)
        and certificate.valid_until < certificate.valid_from
    ):
        raise ValidationError(
            {"valid_until": _("The last valid day cannot be before the first valid day.")}
        )


@transaction.atomic
def certificate_create(
    *, facility: Facility, by: User | None, document: UploadedFile | None = None, **fields: Any
) -> Certificate:
    """Add a certificate to a facility. The document is checked by content before anything is
    stored; a refused document leaves no certificate and no file."""
    _check_fields(fields, CERTIFICATE_FIELDS)
    certificate = Certificate(facility=facility, **fields)
    _full_clean(
        certificate,
        exclude=["document", "document_sha256"],
        checks=[lambda: _check_dates(certificate)],
    )
    if document is not None:
        _attach_document(certificate, document)
    try:
        certificate.save()
        record_change(
            obj=certificate,
            actor=by,
            action=ChangeAction.CREATE,
            changes={
                "facility": [None, facility.code],
                **_created(_certificate_snapshot(certificate)),
            },
        )
    except Exception:
        # The row is rolled back: the stored file must not stay behind either.
        if document is not None:
            _discard_new_file(certificate)
        raise
    return certificate


@transaction.atomic
def certificate_update(
    *,
    certificate: Certificate,
    by: User | None,
    document: UploadedFile | None = None,
    **fields: Any,
) -> Certificate:
    """Change a certificate; a new document replaces the old one (the old file is kept, so the
    change log's earlier SHA-256 can still be checked)."""
    _check_fields(fields, CERTIFICATE_FIELDS)
    before = _certificate_snapshot(certificate)
    for name, value in fields.items():
        setattr(certificate, name, value)
    _full_clean(
        certificate,
        exclude=["document", "document_sha256"],
        checks=[lambda: _check_dates(certificate)],
    )
    if document is not None:
        _attach_document(certificate, document)
    if document is None and not diff(before, _certificate_snapshot(certificate)):
        return certificate
    try:
        certificate.save()
        changes = diff(before, _certificate_snapshot(certificate))
        record_change(obj=certificate, actor=by, action=ChangeAction.UPDATE, changes=changes)
    except Exception:
        if document is not None:
            _discard_new_file(certificate)
        raise
    return certificate


@transaction.atomic
def certificate_delete(*, certificate: Certificate, by: User | None) -> None:
    """Delete a certificate. Its document file stays in storage as evidence of what was held;
    the change log keeps its name and SHA-256."""
    facility = certificate.facility
    values = _certificate_snapshot(certificate)
    label = str(certificate)
    record_change(
        obj=certificate,
        actor=by,
        action=ChangeAction.DELETE,
        changes={k: [v, None] for k, v in values.items() if v not in (None, "")},
    )
    record_change(
        obj=facility,
        actor=by,
        action=ChangeAction.EVENT,
        summary=_("Certificate deleted: %(certificate)s") % {"certificate": label},
        changes={"certificate": [label, None]},
    )
    certificate.delete()


# --- country risk -------------------------------------------------------------------------


@transaction.atomic
def country_risk_update(
    *, country_risk: CountryRisk, by: User | None, risk_class: str, source: str, year: int
) -> CountryRisk:
    """Set a country's risk class, with the source and year it was taken from."""
    if risk_class not in RiskClass.values:
        raise ValidationError({"risk_class": _("Choose low, risk or no_sourcing.")})
    before = snapshot(country_risk, ("risk_class", "source", "year"))
    country_risk.risk_class = risk_class
    country_risk.source = source.strip()
    country_risk.year = year
    _full_clean(country_risk)
    changes = diff(before, snapshot(country_risk, ("risk_class", "source", "year")))
    if changes:
        country_risk.save()
        record_change(obj=country_risk, actor=by, action=ChangeAction.UPDATE, changes=changes)
    return country_risk


# --- certificate digest -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DigestMessage:
    recipient: str
    subject: str
    body: str
    expired: int
    expiring: int


DIGEST_OPERATOR_ROLES = (Role.CSR_MANAGER, Role.QUALITY_MANAGER)


def _digest_recipients() -> list[User]:
    """Active operator CSR and quality managers, and active supplier users, with an email."""
    from sourceproof.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            organisation__is_active=True,
            role__in=[*DIGEST_OPERATOR_ROLES, Role.SUPPLIER_USER],
        )
        .exclude(email="")
        .select_related("organisation")
        .order_by("email")
    )


def certificate_digest_messages(*, today: dt.date | None = None) -> list[DigestMessage]:
    """One message per recipient with expired and soon-to-expire certificates in their scope:
    operator CSR and quality managers hear about every facility, a supplier's users about
    their own facilities. A recipient with nothing to report gets nothing."""
    from sourceproof.facilities import selectors

    policy = selectors.current_policy(today)
    messages = []
    for user in _digest_recipients():
        certificates = list(
            selectors.certificate_list(
                user=user, state=selectors.CertificateListState.ATTENTION, today=policy.today
            )
        )
        if not certificates:
            continue
        rows: list[dict[str, Any]] = [
            {
                "certificate": c,
                "status": selectors.certificate_state(c, policy.today, policy.warning_days),
                "url": settings.SITE_URL
                + reverse("facilities:facility_detail", args=[c.facility.code]),
            }
            for c in certificates
        ]
        expired = [r for r in rows if r["status"].state == selectors.CertificateState.EXPIRED]
        expiring = [r for r in rows if r["status"].state != selectors.CertificateState.EXPIRED]
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "expired": expired,
                "expiring": expiring,
                "total": len(rows),
                "policy": policy,
                "list_url": settings.SITE_URL + reverse("facilities:certificate_list"),
            }
            subject = " ".join(
                render_to_string("facilities/email/certificate_digest_subject.txt", context).split()
            )
            body = render_to_string("facilities/email/certificate_digest.txt", context)
        messages.append(
            DigestMessage(
                recipient=user.email,
                subject=subject,
                body=body,
                expired=len(expired),
                expiring=len(expiring),
            )
        )
    return messages


def certificate_digest_send(
    *, today: dt.date | None = None, dry_run: bool = False
) -> list[DigestMessage]:
    """Email the certificate digest (see `certificate_digest_messages`); with dry_run, only
    compose it. Returns the messages."""
    messages = certificate_digest_messages(today=today)
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
