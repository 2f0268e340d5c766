from django.urls import URLPattern, URLResolver, path

from sourceproof.facilities import import_views as views

app_name = "facility_data"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.import_upload, name="import"),
    path("template.csv", views.import_template, name="template"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("export/", views.export, name="export"),
    path("duplicates/", views.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:pk>/review/", views.duplicate_review, name="duplicate_review"),
]
