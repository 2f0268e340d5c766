"""Demo data: a Dutch importer of promotional products, its customers, suppliers and orders.

`demo_load()` builds a small but realistic installation for people trying sourceproof:
the operator Groen Promotions B.V. (Utrecht), three customer brands, eight suppliers with
twelve facilities in CN, VN, IN, BD, TR and NL, certificates in every state (valid, expiring
within the warning window, expired, and facilities without a SMETA 4-pillar audit or with one
older than the policy allows), forty purchase orders in every status (drafts that pass the
sourcing gate and drafts it blocks, one with an active gate exception and one with an expired
one) and one login per role, all with the password `DEMO_PASSWORD`.

Every date is relative to the day it runs, so the states are right whenever it is loaded.
It is idempotent: rows are keyed on stable codes, numbers and emails and skipped when present,
so a second run creates nothing and fails on nothing. All names are invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from sourceproof.accounts.models import Organisation, OrganisationKind, Role, User
from sourceproof.accounts.services import user_create
from sourceproof.core.changelog import record_change
from sourceproof.core.models import ChangeAction, OperatorPolicy
from sourceproof.facilities.models import (
    CertificateScheme,
    Facility,
    ProductCategory,
    Supplier,
)
from sourceproof.facilities.services import (
    certificate_create,
    facility_create,
    facility_suspend,
    supplier_create,
)
from sourceproof.orders.models import GateException, OrderStatus, Product, PurchaseOrder
from sourceproof.orders.services import (
    gate_exception_grant,
    order_confirm,
    order_create,
    order_set_status,
    product_create,
)

DEMO_PASSWORD = "demo-sourceproof-2026"  # noqa: S105 - documented demo password, demo data only

# --------------------------------------------------------------------------------------------
# The data. Offsets are in days from the day the demo is loaded (negative: in the past).
# --------------------------------------------------------------------------------------------

OPERATOR = {"name": "Groen Promotions B.V.", "code": "groen-promotions", "country": "NL"}

CATEGORIES = [
    ("drinkware", "Drinkware"),
    ("bags", "Bags"),
    ("textiles", "Textiles"),
    ("pens", "Pens"),
    ("tech-accessories", "Tech accessories"),
    ("umbrellas", "Umbrellas"),
]

CUSTOMERS = [
    ("lumora", "Lumora Retail Group", "NL"),
    ("alpvik", "Alpvik Outdoor GmbH", "DE"),
    ("harbourline", "Harbourline Foods Ltd.", "GB"),
]

AUDIT_FIRM = ("fairline-audits", "Fairline Audit Services", "GB")

# customer code → (sku, name, category code, materials)
PRODUCTS: dict[str, list[tuple[str, str, str, str]]] = {
    "lumora": [
        ("LUM-MUG-350", "Stoneware mug 350 ml, two-colour print", "drinkware", "stoneware"),
        ("LUM-TOTE-ORG", "Organic cotton tote bag", "bags", "organic cotton 140 g/m²"),
        ("LUM-TOWEL-KIT", "Kitchen towel, woven logo", "textiles", "cotton"),
        ("LUM-PEN-RCY", "Recycled ballpoint pen", "pens", "recycled ABS, steel clip"),
        ("LUM-UMB-23", "Automatic umbrella 23 inch", "umbrellas", "rPET canopy, fibreglass"),
    ],
    "alpvik": [
        ("ALP-BTL-500", "Insulated steel bottle 500 ml", "drinkware", "stainless steel 18/8"),
        ("ALP-PACK-DS", "Drawstring backpack", "bags", "recycled polyester 210D"),
        ("ALP-BEANIE", "Knitted beanie with woven label", "textiles", "acrylic"),
        ("ALP-PWR-10K", "Power bank 10,000 mAh", "tech-accessories", "aluminium, Li-ion"),
        ("ALP-UMB-STM", "Storm umbrella 30 inch", "umbrellas", "pongee, fibreglass"),
    ],
    "harbourline": [
        ("HBF-TMUG-400", "Travel mug 400 ml", "drinkware", "bamboo fibre, silicone"),
        ("HBF-JUTE-SHP", "Jute shopper with cotton handles", "bags", "jute, cotton"),
        ("HBF-APRON", "Chef's apron", "textiles", "polycotton twill"),
        ("HBF-PEN-WHT", "White push-button pen", "pens", "ABS"),
        ("HBF-QI-PAD", "Wireless charging pad 10 W", "tech-accessories", "ABS, PCB"),
    ],
}


@dataclass(frozen=True)
class CertSpec:
    scheme: str
    issuer: str
    number: str
    valid_from: int  # for SMETA: the audit date
    valid_until: int


@dataclass(frozen=True)
class FacilitySpec:
    code: str
    name: str
    address: str
    city: str
    region: str
    postal_code: str
    country: str
    lat: str
    lng: str
    os_id: str
    sedex_zs: str
    categories: tuple[str, ...]
    workers: int
    certificates: tuple[CertSpec, ...]
    gate: str  # what the demo shows here: "pass" or why the gate blocks it
    suspension_reason: str = ""


@dataclass(frozen=True)
class SupplierSpec:
    number: str
    org_code: str  # the demo's key for the supplier's organisation (see USERS)
    legal_name: str
    country: str
    sedex_zc: str
    contact: tuple[str, str, str]  # name, email, phone
    address: str
    facilities: tuple[FacilitySpec, ...]


S4 = CertificateScheme.SMETA_4P
_MERIDIAN = "Meridian Social Assurance"
_FAIRLINE = "Fairline Audit Services"
_NORTHSTAR = "Northstar Certification"

SUPPLIERS: tuple[SupplierSpec, ...] = (
    SupplierSpec(
        "SUP-1001",
        "everbright-drinkware",
        "Ningbo Everbright Drinkware Co., Ltd.",
        "CN",
        "ZC401128734",
        ("Zhang Min", "sales@everbright.example", "+86 574 8812 3301"),
        "88 Qiming Road, Yinzhou District, Ningbo, Zhejiang 315100, China",
        (
            FacilitySpec(
                "FAC-00101",
                "Everbright Drinkware Yinzhou Plant",
                "88 Qiming Road, Yinzhou District",
                "Ningbo",
                "Zhejiang",
                "315100",
                "CN",
                "29.815500",
                "121.546600",
                "CN2021187K3QJ8W",
                "ZS402311208",
                ("drinkware",),
                420,
                (
                    CertSpec(S4, _MERIDIAN, "ZAA600381204", -150, 580),
                    CertSpec(CertificateScheme.ISO_9001, _NORTHSTAR, "NC-Q-21877", -400, 700),
                ),
                "pass",
            ),
            FacilitySpec(
                "FAC-00102",
                "Everbright Yuyao Moulding Works",
                "15 Binhai Industrial Park Road",
                "Yuyao",
                "Zhejiang",
                "315400",
                "CN",
                "30.037200",
                "121.154600",
                "CN2022034TR7X2M",
                "ZS402311219",
                ("drinkware", "pens"),
                260,
                (
                    # Valid, but expiring within the 60-day warning window.
                    CertSpec(S4, _MERIDIAN, "ZAA600377751", -335, 25),
                    CertSpec(CertificateScheme.ISO_14001, _NORTHSTAR, "NC-E-30912", -700, -35),
                ),
                "pass (SMETA expiring)",
            ),
        ),
    ),
    SupplierSpec(
        "SUP-1002",
        "lianfa-electronics",
        "Shenzhen Lianfa Electronics Co., Ltd.",
        "CN",
        "ZC401377102",
        ("Chen Jie", "export@lianfa.example", "+86 755 2990 4410"),
        "Building 6, 23 Fuyong Avenue, Bao'an District, Shenzhen, Guangdong 518103, China",
        (
            FacilitySpec(
                "FAC-00103",
                "Lianfa Electronics Fuyong Factory",
                "Building 6, 23 Fuyong Avenue, Bao'an District",
                "Shenzhen",
                "Guangdong",
                "518103",
                "CN",
                "22.555400",
                "113.883100",
                "CN2020311B8HD4K",
                "ZS402877650",
                ("tech-accessories",),
                180,
                (
                    CertSpec(S4, _FAIRLINE, "ZAA600392377", -240, 490),
                    CertSpec(CertificateScheme.ISO_9001, _NORTHSTAR, "NC-Q-19044", -900, -5),
                    CertSpec(CertificateScheme.ISO_14001, _NORTHSTAR, "NC-E-19045", -300, 430),
                ),
                "pass",
            ),
        ),
    ),
    SupplierSpec(
        "SUP-1003",
        "haoyu-umbrella",
        "Xiamen Haoyu Umbrella Manufacturing Co., Ltd.",
        "CN",
        "ZC401552890",
        ("Lin Hao", "lin.hao@haoyu-umbrella.example", "+86 592 6218 0077"),
        "201 Xinglin Industrial Zone, Jimei District, Xiamen, Fujian 361022, China",
        (
            FacilitySpec(
                "FAC-00104",
                "Haoyu Umbrella Jimei Factory",
                "201 Xinglin Industrial Zone, Jimei District",
                "Xiamen",
                "Fujian",
                "361022",
                "CN",
                "24.575700",
                "118.097000",
                "CN2019303BQ3FZP",
                "ZS402955018",
                ("umbrellas",),
                350,
                (
                    # Still inside its validity, but the audit is ~26 months old (> 24).
                    CertSpec(S4, _MERIDIAN, "ZAA600214490", -790, 120),
                    CertSpec(CertificateScheme.GRS, _NORTHSTAR, "GRS-NC-55120", -200, 165),
                ),
                "blocked: SMETA audit older than 24 months",
            ),
            FacilitySpec(
                "FAC-00105",
                "Haoyu Songxia Umbrella Workshop",
                "9 Songxia Umbrella Industrial Park, Shangyu District",
                "Shaoxing",
                "Zhejiang",
                "312365",
                "CN",
                "30.032800",
                "120.868700",
                "CN2023095M2WQ7R",
                "ZS402955029",
                ("umbrellas",),
                90,
                (
                    # Only a 2-pillar SMETA: no 4-pillar audit at all.
                    CertSpec(CertificateScheme.SMETA_2P, _MERIDIAN, "ZAA600401733", -120, 610),
                ),
                "blocked: no SMETA 4-pillar",
            ),
        ),
    ),
    SupplierSpec(
        "SUP-1004",
        "greenweave-bags",
        "Saigon Greenweave Bags JSC",
        "VN",
        "ZC402004561",
        ("Nguyen Thi Lan", "lan.nguyen@greenweave.example", "+84 274 3768 210"),
        "Lot 12, VSIP I, Thuan An City, Binh Duong, Vietnam",
        (
            FacilitySpec(
                "FAC-00106",
                "Greenweave VSIP Bag Factory",
                "Lot 12, Street 6, VSIP I",
                "Thuan An",
                "Binh Duong",
                "75000",
                "VN",
                "11.054500",
                "106.684000",
                "VN2020142H6PN3C",
                "ZS403118842",
                ("bags",),
                610,
                (
                    CertSpec(S4, _FAIRLINE, "ZAA600388015", -60, 670),
                    # The audit before, superseded by the one above.
                    CertSpec(S4, _FAIRLINE, "ZAA600297340", -430, -30),
                    CertSpec(CertificateScheme.GRS, _NORTHSTAR, "GRS-NC-60231", -90, 275),
                ),
                "pass",
            ),
            FacilitySpec(
                "FAC-00107",
                "Greenweave Duc Hoa Sewing Unit",
                "Xuyen A Industrial Park, Duc Hoa District",
                "Duc Hoa",
                "Long An",
                "82000",
                "VN",
                "10.885600",
                "106.410000",
                "VN2021266CZ8L5T",
                "ZS403118853",
                ("bags", "textiles"),
                240,
                (
                    # Expired three weeks ago.
                    CertSpec(S4, _FAIRLINE, "ZAA600301942", -420, -20),
                    CertSpec(CertificateScheme.OEKO_TEX, _NORTHSTAR, "OT-22.HVN.4471", -250, 115),
                ),
                "blocked: SMETA 4-pillar expired",
            ),
        ),
    ),
    SupplierSpec(
        "SUP-1005",
        "tiruppur-cotton-knits",
        "Tiruppur Cotton Knits Pvt. Ltd.",
        "IN",
        "ZC402215730",
        ("Priya Raman", "priya@tck-knits.example", "+91 421 242 7788"),
        "SF No. 214, Avinashi Road, Tiruppur, Tamil Nadu 641603, India",
        (
            FacilitySpec(
                "FAC-00108",
                "TCK Knitting and Garment Unit 2",
                "SF No. 214, Avinashi Road",
                "Tiruppur",
                "Tamil Nadu",
                "641603",
                "IN",
                "11.108500",
                "77.341100",
                "IN2020077D4RS9V",
                "ZS403660127",
                ("textiles",),
                780,
                (
                    CertSpec(S4, _MERIDIAN, "ZAA600390066", -210, 520),
                    CertSpec(CertificateScheme.OEKO_TEX, _NORTHSTAR, "OT-21.HIN.8820", -320, 45),
                    CertSpec(CertificateScheme.GRS, _NORTHSTAR, "GRS-NC-58003", -100, 265),
                ),
                "pass (OEKO-TEX expiring)",
            ),
        ),
    ),
    SupplierSpec(
        "SUP-1006",
        "bengal-jute-canvas",
        "Bengal Jute & Canvas Ltd.",
        "BD",
        "ZC402509934",
        ("Rahim Khan", "rahim@bengaljute.example", "+880 2 9801 554"),
        "House 14, Road 7, Gulshan 1, Dhaka 1212, Bangladesh",
        (
            FacilitySpec(
                "FAC-00109",
                "Bengal Jute Tongi Mill",
                "Plot 37, BSCIC Industrial Estate, Tongi",
                "Gazipur",
                "Dhaka Division",
                "1710",
                "BD",
                "23.900200",
                "90.405100",
                "BD2019224J7KP2D",
                "ZS404002316",
                ("bags",),
                520,
                (
                    # An amfori BSCI audit, but no SMETA 4-pillar.
                    CertSpec(
                        CertificateScheme.AMFORI_BSCI, _NORTHSTAR, "BSCI-ID-3388102", -180, 550
                    ),
                ),
                "blocked: no SMETA 4-pillar",
            ),
            FacilitySpec(
                "FAC-00110",
                "Bengal Canvas Adamjee EPZ Unit",
                "Plot 112-114, Adamjee EPZ, Siddhirganj",
                "Narayanganj",
                "Dhaka Division",
                "1431",
                "BD",
                "23.708400",
                "90.501300",
                "BD2021159W5NX8G",
                "ZS404002327",
                ("textiles", "bags"),
                1350,
                (CertSpec(S4, _FAIRLINE, "ZAA600385522", -160, 570),),
                "blocked: facility suspended",
                suspension_reason=(
                    "Locked emergency exit found at an unannounced visit; suspended until the "
                    "corrective action is verified."
                ),
            ),
        ),
    ),
    SupplierSpec(
        "SUP-1007",
        "denizli-havlu",
        "Denizli Havlu Tekstil A.Ş.",
        "TR",
        "ZC402813377",
        ("Ayşe Demir", "ayse.demir@denizlihavlu.example", "+90 258 269 4120"),
        "Organize Sanayi Bölgesi 4. Cadde No: 12, Honaz, Denizli 20330, Türkiye",
        (
            FacilitySpec(
                "FAC-00111",
                "Denizli Havlu Honaz Weaving Plant",
                "Organize Sanayi Bölgesi 4. Cadde No: 12, Honaz",
                "Denizli",
                "Denizli",
                "20330",
                "TR",
                "37.776500",
                "29.086400",
                "TR2020190F9GK6Y",
                "ZS404517780",
                ("textiles",),
                310,
                (
                    CertSpec(S4, _MERIDIAN, "ZAA600393318", -30, 700),
                    CertSpec(S4, _MERIDIAN, "ZAA600224107", -760, -25),
                    CertSpec(CertificateScheme.OEKO_TEX, _NORTHSTAR, "OT-19.TR.1202", -200, 165),
                    CertSpec(CertificateScheme.ISO_9001, _NORTHSTAR, "NC-Q-24410", -680, 50),
                ),
                "pass (ISO 9001 expiring)",
            ),
        ),
    ),
    SupplierSpec(
        "SUP-1008",
        "veluwe-print-pen",
        "Veluwe Print & Pen B.V.",
        "NL",
        "ZC403100218",
        ("Joris van Dijk", "joris@veluweprint.example", "+31 55 578 2200"),
        "Ecofactorijweg 21, 7325 WC Apeldoorn, Netherlands",
        (
            FacilitySpec(
                "FAC-00112",
                "Veluwe Print & Pen Apeldoorn",
                "Ecofactorijweg 21",
                "Apeldoorn",
                "Gelderland",
                "7325 WC",
                "NL",
                "52.211200",
                "5.969900",
                "NL2022301A1VP4E",
                "ZS405220094",
                ("pens",),
                45,
                (
                    CertSpec(S4, _FAIRLINE, "ZAA600394471", -90, 640),
                    CertSpec(CertificateScheme.ISO_9001, _NORTHSTAR, "NC-Q-30551", -500, 595),
                    CertSpec(CertificateScheme.ISO_14001, _NORTHSTAR, "NC-E-30552", -500, 595),
                ),
                "pass",
            ),
        ),
    ),
)

# role → (email, full name, organisation code; for supplier users the supplier number)
USERS: list[tuple[str, str, str, str]] = [
    (Role.ADMIN, "admin@groen.example", "Anna de Vries", "groen-promotions"),
    (Role.CSR_MANAGER, "csr@groen.example", "Carla Jansen", "groen-promotions"),
    (Role.QUALITY_MANAGER, "quality@groen.example", "Quinten Bakker", "groen-promotions"),
    (Role.INSPECTOR, "inspector@groen.example", "Li Wei", "groen-promotions"),
    (Role.VIEWER, "viewer@groen.example", "Vera Visser", "groen-promotions"),
    (Role.SUPPLIER_USER, "sales@everbright.example", "Zhang Min", "everbright-drinkware"),
    (Role.CUSTOMER_USER, "buyer@lumora.example", "Noor Hendriks", "lumora"),
    (Role.CUSTOMER_USER, "buyer@alpvik.example", "Otto Keller", "alpvik"),
    (Role.AUDITOR, "auditor@fairline.example", "Alex Morgan", "fairline-audits"),
]


@dataclass(frozen=True)
class OrderSpec:
    number: str
    customer: str
    facility: str
    status: str
    ship: int  # agreed ship date
    confirmed: int | None  # days ago it was confirmed (None: never)
    lines: tuple[tuple[str, int], ...]  # (sku, quantity)
    exception: str = ""  # "active" or "expired": a gate exception on this (draft) order
    notes: str = ""


def _order_specs() -> list[OrderSpec]:
    """Forty orders: every status, at facilities the gate passes and blocks."""
    d, c, p, s, v, x = (
        OrderStatus.DRAFT,
        OrderStatus.CONFIRMED,
        OrderStatus.IN_PRODUCTION,
        OrderStatus.SHIPPED,
        OrderStatus.DELIVERED,
        OrderStatus.CANCELLED,
    )
    rows: list[tuple[str, str, str, int, int | None, tuple[tuple[str, int], ...], str, str]] = [
        # Drafts the gate lets through.
        ("lumora", "FAC-00101", d, 75, None, (("LUM-MUG-350", 5000),), "", ""),
        ("alpvik", "FAC-00103", d, 80, None, (("ALP-PWR-10K", 2500),), "", ""),
        ("lumora", "FAC-00106", d, 70, None, (("LUM-TOTE-ORG", 10000),), "", ""),
        ("harbourline", "FAC-00108", d, 90, None, (("HBF-APRON", 1200),), "", ""),
        ("lumora", "FAC-00112", d, 60, None, (("LUM-PEN-RCY", 20000),), "", ""),
        ("alpvik", "FAC-00111", d, 85, None, (("ALP-BEANIE", 3000),), "", ""),
        # Drafts the gate blocks (one with an active exception, one whose exception expired).
        ("lumora", "FAC-00104", d, 65, None, (("LUM-UMB-23", 4000),), "", ""),
        ("alpvik", "FAC-00105", d, 70, None, (("ALP-UMB-STM", 1500),), "", ""),
        (
            "lumora",
            "FAC-00107",
            d,
            50,
            None,
            (("LUM-TOTE-ORG", 6000),),
            "active",
            "Re-audit booked; exception granted to keep the spring campaign on time.",
        ),
        ("harbourline", "FAC-00109", d, 60, None, (("HBF-JUTE-SHP", 8000),), "expired", ""),
        ("alpvik", "FAC-00110", d, 75, None, (("ALP-PACK-DS", 5000),), "", ""),
        # Confirmed.
        ("lumora", "FAC-00101", c, 55, 6, (("LUM-MUG-350", 3000),), "", ""),
        ("alpvik", "FAC-00101", c, 60, 9, (("ALP-BTL-500", 2000),), "", ""),
        (
            "harbourline",
            "FAC-00102",
            c,
            50,
            4,
            (("HBF-TMUG-400", 2500), ("HBF-PEN-WHT", 10000)),
            "",
            "",
        ),
        ("lumora", "FAC-00106", c, 65, 12, (("LUM-TOTE-ORG", 7500),), "", ""),
        ("alpvik", "FAC-00108", c, 45, 8, (("ALP-BEANIE", 4000),), "", ""),
        ("harbourline", "FAC-00103", c, 58, 3, (("HBF-QI-PAD", 1500),), "", ""),
        ("lumora", "FAC-00112", c, 40, 10, (("LUM-PEN-RCY", 25000),), "", ""),
        # In production.
        ("lumora", "FAC-00102", p, 30, 25, (("LUM-MUG-350", 6000),), "", ""),
        ("alpvik", "FAC-00103", p, 21, 32, (("ALP-PWR-10K", 3000),), "", ""),
        ("harbourline", "FAC-00106", p, 18, 40, (("HBF-JUTE-SHP", 5000),), "", ""),
        ("lumora", "FAC-00108", p, 25, 28, (("LUM-TOWEL-KIT", 8000),), "", ""),
        ("alpvik", "FAC-00111", p, 14, 45, (("ALP-BEANIE", 2500),), "", ""),
        ("harbourline", "FAC-00101", p, 20, 35, (("HBF-TMUG-400", 4000),), "", ""),
        ("lumora", "FAC-00103", p, 12, 50, (("LUM-PEN-RCY", 500),), "", "Sample run before bulk."),
        ("alpvik", "FAC-00106", p, 28, 30, (("ALP-PACK-DS", 6000),), "", ""),
        # Shipped.
        ("lumora", "FAC-00101", s, -8, 75, (("LUM-MUG-350", 4000),), "", ""),
        ("alpvik", "FAC-00106", s, -12, 90, (("ALP-PACK-DS", 2000),), "", ""),
        ("harbourline", "FAC-00108", s, -5, 70, (("HBF-APRON", 2000),), "", ""),
        ("lumora", "FAC-00111", s, -15, 85, (("LUM-TOWEL-KIT", 5000),), "", ""),
        ("alpvik", "FAC-00102", s, -3, 65, (("ALP-BTL-500", 3500),), "", ""),
        ("harbourline", "FAC-00112", s, -10, 60, (("HBF-PEN-WHT", 15000),), "", ""),
        # Delivered.
        ("lumora", "FAC-00106", v, -60, 150, (("LUM-TOTE-ORG", 8000),), "", ""),
        ("alpvik", "FAC-00103", v, -45, 120, (("ALP-PWR-10K", 2000),), "", ""),
        ("harbourline", "FAC-00106", v, -90, 170, (("HBF-JUTE-SHP", 6000),), "", ""),
        ("lumora", "FAC-00112", v, -120, 200, (("LUM-PEN-RCY", 30000),), "", ""),
        ("alpvik", "FAC-00108", v, -75, 140, (("ALP-BEANIE", 5000),), "", ""),
        # Cancelled.
        (
            "harbourline",
            "FAC-00110",
            x,
            30,
            None,
            (("HBF-APRON", 3000),),
            "",
            "Facility suspended.",
        ),
        ("lumora", "FAC-00102", x, 20, 15, (("LUM-MUG-350", 1000),), "", "Customer withdrew."),
        ("alpvik", "FAC-00109", x, 40, None, (("ALP-PACK-DS", 2000),), "", "Moved to VSIP."),
    ]
    return [
        OrderSpec(f"GP-{10001 + i}", cu, fa, st, sh, co, li, ex, no)
        for i, (cu, fa, st, sh, co, li, ex, no) in enumerate(rows)
    ]


ORDERS = _order_specs()

# --------------------------------------------------------------------------------------------
# Loading.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    name: str
    organisation: str


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def _days(today: dt.date, offset: int) -> dt.date:
    return today + dt.timedelta(days=offset)


def _moment(now: dt.datetime, days_ago: int) -> dt.datetime:
    return now - dt.timedelta(days=days_ago)


@transaction.atomic
def demo_load(*, today: dt.date | None = None) -> DemoResult:
    """Create the demo installation; rows already present are left alone."""
    today = today or timezone.localdate()
    now = timezone.now()
    result = DemoResult()
    OperatorPolicy.current()

    orgs = _load_organisations(result)
    categories = {
        code: ProductCategory.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in CATEGORIES
    }
    users = _load_users(result, orgs)  # the supplier's user follows once its supplier exists
    admin = users["admin@groen.example"]
    facilities = _load_registry(result, orgs, categories, today, admin)
    users = _load_users(result, orgs)
    products = _load_products(result, orgs, categories, admin)
    _load_orders(result, orgs, facilities, products, users, today, now)

    result.logins = [
        DemoLogin(str(Role(role).label), email, name, orgs[org].name)
        for role, email, name, org in USERS
    ]
    return result


def _load_organisations(result: DemoResult) -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    operator = Organisation.objects.filter(kind=OrganisationKind.OPERATOR).first()
    if operator is None:
        operator = Organisation.objects.create(kind=OrganisationKind.OPERATOR, **OPERATOR)
        result.count("organisations")
    elif operator.code == "operator" and operator.name == "Operator":
        # The placeholder made by operator_organisation() before the demo ran: name it.
        Organisation.objects.filter(pk=operator.pk).update(
            name=OPERATOR["name"], country=OPERATOR["country"]
        )
        operator.refresh_from_db()
    orgs[OPERATOR["code"]] = operator

    others = [(code, name, country, OrganisationKind.CUSTOMER) for code, name, country in CUSTOMERS]
    others.append((*AUDIT_FIRM, OrganisationKind.AUDIT_FIRM))
    for code, name, country, kind in others:
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            org = Organisation.objects.create(code=code, name=name, country=country, kind=kind)
            result.count("organisations")
        orgs[code] = org
    return orgs


def _load_users(result: DemoResult, orgs: dict[str, Organisation]) -> dict[str, User]:
    users: dict[str, User] = {}
    hashed: str | None = None
    for role, email, name, org_code in USERS:
        if org_code not in orgs:
            continue
        user = User.objects.filter(email=email).first()
        if user is None:
            # One hash for all demo accounts: hashing is slow on purpose, and it is one password.
            hashed = hashed or make_password(DEMO_PASSWORD)
            user = user_create(
                email=email,
                password=None,
                organisation=orgs[org_code],
                role=role,
                full_name=name,
            )
            User.objects.filter(pk=user.pk).update(password=hashed)
            result.count("users")
        users[email] = user
    return users


def _load_registry(
    result: DemoResult,
    orgs: dict[str, Organisation],
    categories: dict[str, ProductCategory],
    today: dt.date,
    by: User,
) -> dict[str, Facility]:
    """Suppliers, facilities and certificates through the registry's services; each supplier's
    organisation is added to `orgs` under the spec's key, for its users."""
    facilities: dict[str, Facility] = {}
    for spec in SUPPLIERS:
        supplier = Supplier.objects.filter(supplier_number=spec.number).first()
        if supplier is None:
            contact_name, contact_email, contact_phone = spec.contact
            supplier = supplier_create(
                by=by,
                legal_name=spec.legal_name,
                supplier_number=spec.number,
                country=spec.country,
                sedex_zc=spec.sedex_zc,
                contact_name=contact_name,
                contact_email=contact_email,
                contact_phone=contact_phone,
                address=spec.address,
            )
            result.count("suppliers")
        orgs[spec.org_code] = supplier.organisation
        for fspec in spec.facilities:
            facilities[fspec.code] = _load_facility(result, supplier, fspec, categories, today, by)
    return facilities


