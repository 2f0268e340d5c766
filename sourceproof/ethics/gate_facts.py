"""The ethics app's facts for the sourcing gate, registered in `EthicsConfig.ready()`.

For the facilities being evaluated, in two queries whatever their number (one for the current
and previous versions, one for the suppliers' signatures): an `EthicsFact` per facility in
`GateFacts.code_of_ethics`, for `rule_code_of_ethics_signed`. Nothing is filled in when no
code of ethics has been published (the rule then passes with an informational reason).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sourceproof.ethics.selectors import gate_facts_for_suppliers
from sourceproof.facilities.models import Facility


def code_of_ethics_gate_facts(facilities: Sequence[Facility]) -> Mapping[int, Mapping[str, Any]]:
    by_supplier = gate_facts_for_suppliers(sorted({f.supplier_id for f in facilities}))
    return {
        f.pk: {"code_of_ethics": by_supplier[f.supplier_id]}
        for f in facilities
        if f.supplier_id in by_supplier
    }
