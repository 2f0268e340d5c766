from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "sourceproof.orders"
    label = "orders"
