"""Writes for the code of ethics: draft a version, edit it, publish it, sign it, remind.

Every write is recorded in the change log (`record_change`), whose hash chain makes the
record tamper-evident: a signature's entry holds every value of the signature (who, when,
from which IP address, in which language, the SHA-256 of the text shown), so an edited row
no longer matches its entry (`selectors.acknowledgement_matches_log`).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Role
from sourceproof.accounts.permissions import Action, require
from sourceproof.core.changelog import record_change, snapshot
from sourceproof.core.models import ChangeAction
from sourceproof.ethics import markup
from sourceproof.ethics.files import check_pdf, sha256_of
from sourceproof.ethics.models import (
    GRACE_DAYS_MAX,
    LANGUAGE_CODES,
    Acknowledgement,
    CodeOfEthics,
    CodeStatus,
    CodeText,
    EthicsPolicy,
    GlobalCompactPrinciple,
    PrincipleCoverage,
    version_validator,
)
from sourceproof.ethics.selectors import (
    SignState,
    acknowledgement_log_values,
    published_codes,
    supplier_rows,
    with_signatures,
)
from sourceproof.facilities.models import Supplier

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

CODE_FIELDS = ("version", "effective_date", "grace_days", "notes")
NAME_MIN_LENGTH = 2


@dataclass(frozen=True)
class TextInput:
    """A version's text in one language. Title and body both empty (and no PDF) removes the
    language from a draft."""

    language: str
    title: str
    body: str
    pdf: UploadedFile | None = None
    remove_pdf: bool = False


# --------------------------------------------------------------------------- drafting


def _check_version(version: str, *, exclude_pk: int | None = None) -> str:
    version = (version or "").strip().lstrip("vV")
    try:
        version_validator(version)
    except ValidationError as exc:
        raise ValidationError({"version": exc.messages}) from exc
    taken = CodeOfEthics.objects.filter(version=version)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"version": _("Version %(v)s already exists.") % {"v": version}})
    return version


def _check_grace_days(grace_days: int) -> int:
    if not 0 <= grace_days <= GRACE_DAYS_MAX:
        raise ValidationError(
            {"grace_days": _("Choose 0 to %(max)s days.") % {"max": GRACE_DAYS_MAX}}
        )
    return grace_days


def next_version_label() -> str:
    """The next whole version number after the highest one (1 for the first)."""
    highest = 0
    for version in CodeOfEthics.objects.values_list("version", flat=True):
        highest = max(highest, int(version.split(".")[0]))
    return str(highest + 1)


def _apply_texts(code: CodeOfEthics, texts: Sequence[TextInput], by: User) -> None:
    existing = {t.language: t for t in code.texts.all()}
    errors: dict[str, list[str]] = {}
    for given in texts:
        lang = given.language
        if lang not in LANGUAGE_CODES:
            errors.setdefault("texts", []).append(_("Unknown language: %(l)s") % {"l": lang})
            continue
        title, body = given.title.strip(), markup.normalise(given.body)
        text = existing.get(lang)
        if not title and not body and given.pdf is None:
            if text is not None:
                record_change(
                    obj=text, actor=by, action=ChangeAction.DELETE, summary=f"{lang} text removed"
                )
                if text.pdf:
                    text.pdf.delete(save=False)
                text.delete()
            continue
        if not title or not body:
            errors.setdefault(f"{lang}-title" if not title else f"{lang}-body", []).append(
                _("Give both a title and the text.")
            )
            continue
        if given.pdf is not None:
            try:
                check_pdf(given.pdf)
            except ValidationError as exc:
                errors.setdefault(f"{lang}-pdf", []).extend(exc.messages)
                continue
        before = snapshot(text, ["title", "body", "sha256", "pdf", "pdf_sha256"]) if text else {}
        if text is None:
            text = CodeText(code=code, language=lang)
        text.title, text.body = title, body
        text.sha256 = markup.fingerprint(title, body)
        if given.pdf is not None:
            if text.pdf:
                text.pdf.delete(save=False)
            text.pdf_sha256 = sha256_of(given.pdf)
            text.pdf.save(f"code-of-ethics-v{code.version}-{lang}.pdf", given.pdf, save=False)
        elif given.remove_pdf and text.pdf:
            text.pdf.delete(save=False)
            text.pdf_sha256 = ""
        text.save()
        after = snapshot(text, ["title", "body", "sha256", "pdf", "pdf_sha256"])
        if before:
            record_change(
                obj=text, actor=by, action=ChangeAction.UPDATE, changes=_diff(before, after)
            )
        else:
            record_change(obj=text, actor=by, action=ChangeAction.CREATE, changes=_new(after))
    if errors:
        raise ValidationError(errors)


def _apply_coverage(code: CodeOfEthics, coverage: Mapping[int, str], by: User) -> None:
    """`coverage`: principle number → the sections that cover it ("" = not covered)."""
    principles = {p.number: p for p in GlobalCompactPrinciple.objects.all()}
    current = {c.principle.number: c for c in code.coverage.select_related("principle")}
    before = {str(n): c.sections for n, c in sorted(current.items())}
    for number, sections in coverage.items():
        if number not in principles:
            raise ValidationError({"coverage": _("There is no principle %(n)s.") % {"n": number}})
        sections = " ".join((sections or "").split())[:200]
        row = current.get(number)
        if not sections:
            if row is not None:
                row.delete()
                del current[number]
        elif row is None:
            current[number] = PrincipleCoverage.objects.create(
                code=code, principle=principles[number], sections=sections
            )
        elif row.sections != sections:
            row.sections = sections
            row.save(update_fields=["sections"])
    after = {str(n): c.sections for n, c in sorted(current.items())}
    if before != after:
        record_change(
            obj=code, actor=by, action=ChangeAction.UPDATE, changes={"coverage": [before, after]}
        )


def _new(values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in values.items() if v not in (None, "")}


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


@transaction.atomic
def code_create(
    *,
    by: User,
    version: str = "",
    effective_date: dt.date,
    grace_days: int | None = None,
    notes: str = "",
    texts: Sequence[TextInput] = (),
    coverage: Mapping[int, str] | None = None,
) -> CodeOfEthics:
    """Draft a new version (its texts and principle coverage may come along)."""
    require(by, Action.EDIT_CODES_OF_ETHICS)
    code = CodeOfEthics.objects.create(
        version=_check_version(version or next_version_label()),
        effective_date=effective_date,
        grace_days=_check_grace_days(
            EthicsPolicy.current().default_grace_days if grace_days is None else grace_days
        ),
        notes=(notes or "").strip(),
        created_by=by,
    )
    record_change(
        obj=code, actor=by, action=ChangeAction.CREATE, changes=_new(snapshot(code, CODE_FIELDS))
    )
    _apply_texts(code, texts, by)
    if coverage:
        _apply_coverage(code, coverage, by)
    return code


def _lock(code: CodeOfEthics) -> CodeOfEthics:
    return CodeOfEthics.objects.select_for_update().get(pk=code.pk)


@transaction.atomic
def code_update(
    *,
    code: CodeOfEthics,
    by: User,
    version: str | None = None,
    effective_date: dt.date | None = None,
    grace_days: int | None = None,
    notes: str | None = None,
    texts: Sequence[TextInput] = (),
    coverage: Mapping[int, str] | None = None,
) -> CodeOfEthics:
    """Edit a draft: its fields, texts and coverage. A published version never changes."""
    require(by, Action.EDIT_CODES_OF_ETHICS)
    code = _lock(code)
    if code.status != CodeStatus.DRAFT:
        raise ValidationError(_("Only a draft can be edited; draft a new version instead."))
    before = snapshot(code, CODE_FIELDS)
    if version is not None:
        code.version = _check_version(version, exclude_pk=code.pk)
    if effective_date is not None:
        code.effective_date = effective_date
    if grace_days is not None:
        code.grace_days = _check_grace_days(grace_days)
    if notes is not None:
        code.notes = notes.strip()
    code.save()
    record_change(
        obj=code,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=_diff(before, snapshot(code, CODE_FIELDS)),
    )
    _apply_texts(code, texts, by)
    if coverage is not None:
        _apply_coverage(code, coverage, by)
    return code


def publish_problems(code: CodeOfEthics) -> list[str]:
    """What stops a draft from being published (empty: it may be published)."""
    problems = []
    if code.status != CodeStatus.DRAFT:
        problems.append(_("Only a draft can be published."))
    if not code.texts.filter(language="en").exists():
        problems.append(_("The English text is required: it is the reference version."))
    return problems


@transaction.atomic
def code_publish(*, code: CodeOfEthics, by: User, notify: bool = True) -> CodeOfEthics:
    """Publish a draft: it becomes the current version, the one before is superseded, and every
    active supplier must sign it (with `notify`, their users are emailed after commit). A
    supplier that signed the version before counts as compliant until the grace period ends."""
    require(by, Action.EDIT_CODES_OF_ETHICS)
    previous = CodeOfEthics.objects.select_for_update().filter(status=CodeStatus.PUBLISHED).first()
    code = _lock(code)
    problems = publish_problems(code)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    if previous is not None:
        previous.status = CodeStatus.SUPERSEDED
        previous.superseded_at = now
        previous.save(update_fields=["status", "superseded_at", "updated_at"])
        record_change(
            obj=previous,
            actor=by,
            action=ChangeAction.UPDATE,
            changes={"status": [CodeStatus.PUBLISHED, CodeStatus.SUPERSEDED]},
            summary=f"Superseded by v{code.version}",
        )
    code.status = CodeStatus.PUBLISHED
    code.published_at = now
    code.published_by = by
    code.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    suppliers = Supplier.objects.filter(is_active=True).count()
    record_change(
        obj=code,
        actor=by,
        action=ChangeAction.UPDATE,
        changes={"status": [CodeStatus.DRAFT, CodeStatus.PUBLISHED], "published_at": [None, now]},
        summary=f"Published; {suppliers} active supplier(s) must sign it",
    )
    if not notify:
        return code
    code_id = code.pk

    def enqueue() -> None:
        from sourceproof.ethics.tasks import send_sign_requests

        send_sign_requests.enqueue(code_id=code_id)

    transaction.on_commit(enqueue)
    return code


# --------------------------------------------------------------------------- signing


def _clean_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _clean_name(value: str, field: str, errors: dict[str, list[str]]) -> str:
    cleaned = " ".join((value or "").split())
    if len(cleaned) < NAME_MIN_LENGTH:
        errors.setdefault(field, []).append(_("This field is required."))
    elif len(cleaned) > 200:
        errors.setdefault(field, []).append(_("At most 200 characters."))
    return cleaned


@transaction.atomic
def acknowledgement_sign(
    *,
    code: CodeOfEthics,
    supplier: Supplier,
    by: User,
    signer_name: str,
    signer_role: str,
    language: str,
    accepted: bool,
    ip_address: str | None = None,
    user_agent: str = "",
    shown_sha256: str = "",
) -> Acknowledgement:
    """Sign the current version for the signer's own supplier: a typed-name e-signature kept
    with the user, the time, the IP address, the language shown and the SHA-256 of that text.

    `shown_sha256` (optional) is the fingerprint of the text the page showed; when given it
    must still be the text's fingerprint (the text cannot have changed under the signer)."""
    require(by, Action.SIGN_CODE_OF_ETHICS)
    if by.role != Role.SUPPLIER_USER or by.organisation_id != supplier.organisation_id:
        raise ValidationError(_("You can only sign for your own supplier."))
    code = _lock(code)
    if code.status != CodeStatus.PUBLISHED:
        raise ValidationError(_("Only the current version of the code of ethics can be signed."))
    already = Acknowledgement.objects.filter(code=code, supplier=supplier).first()
    if already is not None:
        raise ValidationError(
            _("%(supplier)s already signed %(code)s on %(day)s.")
            % {
                "supplier": supplier.legal_name,
                "code": f"v{code.version}",
                "day": timezone.localdate(already.signed_at).isoformat(),
            }
        )
    errors: dict[str, list[str]] = {}
    name = _clean_name(signer_name, "signer_name", errors)
    role = _clean_name(signer_role, "signer_role", errors)
    if not accepted:
        errors.setdefault("accept", []).append(
            _("Tick the box to accept the code on behalf of %(supplier)s.")
            % {"supplier": supplier.legal_name}
        )
    text = code.texts.filter(language=language).first()
    if text is None:
        errors.setdefault("language", []).append(_("This version has no text in that language."))
    if errors:
        raise ValidationError(errors)
    assert text is not None
    fingerprint = markup.fingerprint(text.title, text.body)
    if fingerprint != text.sha256:
        raise ValidationError(
            _(
                "The text of this version does not match its recorded fingerprint; it cannot be "
                "signed. Please tell the operator."
            )
        )
    if shown_sha256 and shown_sha256.strip().lower() != fingerprint:
        raise ValidationError(
            _("The text changed since it was shown to you; read it again before signing.")
        )
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(
                code=code,
                supplier=supplier,
                signer_name=name,
                signer_role=role,
                user=by,
                user_email=by.email,
                signed_at=timezone.now(),
                ip_address=_clean_ip(ip_address),
                user_agent=(user_agent or "")[:300],
                language=language,
                content_sha256=fingerprint,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("%(supplier)s already signed this version.") % {"supplier": supplier.legal_name}
        ) from exc
    ack.refresh_from_db()  # the stored values, exactly as the log will hold them
    record_change(
        obj=ack,
        actor=by,
        action=ChangeAction.CREATE,
        changes={k: [None, v] for k, v in acknowledgement_log_values(ack).items()},
        summary=f"{supplier.legal_name} signed the code of ethics v{code.version} "
        f"({language}) as {name}, {role}",
    )
    return ack


