"""The audits app's facts for the sourcing gate, registered in `AuditsConfig.ready()`.

For the facilities being evaluated, in two queries whatever their number: the SMETA 6.1/7.0
4-pillar audits with a received report (so the SMETA rule counts them like certificates) and
the derived compliance status with its reasons (for `rule_compliance_not_suspended`). The
reasons are in English, like every gate reason: a confirmed order keeps them as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone, translation

from sourceproof.audits import compliance
from sourceproof.audits.selectors import compliance_facts, facility_audit_data, smeta_4p_audit_rows
from sourceproof.facilities.models import Facility
from sourceproof.orders import gate


def compliance_gate_facts(facilities: Sequence[Facility]) -> Mapping[int, Mapping[str, Any]]:
    today = timezone.localdate()
    with translation.override("en"):
        data = facility_audit_data([f.pk for f in facilities])
    facts: dict[int, dict[str, Any]] = {}
    for pk, d in data.items():
        status = compliance.derive_status(compliance_facts(d), today=today)
        if status.status == compliance.SUSPENDED:
            reasons = tuple(r.text for r in status.blocking_reasons)
        elif status.status == compliance.CONDITIONAL:
            reasons = tuple(r.text for r in status.reasons if r.code == "major_open")
        else:
            reasons = ()
        facts[pk] = {
            "smeta_4p_audits": tuple(
                gate.CertificateFact(
                    scheme=gate.SMETA_4P,
                    valid_from=a.end_date or today,
                    valid_until=dt.date.max,
                    number=a.reference,
                )
                for a in smeta_4p_audit_rows(d)
            ),
            "compliance_status": status.status,
            "compliance_reasons": reasons,
        }
    return facts
