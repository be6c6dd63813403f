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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class StatutoryReturnForm(GovukForm):
    kind = forms.ChoiceField(
        label="Return",
        choices=[
            ("", "Choose the return"),
            ("cin", "Children in Need census (XML)"),
            ("ssda903", "SSDA903, children looked after (CSV tables or XML)"),
        ],
        error_messages={"required": "Choose which return the files are"},
    )
    files = MultipleFileField(
        label="Files",
        help_text="For the 903: the CSV tables (episodes.csv, missing.csv) or the XML file",
        error_messages={"required": "Choose the files"},
    )
    year = forms.CharField(
        label="Collection year (903 only)",
        max_length=7,
        required=False,
        help_text="The financial year the 903 return covers, for example 2017-18",
    )
    population = forms.IntegerField(
        label="Children aged 0 to 17 in the area",
        required=False,
        min_value=1,
        help_text="Needed for the rates per 10,000 children",
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == "ssda903" and not data.get("year"):
            self.add_error("year", "Enter the year the 903 return covers, for example 2017-18")
        return data
