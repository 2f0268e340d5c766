from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sourceproof.core"
    label = "core"
