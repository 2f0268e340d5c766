"""Translated sentences for the verdict's reasons (the pure module speaks English only).

Each reason carries a code and its numbers; the pages render it in the reader's language
from these, and fall back to the stored English text for a code they do not know.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sourceproof.inspections.models import DefectClass


def class_label(name: str) -> str:
    try:
        return str(DefectClass(name).label)
    except ValueError:
        return name


def reason_text(reason: Mapping[str, Any]) -> str:
    code = reason.get("code", "")
    p = dict(reason)
    if code in {"class_accepted", "class_rejected"}:
        p["class_label"] = class_label(str(p.get("class", "")))
        units = ngettext(
            "%(n)d nonconforming unit", "%(n)d nonconforming units", int(p["nonconforming"])
        ) % {"n": int(p["nonconforming"])}
        p["units"] = units
        if (
            int(p.get("accept", 0)) == 0
            and int(p.get("reject", 1)) == 1
            and p["class"] == "critical"
        ):
            if code == "class_accepted":
                return _("%(class_label)s: none found in the sample of %(sample_size)s.") % p
            return (
                _("%(class_label)s: %(units)s in the sample of %(sample_size)s; none is accepted.")
                % p
            )
        if code == "class_accepted":
            return (
                _(
                    "%(class_label)s: %(units)s in a sample of %(sample_size)s; accepted up to "
                    "%(accept)s (Ac %(accept)s, Re %(reject)s)."
                )
                % p
            )
        return (
            _(
                "%(class_label)s: %(units)s in a sample of %(sample_size)s reaches the rejection "
                "number %(reject)s (Ac %(accept)s): not accepted."
            )
            % p
        )
    if code == "units_outside_class_sample":
        p["class_label"] = class_label(str(p.get("class", "")))
        return (
            _(
                "%(class_label)s: %(units)s numbered unit(s) beyond the first %(sample_size)s of the "
                "sample are not counted for this class."
            )
            % p
        )
    if code == "checkpoint_failed":
        return _("Checkpoint '%(title)s' failed.") % p
    if code == "checkpoint_needs_decision":
        return _("Checkpoint '%(title)s' needs the operator's decision.") % p
    if code == "checkpoint_not_checked":
        return _("Checkpoint '%(title)s' has not been checked yet.") % p
    return str(reason.get("text", ""))


def reasons_for_display(reasons: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Reasons with their translated sentence and a tone (ok, bad, warn)."""
    shown = []
    for reason in reasons:
        passed = reason.get("passed")
        shown.append(
            {
                "text": reason_text(reason),
                "tone": "ok" if passed is True else "bad" if passed is False else "warn",
                "code": reason.get("code", ""),
            }
        )
    return shown
