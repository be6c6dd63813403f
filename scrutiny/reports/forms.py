from django import forms
from django.core.exceptions import ValidationError

from scrutiny.core.forms import GovukForm, GovukModelForm
from scrutiny.core.uploads import EvidenceRejected, check_evidence
from scrutiny.questionnaires.forms import DateInput

from .models import Arrangement, ReportSettings, financial_year  # Arrangement: tenancy's
from .structures import structure_choices


class StartReportForm(GovukForm):
    year = forms.CharField(
        label="Financial year",
        help_text="For example 2026-27 (April 2026 to March 2027)",
        max_length=7,
        error_messages={"required": "Enter the financial year the report covers"},
    )

    def clean_year(self) -> str:
        year = self.cleaned_data["year"].strip()
        try:
            financial_year(year)
        except ValidationError as error:
            raise ValidationError(f"Financial year: {error.messages[0]}") from error
        return year


class NarrativeForm(GovukForm):
    text = forms.CharField(
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Leave a blank line between paragraphs.",
    )


class ReportSettingsForm(GovukModelForm):
    structure_code = forms.ChoiceField(
        label="Report structure",
        help_text="The headings the report has, from the library.",
    )
    logo_upload = forms.FileField(
        label="The board's logo",
        required=False,
        help_text="A PNG or JPEG image, on the report's cover and the board's public forms. "
        "Leave empty to keep the current one.",
    )

    arrangement = forms.ChoiceField(
        label="The board is",
        choices=Arrangement.choices,
        widget=forms.RadioSelect,
        help_text="Kept on the board: its pages and who signs off follow it.",
    )

    class Meta:
        model = ReportSettings
        fields = [
            "structure_code",
            "arrangement",
            "publish_by_months",
            "send_within_days",
            "recipients",
            "remind_days_before",
        ]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["structure_code"].choices = structure_choices()
        self.fields["arrangement"].initial = self.instance.board.arrangement
        self.logo_data: bytes | None = None
        self.style_fields()

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        try:
            kind, data = check_evidence(upload)
        except EvidenceRejected as error:
            raise ValidationError(f"Logo: {error}") from error
        if kind.content_type not in ("image/png", "image/jpeg"):
            raise ValidationError("Logo: choose a PNG or JPEG image")
        self.logo_data = data
        return upload


class SignatoryForm(GovukForm):
    user = forms.ModelChoiceField(
        label="Person who signs off",
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose the person who signs off"},
    )
    job_title = forms.CharField(label="Job title", required=False, max_length=150)

    def __init__(self, *args, people=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.style_fields()


class AcknowledgeForm(GovukForm):
    code = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why the report can be published with this",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason the report can be published with this"},
    )


class ConfirmPublishForm(GovukForm):
    confirm = forms.BooleanField(
        label="I confirm the partners have approved this version and it can be published",
        error_messages={"required": "Confirm that this version can be published"},
    )


class PublicationForm(GovukForm):
    url = forms.URLField(
        assume_scheme="https",
        label="Address where the report is published",
        help_text="The web page the public can read it on, beginning https://",
        max_length=500,
        error_messages={"required": "Enter the address where the report is published"},
    )
    published_on = forms.DateField(
        label="Date it went online",
        widget=DateInput,
        error_messages={"required": "Enter the date it went online"},
    )


class SentForm(GovukForm):
    sent_on = forms.DateField(
        label="Date sent",
        widget=DateInput,
        error_messages={"required": "Enter the date the report was sent"},
    )
