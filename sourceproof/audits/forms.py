"""Forms of the audit pages: every error is shown beside its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sourceproof.audits import compliance, risk
from sourceproof.audits.models import (
    ActionStatus,
    Announcement,
    AppliedStandard,
    AuditStandard,
    AuditStatus,
    AuditType,
    BsciGrade,
    Clause,
    FindingType,
    Pillar,
    Severity,
    VerificationMethod,
)
from sourceproof.audits.selectors import ActionState, audit_firm_choices

_ANY: list[tuple[Any, Any]] = [("", _("Any"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# --------------------------------------------------------------------------- audits


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=_ANY + AuditStatus.choices, required=False
    )
    standard = forms.ChoiceField(
        label=_("Standard"), choices=_ANY + AuditStandard.choices, required=False
    )
    facility = forms.CharField(label=_("Facility code"), required=False, max_length=20)
    audit_firm = forms.ChoiceField(label=_("Audit firm"), required=False)
    supplier = forms.TypedChoiceField(
        label=_("Supplier"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, choices: dict[str, list[tuple[Any, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        if choices["audit_firm"]:
            self.fields["audit_firm"].choices = _ANY + choices["audit_firm"]  # type: ignore[attr-defined]
        else:
            del self.fields["audit_firm"]
        if choices["supplier"]:
            self.fields["supplier"].choices = _ANY + choices["supplier"]  # type: ignore[attr-defined]
        else:
            del self.fields["supplier"]


class AuditForm(forms.Form):
    facility = forms.CharField(
        label=_("Facility code"),
        max_length=20,
        help_text=_("The audited facility's code, e.g. FAC-00042."),
    )
    standard = forms.ChoiceField(label=_("Standard"), choices=AuditStandard.choices)
    pillars = forms.TypedChoiceField(
        label=_("Pillars"),
        choices=[("", "—"), (2, _("2-pillar")), (4, _("4-pillar"))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("SMETA only: 2 (labour, health & safety) or 4 (plus environment, ethics)."),
    )
    audit_type = forms.ChoiceField(label=_("Audit type"), choices=AuditType.choices)
    announcement = forms.ChoiceField(label=_("Announcement"), choices=Announcement.choices)
    audit_firm = forms.ModelChoiceField(
        label=_("Audit firm"),
        queryset=audit_firm_choices(),
        required=False,
        empty_label="—",
    )
    lead_auditor_name = forms.CharField(label=_("Lead auditor"), max_length=200, required=False)
    lead_auditor_apsca = forms.CharField(
        label=_("Lead auditor's APSCA number"),
        max_length=20,
        required=False,
        help_text=_("e.g. CSCA 21701234"),
    )
    start_date = forms.DateField(label=_("First day"), widget=DateInput(), required=False)
    end_date = forms.DateField(label=_("Last day"), widget=DateInput(), required=False)
    sedex_audit_reference = forms.CharField(
        label=_("Sedex audit reference"), max_length=16, required=False, help_text="ZAA…"
    )
    bsci_grade = forms.ChoiceField(
        label=_("amfori BSCI grade"), choices=[("", "—"), *BsciGrade.choices], required=False
    )
    summary = forms.CharField(label=_("Summary"), widget=_textarea(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audit_firm"].queryset = audit_firm_choices()  # type: ignore[attr-defined]


class AuditStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AuditStatus.choices)
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)


class ReportForm(forms.Form):
    report = forms.FileField(label=_("Audit report (PDF)"))


# --------------------------------------------------------------------------- findings


class FindingForm(forms.Form):
    finding_type = forms.ChoiceField(label=_("Type"), choices=FindingType.choices)
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices)
    clause = forms.ChoiceField(label=_("Clause"), choices=Clause.choices)
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=[("", "—"), *Severity.choices],
        required=False,
        help_text=_("Non-compliances only."),
    )
    title = forms.CharField(label=_("Finding"), max_length=200)
    evidence = forms.CharField(label=_("Evidence"), widget=_textarea(), required=False)
    local_law_reference = forms.CharField(
        label=_("Local law reference"), max_length=300, required=False
    )
    applied_standard = forms.ChoiceField(
        label=_("Applied standard"),
        choices=AppliedStandard.choices,
        initial=AppliedStandard.BOTH,
        help_text=_("Where local law and the ETI Base Code differ, the stricter one applies."),
    )
    rule_code = forms.CharField(label=_("Rule code"), max_length=60, required=False)
    period_start = forms.DateField(label=_("Period from"), widget=DateInput(), required=False)
    period_end = forms.DateField(label=_("Period to"), widget=DateInput(), required=False)
    draft = forms.BooleanField(
        label=_("Save as a draft (not counted until confirmed)"), required=False
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["draft"]

    def finding_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("draft", None)
        return data


class FindingImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    as_drafts = forms.BooleanField(
        label=_("Import as drafts (confirm them one by one later)"), required=False
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is the finding withdrawn?"), widget=_textarea(3))


# --------------------------------------------------------------------------- corrective actions


class ActionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (ActionState.OPEN, _("Not closed")),
            (ActionState.TODO, _("Waiting for the supplier")),
            (ActionState.SUBMITTED, _("To verify")),
            (ActionState.OVERDUE, _("Overdue")),
            (ActionState.VERIFIED, _("Verified")),
            (ActionState.ALL, _("All")),
        ],
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=_ANY + Severity.choices, required=False
    )
    facility = forms.CharField(label=_("Facility code"), required=False, max_length=20)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class ResponseForm(forms.Form):
    root_cause = forms.CharField(
        label=_("Root cause"), widget=_textarea(), help_text=_("Why did it happen?")
    )
    action = forms.CharField(
        label=_("Corrective action"), widget=_textarea(), help_text=_("What did you do?")
    )
    owner_name = forms.CharField(
        label=_("Responsible person"),
        max_length=200,
        help_text=_("Who at your company owns this action?"),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("A PDF, JPEG or PNG: a photo, a record, a signed document."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    description = forms.CharField(label=_("What does it show?"), max_length=300, required=False)


class SubmitForm(forms.Form):
    comment = forms.CharField(label=_("Note for the reviewer"), widget=_textarea(2), required=False)


class ReviewForm(forms.Form):
    VERIFY = "verify"
    SEND_BACK = "send_back"
    PROGRESS = "progress_made"
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (VERIFY, _("Verify: the action is done")),
            (SEND_BACK, _("Send back: more is needed")),
            (PROGRESS, _("Progress made: not finished yet")),
        ],
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=_textarea(3),
        required=False,
        help_text=_("Required when sending back or noting progress."),
    )
    due_date = forms.DateField(
        label=_("New due date (progress made)"), widget=DateInput(), required=False
    )


class DueDateForm(forms.Form):
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=250)


class MethodForm(forms.Form):
    verification_method = forms.ChoiceField(
        label=_("Verification method"), choices=VerificationMethod.choices
    )


# --------------------------------------------------------------------------- audits due


class DueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    risk_class = forms.ChoiceField(
        label=_("Risk"),
        required=False,
        choices=[*_ANY, (risk.HIGH, _("High")), (risk.MEDIUM, _("Medium")), (risk.LOW, _("Low"))],
    )
    status = forms.ChoiceField(
        label=_("Compliance status"),
        required=False,
        choices=[
            *_ANY,
            (compliance.SUSPENDED, _("Suspended")),
            (compliance.CONDITIONAL, _("Conditional")),
            (compliance.APPROVED, _("Approved")),
            (compliance.NOT_AUDITED, _("Not audited")),
        ],
    )
    within = forms.TypedChoiceField(
        label=_("Due"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Any time")),
            (0, _("Now (overdue or today)")),
            (90, _("Within 90 days")),
            (365, _("Within a year")),
        ],
    )
    country = forms.CharField(label=_("Country"), required=False, max_length=2)

    def clean_country(self) -> str:
        return str(self.cleaned_data.get("country") or "").strip().upper()


ACTION_STATUS_TONES: dict[str, str] = {
    ActionStatus.OPEN: "",
    ActionStatus.SUBMITTED: "warn",
    ActionStatus.SENT_BACK: "bad",
    ActionStatus.PROGRESS_MADE: "warn",
    ActionStatus.VERIFIED: "ok",
    ActionStatus.CANCELLED: "",
}
