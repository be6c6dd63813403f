from __future__ import annotations

from django import forms
from django.utils import timezone

from scrutiny.audits.identifying_text import IdentifyingTextGuard
from scrutiny.core.forms import GovukForm, GovukModelForm
from scrutiny.questionnaires.forms import DateInput, QuestionnaireForm
from scrutiny.reviews.models import Review
from scrutiny.tenancy.models import Agency, Board

from .models import ContributionRequest, LocalReview, RapidReview, SeriousIncident


def _date(label: str, required: bool = False, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput, required=required, **kwargs)


class IncidentForm(IdentifyingTextGuard, GovukModelForm):
    # Who notified is a member of staff, not the child: not guarded.
    identifying_fields = ("reference", "summary")
    learned_on = _date(
        "When did the local authority become aware of the incident?",
        required=True,
        error_messages={"required": "Enter the date the local authority became aware"},
    )
    panel_notified_on = _date("Panel notified on")
    ofsted_notified_on = _date("Ofsted notified on")
    closed_on = _date("Closed on", help_text="Every step is done; its clocks stop")

    class Meta:
        model = SeriousIncident
        fields = [
            "reference",
            "summary",
            "learned_on",
            "ofsted_applies",
            "panel_notified_on",
            "panel_notified_by",
            "ofsted_notified_on",
            "ofsted_notified_by",
            "closed_on",
        ]
        labels = {
            "reference": "Case reference",
            "ofsted_applies": "Ofsted must be notified too",
            "panel_notified_by": "Who notified the Panel (name and role)",
            "ofsted_notified_by": "Who notified Ofsted (name and role)",
        }
        error_messages = {"reference": {"required": "Enter the pseudonymous case reference"}}

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        clash = SeriousIncident.objects.filter(
            board=self.instance.board, reference__iexact=reference
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"The board already has an incident called {reference}")
        return reference

    def clean(self):
        data = super().clean()
        learned = data.get("learned_on")
        for field, who, body in (
            ("panel_notified_on", "panel_notified_by", "the Panel"),
            ("ofsted_notified_on", "ofsted_notified_by", "Ofsted"),
        ):
            when = data.get(field)
            if when and learned and when < learned:
                self.add_error(field, f"{body} cannot be notified before the incident was known")
            if when and not (data.get(who) or "").strip():
                self.add_error(who, f"Enter who notified {body}")
        if data.get("ofsted_notified_on") and not data.get("ofsted_applies"):
            self.add_error("ofsted_applies", "Tick this box if Ofsted was notified")
        return data


class RapidReviewForm(IdentifyingTextGuard, GovukModelForm):
    identifying_fields = ("decision_reason", "panel_response")
    meeting_on = _date("Rapid review meeting on")
    decided_on = _date("Decision made on")
    sent_to_panel_on = _date("Sent to the Panel on")
    panel_response_on = _date("The Panel responded on")

    class Meta:
        model = RapidReview
        fields = [
            "meeting_on",
            "decision",
            "decision_reason",
            "decided_on",
            "sent_to_panel_on",
            "panel_response_on",
            "panel_response",
        ]
        widgets = {"decision": forms.RadioSelect}
        labels = {
            "decision": "Is a local child safeguarding practice review needed?",
            "decision_reason": "Why",
            "panel_response": "The Panel's response",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].required = False

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision and not (data.get("decision_reason") or "").strip():
            self.add_error("decision_reason", "Say why the partners decided this")
        if decision and not data.get("decided_on"):
            self.add_error("decided_on", "Enter the date of the decision")
        if data.get("sent_to_panel_on") and not decision:
            self.add_error("decision", "Record the decision before sending the review")
        if data.get("panel_response_on") and not data.get("sent_to_panel_on"):
            self.add_error("sent_to_panel_on", "Enter when the review went to the Panel")
        notified = self.instance.incident.panel_notified_on
        sent = data.get("sent_to_panel_on")
        if sent and notified is None:
            self.add_error("sent_to_panel_on", "Record the Panel's notification first")
        elif sent and sent < notified:
            self.add_error("sent_to_panel_on", "The review cannot go before the notification")
        return data


