from django.urls import URLPattern, URLResolver, path

from sourceproof.inspections.views import inspections, library, perform, quality, review

app_name = "inspections"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", inspections.inspection_list, name="inspection_list"),
    path("calendar/", inspections.inspection_calendar, name="calendar"),
    path("new/", inspections.inspection_book, name="inspection_book"),
    path("defects/", library.defect_type_list, name="defect_type_list"),
    path("defects/new/", library.defect_type_create, name="defect_type_create"),
    path("defects/<slug:code>/edit/", library.defect_type_edit, name="defect_type_edit"),
    path("checklists/", library.checklist_list, name="checklist_list"),
    path("checklists/<int:pk>/", library.checklist_detail, name="checklist_detail"),
    path("checklists/category/<slug:code>/", library.checklist_category, name="checklist_category"),
    path(
        "checklists/category/<slug:code>/new/",
        library.checklist_new_version,
        name="checklist_new_version",
    ),
    path("aql-overrides/", library.aql_override_list, name="aql_override_list"),
    path("quality/", quality.quality_dashboard, name="quality_dashboard"),
    path("streams/", quality.stream_list, name="stream_list"),
    path("streams/<int:pk>/", quality.stream_detail, name="stream_detail"),
    path("<str:report_number>/", inspections.inspection_detail, name="inspection_detail"),
    path("<str:report_number>/edit/", inspections.inspection_edit, name="inspection_edit"),
    path("<str:report_number>/cancel/", inspections.inspection_cancel, name="inspection_cancel"),
    path("<str:report_number>/start/", perform.inspection_start, name="inspection_start"),
    path("<str:report_number>/perform/", perform.inspection_perform, name="inspection_perform"),
    path(
        "<str:report_number>/perform/results/<str:key>/",
        perform.record_result,
        name="record_result",
    ),
    path("<str:report_number>/perform/defects/", perform.record_defect, name="record_defect"),
    path(
        "<str:report_number>/perform/defects/adjust/", perform.adjust_defect, name="adjust_defect"
    ),
    path(
        "<str:report_number>/perform/defects/<int:pk>/delete/",
        perform.delete_defect,
        name="delete_defect",
    ),
    path("<str:report_number>/perform/remarks/", perform.save_remarks, name="save_remarks"),
    path("<str:report_number>/submit/", perform.inspection_submit, name="inspection_submit"),
    path("<str:report_number>/golden-sample/", perform.golden_sample, name="golden_sample"),
    path(
        "<str:report_number>/decide/<str:key>/",
        review.checkpoint_decide,
        name="checkpoint_decide",
    ),
    path("<str:report_number>/review/", review.inspection_review, name="inspection_review"),
    path("<str:report_number>/override/", review.inspection_override, name="inspection_override"),
]
