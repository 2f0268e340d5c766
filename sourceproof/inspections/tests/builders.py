"""Builders for the inspections tests: a small defect library, a checklist, and inspections
booked, started, performed and reviewed through the services (never by hand)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sourceproof.accounts.models import User
from sourceproof.core.testing import OrderLineFactory, Personas, ProductFactory
from sourceproof.facilities.models import Facility, ProductCategory
from sourceproof.inspections import evaluation, services
from sourceproof.inspections.models import (
    GOLDEN_SAMPLE_CHECKPOINT,
    ChecklistTemplate,
    CheckpointKind,
    CheckpointStatus,
    DefectType,
    Inspection,
    InspectionType,
)
from sourceproof.orders.models import OrderStatus, PurchaseOrder


def library(by: User) -> dict[str, DefectType]:
    """Four defect types, one critical, two major, one minor."""
    made = {}
    for code, text, cls, category in (
        ("CRT-SHARP", "Sharp edge that can cut", "critical", "safety"),
        ("MAJ-PRINT", "Logo print smeared", "major", "print"),
        ("MAJ-CRACK", "Crack in the body", "major", "workmanship"),
        ("MIN-SCRATCH", "Light scratch", "minor", "appearance"),
    ):
        found = DefectType.objects.filter(code=code).first()
        made[code] = found or services.defect_type_create(
            code=code,
            description_en=text,
            description_zh=f"{text} (zh)",
            defect_class=cls,
            category=category,
            by=by,
        )
    return made


def checklist(category: ProductCategory, by: User, **extra: Any) -> ChecklistTemplate:
    """A visual check, a measurement (height 95 ± 1 mm), a drop test on S-2, packing."""
    return services.checklist_template_create(
        product_category=category,
        name=extra.pop("name", f"{category.name} checklist"),
        checkpoints=[
            services.CheckpointInput(kind=CheckpointKind.VISUAL, title="Overall appearance"),
            services.CheckpointInput(
                kind=CheckpointKind.MEASUREMENT,
                title="Height",
                nominal=Decimal("95"),
                tolerance=Decimal("1"),
                unit="mm",
                defect_class="major",
            ),
            services.CheckpointInput(
                kind=CheckpointKind.ONSITE_TEST,
                title="Drop test 80 cm",
                test_kind="drop_test",
                level_override="S-2",
                required_photos=1,
            ),
            services.CheckpointInput(
                kind=CheckpointKind.PACKING_MARKING, title="Carton marking and barcode"
            ),
        ],
        by=by,
        **extra,
    )


def confirm(order: PurchaseOrder) -> PurchaseOrder:
    """Move an order to in production without the gate (the tests are about inspections)."""
    PurchaseOrder.objects.filter(pk=order.pk).update(status=OrderStatus.IN_PRODUCTION)
    order.refresh_from_db()
    return order


def order_at(
    personas: Personas,
    facility: Facility | None = None,
    category: ProductCategory | None = None,
    quantity: int = 5000,
) -> PurchaseOrder:
    """A new in-production order of the personas' customer at the facility (default: the
    personas' facility), of one product of the category (default drinkware)."""
    product = ProductFactory.create(
        customer=personas.customer, **({"category": category} if category else {})
    )
    line = OrderLineFactory.create(
        order__customer=personas.customer,
        order__facility=facility or personas.facility,
        product=product,
        quantity=quantity,
    )
    return confirm(line.order)


def book(
    personas: Personas,
    order: PurchaseOrder | None = None,
    inspection_type: str = InspectionType.DUPRO,
    **values: Any,
) -> Inspection:
    order = confirm(order or personas.order)
    values.setdefault("inspector", personas.inspector)
    values.setdefault("planned_date", timezone.localdate() + dt.timedelta(days=2))
    return services.inspection_book(
        order=order, inspection_type=inspection_type, by=personas.quality_manager, **values
    )


def start(personas: Personas, inspection: Inspection, **values: Any) -> Inspection:
    if inspection.inspection_type == InspectionType.DUPRO:
        values.setdefault("produced_percent", 40)
    if inspection.inspection_type == InspectionType.PSI:
        values.setdefault("packed_percent", 100)
    return services.inspection_start(inspection=inspection, by=personas.inspector, **values)


def check_everything(personas: Personas, inspection: Inspection, status: str = "pass") -> None:
    """Give every unchecked checkpoint a result (measurements: one value in tolerance) and
    attach the photos a checkpoint still lacks (`attach_required_photos`), so that the
    inspection can be submitted."""
    attach_required_photos(personas, inspection)
    for result in inspection.checkpoint_results.filter(status=CheckpointStatus.NOT_CHECKED):
        if result.kind == CheckpointKind.MEASUREMENT:
            services.inspection_record_result(
                inspection=inspection,
                key=result.key,
                measurements=[{"unit": 1, "value": "95.2"}],
                by=personas.inspector,
            )
        else:
            services.inspection_record_result(
                inspection=inspection, key=result.key, status=status, by=personas.inspector
            )


_PHOTO_SEEDS = itertools.count(700_000)


