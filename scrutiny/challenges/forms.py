from django import forms

from scrutiny.core.forms import DateInput, GovukForm, GovukModelForm
from scrutiny.findings.models import FindingKind, Theme
from scrutiny.tenancy.models import Agency, Board

from .models import Challenge


class ChallengeForm(GovukModelForm):
    raised_on = forms.DateField(
        label="Raised on",
        widget=DateInput,
        error_messages={"required": "Enter the date it was raised"},
    )
    response_due = forms.DateField(
        label="Response due by",
        widget=DateInput,
        error_messages={"required": "Enter the date a response is due"},
    )

    class Meta:
        model = Challenge
        fields = [
            "to_agency",
            "from_agency",
            "priority",
            "issue",
            "evidence",
            "raised_on",
            "response_due",
        ]
        labels = {
            "to_agency": "Challenge to",
            "from_agency": "Raised by an agency",
            "priority": "Linked priority",
        }
        error_messages = {
            "to_agency": {"required": "Choose the agency being challenged"},
            "issue": {"required": "Describe the issue"},
        }

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(memberships__board=board).order_by("name")
        self.fields["to_agency"].queryset = agencies
        self.fields["from_agency"].queryset = agencies
        self.fields["priority"].queryset = board.priorities.all()
        self.instance.board = board
        for name in ["issue", "evidence"]:
            self.fields[name].widget.attrs["rows"] = 3

    def clean(self):
        data = super().clean()
        if data.get("from_agency") and data.get("from_agency") == data.get("to_agency"):
            self.add_error("from_agency", "An agency cannot challenge itself")
        if (
            data.get("raised_on")
            and data.get("response_due")
            and data["response_due"] < data["raised_on"]
        ):
            self.add_error(
                "response_due", "The response cannot be due before the challenge was raised"
            )
        return data


class ResponseForm(GovukForm):
    response = forms.CharField(
        label="Response",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the response"},
    )


class CloseForm(GovukForm):
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Record the outcome"},
    )
    impact = forms.CharField(
        label="Impact",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The difference the challenge made for children",
    )
    finding_kind = forms.ChoiceField(
        label="Record the outcome as a finding",
        choices=[("", "No"), *FindingKind.choices],
        required=False,
        help_text="What the challenge taught the board, for the thematic view and the reports",
    )
    theme = forms.ModelChoiceField(label="Theme", queryset=Theme.objects.none(), required=False)

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = board.themes.offered()
