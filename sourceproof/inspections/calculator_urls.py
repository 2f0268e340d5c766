from django.urls import URLPattern, URLResolver, path

from sourceproof.inspections import calculator_views

app_name = "aql"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", calculator_views.calculator, name="calculator"),
]
