from django.urls import URLPattern, URLResolver, path

from sourceproof.ethics import views

app_name = "ethics"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("sign/", views.supplier_sign, name="supplier_sign"),
    path("versions/", views.version_list, name="version_list"),
    path("versions/new/", views.version_create, name="version_create"),
    path("versions/<str:version>/", views.version_detail, name="version_detail"),
    path("versions/<str:version>/edit/", views.version_edit, name="version_edit"),
    path("versions/<str:version>/publish/", views.version_publish, name="version_publish"),
    path("versions/<str:version>/pdf/<str:language>/", views.code_pdf, name="code_pdf"),
    path("principles/", views.principle_list, name="principle_list"),
    path("signatures/", views.signature_list, name="signature_list"),
    path("signatures/remind/", views.send_reminders, name="send_reminders"),
    path("acknowledgements/", views.acknowledgement_list, name="acknowledgement_list"),
    path("acknowledgements/<int:pk>/", views.acknowledgement_detail, name="acknowledgement_detail"),
]
