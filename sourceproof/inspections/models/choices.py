"""Choices shared by the inspection models (statuses, classes, kinds, levels)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# --------------------------------------------------------------------------- choices


class InspectionType(models.TextChoices):
    PPI = "ppi", _("Pre-production inspection (PPI)")
    DUPRO = "dupro", _("During-production inspection (DUPRO)")
    PSI = "psi", _("Pre-shipment inspection (PSI)")
    CLC = "clc", _("Container loading check (CLC)")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")
    CANCELLED = "cancelled", _("Cancelled")


class DefectClass(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")


class DefectCategory(models.TextChoices):
    APPEARANCE = "appearance", _("Appearance")
    WORKMANSHIP = "workmanship", _("Workmanship")
    FUNCTION = "function", _("Function")
    DIMENSION = "dimension", _("Dimensions")
    MATERIAL = "material", _("Material")
    PRINT = "print", _("Print and logo")
    PACKING = "packing", _("Packing")
    MARKING = "marking", _("Marking and labelling")
    SAFETY = "safety", _("Safety")
    OTHER = "other", _("Other")


class Verdict(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    PENDING = "pending", _("Pending")


class OverrideVerdict(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class GeneralLevel(models.TextChoices):
    I = "I", _("General I")  # noqa: E741 - the standard's name for the level
    II = "II", _("General II")
    III = "III", _("General III")


class SpecialLevel(models.TextChoices):
    S1 = "S-1", _("Special S-1")
    S2 = "S-2", _("Special S-2")
    S3 = "S-3", _("Special S-3")
    S4 = "S-4", _("Special S-4")


class CheckpointKind(models.TextChoices):
    VISUAL = "visual", _("Visual")
    FUNCTION = "function", _("Function")
    MEASUREMENT = "measurement", _("Measurement")
    ONSITE_TEST = "onsite_test", _("On-site test")
    PACKING_MARKING = "packing_marking", _("Packing and marking")
    QUANTITY = "quantity", _("Quantity check")


# Kinds on which a special inspection level (S-1..S-4) may be set: small samples for tests
# that destroy or take long (ISO 2859-1, 10.1, special levels).
SPECIAL_LEVEL_KINDS = frozenset({CheckpointKind.MEASUREMENT, CheckpointKind.ONSITE_TEST})


class OnsiteTest(models.TextChoices):
    DROP = "drop_test", _("Drop test")
    TAPE = "tape_adhesion", _("Tape adhesion of prints")
    BARCODE = "barcode_scan", _("Barcode scan")
    PANTONE = "colour_pantone", _("Colour against Pantone reference")
    RUB = "rub_test", _("Rub test")
    FUNCTION = "function_test", _("Function or endurance test")
    OTHER = "other", _("Other test")


class CheckpointStatus(models.TextChoices):
    NOT_CHECKED = "not_checked", _("Not checked")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NEEDS_DECISION = "needs_decision", _("Needs the operator's decision")


class StreamSeverity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    TIGHTENED = "tightened", _("Tightened")
    REDUCED = "reduced", _("Reduced")
    DISCONTINUED = "discontinued", _("Discontinued")


class Edition(models.TextChoices):
    ISO = "iso2859-1", _("ISO 2859-1")
    Z14 = "z1.4", _("ANSI/ASQ Z1.4")


GOLDEN_SAMPLE_CHECKPOINT = "golden-sample"
