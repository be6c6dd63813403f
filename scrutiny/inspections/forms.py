from __future__ import annotations

from typing import Any

from django import forms

from scrutiny.core.forms import DateInput, GovukForm, GovukModelForm
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from .framework import framework
from .models import Inspection


class InspectionForm(GovukModelForm):
    inspection_type = forms.ChoiceField(label="Type of inspection")

    class Meta:
        model = Inspection
        fields = [
            "inspection_type",
            "started_on",
            "ended_on",
            "report_received_on",
            "published_on",
            "statement_required",
            "statement_sent_on",
            "summary",
        ]
        widgets = dict.fromkeys(
            ["started_on", "ended_on", "report_received_on", "published_on", "statement_sent_on"],
            DateInput,
        )
        labels = {
            "started_on": "Inspection started on",
            "ended_on": "Inspection ended on",
            "report_received_on": "Report received on",
            "published_on": "Report published on",
            "statement_required": "A written statement of action is required",
            "statement_sent_on": "Written statement of action sent on",
        }

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["inspection_type"].choices = [("", "Choose a type"), *framework().types]
        self.fields["summary"].widget.attrs["rows"] = 4

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        started = data.get("started_on")
        for name in ["ended_on", "report_received_on"]:
            if started and data.get(name) and data[name] < started:
                self.add_error(name, "This cannot be before the inspection started")
        received = data.get("report_received_on")
        for name in ["published_on", "statement_sent_on"]:
            if data.get(name) and not received:
                self.add_error(name, "Enter the date the report was received first")
            elif received and data.get(name) and data[name] < received:
                self.add_error(name, "This cannot be before the report was received")
        if data.get("statement_sent_on") and not data.get("statement_required"):
            self.add_error("statement_sent_on", "Tick that a statement of action is required")
        return data


class JudgementForm(GovukForm):
    local_authority = forms.CharField(
        label="Local authority",
        max_length=120,
        help_text="The judgement is for this local authority (a partnership may cover several)",
    )
    judgement = forms.ChoiceField(label="Judgement")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["judgement"].choices = list(framework().judgements)


class ReportForm(GovukForm):
    report = forms.FileField(label="Inspection report", help_text="PDF or Word, as received")


class ActionForm(GovukForm):
    title = forms.CharField(label="Action", max_length=300)
    owner = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), required=False, empty_label="No owner yet"
    )
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), required=False, empty_label="The board"
    )
    due_date = forms.DateField(label="Due by", widget=DateInput)

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(role_assignments__board=board).distinct().order_by("full_name")
        )
        self.fields["agency"].queryset = Agency.objects.filter(memberships__board=board).order_by(
            "name"
        )
