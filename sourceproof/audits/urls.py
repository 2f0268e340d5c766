from django.urls import URLPattern, URLResolver, path

from sourceproof.audits import views

app_name = "audits"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.audit_list, name="audit_list"),
    path("new/", views.audit_create, name="audit_create"),
    path("due/", views.due_list, name="due_list"),
    path("facilities/<str:code>/", views.facility_compliance, name="facility_compliance"),
    path("findings/template.<str:fmt>", views.finding_template, name="finding_template"),
    path("findings/<str:reference>/edit/", views.finding_edit, name="finding_edit"),
    path("findings/<str:reference>/confirm/", views.finding_confirm, name="finding_confirm"),
    path("findings/<str:reference>/withdraw/", views.finding_withdraw, name="finding_withdraw"),
    path("actions/", views.action_list, name="action_list"),
    path("my-actions/", views.supplier_actions, name="supplier_actions"),
    path("actions/<str:reference>/", views.action_detail, name="action_detail"),
    path("actions/<str:reference>/answer/", views.action_respond, name="action_respond"),
    path("actions/<str:reference>/evidence/", views.action_evidence, name="action_evidence"),
    path(
        "actions/<str:reference>/evidence/<int:pk>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("actions/<str:reference>/submit/", views.action_submit, name="action_submit"),
    path("actions/<str:reference>/review/", views.action_review, name="action_review"),
    path("actions/<str:reference>/due-date/", views.action_due_date, name="action_due_date"),
    path("actions/<str:reference>/method/", views.action_method, name="action_method"),
    # The audit's public reference, not its primary key; after the fixed paths above.
    path("<str:reference>/", views.audit_detail, name="audit_detail"),
    path("<str:reference>/edit/", views.audit_edit, name="audit_edit"),
    path("<str:reference>/status/", views.audit_status, name="audit_status"),
    path("<str:reference>/report/", views.audit_report, name="audit_report"),
    path(
        "<str:reference>/report/download/",
        views.audit_report_download,
        name="audit_report_download",
    ),
    path("<str:reference>/findings/new/", views.finding_create, name="finding_create"),
    path("<str:reference>/findings/import/", views.finding_import, name="finding_import"),
]
