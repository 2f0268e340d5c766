"""The upload form: several files at once, or one straight from the phone's camera, attached
to the inspection, optionally to one of its checkpoints or defect records, or (at the PPI)
to the golden sample with the side it shows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sourceproof.evidence.models import PhotoSide
from sourceproof.inspections.models import CheckpointResult, DefectRecord, Inspection


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking any number of files (the photo's content is checked by the
    service, not here)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class CheckpointChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class PhotoUploadForm(forms.Form):
    camera = forms.FileField(
        label=_("Take a photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("Opens the camera on a phone."),
    )
    photos = MultipleFileField(
        label=_("Or choose photos"),
        required=False,
        help_text=_("JPEG, PNG, HEIC or WebP; several at once."),
    )
    checkpoint = CheckpointChoiceField(
        label=_("Checkpoint"),
        queryset=CheckpointResult.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    defect = forms.ModelChoiceField(
        label=_("Defect"),
        queryset=DefectRecord.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    side = forms.ChoiceField(
        label=_("Side shown"),
        choices=[("", _("— not said —")), *PhotoSide.choices],
        required=False,
    )
    golden = forms.BooleanField(
        label=_("This is a photo of the golden sample"),
        required=False,
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, inspection: Inspection, golden_allowed: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        checkpoint_field = self.fields["checkpoint"]
        defect_field = self.fields["defect"]
        assert isinstance(checkpoint_field, forms.ModelChoiceField)
        assert isinstance(defect_field, forms.ModelChoiceField)
        checkpoint_field.queryset = inspection.checkpoint_results.order_by("position", "id")
        defect_field.queryset = inspection.defect_records.select_related("defect_type").order_by(
            "id"
        )
        if not golden_allowed:
            del self.fields["golden"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        uploads = [f for f in [data.get("camera"), *(data.get("photos") or [])] if f]
        if not uploads:
            raise forms.ValidationError(_("Choose at least one photo."))
        if data.get("golden") and not data.get("side"):
            self.add_error("side", _("Say which side of the golden sample the photo shows."))
        data["uploads"] = uploads
        return data
