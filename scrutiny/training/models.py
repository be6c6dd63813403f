"""Multi-agency training: a programme per financial year, courses linked to the plan's
priorities, sessions, bookings by agency and role with attendance, and evaluations (at the end
of the session and three months later) answered through the one questionnaire engine."""

from __future__ import annotations

import datetime
import hashlib

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.library.models import FrameworkTemplate
from scrutiny.plan.models import Priority
from scrutiny.questionnaires.models import Response
from scrutiny.tenancy.models import Agency, Board

# A programme's facilitator standard: the share of favourable answers expected by default.
DEFAULT_FAVOURABLE_THRESHOLD = 95
FOLLOW_UP_AFTER_DAYS = 91  # about three months


class TrainingProgramme(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="training_programmes")
    year = models.PositiveSmallIntegerField(
        help_text="The financial year it starts in: 2026 for April 2026 to March 2027",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    title = models.CharField(max_length=200, default="Multi-agency training programme")
    favourable_threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_FAVOURABLE_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Facilitator standard: the least % of answers that agree or strongly agree",
    )
    anonymous_evaluations = models.BooleanField(
        default=True,
        help_text="Evaluations are not linked to the person who answered them",
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="one_programme_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year_label}"

    def get_absolute_url(self) -> str:
        return reverse("training:programme", args=[self.board.slug, self.pk])

    @property
    def year_label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class Course(Revisioned):
    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.CASCADE, related_name="courses"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    audience = models.CharField(max_length=200, blank=True, help_text="Who it is for")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="courses")
    learning_from = models.TextField(
        blank=True,
        help_text="Reviews, audits or findings whose learning the course passes on",
    )

    # What a finding recorded from the course's evaluations says it came from.
    finding_source_label = "Training"

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course", args=[self.programme.board.slug, self.pk])

    def get_board_url(self, board: Board) -> str:
        return reverse("training:course", args=[board.slug, self.pk])

    def finding_priorities(self) -> models.QuerySet[Priority]:
        """The priorities an action raised from the course's findings may serve."""
        return self.priorities.all()

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.programme.audit_scope()


class TrainingSession(Revisioned):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    online = models.BooleanField(default=False)
    venue = models.CharField(max_length=200, blank=True, help_text="Where, unless online")
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    facilitator = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]

    def __str__(self) -> str:
        return f"{self.course.title}, {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse(
            "training:session", args=[self.course.programme.board.slug, self.course_id, self.pk]
        )

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.course.audit_scope()

    @property
    def where(self) -> str:
        return "Online" if self.online else self.venue

    def follow_up_due(self) -> datetime.date:
        return self.date + datetime.timedelta(days=FOLLOW_UP_AFTER_DAYS)


class StaffRole(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    POLICE_OFFICER = "police_officer", "Police officer or staff"
    HEALTH_PRACTITIONER = "health", "Health practitioner (nurse, health visitor, midwife)"
    DOCTOR = "doctor", "Doctor or GP"
    TEACHER = "teacher", "Teacher or designated safeguarding lead"
    EARLY_YEARS = "early_years", "Early years practitioner"
    FAMILY_SUPPORT = "family_support", "Family support or early help worker"
    PROBATION = "probation", "Probation or youth justice"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    MANAGER = "manager", "Manager or supervisor"
    OTHER = "other", "Other"


class Booking(models.Model):
    """A practitioner booked on a session (adults taking part; no child is named here)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="bookings")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=StaffRole.choices)
    attended = models.BooleanField(null=True, blank=True, help_text="Empty until recorded")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "email"], name="booked_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.session}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.session.audit_scope()


class EvaluationStage(models.TextChoices):
    END_OF_SESSION = "end", "End of session"
    FOLLOW_UP = "follow_up", "Three months later"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class EvaluationInvitation(models.Model):
    """One emailed link for one participant and one stage. Only the token's hash is kept, so
    nobody reading the database can answer in a participant's place."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="invitations")
    stage = models.CharField(max_length=10, choices=EvaluationStage.choices)
    template = models.ForeignKey(FrameworkTemplate, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField()
    # The day only: an exact time could be matched against an anonymous evaluation.
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "stage"], name="one_invitation_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} evaluation for {self.booking}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.booking.audit_scope()

    @property
    def answered(self) -> bool:
        return self.answered_on is not None


class Evaluation(models.Model):
    """A completed evaluation. `booking` is set only when the programme asks for named ones."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="evaluations"
    )
    stage = models.CharField(max_length=10, choices=EvaluationStage.choices)
    response = models.OneToOneField(
        Response, on_delete=models.PROTECT, related_name="training_evaluation"
    )
    booking = models.ForeignKey(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="evaluations"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} evaluation of {self.session}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.session.audit_scope()
