from __future__ import annotations

import datetime
from typing import Any

from django import forms

from scrutiny.core.forms import DateInput, GovukForm, GovukModelForm
from scrutiny.findings.models import FindingKind
from scrutiny.people.models import User
from scrutiny.selfassessment.models import EvidenceLink
from scrutiny.tenancy.models import Board

from .models import Heading, PeerReview


class ReviewForm(GovukModelForm):
    class Meta:
        model = PeerReview
        fields = ["assessment", "title", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}
        labels = {
            "assessment": "Self-assessment the peers will read",
            "starts_on": "Peers can see it from",
            "ends_on": "Peers can see it until",
        }

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = board.self_assessments.select_related("template")
        self.fields["assessment"].empty_label = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date")
        if starts and ends and (ends - starts) > datetime.timedelta(days=92):
            self.add_error("ends_on", "Peer access can last at most three months")
        return data


class InviteForm(GovukForm):
    email = forms.EmailField(
        label="Email address of the peer",
        help_text="Someone with a role on another board in the region",
    )


class ShareForm(GovukForm):
    links = forms.ModelMultipleChoiceField(
        label="Evidence the peers may see",
        queryset=EvidenceLink.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Peers see only what is ticked, and only while the review is open",
    )

    def __init__(self, *args: Any, review: PeerReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["links"]
        field.queryset = review.assessment.evidence_links.select_related("question")
        field.label_from_instance = lambda link: f"{link.question.number}: {link.label}"


class FindingForm(GovukForm):
    heading = forms.ChoiceField(label="Heading", choices=Heading.choices)
    kind = forms.ChoiceField(label="Kind", choices=FindingKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label="Finding", widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(GovukForm):
    heading = forms.ChoiceField(label="Heading", choices=Heading.choices)
    text = forms.CharField(label="Recommendation", widget=forms.Textarea(attrs={"rows": 3}))


class SummaryForm(GovukForm):
    letter_summary = forms.CharField(
        label="The peer team's overall message",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Opens the letter to the board",
    )


class ActionForm(GovukForm):
    owner = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), required=False, empty_label="No owner yet"
    )
    due_date = forms.DateField(label="Due by", widget=DateInput)

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(role_assignments__board=board).distinct().order_by("full_name")
        )
