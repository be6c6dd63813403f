from django import forms

from scrutiny.core.forms import GovukForm
from scrutiny.library.models import IndicatorDefinition


class NationalFiguresForm(GovukForm):
    indicator = forms.ModelChoiceField(
        label="Indicator",
        queryset=IndicatorDefinition.objects.none(),
        error_messages={"required": "Choose the indicator the figures are for"},
    )
    value_column = forms.CharField(
        label="Value column",
        max_length=80,
        help_text="The column of the DfE file holding this indicator, e.g. rate_per_10000",
        error_messages={"required": "Enter the name of the value column"},
    )
    file = forms.FileField(
        label="DfE statistics file (CSV)",
        help_text="As published on explore-education-statistics.service.gov.uk",
        error_messages={"required": "Choose the CSV file"},
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class NeighboursForm(GovukForm):
    la_code = forms.CharField(
        label="The council's local authority code",
        max_length=9,
        required=False,
        help_text="new_la_code in DfE files, e.g. E08000025",
    )
    codes = forms.CharField(
        label="Statistical neighbours",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Local authority codes, one a line or separated by commas, closest first",
    )