def _load_facility(
    result: DemoResult,
    supplier: Supplier,
    spec: FacilitySpec,
    categories: dict[str, ProductCategory],
    today: dt.date,
    by: User,
) -> Facility:
    facility = Facility.objects.filter(code=spec.code).first()
    if facility is None:
        facility = facility_create(
            by=by,
            code=spec.code,
            product_categories=[categories[c] for c in spec.categories],
            supplier=supplier,
            name=spec.name,
            address=spec.address,
            city=spec.city,
            region=spec.region,
            postal_code=spec.postal_code,
            country=spec.country,
            latitude=Decimal(spec.lat),
            longitude=Decimal(spec.lng),
            os_id=spec.os_id,
            sedex_zs=spec.sedex_zs,
            worker_count=spec.workers,
        )
        result.count("facilities")
        for cert in spec.certificates:
            certificate_create(
                facility=facility,
                by=by,
                scheme=cert.scheme,
                issuer=cert.issuer,
                number=cert.number,
                valid_from=_days(today, cert.valid_from),
                valid_until=_days(today, cert.valid_until),
            )
            result.count("certificates")
        if spec.suspension_reason:
            facility_suspend(facility=facility, by=by, reason=spec.suspension_reason)
    return facility


def _load_products(
    result: DemoResult,
    orgs: dict[str, Organisation],
    categories: dict[str, ProductCategory],
    by: User,
) -> dict[str, Product]:
    products: dict[str, Product] = {}
    for customer_code, rows in PRODUCTS.items():
        customer = orgs[customer_code]
        for sku, name, category, materials in rows:
            product = Product.objects.filter(customer=customer, sku=sku).first()
            if product is None:
                product = product_create(
                    customer=customer,
                    sku=sku,
                    name=name,
                    category=categories[category],
                    materials=materials,
                    by=by,
                )
                result.count("products")
            products[sku] = product
    return products


