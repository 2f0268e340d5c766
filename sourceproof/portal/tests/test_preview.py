"""An operator's preview of a customer's portal: exactly the customer's pages with the
customer's scope and sharing, clearly bannered, read-only (no write is possible through it)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from sourceproof.accounts.models import User
from sourceproof.core.testing import Personas
from sourceproof.portal import services
from sourceproof.portal.selectors import preview_scope
from sourceproof.portal.tests.builders import audited, confirm_under_exception

pytestmark = pytest.mark.django_db


def _strip_banner(body: str) -> str:
    """The page without the preview banner and with the preview prefix taken out of links."""
    start = body.find('<div class="portal-preview"')
    if start != -1:
        body = body[:start] + body[body.index("</div>", start) + len("</div>") :]
    return body


def test_it_renders_the_customers_page_with_a_banner(personas: Personas, client_for: Any) -> None:
    confirm_under_exception(personas)
    audited(personas, findings=1)
    code, number = personas.customer.code, personas.order.number
    customer = client_for("customer_user").get(reverse("portal:order_detail", args=[number]))
    preview = client_for("quality_manager").get(
        reverse("portal:preview_order_detail", args=[code, number])
    )
    assert preview.status_code == 200
    body = preview.content.decode()
    assert 'id="preview-banner"' in body
    assert "Preview: the portal as Northwind Brands sees it" in body
    assert 'id="preview-banner"' not in customer.content.decode()
    # The same content: the customer's page and the preview differ in the banner, the links
    # (which stay inside the preview) and the logged-in person in the header only.
    own = customer.content.decode()
    main_own = own[own.index('<ul class="portal-tabs">') : own.index("</main>")]
    main_preview = _strip_banner(body)
    main_preview = main_preview[
        main_preview.index('<ul class="portal-tabs">') : main_preview.index("</main>")
    ]
    assert main_preview.replace(f"/portal/preview/{code}/", "/portal/") == main_own


def test_it_applies_the_customers_scope(personas: Personas, client_for: Any) -> None:
    body = (
        client_for("admin")
        .get(reverse("portal:preview_order_list", args=[personas.customer.code]))
        .content.decode()
    )
    assert personas.order.number in body
    assert personas.other_order.number not in body  # an operator sees it elsewhere, not here
    assert f"/portal/preview/{personas.customer.code}/orders/{personas.order.number}/" in body


def test_it_applies_the_customers_sharing(personas: Personas, client_for: Any) -> None:
    url = reverse("portal:preview_order_list", args=[personas.customer.code])
    client = client_for("csr_manager")
    assert "Ningbo Bright Drinkware" not in client.get(url).content.decode()
    services.customer_sharing_update(
        customer=personas.customer,
        by=personas.csr_manager,
        share_audit_details=False,
        share_supplier_name=True,
    )
    assert "Ningbo Bright Drinkware" in client.get(url).content.decode()


def test_it_refuses_writes(personas: Personas, client_for: Any) -> None:
    code, number = personas.customer.code, personas.order.number
    client = client_for("admin")
    for url in (
        reverse("portal:preview_order_list", args=[code]),
        reverse("portal:preview_order_detail", args=[code, number]),
        reverse("portal:preview_photo_feed", args=[code]),
        reverse("portal:preview_export", args=[code, "csv"]),
    ):
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(url).status_code == 405, (method, url)


def test_it_gives_a_stand_in_that_no_service_accepts(personas: Personas) -> None:
    scope = preview_scope(user=personas.admin, customer_code=personas.customer.code)
    assert scope.preview and scope.viewer.pk is None
    assert scope.viewer.organisation_id == personas.customer.pk
    with pytest.raises(Http404):
        services.customer_sharing_update(
            customer=personas.customer,
            by=scope.viewer,
            share_audit_details=True,
            share_supplier_name=True,
        )
    with pytest.raises(PermissionDenied):
        scope.viewer.save()
    assert not User.objects.filter(email__endswith=".invalid").exists()
