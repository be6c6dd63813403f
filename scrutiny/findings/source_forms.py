"""The forms every source shares: recording a finding, and raising an action from one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from scrutiny.actions.models import Action
from scrutiny.core.forms import DateInput, GovukForm
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from .models import FindingKind, Theme

if TYPE_CHECKING:
    from scrutiny.plan.models import Priority

# The plan's objectives, as the action's own field names them: findings sit below the plan
# and do not import it.
Objective = Action._meta.get_field("objective").related_model


class FindingForm(GovukForm):
    """What a source taught the board: a strength or an area for improvement, in words."""

    kind = forms.ChoiceField(
        label="Kind of finding",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is a strength or an area for improvement"},
    )
    text = forms.CharField(
        label="What was found",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the finding"},
    )

    def __init__(self, *args: Any, board: Board | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if board is not None:  # given the board, the finding may carry one of its themes
            self.fields["theme"] = forms.ModelChoiceField(
                label="Theme",
                queryset=Theme.objects.filter(board=board).offered(),
                to_field_name="code",
                required=False,
                empty_label="No theme",
            )
            self.style_fields()  # the added field gets its GOV.UK class like the others


class RaiseActionForm(GovukForm):
    """An action a finding raises: who, which agency, by when, and the objective it serves."""

    title = forms.CharField(
        label="What needs to be done",
        max_length=300,
        error_messages={"required": "Enter what needs to be done"},
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        required=False,
        help_text="The person who sees it through",
    )
    agency = forms.ModelChoiceField(
        label="Agency responsible", queryset=Agency.objects.none(), required=False
    )
    due_date = forms.DateField(
        label="Due date", widget=DateInput, error_messages={"required": "Enter a due date"}
    )
    objective = forms.ModelChoiceField(
        label="Business plan objective it serves",
        queryset=Objective.objects.none(),
        required=False,
        help_text="The action then shows on that priority's page (the golden thread)",
    )

    def __init__(self, *args, board: Board, priorities: list[Priority], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(role_assignments__board=board).distinct().order_by("full_name")
        )
        self.fields["agency"].queryset = Agency.objects.filter(memberships__board=board)
        objectives = Objective.objects.filter(priority__board=board).select_related("priority")
        objective_field = self.fields["objective"]
        objective_field.queryset = objectives.order_by("priority__order", "priority__pk", "pk")
        objective_field.label_from_instance = lambda o: f"{o.priority.title}: {o.title}"
        if priorities:
            names = ", ".join(f"“{p.title}”" for p in priorities)
            objective_field.help_text = f"The source serves {names}. " + objective_field.help_text
            served = [o for o in objectives if o.priority_id in {p.pk for p in priorities}]
            if len(served) == 1 and not self.is_bound:
                self.initial.setdefault("objective", served[0].pk)