# The statuses an order passes through after confirmation, in order.
_AFTER_CONFIRMATION: list[str] = [
    OrderStatus.IN_PRODUCTION,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
]


def _load_orders(
    result: DemoResult,
    orgs: dict[str, Organisation],
    facilities: dict[str, Facility],
    products: dict[str, Product],
    users: dict[str, User],
    today: dt.date,
    now: dt.datetime,
) -> None:
    """Each order goes through the order services as a person would take it: created,
    confirmed through the sourcing gate, moved along; gate exceptions granted by the quality
    manager. Only the confirmation moment is then moved back in time (and, for one exception,
    the expiry), so the demo shows orders confirmed weeks ago; the change log says so."""
    creator = users["csr@groen.example"]
    quality = users["quality@groen.example"]
    existing = set(
        PurchaseOrder.objects.filter(number__in=[o.number for o in ORDERS]).values_list(
            "number", flat=True
        )
    )
    for spec in ORDERS:
        if spec.number in existing:
            continue
        order = order_create(
            number=spec.number,
            customer=orgs[spec.customer],
            facility=facilities[spec.facility],
            lines=[(products[sku], qty) for sku, qty in spec.lines],
            agreed_ship_date=_days(today, spec.ship),
            notes=spec.notes,
            by=creator,
        )
        result.count("orders")
        if spec.exception:
            _load_exception(result, order, spec, now, quality)
        if spec.confirmed is not None:
            order_confirm(order=order, by=quality)
            _backdate_confirmation(order, _moment(now, spec.confirmed))
        if spec.status in _AFTER_CONFIRMATION:
            for status in _AFTER_CONFIRMATION[: _AFTER_CONFIRMATION.index(spec.status) + 1]:
                order_set_status(order=order, status=status, by=quality)
        elif spec.status == OrderStatus.CANCELLED:
            order_set_status(order=order, status=OrderStatus.CANCELLED, by=quality)


