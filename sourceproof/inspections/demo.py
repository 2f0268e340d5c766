# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose
"""Demo data for inspections: the defect library (English, Dutch, Simplified Chinese),
checklist templates for five product categories, and inspections of every type (PPI, DUPRO,
PSI, CLC) in every status (planned, in progress, submitted, reviewed, cancelled) on the demo
orders of `sourceproof.core.demo`, all made through the services.

It also builds two sampling streams worth looking at: FAC-00102 (Everbright's Yuyao works) on
tightened inspection for drinkware (two lots not accepted), and FAC-00108 on discontinued
inspection for textiles (two lots not accepted on normal, five more on tightened), which makes
the sourcing gate refuse new textile orders there. Reviewed lots are spread over the past months so the
quality dashboard has history. Photos come with the photo-evidence app.

`load_inspection_demo()` is idempotent: an inspection is keyed on (order, type, lot size)
and skipped when present; library rows on their codes; templates on their category.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from sourceproof.accounts.models import User
from sourceproof.facilities.models import ProductCategory
from sourceproof.inspections import services
from sourceproof.inspections.models import (
    ChecklistTemplate,
    CheckpointKind,
    CheckpointStatus,
    DefectType,
    Inspection,
    InspectionStatus,
    InspectionType,
    SamplingStream,
    StreamSeverity,
)
from sourceproof.orders.models import PurchaseOrder

QUALITY_MANAGER = "quality@groen.example"
INSPECTOR = "inspector@groen.example"

# code, class, category, English, Dutch, Simplified Chinese
DEFECT_LIBRARY: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("CRT-SHARP", "critical", "safety", "Sharp edge or point that can injure",
     "Scherpe rand of punt die kan verwonden", "可致伤的锐边或尖点"),
    ("CRT-SMALL-PART", "critical", "safety", "Small part comes loose (choking hazard)",
     "Klein onderdeel laat los (verstikkingsgevaar)", "小零件脱落（窒息危险）"),
    ("CRT-ELECTRIC", "critical", "safety", "Electrical safety failure (overheating, exposed contacts)",
     "Elektrisch onveilig (oververhitting, blootliggende contacten)", "电气安全缺陷（过热、触点外露）"),
    ("CRT-MOULD", "critical", "material", "Mould or insects",
     "Schimmel of insecten", "霉变或虫害"),
    ("MAJ-PRINT-SMEAR", "major", "print", "Logo print smeared or blurred",
     "Logo-opdruk uitgelopen of onscherp", "印刷标志模糊或污损"),
    ("MAJ-PRINT-POSITION", "major", "print", "Logo position out of specification",
     "Logopositie buiten specificatie", "标志位置超出规格"),
    ("MAJ-COLOUR", "major", "appearance", "Colour differs from the approved Pantone",
     "Kleur wijkt af van de goedgekeurde Pantone", "颜色与确认的潘通色不符"),
    ("MAJ-CRACK", "major", "workmanship", "Crack or break",
     "Scheur of breuk", "裂纹或破损"),
    ("MAJ-LEAK", "major", "function", "Leaks at the lid or seal",
     "Lekt bij deksel of afdichting", "盖子或密封处渗漏"),
    ("MAJ-SEAM", "major", "workmanship", "Open seam or broken stitching",
     "Open naad of gebroken stiksel", "开缝或断线"),
    ("MAJ-FUNCTION", "major", "function", "Does not work as intended",
     "Werkt niet zoals bedoeld", "功能失效"),
    ("MAJ-DIMENSION", "major", "dimension", "Dimension out of tolerance",
     "Maat buiten tolerantie", "尺寸超差"),
    ("MAJ-BARCODE", "major", "marking", "Barcode unreadable or wrong",
     "Barcode onleesbaar of onjuist", "条形码无法识别或错误"),
    ("MAJ-CARTON", "major", "packing", "Carton damaged or wrongly marked",
     "Doos beschadigd of verkeerd gemarkeerd", "外箱破损或唛头错误"),
    ("MIN-SCRATCH", "minor", "appearance", "Light scratch",
     "Lichte kras", "轻微划痕"),
    ("MIN-SPOT", "minor", "appearance", "Small spot or stain",
     "Klein vlekje", "小污点"),
    ("MIN-THREAD", "minor", "workmanship", "Loose thread end",
     "Losse draad", "线头"),
    ("MIN-PRINT-SPECK", "minor", "print", "Print speck outside the logo",
     "Drukspatje buiten het logo", "标志外印刷小点"),
    ("MIN-POLYBAG", "minor", "packing", "Polybag not sealed or crumpled",
     "Polyzak niet gesloten of gekreukt", "胶袋未封口或褶皱"),
    ("MIN-GLUE", "minor", "workmanship", "Visible glue residue",
     "Zichtbare lijmresten", "可见胶痕"),
)  # fmt: skip


def _cp(kind: str, title: str, title_zh: str, **extra: Any) -> services.CheckpointInput:
    return services.CheckpointInput(kind=kind, title=title, title_zh=title_zh, **extra)


V, F, M, T, P, Q = (
    CheckpointKind.VISUAL,
    CheckpointKind.FUNCTION,
    CheckpointKind.MEASUREMENT,
    CheckpointKind.ONSITE_TEST,
    CheckpointKind.PACKING_MARKING,
    CheckpointKind.QUANTITY,
)

CHECKLISTS: dict[str, tuple[str, list[services.CheckpointInput]]] = {
    "drinkware": (
        "Drinkware",
        [
            _cp(V, "Appearance and print against the golden sample", "外观与印刷（对照封样）",
                required_photos=2),
            _cp(M, "Height", "高度", nominal=Decimal("95"), tolerance=Decimal("1"), unit="mm"),
            _cp(M, "Capacity to the brim", "满口容量", nominal=Decimal("350"),
                tolerance=Decimal("10"), unit="ml", level_override="S-3"),
            _cp(T, "Print adhesion (tape test)", "印刷附着力（胶带测试）", test_kind="tape_adhesion",
                level_override="S-2", required_photos=1),
            _cp(F, "Lid closes tightly; no leak when filled and turned over", "盖子密封，装水倒置不漏"),
            _cp(P, "Carton marks and barcode scan", "外箱唛头与条码扫描", required_photos=1),
            _cp(Q, "Quantity packed matches the order", "装箱数量与订单一致"),
        ],
    ),
    "bags": (
        "Bags",
        [
            _cp(V, "Fabric, print and stitching", "面料、印刷与车线", required_photos=2),
            _cp(M, "Width", "宽度", nominal=Decimal("380"), tolerance=Decimal("10"), unit="mm"),
            _cp(M, "Handle length", "提手长度", nominal=Decimal("700"), tolerance=Decimal("15"),
                unit="mm"),
            _cp(T, "Handle pull test, 10 kg for 60 s", "提手拉力测试，10公斤60秒",
                test_kind="function_test", level_override="S-2", required_photos=1),
            _cp(T, "Colour against the Pantone reference", "颜色对照潘通色卡",
                test_kind="colour_pantone", level_override="S-3"),
            _cp(P, "Folding, polybag and carton marks", "折叠、胶袋与外箱唛头"),
            _cp(Q, "Quantity packed matches the order", "装箱数量与订单一致"),
        ],
    ),
    "textiles": (
        "Textiles",
        [
            _cp(V, "Fabric, colour and woven label", "面料、颜色与织标", required_photos=1),
            _cp(M, "Length", "长度", nominal=Decimal("500"), tolerance=Decimal("10"), unit="mm"),
            _cp(T, "Rub test of the print", "印刷摩擦测试", test_kind="rub_test",
                level_override="S-2"),
            _cp(P, "Care label and carton marks", "洗水唛与外箱唛头"),
            _cp(Q, "Quantity packed matches the order", "装箱数量与订单一致"),
        ],
    ),
    "pens": (
        "Pens",
        [
            _cp(V, "Barrel, clip and print", "笔杆、笔夹与印刷"),
            _cp(F, "Writes a continuous line; click mechanism works", "书写连续，按动机构正常"),
            _cp(M, "Length", "长度", nominal=Decimal("140"), tolerance=Decimal("1.5"), unit="mm"),
            _cp(T, "Barcode scan of inner boxes", "内盒条码扫描", test_kind="barcode_scan",
                level_override="S-1"),
            _cp(P, "Inner boxes and carton marks", "内盒与外箱唛头"),
        ],
    ),
    "tech-accessories": (
        "Tech accessories",
        [
            _cp(V, "Housing, logo and finish", "外壳、标志与表面处理"),
            _cp(F, "Charges a phone; indicator lights work", "可为手机充电，指示灯正常"),
            _cp(T, "Drop test 1 m onto concrete", "1米跌落测试（水泥地）", test_kind="drop_test",
                level_override="S-2", required_photos=1),
            _cp(M, "Output voltage", "输出电压", nominal=Decimal("5.0"), tolerance=Decimal("0.25"),
                unit="V", defect_class="critical"),
            _cp(P, "Manual, CE and WEEE marks, carton", "说明书、CE与WEEE标志、外箱"),
        ],
    ),
}  # fmt: skip


@dataclass(frozen=True)
class InspectionSpec:
    """One demo inspection. `lot` is part of its key, so keep it unique per order and type."""

    order: str
    kind: str
    status: str
    lot: int
    planned: int  # days from today (negative: in the past)
    skus: tuple[str, ...] = ()
    criticals: int = 0
    majors: int = 0
    reject_major: bool = False  # as many major units as the plan's rejection number
    minors: int = 0
    decision: bool = False  # leave one checkpoint to the operator's decision
    fail_checkpoint: bool = False
    out_of_tolerance: int = 0  # measured units out of tolerance (count as major)
    override: str = ""  # a reason: the quality manager overrides the verdict
    decided: bool = False  # the quality manager decides the open checkpoint before review
    golden: bool = False  # approve the golden sample (PPI)
    produced: int = 40
    packed: int = 95
    remarks: str = ""
    cancel: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


PPI, DUPRO, PSI, CLC = (
    InspectionType.PPI,
    InspectionType.DUPRO,
    InspectionType.PSI,
    InspectionType.CLC,
)
PLANNED, RUNNING, SUBMITTED, REVIEWED, CANCELLED = (
    InspectionStatus.PLANNED,
    InspectionStatus.IN_PROGRESS,
    InspectionStatus.SUBMITTED,
    InspectionStatus.REVIEWED,
    InspectionStatus.CANCELLED,
)

# In the order they are made: streams move with every review.
INSPECTIONS: tuple[InspectionSpec, ...] = (
    # History that passed, spread over the past months.
    InspectionSpec("GP-10033", PSI, REVIEWED, 8000, -240, minors=3),
    InspectionSpec("GP-10034", PSI, REVIEWED, 2000, -200, majors=1),
    InspectionSpec("GP-10035", DUPRO, REVIEWED, 3000, -170, produced=45),
    InspectionSpec("GP-10036", PSI, REVIEWED, 30000, -150, majors=2, minors=4),
    InspectionSpec("GP-10030", PSI, REVIEWED, 5000, -100, minors=2),
    InspectionSpec("GP-10032", CLC, REVIEWED, 15000, -20, remarks="Container sealed, seal 4471."),
    InspectionSpec("GP-10020", DUPRO, REVIEWED, 1200, -9, produced=35, majors=1),
    InspectionSpec("GP-10027", PSI, REVIEWED, 4000, -12, out_of_tolerance=1),
    # Yuyao drinkware goes to tightened: two lots not accepted (one overridden afterwards).
    InspectionSpec("GP-10019", PPI, REVIEWED, 200, -60, golden=True, criticals=1,
                   remarks="Sharp edge on the handle of the pre-production sample."),
    InspectionSpec("GP-10031", PSI, REVIEWED, 3500, -30, reject_major=True,
                   override="Customer accepted the lot with a 5 % discount after seeing the "
                   "print samples; rework not possible before the ship date."),
    # Pearl River textiles: two lots not accepted on normal, five on tightened: discontinued.
    InspectionSpec("GP-10037", DUPRO, REVIEWED, 2400, -230, produced=50, reject_major=True),
    InspectionSpec("GP-10037", PSI, REVIEWED, 5000, -210, reject_major=True),
    InspectionSpec("GP-10016", PPI, REVIEWED, 300, -120, fail_checkpoint=True),
    InspectionSpec("GP-10029", DUPRO, REVIEWED, 1000, -110, produced=55, reject_major=True),
    InspectionSpec("GP-10029", PSI, REVIEWED, 1900, -90, reject_major=True),
    InspectionSpec("GP-10022", PPI, REVIEWED, 250, -45, criticals=1),
    InspectionSpec("GP-10016", DUPRO, REVIEWED, 1600, -15, produced=40, reject_major=True),
    # Every type in every other status.
    InspectionSpec("GP-10012", PPI, PLANNED, 150, 5),
    InspectionSpec("GP-10015", PPI, RUNNING, 200, 0),
    InspectionSpec("GP-10013", PPI, SUBMITTED, 120, -1, golden=True, decision=True),
    InspectionSpec("GP-10017", PPI, CANCELLED, 100, 3, cancel="Customer postponed the order."),
    InspectionSpec("GP-10024", DUPRO, PLANNED, 1800, 7),
    InspectionSpec("GP-10023", DUPRO, RUNNING, 1500, 0, produced=30),
    InspectionSpec("GP-10026", DUPRO, SUBMITTED, 2500, -1, produced=70, decision=True,
                   remarks="Handle colour slightly darker than the Pantone card; photos sent."),
    InspectionSpec("GP-10034", DUPRO, SUBMITTED, 1500, -2, produced=30, fail_checkpoint=True),
    InspectionSpec("GP-10025", DUPRO, CANCELLED, 400, 2, cancel="Sample run only; no DUPRO."),
    # Planned on the discontinued textile stream: it cannot start until the stream resumes.
    InspectionSpec("GP-10022", PSI, PLANNED, 8000, 10),
    InspectionSpec("GP-10021", PSI, RUNNING, 5000, 0, packed=90),
    InspectionSpec("GP-10019", PSI, SUBMITTED, 6000, -1, minors=3, majors=2),
    InspectionSpec("GP-10018", PSI, CANCELLED, 25000, 20, cancel="Booked twice; see the CLC."),
    InspectionSpec("GP-10014", CLC, PLANNED, 2500, 14, skus=("HBF-TMUG-400",)),
    InspectionSpec("GP-10028", CLC, RUNNING, 2000, 0),
    InspectionSpec("GP-10030", CLC, SUBMITTED, 5000, -1),
    InspectionSpec("GP-10034", CLC, CANCELLED, 1999, -40, cancel="Shipped by air; no container."),
)  # fmt: skip


@dataclass
class InspectionDemoResult:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def load_inspection_demo(*, today: dt.date | None = None) -> InspectionDemoResult:
    """Create the inspections demo; rows already present are left alone. Needs the core demo
    (its users and orders); without them it creates the library only."""
    result = InspectionDemoResult()
    quality = User.objects.filter(email=QUALITY_MANAGER).first()
    inspector = User.objects.filter(email=INSPECTOR).first()
    if quality is None:
        return result
    with transaction.atomic():
        library = _load_library(result, quality)
        _load_checklists(result, quality)
    if inspector is None:
        return result
    today = today or timezone.localdate()
    for spec in INSPECTIONS:
        with transaction.atomic():
            _load_inspection(result, spec, quality, inspector, library, today)
    return result


def _load_library(result: InspectionDemoResult, by: User) -> dict[str, DefectType]:
    library = {t.code: t for t in DefectType.objects.all()}
    for code, cls, category, en, nl, zh in DEFECT_LIBRARY:
        if code not in library:
            library[code] = services.defect_type_create(
                code=code,
                defect_class=cls,
                category=category,
                description_en=en,
                description_nl=nl,
                description_zh=zh,
                by=by,
            )
            result.count("defect types")
    return library


def _load_checklists(result: InspectionDemoResult, by: User) -> None:
    for code, (name, checkpoints) in CHECKLISTS.items():
        category = ProductCategory.objects.filter(code=code).first()
        if category is None or ChecklistTemplate.objects.filter(product_category=category).exists():
            continue
        services.checklist_template_create(
            product_category=category,
            name=f"{name} QC checklist",
            checkpoints=checkpoints,
            notes="First version.",
            by=by,
        )
        result.count("checklist templates")


def _by_class(library: dict[str, DefectType], cls: str) -> list[DefectType]:
    return [t for t in library.values() if t.defect_class == cls and t.is_active]


def _load_inspection(
    result: InspectionDemoResult,
    spec: InspectionSpec,
    quality: User,
    inspector: User,
    library: dict[str, DefectType],
    today: dt.date,
) -> None:
    order = PurchaseOrder.objects.filter(number=spec.order).first()
    if order is None:
        return
    if Inspection.objects.filter(
        order=order, inspection_type=spec.kind, lot_size=spec.lot
    ).exists():
        return
    lines = [li for li in order.lines.select_related("product") if li.product.sku in spec.skus]
    inspection = services.inspection_book(
        order=order,
        inspection_type=spec.kind,
        planned_date=today + dt.timedelta(days=spec.planned),
        inspector=inspector,
        lines=lines or None,
        lot_size=spec.lot,
        by=quality,
    )
    result.count("inspections")
    if spec.status == CANCELLED:
        services.inspection_cancel(inspection=inspection, reason=spec.cancel, by=quality)
        return
    if spec.status == PLANNED:
        return
    stream_severity = _stream_severity(inspection)
    if stream_severity == StreamSeverity.DISCONTINUED:
        return  # left planned: the stream must be resumed first
    services.inspection_start(
        inspection=inspection,
        produced_percent=spec.produced if spec.kind == DUPRO else None,
        packed_percent=spec.packed if spec.kind == PSI else None,
        by=inspector,
    )
    if spec.status == REVIEWED:  # started on its planned day: its photos are taken then
        _backdate_start(inspection, today + dt.timedelta(days=spec.planned))
    _perform(inspection, spec, inspector, library, complete=spec.status != RUNNING)
    if spec.golden:
        services.golden_sample_approve(
            inspection=inspection,
            seal_number=f"GS-{order.number[-5:]}-01",
            colours=[
                services.Colour("body", "Pantone 7541 C"),
                services.Colour("logo", "Pantone 356 C"),
            ],
            logo_position="Front, centred, 20 mm below the rim",
            logo_size="45 x 18 mm",
            dimensions="H 95 mm, diameter 82 mm",
            materials=order.lines.select_related("product").first().product.materials  # type: ignore[union-attr]
            or "as ordered",
            by=inspector,
        )
    if spec.status == RUNNING:
        return
    result.created["photos"] = result.created.get("photos", 0) + _photograph(inspection)
    services.inspection_submit(inspection=inspection, remarks=spec.remarks or None, by=inspector)
    if spec.status == SUBMITTED:
        return
    services.inspection_review(inspection=inspection, by=quality)
    if spec.override:
        verdict = "pass" if inspection.computed_verdict == "fail" else "fail"
        services.inspection_override(
            inspection=inspection, verdict=verdict, reason=spec.override, by=quality
        )
    _backdate(inspection, today + dt.timedelta(days=spec.planned))


def _stream_severity(inspection: Inspection) -> str:
    stream = SamplingStream.objects.filter(
        facility_id=inspection.facility_id, product_category_id=inspection.product_category_id
    ).first()
    return stream.severity if stream else StreamSeverity.NORMAL


def _perform(
    inspection: Inspection,
    spec: InspectionSpec,
    inspector: User,
    library: dict[str, DefectType],
    *,
    complete: bool,
) -> None:
    """Record results: every checkpoint when `complete`, else the first two."""
    snapshot = {c["key"]: c for c in (inspection.checklist_snapshot or {}).get("checkpoints", [])}
    results = list(inspection.checkpoint_results.order_by("position"))
    if not complete:
        results = results[:2]
    decision_left = not spec.decision
    failed = not spec.fail_checkpoint
    out = spec.out_of_tolerance
    for result in results:
        cp = snapshot.get(result.key, {})
        if result.kind == CheckpointKind.MEASUREMENT:
            nominal = Decimal(str(cp.get("nominal") or 0))
            tolerance = Decimal(str(cp.get("tolerance") or 0))
            values = []
            for unit in range(1, 6):
                value = nominal + tolerance / 2
                if out:
                    value = nominal + tolerance * 2
                    out -= 1
                values.append({"unit": unit, "value": str(value)})
            services.inspection_record_result(
                inspection=inspection, key=result.key, measurements=values, by=inspector
            )
            continue
        status: str = CheckpointStatus.PASS
        note = ""
        if not decision_left and result.kind in {CheckpointKind.VISUAL, CheckpointKind.ONSITE_TEST}:
            status, note = CheckpointStatus.NEEDS_DECISION, "Borderline: for the office to decide."
            decision_left = True
        elif not failed and result.kind in {CheckpointKind.FUNCTION, CheckpointKind.ONSITE_TEST}:
            status, note = CheckpointStatus.FAIL, "Failed on 2 of the units tested."
            failed = True
        services.inspection_record_result(
            inspection=inspection, key=result.key, status=status, note=note, by=inspector
        )
    if not complete:
        return
    plan = inspection.plan_snapshot or {}
    major_reject = next((c["reject"] for c in plan.get("classes", []) if c["name"] == "major"), 0)
    majors = major_reject if spec.reject_major else spec.majors
    first = 1
    for cls, n in (("critical", spec.criticals), ("major", majors), ("minor", spec.minors)):
        types = _by_class(library, cls)
        if not n or not types:
            continue
        units = range(first, first + n)
        first += n
        for unit in units:
            services.inspection_record_defect(
                inspection=inspection,
                defect_type=types[unit % len(types)],
                unit_number=unit,
                by=inspector,
            )
        # A second defect on the first unit of the class: the unit still counts once.
        services.inspection_record_defect(
            inspection=inspection,
            defect_type=types[(units[0] + 1) % len(types)],
            unit_number=units[0],
            note="Second defect on the same unit: the unit still counts once.",
            by=inspector,
        )


def _photograph(inspection: Inspection) -> int:
    """Submission waits for the photos the checklist requires (the photo-evidence app
    registers that check): the evidence demo takes them, as the inspector would, before the
    inspection is submitted. Returns how many were taken."""
    if not django_apps.is_installed("sourceproof.evidence"):
        return 0
    from sourceproof.evidence.demo import photograph_required

    inspection.refresh_from_db()
    return sum(photograph_required(inspection).created.values())


def _start_moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _backdate_start(inspection: Inspection, day: dt.date) -> None:
    """Start a lot that will be reviewed on its planned day (before anything is recorded),
    so that its photos can be taken during it."""
    Inspection.objects.filter(pk=inspection.pk).update(started_at=_start_moment(day))
    inspection.refresh_from_db()


def _backdate(inspection: Inspection, day: dt.date) -> None:
    """Put a reviewed demo lot on its planned day, so the dashboard has history."""
    moment = _start_moment(day)
    Inspection.objects.filter(pk=inspection.pk).update(
        planned_date=day,
        started_at=moment,
        submitted_at=moment + dt.timedelta(hours=5),
        reviewed_at=moment + dt.timedelta(days=1),
    )
