from django.urls import path

from sourceproof.reports import views

app_name = "verify"
urlpatterns = [
    path("<str:number>", views.verify_report, name="report"),
]