def _backdate_confirmation(order: PurchaseOrder, at: dt.datetime) -> None:
    verdict = dict(order.gate_verdict or {})
    verdict["evaluated_at"] = at.isoformat()
    PurchaseOrder.objects.filter(pk=order.pk).update(confirmed_at=at, gate_verdict=verdict)
    order.refresh_from_db()


def _load_exception(
    result: DemoResult, order: PurchaseOrder, spec: OrderSpec, now: dt.datetime, by: User
) -> None:
    if spec.exception == "active":
        reason = (
            "Re-audit is booked for next month and the previous audit had no critical "
            "findings; the customer's spring campaign depends on this order."
        )
        gate_exception_grant(
            order=order, reason=reason, expires_at=now + dt.timedelta(days=30), by=by
        )
    else:
        reason = "Granted while the SMETA audit report was awaited; the report never arrived."
        exception = gate_exception_grant(
            order=order, reason=reason, expires_at=now + dt.timedelta(days=14), by=by
        )
        # No service grants an exception in the past: move its expiry back, on the record.
        before = exception.expires_at
        exception.expires_at = now - dt.timedelta(days=5)
        GateException.objects.filter(pk=exception.pk).update(expires_at=exception.expires_at)
        record_change(
            obj=exception,
            actor=by,
            action=ChangeAction.UPDATE,
            changes={"expires_at": [before, exception.expires_at]},
            summary="Demo data: expiry moved into the past to show an expired exception.",
        )
    result.count("gate exceptions")


def logins_table(logins: list[DemoLogin], password: str = DEMO_PASSWORD) -> str:
    """The demo logins as a Markdown table (printed by load_demo, pasted into the README)."""
    rows = [("Role", "Email", "Name", "Organisation", "Password")]
    rows += [(lg.role, lg.email, lg.name, lg.organisation, password) for lg in logins]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(rows[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows[1:]]
    return "\n".join(out)
