from django.urls import URLPattern, URLResolver, path

from sourceproof.notifications import views

app_name = "notifications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.preferences, name="preferences"),
]
