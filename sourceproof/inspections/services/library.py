"""The quality library: defect types, versioned checklist templates, AQL overrides and the
inspection policy. Quality managers (and admins) edit the library; the policy is an admin's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Organisation, OrganisationKind
from sourceproof.accounts.permissions import Action, require
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction
from sourceproof.facilities.models import ProductCategory
from sourceproof.inspections.models import (
    SPECIAL_LEVEL_KINDS,
    AqlOverride,
    ChecklistTemplate,
    Checkpoint,
    CheckpointKind,
    DefectCategory,
    DefectClass,
    DefectType,
    GeneralLevel,
    InspectionPolicy,
    OnsiteTest,
    SpecialLevel,
)
from sourceproof.inspections.services.booking import check_aql
from sourceproof.inspections.services.common import created
from sourceproof.orders.models import Product

if TYPE_CHECKING:
    from sourceproof.accounts.models import User


# --------------------------------------------------------------------------- defect types


def _check_defect_type(defect_type: DefectType) -> None:
    errors: dict[str, list[str]] = {}
    if defect_type.defect_class not in DefectClass.values:
        errors.setdefault("defect_class", []).append(_("Choose critical, major or minor."))
    if defect_type.category not in DefectCategory.values:
        errors.setdefault("category", []).append(_("Choose a defect category."))
    if not defect_type.description_en.strip():
        errors.setdefault("description_en", []).append(_("Describe the defect in English."))
    if errors:
        raise ValidationError(errors)
    defect_type.full_clean(validate_unique=False)


@transaction.atomic
def defect_type_create(
    *,
    code: str,
    description_en: str,
    defect_class: str,
    by: User,
    category: str = DefectCategory.OTHER,
    description_nl: str = "",
    description_zh: str = "",
) -> DefectType:
    require(by, Action.EDIT_QUALITY_LIBRARY)
    code = code.strip().upper()
    if DefectType.objects.filter(code__iexact=code).exists():
        raise ValidationError({"code": _("Defect code %(code)s already exists.") % {"code": code}})
    defect_type = DefectType(
        code=code,
        description_en=description_en.strip(),
        description_nl=description_nl.strip(),
        description_zh=description_zh.strip(),
        defect_class=defect_class,
        category=category,
    )
    _check_defect_type(defect_type)
    defect_type.save()
    record_change(
        obj=defect_type, actor=by, action=ChangeAction.CREATE, changes=created(defect_type)
    )
    return defect_type


@transaction.atomic
def defect_type_update(
    *,
    defect_type: DefectType,
    by: User,
    description_en: str | None = None,
    description_nl: str | None = None,
    description_zh: str | None = None,
    defect_class: str | None = None,
    category: str | None = None,
    is_active: bool | None = None,
) -> DefectType:
    """Change a defect type; the code is fixed. Defects already recorded keep the class they
    were counted in."""
    require(by, Action.EDIT_QUALITY_LIBRARY)
    locked = DefectType.objects.select_for_update().get(pk=defect_type.pk)
    before = snapshot(locked)
    for name, value in (
        ("description_en", description_en),
        ("description_nl", description_nl),
        ("description_zh", description_zh),
    ):
        if value is not None:
            setattr(locked, name, value.strip())
    if defect_class is not None:
        locked.defect_class = defect_class
    if category is not None:
        locked.category = category
    if is_active is not None:
        locked.is_active = is_active
    _check_defect_type(locked)
    locked.save()
    record_change(
        obj=locked, actor=by, action=ChangeAction.UPDATE, changes=diff(before, snapshot(locked))
    )
    for field in locked._meta.concrete_fields:
        setattr(defect_type, field.attname, getattr(locked, field.attname))
    return defect_type


# --------------------------------------------------------------------------- checklists


@dataclass(frozen=True)
class CheckpointInput:
    """One checkpoint of a new template version."""

    kind: str
    title: str
    title_zh: str = ""
    instructions: str = ""
    test_kind: str = ""
    nominal: Decimal | None = None
    tolerance: Decimal | None = None
    unit: str = ""
    defect_class: str = DefectClass.MAJOR
    required_photos: int = 0
    level_override: str = ""

    @classmethod
    def from_checkpoint(cls, checkpoint: Checkpoint) -> CheckpointInput:
        return cls(
            kind=checkpoint.kind,
            title=checkpoint.title,
            title_zh=checkpoint.title_zh,
            instructions=checkpoint.instructions,
            test_kind=checkpoint.test_kind,
            nominal=checkpoint.nominal,
            tolerance=checkpoint.tolerance,
            unit=checkpoint.unit,
            defect_class=checkpoint.defect_class,
            required_photos=checkpoint.required_photos,
            level_override=checkpoint.level_override,
        )

    def describe(self) -> str:
        text = f"{self.kind}: {self.title}"
        if self.kind == CheckpointKind.MEASUREMENT:
            text += f" ({self.nominal} ± {self.tolerance} {self.unit})"
        if self.level_override:
            text += f" [{self.level_override}]"
        if self.required_photos:
            text += f" [{self.required_photos} photo(s)]"
        return text


def check_checkpoint(position: int, cp: CheckpointInput) -> list[str]:
    """What is wrong with one checkpoint, as sentences (empty: fine)."""
    at = {"n": position}
    errors = []
    if cp.kind not in CheckpointKind.values:
        errors.append(_("Checkpoint %(n)s: unknown kind %(kind)s.") % {**at, "kind": repr(cp.kind)})
    if not cp.title.strip():
        errors.append(_("Checkpoint %(n)s: say what to check.") % at)
    if cp.level_override:
        if cp.level_override not in SpecialLevel.values:
            errors.append(
                _("Checkpoint %(n)s: a level override is a special level, S-1 to S-4.") % at
            )
        elif cp.kind not in {k.value for k in SPECIAL_LEVEL_KINDS}:
            errors.append(
                _(
                    "Checkpoint %(n)s: a special level (S-1 to S-4) is allowed only on "
                    "measurement and on-site-test checkpoints."
                )
                % at
            )
    if cp.kind == CheckpointKind.MEASUREMENT:
        if cp.nominal is None or cp.tolerance is None or not cp.unit.strip():
            errors.append(
                _("Checkpoint %(n)s: a measurement needs a nominal value, a tolerance and a unit.")
                % at
            )
        elif cp.tolerance < 0:
            errors.append(
                _("Checkpoint %(n)s: the tolerance is a distance either side, 0 or more.") % at
            )
    elif cp.nominal is not None or cp.tolerance is not None:
        errors.append(
            _("Checkpoint %(n)s: only a measurement has a nominal value and a tolerance.") % at
        )
    if cp.kind == CheckpointKind.ONSITE_TEST and cp.test_kind not in OnsiteTest.values:
        errors.append(_("Checkpoint %(n)s: choose which on-site test.") % at)
    if cp.kind != CheckpointKind.ONSITE_TEST and cp.test_kind:
        errors.append(_("Checkpoint %(n)s: a test kind belongs to an on-site test.") % at)
    if cp.defect_class not in DefectClass.values:
        errors.append(_("Checkpoint %(n)s: choose critical, major or minor.") % at)
    if not 0 <= cp.required_photos <= 20:
        errors.append(_("Checkpoint %(n)s: between 0 and 20 photos.") % at)
    return errors


@transaction.atomic
def checklist_template_create(
    *,
    product_category: ProductCategory,
    name: str,
    checkpoints: Sequence[CheckpointInput],
    by: User,
    notes: str = "",
) -> ChecklistTemplate:
    """Make a new version of the category's checklist (version 1 if it has none). It becomes
    the current version; earlier versions stay, and inspections keep their snapshots."""
    require(by, Action.EDIT_QUALITY_LIBRARY)
    errors: list[str] = []
    if not name.strip():
        errors.append(_("Give the checklist a name."))
    if not checkpoints:
        errors.append(_("A checklist has at least one checkpoint."))
    for position, cp in enumerate(checkpoints, start=1):
        errors.extend(check_checkpoint(position, cp))
    if errors:
        raise ValidationError(errors)
    previous = (
        ChecklistTemplate.objects.select_for_update()
        .filter(product_category=product_category)
        .order_by("-version")
        .first()
    )
    version = previous.version + 1 if previous else 1
    ChecklistTemplate.objects.filter(product_category=product_category, is_current=True).update(
        is_current=False
    )
    template = ChecklistTemplate.objects.create(
        product_category=product_category,
        version=version,
        name=name.strip(),
        notes=notes.strip(),
        is_current=True,
        created_by=by,
    )
    Checkpoint.objects.bulk_create(
        [
            Checkpoint(
                template=template,
                position=position,
                kind=cp.kind,
                title=cp.title.strip(),
                title_zh=cp.title_zh.strip(),
                instructions=cp.instructions.strip(),
                test_kind=cp.test_kind,
                nominal=cp.nominal,
                tolerance=cp.tolerance,
                unit=cp.unit.strip(),
                defect_class=cp.defect_class,
                required_photos=cp.required_photos,
                level_override=cp.level_override,
            )
            for position, cp in enumerate(checkpoints, start=1)
        ]
    )
    changes: dict[str, Any] = created(template)
    changes["checkpoints"] = [None, [cp.describe() for cp in checkpoints]]
    record_change(
        obj=template,
        actor=by,
        action=ChangeAction.CREATE,
        changes=changes,
        summary=f"Version {version} of the {product_category.name} checklist"
        + (f" (replaces v{previous.version})" if previous else ""),
    )
    return template


# --------------------------------------------------------------------------- AQL overrides


@transaction.atomic
def aql_override_set(
    *,
    by: User,
    customer: Organisation | None = None,
    product: Product | None = None,
    major_aql: str = "",
    minor_aql: str = "",
    level: str = "",
    note: str = "",
) -> AqlOverride:
    """Set (create or replace) the AQL override of one customer or one product. Bookings made
    afterwards use it; inspections already booked keep their values."""
    require(by, Action.EDIT_QUALITY_LIBRARY)
    if (customer is None) == (product is None):
        raise ValidationError(_("An override is for one customer or one product."))
    if customer is not None and customer.kind != OrganisationKind.CUSTOMER:
        raise ValidationError({"customer": _("Overrides are for customer organisations.")})
    values = {
        "major_aql": check_aql(major_aql, "major_aql") if major_aql else "",
        "minor_aql": check_aql(minor_aql, "minor_aql") if minor_aql else "",
        "level": level,
        "note": note.strip(),
    }
    if level and level not in GeneralLevel.values:
        raise ValidationError({"level": _("Use a general inspection level (I, II or III).")})
    if not (values["major_aql"] or values["minor_aql"] or level):
        raise ValidationError(_("Set at least one AQL or the level."))
    found = AqlOverride.objects.select_for_update().filter(customer=customer, product=product)
    existing = found.first()
    if existing is None:
        override = AqlOverride.objects.create(customer=customer, product=product, **values)
        record_change(obj=override, actor=by, action=ChangeAction.CREATE, changes=created(override))
        return override
    before = snapshot(existing)
    for name, value in values.items():
        setattr(existing, name, value)
    existing.save()
    record_change(
        obj=existing,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=diff(before, snapshot(existing)),
    )
    return existing


@transaction.atomic
def aql_override_delete(*, override: AqlOverride, by: User) -> None:
    require(by, Action.EDIT_QUALITY_LIBRARY)
    record_change(
        obj=override,
        actor=by,
        action=ChangeAction.DELETE,
        changes={k: [v, None] for k, v in snapshot(override).items()},
    )
    override.delete()


# --------------------------------------------------------------------------- policy

POLICY_FIELDS = (
    "minimum_level",
    "default_level",
    "major_aql",
    "minor_aql",
    "edition",
    "reduced_allowed",
    "dupro_produced_min",
    "dupro_produced_max",
    "psi_packed_min",
    "photo_max_distance_km",
    "photo_window_slack_minutes",
)


@transaction.atomic
def inspection_policy_update(*, by: User, **values: Any) -> InspectionPolicy:
    """Change the inspection policy (operator admins). Inspections already started keep the
    plan they snapshotted; bookings keep their level and AQLs."""
    require(by, Action.ADMINISTER)
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown policy fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    policy = InspectionPolicy.current()
    before = snapshot(policy, POLICY_FIELDS)
    for name, value in values.items():
        if name in {"major_aql", "minor_aql"}:
            value = check_aql(str(value), name)
        setattr(policy, name, value)
    policy.full_clean()
    if GeneralLevel(policy.default_level) not in _at_least(policy.minimum_level):
        raise ValidationError({"default_level": _("The default level is below the minimum.")})
    policy.save()
    record_change(
        obj=policy,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=diff(before, snapshot(policy, POLICY_FIELDS)),
    )
    return policy


def _at_least(level: str) -> list[GeneralLevel]:
    order = [GeneralLevel.I, GeneralLevel.II, GeneralLevel.III]
    return order[order.index(GeneralLevel(level)) :]