class RequestForm(GovukForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        error_messages={"required": "Choose the agency to ask"},
    )
    requested_on = _date("Asked on", required=True)
    due_on = _date(
        "Information due by",
        help_text="Leave empty for the partnership's usual number of working days",
    )

    def __init__(self, *args, rapid_review: RapidReview, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("requested_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.rapid_review = rapid_review
        asked = rapid_review.requests.values("agency")
        self.fields["agency"].queryset = (
            Agency.objects.filter(memberships__board=rapid_review.incident.board)
            .exclude(pk__in=asked)
            .order_by("name")
        )

    def clean(self):
        data = super().clean()
        asked, due = data.get("requested_on"), data.get("due_on")
        if asked and due and due < asked:
            self.add_error("due_on", "The due date must be after the day the agency is asked")
        return data


class ContributionForm(IdentifyingTextGuard, GovukModelForm):
    identifying_fields = ("contribution",)

    class Meta:
        model = ContributionRequest
        fields = ["contribution"]
        labels = {"contribution": "Your agency's contribution"}
        error_messages = {"contribution": {"required": "Enter your agency's contribution"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contribution"].required = True


class LocalReviewForm(IdentifyingTextGuard, GovukModelForm):
    identifying_fields = ("reference", "title", "terms_of_reference", "timetable")
    reference = forms.CharField(
        label="Review reference",
        max_length=40,
        help_text="As it will appear in the reviews register, for example CSPR 2026/02",
        error_messages={"required": "Enter the review's reference"},
    )
    title = forms.CharField(
        label="Short description",
        max_length=200,
        error_messages={"required": "Enter a short description, without names"},
    )
    decided_on = _date(
        "The partners decided to start the review on",
        required=True,
        error_messages={"required": "Enter the date of the decision to start the review"},
    )
    commissioned_on = _date("Commissioned on")
    draft_on = _date("Draft report received on")
    final_on = _date("Final report received on")
    publication_planned_on = _date("Publication planned for")
    panel_told_on = _date("Full report sent to the Panel and the Secretary of State on")
    published_on = _date("Published on")
    publication_url = forms.URLField(
        label="Where it is published (address)", required=False, assume_scheme="https"
    )

    class Meta:
        model = LocalReview
        fields = [
            "decided_on",
            "commissioned_on",
            "reviewer",
            "terms_of_reference",
            "timetable",
            "draft_on",
            "final_on",
            "publication_planned_on",
            "panel_told_on",
            "published_on",
            "publication_url",
        ]
        labels = {"reviewer": "Reviewer", "terms_of_reference": "Terms of reference"}

    def __init__(self, *args, board: Board, incident: SeriousIncident | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        if incident is not None:
            self.instance.incident = incident
        if self.instance.pk:
            # The register's record keeps its own reference and description (edited there).
            del self.fields["reference"], self.fields["title"]
        elif incident is not None:
            rapid = getattr(incident, "rapid_review", None)
            if rapid is not None and rapid.decided_on:
                self.initial.setdefault("decided_on", rapid.decided_on)

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        if Review.objects.filter(board=self.instance.board, reference__iexact=reference).exists():
            raise forms.ValidationError(f"The reviews register already has {reference}")
        return reference

    def clean(self):
        data = super().clean()
        decided = data.get("decided_on")
        for field in ("commissioned_on", "draft_on", "final_on", "published_on"):
            when = data.get(field)
            if when and decided and when < decided:
                self.add_error(field, "This cannot be before the decision to start the review")
        told, published = data.get("panel_told_on"), data.get("published_on")
        if told and published and told > published:
            self.add_error("panel_told_on", "The Panel is told before the report is published")
        if data.get("published_on"):
            if not data.get("final_on"):
                self.add_error("final_on", "Enter when the final report was received")
            if not data.get("panel_told_on"):
                self.add_error(
                    "panel_told_on",
                    "Enter when the report went to the Panel and the Secretary of State",
                )
            if not data.get("publication_url"):
                self.add_error("publication_url", "Enter the address where it is published")
        return data


class RapidReviewAnswersForm(IdentifyingTextGuard, QuestionnaireForm):
    """The Panel's rapid-review template: every free-text answer is guarded (no names)."""

    def identifying_field_names(self):
        return [name for name, field in self.fields.items() if type(field) is forms.CharField]
