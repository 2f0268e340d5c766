from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import URLPattern, URLResolver, path

from sourceproof.portal import views

app_name = "portal"

# The customer's pages; the same views under preview/<customer code>/ for operator roles.
_PAGES: list[tuple[str, Callable[..., HttpResponseBase], str]] = [
    ("", views.order_list, "order_list"),
    ("orders/<str:number>/", views.order_detail, "order_detail"),
    ("orders/<str:number>/photos/", views.order_photos, "order_photos"),
    ("photos/", views.photo_feed, "photo_feed"),
    ("export.<str:fmt>", views.export, "export"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    *[path(route, view, name=name) for route, view, name in _PAGES],
    path("sharing/", views.sharing, name="sharing"),
    path("sharing/<slug:customer>/", views.sharing_update, name="sharing_update"),
    *[
        path(f"preview/<slug:customer>/{route}", view, name=f"preview_{name}")
        for route, view, name in _PAGES
    ],
]
