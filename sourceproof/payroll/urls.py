from django.urls import URLPattern, URLResolver, path

from sourceproof.payroll import views

app_name = "payroll"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.run_list, name="run_list"),
    path("new/", views.run_create, name="run_create"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/draft/", views.run_draft, name="run_draft"),
    path("runs/<int:pk>/files/<str:kind>/", views.run_file, name="run_file"),
    path("legal-wages/", views.legal_wage_list, name="legal_wage_list"),
    path("legal-wages/new/", views.legal_wage_create, name="legal_wage_create"),
    path("legal-wages/<int:pk>/", views.legal_wage_detail, name="legal_wage_detail"),
    path("legal-wages/<int:pk>/edit/", views.legal_wage_edit, name="legal_wage_edit"),
    path("legal-wages/<int:pk>/delete/", views.legal_wage_delete, name="legal_wage_delete"),
]
