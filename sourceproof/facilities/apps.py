from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    name = "sourceproof.facilities"
    label = "facilities"
