from __future__ import annotations

from typing import Any

from django import forms

from scrutiny.core.forms import DateInput, GovukModelForm
from scrutiny.plan.models import Priority
from scrutiny.tenancy.models import Agency, Board

from .models import Booking, Course, TrainingProgramme, TrainingSession


class TimeInput(forms.TimeInput):
    input_type = "time"


class ProgrammeForm(GovukModelForm):
    class Meta:
        model = TrainingProgramme
        fields = ["year", "title", "favourable_threshold", "anonymous_evaluations"]
        labels = {
            "year": "Financial year (the year it starts)",
            "favourable_threshold": "Facilitator standard (% favourable)",
            "anonymous_evaluations": "Evaluations are anonymous",
        }

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.board = board

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        taken = TrainingProgramme.objects.filter(board=self.board, year=year)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"The board already has a programme for {year}")
        return year

    def save(self, commit: bool = True) -> TrainingProgramme:
        self.instance.board = self.board
        return super().save(commit)


class CourseForm(GovukModelForm):
    class Meta:
        model = Course
        fields = ["title", "description", "audience", "priorities", "learning_from"]
        widgets = {
            "priorities": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "learning_from": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"priorities": "Plan priorities it serves", "learning_from": "Learning from"}

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = Priority.objects.filter(board=board)  # type: ignore[attr-defined]


class SessionForm(GovukModelForm):
    class Meta:
        model = TrainingSession
        fields = ["date", "start_time", "online", "venue", "capacity", "facilitator"]
        widgets = {"date": DateInput, "start_time": TimeInput}
        labels = {"online": "Held online"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("online") and not (data.get("venue") or "").strip():
            self.add_error("venue", "Give the venue, or tick 'Held online'")
        return data


class BookingForm(GovukModelForm):
    class Meta:
        model = Booking
        fields = ["name", "email", "agency", "role"]
        labels = {"name": "Participant's name", "role": "Role"}

    def __init__(self, *args: Any, session: TrainingSession, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["agency"].queryset = Agency.objects.filter(boards=board).order_by("name")  # type: ignore[attr-defined]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if self.session.bookings.filter(email__iexact=email).exists():
            raise forms.ValidationError(f"{email} is already booked on this session")
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.session.bookings.count() >= self.session.capacity:
            raise forms.ValidationError(
                f"The session is full: all {self.session.capacity} places are booked"
            )
        return data

    def save(self, commit: bool = True) -> Booking:
        self.instance.session = self.session
        return super().save(commit)
