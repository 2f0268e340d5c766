from django.urls import URLPattern, URLResolver, path

from sourceproof.evidence import views

app_name = "evidence"
urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "inspections/<str:report_number>/",
        views.inspection_photos,
        name="inspection_photos",
    ),
    path(
        "inspections/<str:report_number>/upload/",
        views.photo_upload,
        name="photo_upload",
    ),
    path("photos/<int:pk>/", views.photo_detail, name="photo_detail"),
    path("photos/<int:pk>/image/", views.photo_image, name="photo_image"),
    path("photos/<int:pk>/display/", views.photo_display, name="photo_display"),
    path("photos/<int:pk>/thumbnail/", views.photo_thumbnail, name="photo_thumbnail"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
]