# --------------------------------------------------------------------------- reminders


@dataclass(frozen=True)
class ReminderMessage:
    recipient: str
    supplier: str
    state: str
    subject: str
    body: str


def ethics_reminder_messages(
    *, kind: str = "reminder", today: dt.date | None = None
) -> list[ReminderMessage]:
    """One message per active user of each active supplier that has not signed the current
    version (kind "reminder", or "new_version" right after publication)."""
    from sourceproof.accounts.models import User

    codes = published_codes()
    if codes is None:
        return []
    today = today or timezone.localdate()
    users = list(
        User.objects.filter(
            is_active=True,
            role=Role.SUPPLIER_USER,
            organisation__is_active=True,
            organisation__supplier__is_active=True,
        )
        .exclude(email="")
        .select_related("organisation")
        .order_by("email")
    )
    organisation_ids = sorted({u.organisation_id for u in users})
    suppliers = with_signatures(
        Supplier.objects.filter(organisation_id__in=organisation_ids), codes
    )
    rows = {
        r.supplier.organisation_id: r for r in supplier_rows(suppliers, codes=codes, today=today)
    }
    url = settings.SITE_URL + reverse("ethics:supplier_sign")
    messages = []
    for user in users:
        row = rows.get(user.organisation_id)
        if row is None or row.state == SignState.SIGNED:
            continue
        context = {
            "user": user,
            "supplier": row.supplier,
            "code": codes.current,
            "published_on": codes.published_on,
            "pending": row.state == SignState.PENDING,
            "grace_ends_on": codes.grace_ends_on,
            "new_version": kind == "new_version",
            "url": url,
        }
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = " ".join(
                render_to_string("ethics/email/sign_request_subject.txt", context).split()
            )
            body = render_to_string("ethics/email/sign_request.txt", context)
        messages.append(
            ReminderMessage(user.email, row.supplier.legal_name, row.state, subject, body)
        )
    return messages


def ethics_reminders_send(
    *,
    by: User | None = None,
    kind: str = "reminder",
    dry_run: bool = False,
    today: dt.date | None = None,
) -> list[ReminderMessage]:
    """Email every user of each supplier that has not signed the current version. Sent from a
    page (by a person) it is recorded on the version's change log."""
    if by is not None:
        require(by, Action.EDIT_CODES_OF_ETHICS)
    messages = ethics_reminder_messages(kind=kind, today=today)
    if dry_run or not messages:
        return messages
    with get_connection() as connection:
        for message in messages:
            EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.recipient],
                connection=connection,
            ).send()
    codes = published_codes()
    if codes is not None:
        suppliers = len({m.supplier for m in messages})
        record_change(
            obj=codes.current,
            actor=by,
            action=ChangeAction.EVENT,
            summary=f"{'Sign requests' if kind == 'new_version' else 'Reminders'} emailed to "
            f"{len(messages)} user(s) of {suppliers} supplier(s)",
        )
    return messages
