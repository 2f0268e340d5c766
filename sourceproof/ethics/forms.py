"""Forms of the code-of-ethics pages: a version, its texts, its coverage, the signature, the
signature list's filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sourceproof.ethics.models import GRACE_DAYS_MAX, LANGUAGES, CodeText, GlobalCompactPrinciple
from sourceproof.ethics.selectors import SIGN_STATE_LABELS, SignState


class CodeForm(forms.Form):
    version = forms.CharField(
        label=_("Version"),
        max_length=20,
        help_text=_("A number such as 2 or 2.1; shown as v2."),
    )
    effective_date = forms.DateField(
        label=_("Effective date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the code takes effect."),
    )
    grace_days = forms.IntegerField(
        label=_("Grace period (days)"),
        min_value=0,
        max_value=GRACE_DAYS_MAX,
        help_text=_(
            "For how many days after publication a supplier that signed the previous version "
            "still counts as compliant. 0: no grace period."
        ),
    )
    notes = forms.CharField(
        label=_("What changed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the CSR team: what changed since the previous version."),
    )


class TextForm(forms.Form):
    """One language's text (prefixed with the language code)."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Paragraphs separated by a blank line. A line starting with # is a section "
            "heading (e.g. '## 2. Labour'), - starts a list item, **bold** is bold. No HTML."
        ),
    )
    pdf = forms.FileField(
        label=_("PDF (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    remove_pdf = forms.BooleanField(label=_("Remove the PDF"), required=False)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        kwargs["prefix"] = language
        super().__init__(*args, **kwargs)
        self.language = language
        self.language_name = dict(LANGUAGES)[language]
        self.existing: CodeText | None = None  # the saved text, to show its current PDF


class CoverageForm(forms.Form):
    """For each of the ten principles, the sections of the code that cover it."""

    def __init__(
        self, *args: Any, principles: Sequence[GlobalCompactPrinciple], **kwargs: Any
    ) -> None:
        kwargs["prefix"] = "coverage"
        super().__init__(*args, **kwargs)
        self.principles = list(principles)
        for p in self.principles:
            self.fields[f"p{p.number}"] = forms.CharField(
                label=_("Principle %(n)s") % {"n": p.number},
                required=False,
                max_length=200,
                help_text=p.text,
                widget=forms.TextInput(attrs={"placeholder": _("e.g. 2.1, 2.3")}),
            )

    def rows(self) -> list[tuple[GlobalCompactPrinciple, forms.BoundField]]:
        return [(p, self[f"p{p.number}"]) for p in self.principles]

    def coverage(self) -> dict[int, str]:
        return {p.number: self.cleaned_data.get(f"p{p.number}") or "" for p in self.principles}


class SignForm(forms.Form):
    signer_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        help_text=_("Typing your name is your signature."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    signer_role = forms.CharField(
        label=_("Your role or title"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    accept = forms.BooleanField(label="", required=True)
    language = forms.CharField(widget=forms.HiddenInput)
    content_sha256 = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, supplier_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accept"].label = _(
            "I have read the code of ethics and accept it on behalf of %(supplier)s."
        ) % {"supplier": supplier_name}
        self.fields["accept"].error_messages["required"] = _(
            "Tick the box to accept the code on behalf of %(supplier)s."
        ) % {"supplier": supplier_name}


class SignatureFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), *((s.value, SIGN_STATE_LABELS[s]) for s in SignState)],
    )
    q = forms.CharField(label=_("Supplier"), required=False, max_length=100)
