"""Seed the scorecard themes, criteria and indicators, medal thresholds, ISO 26000 subjects and
questions, KPI definitions and the Dutch default emission-factor table (sourceproof/csr/seed.py).
Rows already present (by code) are left alone."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from sourceproof.csr import seed as data

    theme_model = apps.get_model("csr", "ScorecardTheme")
    criterion_model = apps.get_model("csr", "ScorecardCriterion")
    indicator_model = apps.get_model("csr", "ManagementIndicator")
    medal_model = apps.get_model("csr", "MedalThreshold")
    policy_model = apps.get_model("csr", "ScorecardPolicy")
    subject_model = apps.get_model("csr", "CoreSubject")
    question_model = apps.get_model("csr", "AssessmentQuestion")
    kpi_model = apps.get_model("csr", "KpiDefinition")
    table_model = apps.get_model("csr", "EmissionFactorTable")
    factor_model = apps.get_model("csr", "EmissionFactor")

    for t_order, (code, name) in enumerate(data.THEMES):
        theme, _ = theme_model.objects.get_or_create(
            code=code, defaults={"name": name, "order": t_order}
        )
        for c_order, (c_code, c_name) in enumerate(data.CRITERIA[code]):
            criterion_model.objects.get_or_create(
                code=c_code, defaults={"theme": theme, "name": c_name, "order": c_order}
            )
    for order, (code, name, description, weight) in enumerate(data.INDICATORS):
        indicator_model.objects.get_or_create(
            code=code,
            defaults={"name": name, "description": description, "weight": weight, "order": order},
        )
    for medal, minimum in data.MEDALS:
        medal_model.objects.get_or_create(
            medal=medal, defaults={"min_overall": minimum, "source": data.MEDAL_SOURCE}
        )
    policy_model.objects.get_or_create(pk=1)
    for s_order, (code, name, clause) in enumerate(data.SUBJECTS):
        subject, _ = subject_model.objects.get_or_create(
            code=code, defaults={"name": name, "clause": clause, "order": s_order}
        )
        for q_order, (q_code, text, guidance) in enumerate(data.QUESTIONS[code]):
            question_model.objects.get_or_create(
                code=q_code,
                defaults={"subject": subject, "text": text, "guidance": guidance, "order": q_order},
            )
    for order, kpi in enumerate(data.KPIS):
        kpi_model.objects.get_or_create(
            code=kpi["code"],
            defaults={**{k: v for k, v in kpi.items() if k != "code"}, "order": order},
        )
    table, created = table_model.objects.get_or_create(
        version=data.FACTOR_TABLE["version"],
        defaults={k: v for k, v in data.FACTOR_TABLE.items() if k != "version"},
    )
    if created:
        for activity, unit, kg, source, year, illustrative in data.FACTORS:
            factor_model.objects.create(
                table=table,
                activity=activity,
                unit=unit,
                kg_co2e_per_unit=kg,
                source=source,
                year=year,
                illustrative=illustrative,
            )


class Migration(migrations.Migration):
    dependencies = [("csr", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
