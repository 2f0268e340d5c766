from django.apps import AppConfig


class CsrConfig(AppConfig):
    name = "sourceproof.csr"
    label = "csr"
    verbose_name = "CSR performance"
