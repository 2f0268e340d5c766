from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sourceproof.accounts"
    label = "accounts"
