from django import forms

from scrutiny.core.forms import DateInput, GovukForm, GovukModelForm
from scrutiny.library.data_set import current_data_set
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from .models import Measure, Milestone, Objective, Priority, Risk


def board_people(board: Board):
    return User.objects.filter(role_assignments__board=board).distinct().order_by("full_name")


def board_agencies(board: Board):
    return Agency.objects.filter(memberships__board=board).order_by("name")


class PriorityForm(GovukModelForm):
    start_date = forms.DateField(
        label="Starts", widget=DateInput, error_messages={"required": "Enter the start date"}
    )
    end_date = forms.DateField(
        label="Ends", widget=DateInput, error_messages={"required": "Enter the end date"}
    )

    class Meta:
        model = Priority
        fields = ["title", "description", "lead", "sub_group", "start_date", "end_date"]
        error_messages = {"title": {"required": "Enter the priority"}}

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = board_people(board)
        self.instance.board = board

    def clean(self):
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("end_date")
            and data["end_date"] <= data["start_date"]
        ):
            self.add_error("end_date", "The priority must end after it starts")
        return data


class ObjectiveForm(GovukModelForm):
    due_date = forms.DateField(
        label="Achieved by",
        widget=DateInput,
        error_messages={"required": "Enter when it will be achieved"},
    )

    class Meta:
        model = Objective
        fields = ["title", "measure_of_success", "owner", "owner_agency", "due_date"]
        labels = {"title": "Objective", "owner_agency": "Owning agency"}
        error_messages = {
            "title": {"required": "Enter the objective"},
            "measure_of_success": {"required": "Say how you will know it is achieved"},
        }

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = board_people(board)
        self.fields["owner_agency"].queryset = board_agencies(board)
        self.fields["measure_of_success"].widget.attrs["rows"] = 2


class MeasureForm(GovukModelForm):
    indicator_code = forms.ChoiceField(
        label="Data-set indicator",
        required=False,
        help_text="Pick one to show this measure on the priority's scorecard",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data_set = current_data_set()
        indicators = data_set.indicators.all() if data_set else []
        self.fields["indicator_code"].choices = [("", "None")] + [
            (i.code, i.name) for i in indicators
        ]
        self.style_fields()

    class Meta:
        model = Measure
        fields = ["category", "description", "indicator_code", "baseline", "target", "latest"]
        labels = {"category": "Outcomes-based accountability question"}
        error_messages = {"description": {"required": "Describe the measure"}}


class MilestoneForm(GovukModelForm):
    achieved_on = forms.DateField(label="Achieved on", widget=DateInput, required=False)

    class Meta:
        model = Milestone
        fields = ["months", "description", "achieved_on", "note"]
        labels = {"months": "Point in the trajectory"}

    def __init__(self, *args, objective: Objective, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.objective = objective
        self.fields["note"].widget.attrs["rows"] = 2

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error("months", "This objective already has a milestone at that point")


class PlanActionForm(GovukForm):
    title = forms.CharField(
        label="Action", max_length=300, error_messages={"required": "Enter the action"}
    )
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none(), required=False)
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(), required=False)
    due_date = forms.DateField(
        label="Due date", widget=DateInput, error_messages={"required": "Enter a due date"}
    )
    expected_impact = forms.CharField(
        label="Expected impact", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = board_agencies(board)
        self.fields["owner"].queryset = board_people(board)


class RiskForm(GovukModelForm):
    review_date = forms.DateField(
        label="Review by", widget=DateInput, error_messages={"required": "Enter the review date"}
    )

    class Meta:
        model = Risk
        fields = [
            "title",
            "cause",
            "priority",
            "likelihood",
            "impact",
            "owner",
            "controls",
            "review_date",
            "trend",
            "closed",
        ]
        labels = {"priority": "Priority it threatens", "closed": "Closed"}
        error_messages = {
            "title": {"required": "Enter the risk"},
            "cause": {"required": "Say what could cause it"},
            "likelihood": {
                "required": "Score the likelihood from 1 to 5",
                "max_value": "Likelihood is 1 to 5",
                "min_value": "Likelihood is 1 to 5",
            },
            "impact": {
                "required": "Score the impact from 1 to 5",
                "max_value": "Impact is 1 to 5",
                "min_value": "Impact is 1 to 5",
            },
        }

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["priority"].queryset = board.priorities.all()
        self.fields["owner"].queryset = board_people(board)
        for name in ["cause", "controls"]:
            self.fields[name].widget.attrs["rows"] = 2