def attach_required_photos(personas: Personas, inspection: Inspection) -> int:
    """Attach, through the evidence app's `photo_add`, the photos each checkpoint of the
    snapshot still lacks (submission waits for them: `evidence.services.photos_missing`).
    Each is a distinct scene drawn with Pillow; the golden-sample checkpoint's photos show
    the front and the back. Returns how many were attached."""
    from sourceproof.evidence import services as evidence
    from sourceproof.evidence.models import Photo
    from sourceproof.evidence.tests import crafted

    specs = evaluation.snapshot_checkpoints(inspection)
    wanted = {key: int(spec.get("required_photos") or 0) for key, spec in specs.items()}
    if not any(wanted.values()):
        return 0
    by = inspection.inspector or personas.quality_manager
    added = 0
    for result in inspection.checkpoint_results.order_by("position", "id"):
        have = Photo.objects.filter(checkpoint_result=result).count()
        for i in range(have, wanted.get(result.key, 0)):
            side = ("front", "back")[i % 2] if result.key == GOLDEN_SAMPLE_CHECKPOINT else ""
            evidence.photo_add(
                inspection=inspection,
                file=crafted.upload(crafted.photo(next(_PHOTO_SEEDS), size=(320, 240))),
                by=by,
                checkpoint_result=result,
                side=side,
            )
            added += 1
    return added


def major_reject(inspection: Inspection) -> int:
    """The rejection number of the major class in the inspection's plan snapshot."""
    plan = inspection.plan_snapshot or {}
    return next(c["reject"] for c in plan["classes"] if c["name"] == "major")


def reviewed(
    personas: Personas,
    order: PurchaseOrder | None = None,
    *,
    majors: int = 0,
    reject: bool = False,
    inspection_type: str = InspectionType.DUPRO,
    **values: Any,
) -> Inspection:
    """An inspection booked, started, with `majors` major units (or, with `reject`, as many as
    the major class's rejection number), submitted and reviewed."""
    inspection = start(personas, book(personas, order, inspection_type, **values))
    check_everything(personas, inspection)
    count = major_reject(inspection) if reject else majors
    if count:
        services.inspection_record_defect(
            inspection=inspection,
            defect_type=library(personas.quality_manager)["MAJ-PRINT"],
            count=count,
            by=personas.inspector,
        )
    services.inspection_submit(inspection=inspection, by=personas.inspector)
    services.inspection_review(inspection=inspection, by=personas.quality_manager)
    inspection.refresh_from_db()
    return inspection


def bulk(personas: Personas, count: int, *, reviewed_share: int = 2) -> list[Inspection]:
    """`count` inspections made directly (for query-count tests, not through the services):
    several facilities, categories and inspectors, every status; every `reviewed_share`-th one
    reviewed with a verdict, defect records and a stream."""
    from sourceproof.core.testing import FacilityFactory, ProductCategoryFactory, UserFactory
    from sourceproof.inspections.models import (
        DefectRecord,
        InspectionStatus,
        SamplingStream,
    )

    lib = library(personas.quality_manager)
    categories = [
        ProductCategoryFactory.create(code=code, name=code.title())
        for code in ("drinkware", "bags", "pens")
    ]
    facilities = [FacilityFactory.create(supplier=personas.supplier) for _ in range(3)]
    inspectors = [personas.inspector, UserFactory.create(role="inspector")]
    statuses = [s for s in InspectionStatus.values if s != InspectionStatus.REVIEWED]
    made = []
    now = timezone.now()
    for i in range(count):
        facility = facilities[i % 3]
        category = categories[i % 3]
        stream, _ = SamplingStream.objects.get_or_create(
            facility=facility, product_category=category
        )
        order = OrderLineFactory.create(
            order__customer=personas.customer,
            order__facility=facility,
            order__status=OrderStatus.IN_PRODUCTION,
            product__customer=personas.customer,
            product__category=category,
        ).order
        is_reviewed = i % reviewed_share == 0
        status = InspectionStatus.REVIEWED if is_reviewed else statuses[i % len(statuses)]
        started = status not in {InspectionStatus.PLANNED, InspectionStatus.CANCELLED}
        verdict = "fail" if i % 3 == 0 else "pass"
        inspection = Inspection.objects.create(
            report_number=f"QC-T-{Inspection.objects.count() + 1:06d}",
            order=order,
            facility=facility,
            product_category=category,
            inspection_type=list(InspectionType.values)[i % 4],
            status=status,
            planned_date=timezone.localdate() - dt.timedelta(days=i % 20),
            inspector=inspectors[i % 2],
            lot_size=1000,
            major_aql="2.5",
            minor_aql="4.0",
            plan_snapshot={"inspection": "normal"} if started else None,
            started_at=now if started else None,
            reviewed_at=now - dt.timedelta(days=31 * (i % 5)) if is_reviewed else None,
            computed_verdict=verdict if is_reviewed else "",
            final_verdict=verdict if is_reviewed else "",
            stream=stream,
            cancel_reason="test",
        )
        if is_reviewed:
            for code in ("MAJ-PRINT", "MIN-SCRATCH"):
                DefectRecord.objects.create(
                    inspection=inspection,
                    defect_type=lib[code],
                    defect_class=lib[code].defect_class,
                    count=1 + i % 3,
                )
        made.append(inspection)
    return made


def js(value: Any) -> dict[str, Any]:
    """A JSON field's value as a dict (for typed access in tests)."""
    assert isinstance(value, dict), value
    return value
