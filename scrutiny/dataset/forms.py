from django import forms

from scrutiny.core.forms import GovukForm
from scrutiny.library.models import IndicatorDefinition


class ValueForm(GovukForm):
    indicator = forms.ModelChoiceField(
        label="Indicator",
        queryset=IndicatorDefinition.objects.none(),
        error_messages={"required": "Choose the indicator"},
    )
    period = forms.CharField(
        label="Period",
        max_length=20,
        help_text="2026 Q3 for a quarter, 2026-27 for a year, 2026-10 for a month",
        error_messages={"required": "Enter the period"},
    )
    numerator = forms.CharField(
        label="Numerator (or the count)",
        max_length=20,
        error_messages={"required": "Enter the number"},
    )
    denominator = forms.CharField(
        label="Denominator", max_length=20, required=False, help_text="Leave empty for counts"
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="A .csv or .xlsx file: indicator, period, numerator, denominator, agency",
        error_messages={"required": "Choose the file to import"},
    )


class TargetForm(GovukForm):
    indicator = forms.ModelChoiceField(
        label="Indicator",
        queryset=IndicatorDefinition.objects.none(),
        error_messages={"required": "Choose the indicator"},
    )
    period = forms.CharField(
        label="Period",
        max_length=20,
        error_messages={"required": "Enter the period the target is for"},
    )
    target = forms.DecimalField(
        label="Target",
        error_messages={"required": "Enter the target", "invalid": "The target must be a number"},
    )
    tolerance = forms.DecimalField(
        label="Tolerance",
        min_value=0,
        initial=0,
        help_text="How far short of target still counts as amber, in the indicator's own units",
        error_messages={"min_value": "The tolerance cannot be negative"},
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators

    def clean(self):
        from .periods import BadPeriod, parse_period

        data = super().clean()
        if data.get("indicator") and data.get("period"):
            try:
                data["period"] = parse_period(data["period"], data["indicator"].period).label
            except BadPeriod as exc:
                self.add_error("period", str(exc))
        return data
