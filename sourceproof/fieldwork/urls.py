from django.urls import URLPattern, URLResolver, path

from sourceproof.fieldwork import views

app_name = "fieldwork"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.my_inspections, name="my_inspections"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("<str:report_number>/", views.perform, name="perform"),
    path("<str:report_number>/start/", views.start, name="start"),
]
