from django import forms

from scrutiny.core.forms import GovukForm, GovukModelForm
from scrutiny.people.models import User
from scrutiny.questionnaires.forms import DateInput
from scrutiny.tenancy.models import Agency, Board

from .models import Action, ActionSource, ActionStatus, Rag


class ActionUpdateForm(GovukForm):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)
    note = forms.CharField(
        label="Progress update",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what has happened since the last update"},
    )
    rag = forms.ChoiceField(
        label="Your RAG rating",
        choices=[("", "Work it out from the dates")] + list(Rag.choices),
        required=False,
        help_text="Red or amber if the action is in trouble in a way the dates do not show",
    )
    observed_impact = forms.CharField(
        label="Impact seen so far",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    evidence = forms.CharField(
        label="Evidence of completion",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed to mark the action completed: what shows it is done",
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == ActionStatus.COMPLETED
            and not (data.get("evidence") or "").strip()
        ):
            self.add_error("evidence", "Give the evidence that shows the action is complete")
        return data


class ActionForm(GovukModelForm):
    """A new action raised directly on the board (not from a return or audit)."""

    due_date = forms.DateField(
        label="Due date", widget=DateInput, error_messages={"required": "Enter a due date"}
    )

    class Meta:
        model = Action
        fields = ["title", "description", "expected_impact", "agency", "owner", "due_date"]
        error_messages = {"title": {"required": "Enter what needs to be done"}}

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(memberships__board=board)
        self.fields["owner"].queryset = User.objects.filter(
            role_assignments__board=board
        ).distinct()
        self.instance.source = ActionSource.OTHER
        self.instance.region = board.region
