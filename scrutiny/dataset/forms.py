from django import forms

from scrutiny.core.forms import GovukForm, GovukModelForm
from scrutiny.library.models import IndicatorDefinition

from .models import Breakdown, LocalAuthority, Population
from .periods import BadPeriod, parse_period
from .statutory.characteristics import Dimension


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


class PopulationChoiceForm(GovukForm):
    """Which year and characteristic to enter the population for."""

    year = forms.CharField(
        label="Financial year",
        max_length=7,
        help_text="For example, 2023-24: its quarters use this population",
        error_messages={"required": "Enter the financial year"},
    )
    dimension = forms.ChoiceField(label="Characteristic", choices=Breakdown.Dimension.choices)

    def clean_year(self) -> str:
        try:
            return parse_period(self.cleaned_data["year"], "year").label
        except BadPeriod as exc:
            raise forms.ValidationError(
                "Enter the financial year like 2023-24", code="bad_year"
            ) from exc


class PopulationForm(GovukModelForm):
    """Children aged 0 to 17 in each group of one characteristic, for one year."""

    class Meta:
        model = Population
        fields: list[str] = []

    def __init__(self, *args, dimension: Dimension, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimension = dimension
        held = self.instance.children or {}
        for group in dimension.population_groups:
            self.fields[f"group_{group.code}"] = forms.IntegerField(
                label=group.label,
                min_value=0,
                required=False,
                initial=held.get(group.code),
                help_text="Children aged 0 to 17; leave empty if not known",
                error_messages={
                    "invalid": f"Enter the number of children for {group.label} as a whole number",
                    "min_value": f"The number of children for {group.label} cannot be negative",
                },
            )
        self.style_fields()

    def save(self, commit: bool = True):
        self.instance.children = {
            g.code: self.cleaned_data[f"group_{g.code}"]
            for g in self.dimension.population_groups
            if self.cleaned_data.get(f"group_{g.code}") is not None
        }
        return super().save(commit)


class LocalAuthorityForm(GovukModelForm):
    class Meta:
        model = LocalAuthority
        fields = ["name", "code", "census_code"]
        error_messages = {
            "name": {"required": "Enter the council's name"},
            "code": {"required": "Enter the council's 9-character code"},
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if len(code) != 9 or not code[0].isalpha() or not code[1:].isdigit():
            raise forms.ValidationError(
                "Enter the council's 9-character code, like E06000023", code="bad_code"
            )
        taken = LocalAuthority.objects.filter(board=self.board, code=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                f"{code} is already one of the board's local authorities", code="taken"
            )
        return code

    def clean_census_code(self) -> str:
        code = self.cleaned_data["census_code"].strip()
        if code and (len(code) != 3 or not code.isdigit()):
            raise forms.ValidationError(
                "Enter the 3-digit LA number, like 801, or leave it empty", code="bad_number"
            )
        return code
