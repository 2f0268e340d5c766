"""The portal's JSON API (customer scope)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["portal"])
