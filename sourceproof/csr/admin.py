"""Django admin for operator admins: the reference data of the CSR app (themes, criteria,
indicators, ISO 26000 questions, KPI definitions) and read-only views of the records that only
change through their services (factor tables recalculate emissions; assessments lock)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sourceproof.csr.models import (
    AssessmentQuestion,
    CoreSubject,
    CsrReport,
    Decision,
    EmissionFactor,
    EmissionFactorTable,
    EmissionLine,
    KpiDefinition,
    KpiTarget,
    ManagementIndicator,
    MedalThreshold,
    ScorecardCriterion,
    ScorecardTheme,
    SelfAssessment,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ScorecardTheme)
class ThemeAdmin(admin.ModelAdmin[ScorecardTheme]):
    list_display = ("name", "code", "weight", "order")
    list_editable = ("weight", "order")


@admin.register(ScorecardCriterion)
class CriterionAdmin(admin.ModelAdmin[ScorecardCriterion]):
    list_display = ("name", "theme", "weight", "is_active", "order")
    list_editable = ("weight", "is_active")
    list_filter = ("theme",)


@admin.register(ManagementIndicator)
class IndicatorAdmin(admin.ModelAdmin[ManagementIndicator]):
    list_display = ("name", "code", "weight", "order")
    list_editable = ("weight",)


@admin.register(MedalThreshold)
class MedalThresholdAdmin(admin.ModelAdmin[MedalThreshold]):
    list_display = ("medal", "min_overall", "source")


@admin.register(CoreSubject)
class CoreSubjectAdmin(admin.ModelAdmin[CoreSubject]):
    list_display = ("name", "clause", "order")


@admin.register(AssessmentQuestion)
class QuestionAdmin(admin.ModelAdmin[AssessmentQuestion]):
    list_display = ("text", "subject", "is_active", "order")
    list_filter = ("subject", "is_active")


class TargetInline(admin.TabularInline[KpiTarget, KpiDefinition]):
    model = KpiTarget
    extra = 0


@admin.register(KpiDefinition)
class KpiAdmin(admin.ModelAdmin[KpiDefinition]):
    list_display = ("name", "code", "unit", "sdg_target", "direction", "kind", "is_active")
    list_filter = ("group", "kind", "is_active")
    inlines = (TargetInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # what a KPI is made of decides the emissions already computed from it
        return ("code", "kind", "ghg_source", "share_role", "unit") if obj else ()


class FactorInline(admin.TabularInline[EmissionFactor, EmissionFactorTable]):
    model = EmissionFactor
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EmissionFactorTable)
class FactorTableAdmin(ReadOnlyAdmin):
    list_display = ("name", "version", "applies_from_year", "is_active")
    inlines = (FactorInline,)


@admin.register(EmissionLine)
class EmissionLineAdmin(ReadOnlyAdmin):
    list_display = ("year", "source", "scope", "activity_amount", "kg_location", "kg_market")
    list_filter = ("year", "scope")


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("year", "status", "submitted_at", "submitted_by")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("reference", "title", "decided_on", "status")
    search_fields = ("reference", "title")


@admin.register(CsrReport)
class CsrReportAdmin(ReadOnlyAdmin):
    list_display = ("year", "status", "report_number", "created_at")
