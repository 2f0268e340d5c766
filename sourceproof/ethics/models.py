"""The code of ethics: versions with their texts per language, the ten UN Global Compact
principles each version covers, and the suppliers' signed acknowledgements."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel
from sourceproof.facilities.models import Supplier

LANGUAGES: list[tuple[str, str]] = [
    ("en", "English"),
    ("nl", "Nederlands"),
    ("zh-hans", "简体中文"),
]
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)
GRACE_DAYS_MAX = 365

version_validator = RegexValidator(
    r"^\d{1,4}(\.\d{1,4}){0,2}$", _("A version is a number such as 2 or 2.1.")
)


class EthicsPolicy(models.Model):
    """The CSR team's defaults for new versions: one row (pk=1), edited in the admin."""

    default_grace_days = models.PositiveSmallIntegerField(
        default=60,
        validators=[MaxValueValidator(GRACE_DAYS_MAX)],
        help_text="How many days after publication a supplier that signed the previous version "
        "still counts as compliant; the default for a new version.",
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="When the policy last changed.")

    class Meta:
        verbose_name = _("code-of-ethics policy")
        verbose_name_plural = _("code-of-ethics policy")
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(pk=1), name="ethics_policy_singleton"),
        ]

    def __str__(self) -> str:
        return "Code-of-ethics policy"

    @classmethod
    def current(cls) -> EthicsPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class PrincipleArea(models.TextChoices):
    HUMAN_RIGHTS = "human_rights", _("Human rights")
    LABOUR = "labour", _("Labour")
    ENVIRONMENT = "environment", _("Environment")
    ANTI_CORRUPTION = "anti_corruption", _("Anti-corruption")


class GlobalCompactPrinciple(models.Model):
    """One of the ten principles of the UN Global Compact (seeded by a data migration)."""

    number = models.PositiveSmallIntegerField(unique=True, help_text="1 to 10.")
    area = models.CharField(
        max_length=20, choices=PrincipleArea.choices, help_text="The principle's area."
    )
    text = models.TextField(help_text="The principle's official short text, in English.")

    class Meta:
        ordering: ClassVar = ["number"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=10), name="principle_number_1_to_10"
            )
        ]

    def __str__(self) -> str:
        return f"Principle {self.number}"


class CodeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class CodeOfEthics(BaseModel):
    """One version of the supplier code of ethics: draft → published → superseded.

    At most one version is published (the current one); publishing a new version supersedes it,
    and every active supplier must sign the new one. A supplier that signed the version before
    still counts as compliant for `grace_days` days after publication.
    """

    version = models.CharField(
        max_length=20,
        unique=True,
        validators=[version_validator],
        help_text="The version label, e.g. 2 (shown as v2).",
    )
    effective_date = models.DateField(help_text="The day the code takes effect.")
    grace_days = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(GRACE_DAYS_MAX)],
        help_text="Days after publication during which a supplier that signed the previous "
        "version still counts as compliant (0: none).",
    )
    status = models.CharField(
        max_length=12,
        choices=CodeStatus.choices,
        default=CodeStatus.DRAFT,
        db_index=True,
        help_text="draft → published → superseded.",
    )
    notes = models.TextField(
        blank=True, help_text="What changed since the previous version (for the CSR team)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who drafted it.",
    )
    published_at = models.DateTimeField(null=True, blank=True, help_text="When it was published.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who published it.",
    )
    superseded_at = models.DateTimeField(
        null=True, blank=True, help_text="When a newer version replaced it."
    )

    class Meta:
        verbose_name = _("code of ethics")
        verbose_name_plural = _("codes of ethics")
        ordering: ClassVar = ["-published_at", "-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="published"),
                name="one_published_code_of_ethics",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="code_of_ethics_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(grace_days__lte=GRACE_DAYS_MAX),
                name="code_of_ethics_grace_days_max",
            ),
        ]

    def __str__(self) -> str:
        return f"Code of ethics v{self.version}"

    @property
    def label(self) -> str:
        return f"v{self.version}"


class CodeText(BaseModel):
    """A version's text in one language: title and body (plain paragraphs with light Markdown:
    headings, lists, bold), and an optional PDF of the same text."""

    code = models.ForeignKey(
        CodeOfEthics, on_delete=models.CASCADE, related_name="texts", help_text="The version."
    )
    language = models.CharField(
        max_length=10, choices=LANGUAGES, help_text="The language of this text."
    )
    title = models.CharField(max_length=200, help_text="The title shown above the text.")
    body = models.TextField(
        help_text="The text: paragraphs separated by blank lines; '# ' starts a heading, "
        "'- ' a list item, **bold** is bold. No HTML."
    )
    sha256 = models.CharField(
        max_length=64, help_text="SHA-256 of the title and body (what a signer sees)."
    )
    pdf = models.FileField(
        upload_to="ethics/%Y/", blank=True, help_text="The same text as a PDF (optional)."
    )
    pdf_sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the PDF.")

    class Meta:
        ordering: ClassVar = ["code", "language"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["code", "language"], name="one_code_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.language})"


class PrincipleCoverage(models.Model):
    """Which sections of a version cover one UN Global Compact principle."""

    code = models.ForeignKey(
        CodeOfEthics, on_delete=models.CASCADE, related_name="coverage", help_text="The version."
    )
    principle = models.ForeignKey(
        GlobalCompactPrinciple,
        on_delete=models.PROTECT,
        related_name="coverage",
        help_text="The principle.",
    )
    sections = models.CharField(
        max_length=200, help_text="The sections of the code that cover it, e.g. '2.1, 2.3'."
    )

    class Meta:
        ordering: ClassVar = ["code", "principle__number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["code", "principle"], name="one_coverage_per_principle")
        ]

    def __str__(self) -> str:
        return f"{self.code}: principle {self.principle_id} in {self.sections}"


class Acknowledgement(models.Model):
    """A supplier's signature of one version: a typed-name e-signature, kept with who, when,
    from where, in which language, and the SHA-256 of the text shown. Rows are only inserted
    (by `acknowledgement_sign`), each with a change-log entry that holds the same values."""

    code = models.ForeignKey(
        CodeOfEthics,
        on_delete=models.PROTECT,
        related_name="acknowledgements",
        help_text="The version signed.",
    )
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.PROTECT,
        related_name="ethics_acknowledgements",
        help_text="The supplier on whose behalf it was signed.",
    )
    signer_name = models.CharField(max_length=200, help_text="The full name the signer typed.")
    signer_role = models.CharField(max_length=200, help_text="The signer's role or title.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The logged-in user who signed.",
    )
    user_email = models.CharField(
        max_length=254, blank=True, help_text="That user's email then, kept if the user goes."
    )
    signed_at = models.DateTimeField(db_index=True, help_text="When it was signed.")
    ip_address = models.GenericIPAddressField(
        null=True, blank=True, help_text="The IP address the signature came from."
    )
    user_agent = models.CharField(max_length=300, blank=True, help_text="The signer's browser.")
    language = models.CharField(
        max_length=10, choices=LANGUAGES, help_text="The language version shown and signed."
    )
    content_sha256 = models.CharField(
        max_length=64, help_text="SHA-256 of the title and body the signer saw."
    )

    class Meta:
        ordering: ClassVar = ["-signed_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["code", "supplier"], name="one_signature_per_version")
        ]
        indexes: ClassVar = [models.Index(fields=["supplier", "code"])]

    def __str__(self) -> str:
        return f"{self.supplier} signed {self.code} ({self.signer_name})"
