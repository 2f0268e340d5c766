"""Seed the ten principles of the UN Global Compact with their official short texts.

Source: United Nations Global Compact, "The Ten Principles of the UN Global Compact",
https://unglobalcompact.org/what-is-gc/mission/principles (the wording the UN Global Compact
publishes; principles 2, 4, 5, 6, 8 and 9 continue the sentence of the one before, as there).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

PRINCIPLES = [
    (
        1,
        "human_rights",
        "Businesses should support and respect the protection of internationally proclaimed "
        "human rights; and",
    ),
    (2, "human_rights", "make sure that they are not complicit in human rights abuses."),
    (
        3,
        "labour",
        "Businesses should uphold the freedom of association and the effective recognition of "
        "the right to collective bargaining;",
    ),
    (4, "labour", "the elimination of all forms of forced and compulsory labour;"),
    (5, "labour", "the effective abolition of child labour; and"),
    (
        6,
        "labour",
        "the elimination of discrimination in respect of employment and occupation.",
    ),
    (
        7,
        "environment",
        "Businesses should support a precautionary approach to environmental challenges;",
    ),
    (
        8,
        "environment",
        "undertake initiatives to promote greater environmental responsibility; and",
    ),
    (
        9,
        "environment",
        "encourage the development and diffusion of environmentally friendly technologies.",
    ),
    (
        10,
        "anti_corruption",
        "Businesses should work against corruption in all its forms, including extortion and "
        "bribery.",
    ),
]


def seed(apps: Any, schema_editor: Any) -> None:
    principle = apps.get_model("ethics", "GlobalCompactPrinciple")
    for number, area, text in PRINCIPLES:
        principle.objects.update_or_create(number=number, defaults={"area": area, "text": text})


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("ethics", "GlobalCompactPrinciple").objects.filter(
        number__in=[n for n, _a, _t in PRINCIPLES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ethics", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
