from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "sourceproof.fieldwork"
    label = "fieldwork"
    verbose_name = "Inspector's phone screen"
