from django.urls import path

from sourceproof.orders import views

app_name = "orders"
urlpatterns = [
    path("", views.order_list, name="order_list"),
    path("new/", views.order_create, name="order_create"),
    path("exceptions/", views.exception_list, name="exception_list"),
    path("exceptions/<int:pk>/revoke/", views.exception_revoke, name="exception_revoke"),
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("<str:number>/", views.order_detail, name="order_detail"),
    path("<str:number>/edit/", views.order_edit, name="order_edit"),
    path("<str:number>/confirm/", views.order_confirm, name="order_confirm"),
    path("<str:number>/status/", views.order_status, name="order_status"),
    path("<str:number>/exceptions/new/", views.exception_grant, name="exception_grant"),
]
