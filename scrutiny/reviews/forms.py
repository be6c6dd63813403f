from django import forms
from django.db.models import Q

from scrutiny.audits.identifying_text import IdentifyingTextGuard
from scrutiny.core.forms import DateInput, GovukForm, GovukModelForm
from scrutiny.findings.models import Theme
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board
from scrutiny.training.models import Course

from .models import (
    ChildDeath,
    Dissemination,
    DisseminationMethod,
    MonitoringCycle,
    Recommendation,
    Review,
    ReviewKind,
)

YES_NO = [(True, "Yes"), (False, "No")]


def _agencies(board: Board):
    return Agency.objects.filter(memberships__board=board).order_by("name")


class ReviewForm(IdentifyingTextGuard, GovukModelForm):
    identifying_fields = ("reference", "title", "summary")
    commissioned_on = forms.DateField(
        label="Commissioned on",
        widget=DateInput,
        error_messages={"required": "Enter the date the review was commissioned"},
    )
    completed_on = forms.DateField(label="Completed on", widget=DateInput, required=False)
    published_on = forms.DateField(label="Published on", widget=DateInput, required=False)
    publication_url = forms.URLField(
        label="Link to the publication", required=False, assume_scheme="https"
    )

    class Meta:
        model = Review
        fields = [
            "kind",
            "reference",
            "title",
            "status",
            "commissioned_on",
            "completed_on",
            "published_on",
            "publication_url",
            "lead_reviewer",
            "summary",
            "agencies",
        ]
        widgets = {"agencies": forms.CheckboxSelectMultiple}
        labels = {"agencies": "Agencies involved"}
        error_messages = {
            "reference": {"required": "Enter the review's reference or pseudonym"},
            "title": {"required": "Enter a short description"},
        }

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["agencies"].queryset = _agencies(board)
        self.fields["agencies"].required = False

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        clash = Review.objects.filter(board=self.instance.board, reference__iexact=reference)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"The board already has a review called {reference}")
        return reference

    def clean(self):
        data = super().clean()
        start, done, published = (
            data.get("commissioned_on"),
            data.get("completed_on"),
            data.get("published_on"),
        )
        if start and done and done < start:
            self.add_error("completed_on", "The review cannot complete before it was commissioned")
        if data.get("status") == "published" and not published:
            self.add_error("published_on", "Enter the date the review was published")
        if published and done and published < done:
            self.add_error("published_on", "A review is published after it is completed")
        if data.get("status") == "closed" and self.instance.pk:
            from .services import review_actions

            outstanding = (
                review_actions(self.instance.board)
                .filter(source_id__in=self.instance.recommendations.values("pk"))
                .open()
                .count()
            )
            if outstanding:
                self.add_error(
                    "status",
                    f"{outstanding} action{'s are' if outstanding > 1 else ' is'} not yet "
                    "signed off; a review closes when every action is",
                )
        return data


class RecommendationForm(IdentifyingTextGuard, GovukModelForm):
    identifying_fields = ("text",)

    class Meta:
        model = Recommendation
        fields = ["number", "text", "themes", "agencies"]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "agencies": forms.CheckboxSelectMultiple,
        }
        labels = {"text": "Recommendation", "agencies": "Agencies responsible"}
        error_messages = {
            "text": {"required": "Enter the recommendation"},
            "themes": {"required": "Tag at least one theme, so the thematic view can count it"},
            "agencies": {"required": "Choose the agencies responsible"},
        }

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.review = review
        # Retired themes are not offered, but a recommendation keeps those it already has.
        tagged = self.instance.themes.all() if self.instance.pk else Theme.objects.none()
        self.fields["themes"].queryset = review.board.themes.filter(
            Q(retired=False) | Q(pk__in=tagged.values("pk"))
        )
        self.fields["agencies"].queryset = _agencies(review.board)
        if not self.instance.pk:
            self.initial.setdefault("number", review.recommendations.count() + 1)

    def clean_number(self):
        number = self.cleaned_data["number"]
        clash = Recommendation.objects.filter(review=self.instance.review, number=number)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"Recommendation {number} already exists on this review")
        return number


class RecommendationActionForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=None, error_messages={"required": "Choose the agency"}
    )
    lead_officer = forms.ModelChoiceField(
        label="Lead officer",
        queryset=None,
        help_text="The named person in the agency who will see the action through",
        error_messages={"required": "Choose the lead officer"},
    )
    title = forms.CharField(
        label="What the agency will do",
        max_length=300,
        error_messages={"required": "Say what the agency will do"},
    )
    due_date = forms.DateField(
        label="Due date", widget=DateInput, error_messages={"required": "Enter a due date"}
    )

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        board = recommendation.review.board
        self.fields["agency"].queryset = recommendation.agencies.order_by("name")
        self.fields["lead_officer"].queryset = (
            User.objects.filter(is_active=True, role_assignments__board=board)
            .distinct()
            .order_by("full_name")
        )
        self.style_fields()


class DisseminationForm(GovukModelForm):
    held_on = forms.DateField(
        label="Date", widget=DateInput, error_messages={"required": "Enter the date"}
    )

    class Meta:
        model = Dissemination
        fields = ["method", "held_on", "audience", "agencies", "reach", "course", "notes"]
        widgets = {"agencies": forms.CheckboxSelectMultiple}
        labels = {"agencies": "Agencies reached", "course": "Training course"}
        error_messages = {"audience": {"required": "Say who the learning reached"}}

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.review = review
        self.fields["agencies"].queryset = _agencies(review.board)
        self.fields["agencies"].required = False
        self.fields["course"].queryset = Course.objects.filter(
            programme__board=review.board
        ).select_related("programme")

    def clean(self):
        data = super().clean()
        if data.get("method") == DisseminationMethod.TRAINING and not data.get("course"):
            self.add_error("course", "Choose the training course that shares the learning")
        return data


class MonitoringCycleForm(GovukModelForm):
    meeting_on = forms.DateField(
        label="Meeting date",
        widget=DateInput,
        help_text="Agencies are asked to update their actions a month before",
        error_messages={"required": "Enter the meeting date"},
    )

    class Meta:
        model = MonitoringCycle
        fields = ["title", "meeting_on"]
        labels = {"title": "Meeting"}

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board

    def clean_meeting_on(self):
        day = self.cleaned_data["meeting_on"]
        if MonitoringCycle.objects.filter(board=self.instance.board, meeting_on=day).exists():
            raise forms.ValidationError("There is already a monitoring meeting on that date")
        return day


class ChildDeathForm(GovukModelForm):
    expected = forms.TypedChoiceField(
        label="Was the death expected?",
        choices=YES_NO,
        coerce=lambda v: v in (True, "True"),
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the death was expected"},
    )
    modifiable_factors = forms.TypedChoiceField(
        label="Did the panel identify modifiable factors?",
        choices=YES_NO,
        coerce=lambda v: v in (True, "True"),
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the panel found modifiable factors"},
    )

    class Meta:
        model = ChildDeath
        fields = ["reviewed_in", "category", "age_band", "expected", "modifiable_factors", "review"]
        labels = {"reviewed_in": "Year of the panel's review", "review": "Panel report"}
        error_messages = {"reviewed_in": {"required": "Enter the year, for example 2026"}}

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["review"].queryset = board.reviews.filter(kind=ReviewKind.CDOP)

    def clean_reviewed_in(self):
        year = self.cleaned_data["reviewed_in"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Enter the year as four digits, for example 2026")
        return year
