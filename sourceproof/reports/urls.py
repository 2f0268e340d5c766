from django.urls import URLPattern, URLResolver, path

from sourceproof.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "inspections/<str:report_number>/",
        views.inspection_report_html,
        name="inspection_html",
    ),
    path(
        "inspections/<str:report_number>/pdf/",
        views.inspection_report_pdf,
        name="inspection_pdf",
    ),
    path(
        "inspections/<str:report_number>/correct/",
        views.inspection_report_correct,
        name="inspection_correct",
    ),
    path(
        "inspections/<str:report_number>/render/",
        views.inspection_report_render,
        name="inspection_render",
    ),
]
