"""Every write of the inspections app: keyword-only, typed, one transaction each, recorded in
the change log. Grouped by use: booking, performing (the inspector's screens call these),
reviewing (quality managers) and the library."""

from sourceproof.inspections.services.booking import (
    BOOKABLE_ORDER_STATUSES,
    inspection_book,
    inspection_cancel,
    inspection_update,
)
from sourceproof.inspections.services.library import (
    CheckpointInput,
    aql_override_delete,
    aql_override_set,
    check_checkpoint,
    checklist_template_create,
    defect_type_create,
    defect_type_update,
    inspection_policy_update,
)
from sourceproof.inspections.services.performing import (
    SUBMIT_CHECKS,
    Colour,
    MeasurementInput,
    defect_record_delete,
    golden_sample_approve,
    inspection_adjust_defect_count,
    inspection_record_defect,
    inspection_record_result,
    inspection_save_remarks,
    inspection_start,
    inspection_submit,
    register_submit_check,
    unregister_submit_check,
)
from sourceproof.inspections.services.reviewing import (
    CORRECTIVE_ACTION_MIN_LENGTH,
    DECISION_NOTE_MIN_LENGTH,
    OVERRIDE_REASON_MIN_LENGTH,
    REVIEW_HOOKS,
    checkpoint_result_decide,
    inspection_override,
    inspection_review,
    lot_result_for_stream,
    register_review_hook,
    stream_resume,
    unregister_review_hook,
)

__all__ = [
    "BOOKABLE_ORDER_STATUSES", "CORRECTIVE_ACTION_MIN_LENGTH", "DECISION_NOTE_MIN_LENGTH",
    "OVERRIDE_REASON_MIN_LENGTH", "REVIEW_HOOKS", "SUBMIT_CHECKS", "CheckpointInput", "Colour",
    "MeasurementInput", "aql_override_delete", "aql_override_set", "check_checkpoint",
    "checklist_template_create", "checkpoint_result_decide", "defect_record_delete",
    "defect_type_create", "defect_type_update", "golden_sample_approve",
    "inspection_adjust_defect_count", "inspection_book", "inspection_cancel",
    "inspection_override", "inspection_policy_update", "inspection_record_defect",
    "inspection_record_result", "inspection_review", "inspection_save_remarks",
    "inspection_start", "inspection_submit", "inspection_update", "lot_result_for_stream",
    "register_review_hook", "register_submit_check", "stream_resume", "unregister_review_hook",
    "unregister_submit_check",
]  # fmt: skip
