from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from sourceproof.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("sourceproof.core.urls")),
    path("accounts/", include("sourceproof.accounts.urls")),
    path("facilities/data/", include("sourceproof.facilities.import_urls")),
    path("facilities/", include("sourceproof.facilities.urls")),
    path("orders/", include("sourceproof.orders.urls")),
    path("audits/", include("sourceproof.audits.urls")),
    path("payroll/", include("sourceproof.payroll.urls")),
    path("inspections/", include("sourceproof.inspections.urls")),
    path("aql/", include("sourceproof.inspections.calculator_urls")),
    path("evidence/", include("sourceproof.evidence.urls")),
    path("csr/", include("sourceproof.csr.urls")),
    path("ethics/", include("sourceproof.ethics.urls")),
    path("field/", include("sourceproof.fieldwork.urls")),
    path("portal/", include("sourceproof.portal.urls")),
    path("notifications/", include("sourceproof.notifications.urls")),
    path("verify/", include("sourceproof.reports.verify_urls")),
    path("reports/", include("sourceproof.reports.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
