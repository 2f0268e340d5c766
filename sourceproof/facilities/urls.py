from django.urls import path

from sourceproof.facilities import views

app_name = "facilities"
urlpatterns = [
    path("", views.facility_list, name="facility_list"),
    path("new/", views.facility_create, name="facility_create"),
    path("suppliers/", views.supplier_list, name="supplier_list"),
    path("suppliers/new/", views.supplier_create, name="supplier_create"),
    path("suppliers/<int:pk>/", views.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", views.supplier_edit, name="supplier_edit"),
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/edit/", views.certificate_edit, name="certificate_edit"),
    path("certificates/<int:pk>/delete/", views.certificate_delete, name="certificate_delete"),
    path(
        "certificates/<int:pk>/document/", views.certificate_document, name="certificate_document"
    ),
    path("country-risk/", views.country_risk_list, name="country_risk_list"),
    path("country-risk/<str:country>/", views.country_risk_row, name="country_risk_row"),
    path("country-risk/<str:country>/edit/", views.country_risk_edit, name="country_risk_edit"),
    # The facility's public code, not its primary key; after the fixed paths above.
    path("<str:code>/", views.facility_detail, name="facility_detail"),
    path("<str:code>/edit/", views.facility_edit, name="facility_edit"),
    path("<str:code>/suspend/", views.facility_suspend, name="facility_suspend"),
    path("<str:code>/unsuspend/", views.facility_unsuspend, name="facility_unsuspend"),
    path("<str:code>/certificates/new/", views.certificate_create, name="certificate_create"),
]
