from django import forms
from django.core.exceptions import ValidationError

from scrutiny.core.forms import GovukForm

from .models import financial_year


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
