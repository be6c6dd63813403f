from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from scrutiny.challenges.forms import ChallengeForm
from scrutiny.core.forms import DateInput, GovukForm, GovukModelForm
from scrutiny.people.models import Role, User
from scrutiny.tenancy.models import Board

from . import services
from .models import PlannedActivity, ScrutinyPlan, StatementStatus


class PlanForm(GovukModelForm):
    class Meta:
        model = ScrutinyPlan
        fields = ["year", "scrutineer", "scope", "status", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}
        labels = {
            "year": "Report year (the year it starts)",
            "scrutineer": "Independent scrutineer",
            "scope": "What the scrutineer will look at, and why",
            "starts_on": "The scrutineer can read what is shared from",
            "ends_on": "The scrutineer can read what is shared until",
        }
        help_texts = {"scrutineer": "People holding the independent scrutineer role on the board"}

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.board = board
        self.instance.board = board
        self.fields["scrutineer"].queryset = (
            User.objects.filter(
                role_assignments__board=board, role_assignments__role=Role.SCRUTINEER
            )
            .distinct()
            .order_by("full_name")
        )
        self.fields["scope"].widget.attrs["rows"] = 4
        self.fields["year"].widget.attrs["class"] = "govuk-input--width-4"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date")
        year = data.get("year")
        if year and not 2000 <= year <= 2100:
            self.add_error("year", "Enter a year such as 2026")
        elif (
            year
            and ScrutinyPlan.objects.filter(board=self.board, year=year)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("year", f"The board already has a scrutiny plan for {year}")
        return data


class ActivityForm(GovukModelForm):
    class Meta:
        model = PlannedActivity
        fields = ["subject", "method", "planned_for", "status", "notes"]
        widgets = {"planned_for": DateInput}
        labels = {
            "subject": "What the scrutineer will look at",
            "method": "How",
            "planned_for": "When",
        }

    def __init__(self, *args: Any, plan: ScrutinyPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["notes"].widget.attrs["rows"] = 3


class ShareForm(GovukForm):
    records = forms.MultipleChoiceField(
        label="Records the scrutineer may read",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The scrutineer sees only what is ticked, and only between the plan's dates",
    )

    def __init__(self, *args: Any, plan: ScrutinyPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["records"].choices = [
            (services.candidate_key(c), f"{label}: {c.label}")
            for label, candidates in services.shareable(plan.board)
            for c in candidates
        ]


class ScrutineerChallengeForm(ChallengeForm):
    """The challenge log's own form, less "raised by an agency": the scrutineer raises it."""

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, board=board, **kwargs)
        del self.fields["from_agency"]
        self.fields["raised_on"].initial = timezone.localdate()


class StatementForm(GovukForm):
    text = forms.CharField(
        label="Statement for the yearly report",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What independent scrutiny found about how well the arrangements work",
        error_messages={"required": "Write the statement"},
    )
    status = forms.ChoiceField(
        label="Status", choices=StatementStatus.choices, widget=forms.RadioSelect
    )
