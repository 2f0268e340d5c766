from django.urls import URLPattern, URLResolver, path

from sourceproof.csr import views

app_name = "csr"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    # scorecard
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/method/", views.method, name="scorecard_method"),
    path("scorecard/snapshots/", views.snapshot_list, name="snapshot_list"),
    path(
        "scorecard/evidence/<int:pk>/document/",
        views.evidence_document,
        name="evidence_document",
    ),
    path("scorecard/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("scorecard/<slug:criterion>/<slug:indicator>/", views.cell, name="cell"),
    # self-assessment
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/start/", views.assessment_start, name="assessment_start"),
    path("assessments/<int:year>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:year>/summary/", views.assessment_summary, name="assessment_summary"),
    path("assessments/<int:year>/submit/", views.assessment_submit, name="assessment_submit"),
    path("assessments/<int:year>/actions/", views.action_create, name="action_create"),
    path("assessments/actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("assessments/answers/<int:pk>/document/", views.answer_document, name="answer_document"),
    # KPIs and emissions
    path("kpis/", views.kpi_list, name="kpi_list"),
    path("kpis/values/<int:pk>/delete/", views.value_delete, name="value_delete"),
    path("kpis/values/<int:pk>/evidence/", views.value_evidence, name="value_evidence"),
    path("kpis/<slug:code>/", views.kpi_detail, name="kpi_detail"),
    path("kpis/<slug:code>/target/", views.kpi_target, name="kpi_target"),
    path("emissions/", views.emissions, name="emissions"),
    path("emissions/factors/", views.factor_tables, name="factor_tables"),
    path("emissions/factors/<int:pk>/", views.factor_table, name="factor_table"),
    # decisions
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/options/<int:pk>/edit/", views.option_edit, name="option_edit"),
    path("decisions/options/<int:pk>/delete/", views.option_delete, name="option_delete"),
    path("decisions/<str:reference>/", views.decision_detail, name="decision_detail"),
    path("decisions/<str:reference>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<str:reference>/options/", views.option_add, name="option_add"),
    path("decisions/<str:reference>/choose/", views.decision_choose, name="decision_choose"),
    path("decisions/<str:reference>/approve/", views.decision_approve, name="decision_approve"),
    # stakeholders and dialogue
    path("stakeholders/", views.stakeholder_list, name="stakeholder_list"),
    path("stakeholders/new/", views.stakeholder_create, name="stakeholder_create"),
    path("stakeholders/<int:pk>/", views.stakeholder_detail, name="stakeholder_detail"),
    path("stakeholders/<int:pk>/edit/", views.stakeholder_edit, name="stakeholder_edit"),
    path("dialogues/", views.dialogue_list, name="dialogue_list"),
    path("dialogues/new/", views.dialogue_create, name="dialogue_create"),
    path("dialogues/<int:pk>/", views.dialogue_detail, name="dialogue_detail"),
    path("dialogues/<int:pk>/edit/", views.dialogue_edit, name="dialogue_edit"),
    path("dialogues/<int:pk>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("follow-ups/", views.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/status/", views.follow_up_status, name="follow_up_status"),
    # controls
    path("controls/", views.control_list, name="control_list"),
    path("controls/new/", views.control_create, name="control_create"),
    path("controls/<int:pk>/", views.control_detail, name="control_detail"),
    path("controls/<int:pk>/results/", views.control_result, name="control_result"),
    path("controls/<int:pk>/edit/", views.control_edit, name="control_edit"),
    # annual report
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
]
