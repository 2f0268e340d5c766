"""Suppliers, their facilities (production locations), certificates and country risk."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sourceproof.accounts.models import Organisation
from sourceproof.core.models import BaseModel

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two-letter ISO 3166-1 alpha-2 code, e.g. CN.")
)
# Open Supply Hub OS ID: ISO country code, 4-digit year, 3-digit day of year, 6 letters/digits
# e.g. CN2019303BQ3FZP (https://info.opensupplyhub.org/resources/os-id).
os_id_validator = RegexValidator(
    r"^[A-Z]{2}\d{7}[A-Z0-9]{6}$",
    _("An OS ID looks like CN2019303BQ3FZP: country, year, day of year, six letters or digits."),
)
sedex_zc_validator = RegexValidator(r"^ZC\d{6,12}$", _("A Sedex company reference: ZC + digits."))
sedex_zs_validator = RegexValidator(r"^ZS\d{6,12}$", _("A Sedex site reference: ZS + digits."))


class ProductCategory(models.Model):
    """A product category (e.g. drinkware, bags, textiles), shared by facilities and products."""

    code = models.SlugField(max_length=40, unique=True, help_text="Short stable code.")
    name = models.CharField(max_length=100, help_text="Name shown to people.")

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name_plural = "product categories"

    def __str__(self) -> str:
        return self.name


class Supplier(BaseModel):
    """A supplier company, which owns one or more facilities."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="supplier",
        help_text="The organisation whose users act for this supplier.",
    )
    legal_name = models.CharField(max_length=200, help_text="Registered legal name.")
    supplier_number = models.CharField(
        max_length=30, unique=True, help_text="The operator's internal supplier number."
    )
    country = models.CharField(
        max_length=2, validators=[country_code_validator], help_text="Country of registration."
    )
    sedex_zc = models.CharField(
        max_length=14,
        blank=True,
        validators=[sedex_zc_validator],
        help_text="Sedex company reference (ZC…).",
    )
    contact_name = models.CharField(max_length=200, blank=True, help_text="Main contact.")
    contact_email = models.EmailField(blank=True, help_text="Main contact's email.")
    contact_phone = models.CharField(max_length=40, blank=True, help_text="Main contact's phone.")
    address = models.TextField(blank=True, help_text="Registered address.")
    is_active = models.BooleanField(default=True, help_text="Still a supplier of the operator.")

    class Meta:
        ordering: ClassVar = ["legal_name"]

    def __str__(self) -> str:
        return self.legal_name


