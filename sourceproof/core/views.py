from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from sourceproof.core.http import acting_user
from sourceproof.core.selectors import dashboard_for_user


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(request, "core/dashboard.html", {"panels": dashboard_for_user(user=user)})


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
