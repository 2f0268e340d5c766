"""Builders for the fieldwork tests: a small library and checklist, and inspections booked
and started through the inspections services (never by hand), plus photos made by Pillow."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone
from PIL import Image

from sourceproof.core.testing import OrderLineFactory, Personas, ProductFactory
from sourceproof.inspections import services
from sourceproof.inspections.models import (
    ChecklistTemplate,
    CheckpointKind,
    DefectType,
    Inspection,
    InspectionType,
)
from sourceproof.orders.models import OrderStatus, PurchaseOrder


def library(personas: Personas) -> dict[str, DefectType]:
    """One critical, two major and one minor defect type, described in three languages."""
    made = {}
    for code, text, zh, cls in (
        ("CRT-SHARP", "Sharp edge that can cut", "锋利边缘", "critical"),
        ("MAJ-PRINT", "Logo print smeared", "标志印刷模糊", "major"),
        ("MAJ-CRACK", "Crack in the body", "杯身裂纹", "major"),
        ("MIN-SCRATCH", "Light scratch", "轻微划痕", "minor"),
    ):
        found = DefectType.objects.filter(code=code).first()
        made[code] = found or services.defect_type_create(
            code=code,
            description_en=text,
            description_nl=f"{text} (nl)",
            description_zh=zh,
            defect_class=cls,
            category="other",
            by=personas.quality_manager,
        )
    return made


def checklist(personas: Personas) -> ChecklistTemplate:
    """Drinkware: a visual check, a measurement (height 95 ± 1 mm), packing."""
    category = personas.order.lines.first().product.category  # type: ignore[union-attr]
    found = ChecklistTemplate.objects.filter(product_category=category, is_current=True).first()
    if found is not None:
        return found
    return services.checklist_template_create(
        product_category=category,
        name="Drinkware checklist",
        checkpoints=[
            services.CheckpointInput(
                kind=CheckpointKind.VISUAL, title="Overall appearance", title_zh="整体外观"
            ),
            services.CheckpointInput(
                kind=CheckpointKind.MEASUREMENT,
                title="Height",
                nominal=Decimal("95"),
                tolerance=Decimal("1"),
                unit="mm",
                defect_class="major",
            ),
            services.CheckpointInput(
                kind=CheckpointKind.PACKING_MARKING, title="Carton marking and barcode"
            ),
        ],
        by=personas.quality_manager,
    )


def confirm(order: PurchaseOrder) -> PurchaseOrder:
    PurchaseOrder.objects.filter(pk=order.pk).update(status=OrderStatus.IN_PRODUCTION)
    order.refresh_from_db()
    return order


def book(
    personas: Personas,
    *,
    order: PurchaseOrder | None = None,
    inspection_type: str = InspectionType.PSI,
    planned_date: dt.date | None = None,
    **values: Any,
) -> Inspection:
    values.setdefault("inspector", personas.inspector)
    return services.inspection_book(
        order=confirm(order or personas.order),
        inspection_type=inspection_type,
        planned_date=planned_date or timezone.localdate(),
        lot_size=values.pop("lot_size", 1000),
        by=personas.quality_manager,
        **values,
    )


def started(personas: Personas, **values: Any) -> Inspection:
    """A PSI of the personas' order, booked for today, started by the inspector (lot 1000:
    code letter J, n=80; major 2.5: Ac 5 Re 6; minor 4.0: Ac 7 Re 8)."""
    library(personas)
    checklist(personas)
    inspection = book(personas, **values)
    return services.inspection_start(
        inspection=inspection,
        packed_percent=100 if inspection.inspection_type == InspectionType.PSI else None,
        produced_percent=40 if inspection.inspection_type == InspectionType.DUPRO else None,
        by=personas.inspector,
    )


def photographed(personas: Personas, inspection: Inspection) -> Inspection:
    """Attach the photos the checklist requires (a PSI: the golden-sample checkpoint's two),
    without which the inspection is not submitted (the evidence app's submit check)."""
    from sourceproof.inspections.tests.builders import attach_required_photos

    attach_required_photos(personas, inspection)
    return inspection


def another_order(personas: Personas) -> PurchaseOrder:
    product = ProductFactory.create(customer=personas.customer)
    return confirm(
        OrderLineFactory.create(
            order__customer=personas.customer,
            order__facility=personas.facility,
            product=product,
            quantity=1000,
        ).order
    )


def key_of(inspection: Inspection, title: str) -> str:
    return inspection.checkpoint_results.get(title=title).key


def jpeg(colour: str = "red", size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def op(kind: str, op_id: uuid.UUID | None = None, **payload: Any) -> dict[str, Any]:
    return {"op_id": str(op_id or uuid.uuid4()), "kind": kind, "payload": payload}


def post_ops(client: Client, inspection: Inspection, *ops: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/field/inspections/{inspection.report_number}/operations",
        {"operations": list(ops)},
        content_type="application/json",
    )