class Facility(BaseModel):
    """A production location, owned by a supplier."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="facilities", help_text="The owner."
    )
    code = models.CharField(
        max_length=20, unique=True, help_text="Public facility code, e.g. FAC-00042."
    )
    name = models.CharField(max_length=200, help_text="The facility's name.")
    address = models.CharField(max_length=300, help_text="Street address.")
    city = models.CharField(max_length=100, blank=True, help_text="City.")
    region = models.CharField(max_length=100, blank=True, help_text="Province, state or region.")
    postal_code = models.CharField(max_length=20, blank=True, help_text="Postal code.")
    country = models.CharField(
        max_length=2,
        validators=[country_code_validator],
        db_index=True,
        help_text="ISO 3166-1 alpha-2 country code.",
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Latitude in decimal degrees (WGS 84).",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Longitude in decimal degrees (WGS 84).",
    )
    os_id = models.CharField(
        max_length=15,
        blank=True,
        validators=[os_id_validator],
        help_text="Open Supply Hub OS ID.",
    )
    sedex_zs = models.CharField(
        max_length=14,
        blank=True,
        validators=[sedex_zs_validator],
        help_text="Sedex site reference (ZS…).",
    )
    amfori_id = models.CharField(max_length=40, blank=True, help_text="amfori site ID.")
    product_categories = models.ManyToManyField(
        ProductCategory, blank=True, related_name="facilities", help_text="What it makes."
    )
    worker_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Number of workers on site."
    )
    is_suspended = models.BooleanField(
        default=False, help_text="Suspended by the operator: no new orders."
    )
    suspension_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the facility is suspended."
    )
    match_key = models.CharField(
        max_length=400,
        db_index=True,
        editable=False,
        help_text="Normalised name|address|country used to match re-imports.",
    )

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name_plural = "facilities"
        # The list's order: read in index order instead of sorting every facility.
        indexes: ClassVar = [models.Index(fields=["name", "id"], name="facility_list_order")]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["os_id"], condition=~models.Q(os_id=""), name="facility_os_id_unique"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True)
                    | models.Q(latitude__isnull=False, longitude__isnull=False)
                ),
                name="facility_lat_lng_together",
            ),
            models.CheckConstraint(
                condition=models.Q(is_suspended=False) | ~models.Q(suspension_reason=""),
                name="facility_suspension_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class CertificateScheme(models.TextChoices):
    SMETA_2P = "smeta_2p", _("SMETA 2-pillar")
    SMETA_4P = "smeta_4p", _("SMETA 4-pillar")
    AMFORI_BSCI = "amfori_bsci", _("amfori BSCI")
    SA8000 = "sa8000", _("SA8000")
    ISO_9001 = "iso_9001", _("ISO 9001")
    ISO_14001 = "iso_14001", _("ISO 14001")
    ISO_45001 = "iso_45001", _("ISO 45001")
    FSC = "fsc", _("FSC")
    GRS = "grs", _("GRS")
    OEKO_TEX = "oeko_tex", _("OEKO-TEX")
    BSCI = "bsci", _("BSCI")
    OTHER = "other", _("Other")


class Certificate(BaseModel):
    """A certificate or audit attestation held by a facility.

    For SMETA, `valid_from` is the audit date: the gate measures the audit's age from it.
    """

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="certificates", help_text="Holder."
    )
    scheme = models.CharField(
        max_length=20, choices=CertificateScheme.choices, help_text="Standard or scheme."
    )
    issuer = models.CharField(max_length=200, help_text="Certification body or audit firm.")
    number = models.CharField(max_length=100, blank=True, help_text="Certificate number.")
    valid_from = models.DateField(help_text="First valid day (for SMETA: the audit date).")
    valid_until = models.DateField(db_index=True, help_text="Last valid day.")
    document = models.FileField(
        upload_to="certificates/%Y/%m/",
        blank=True,
        help_text="The certificate as PDF or image.",
    )
    document_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the document."
    )

    class Meta:
        ordering: ClassVar = ["valid_until"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="certificate_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.number}".strip()


class RiskClass(models.TextChoices):
    LOW = "low", _("Low risk")
    RISK = "risk", _("Risk country")
    NO_SOURCING = "no_sourcing", _("No sourcing")


class CountryRisk(BaseModel):
    """The operator's risk class of a country, with the source it was taken from."""

    country = models.CharField(
        max_length=2,
        unique=True,
        validators=[country_code_validator],
        help_text="ISO 3166-1 alpha-2 code.",
    )
    name = models.CharField(max_length=100, help_text="Country name.")
    risk_class = models.CharField(
        max_length=20, choices=RiskClass.choices, help_text="low, risk or no_sourcing."
    )
    source = models.CharField(max_length=300, help_text="Where the class was taken from.")
    year = models.PositiveSmallIntegerField(help_text="Year of the source.")

    class Meta:
        ordering: ClassVar = ["country"]
        verbose_name_plural = "country risks"

    def __str__(self) -> str:
        return f"{self.country} ({self.risk_class})"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Being checked")
    INVALID = "invalid", _("Has errors")
    VALID = "valid", _("Ready to apply")
    APPLIED = "applied", _("Applied")


class FacilityImport(BaseModel):
    """An uploaded facility file: validated on upload, applied all-or-nothing on request."""

    file = models.FileField(upload_to="imports/%Y/%m/", help_text="The uploaded CSV or XLSX.")
    original_name = models.CharField(max_length=200, help_text="The file's name on upload.")
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, help_text="Where the import stands."
    )
    report = models.JSONField(
        default=dict, help_text="Validation report: errors, and rows to create or update."
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", help_text="Who uploaded."
    )
    applied_at = models.DateTimeField(null=True, blank=True, help_text="When it was applied.")

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    NOT_DUPLICATE = "not_duplicate", _("Not a duplicate")
    CONFIRMED = "confirmed", _("Duplicate (to merge by hand)")


class PossibleDuplicate(BaseModel):
    """Two facilities that look alike; flagged for a person to review, never merged silently."""

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="+", help_text="The newer facility."
    )
    similar_to = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="+", help_text="The one it resembles."
    )
    reason = models.CharField(max_length=200, help_text="Why they look alike.")
    status = models.CharField(
        max_length=20,
        choices=DuplicateStatus.choices,
        default=DuplicateStatus.OPEN,
        help_text="Review outcome.",
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["facility", "similar_to"], name="duplicate_pair_once")
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} ~ {self.similar_to_id}"
