"""The voice of children, young people and front-line staff: an engagement register ("you
said, we did") and public feedback forms answered anonymously through the questionnaire
engine. Nothing here stores a child's name or any personal data about who answered."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.library.models import FrameworkTemplate
from scrutiny.plan.models import Priority
from scrutiny.questionnaires.models import Response
from scrutiny.tenancy.models import Board

User = settings.AUTH_USER_MODEL


class Voice(models.TextChoices):
    CHILDREN = "children", "Children and young people"
    STAFF = "staff", "Front-line staff"


class ActivityKind(models.TextChoices):
    CONSULTATION = "consultation", "Consultation"
    YOUNG_PEOPLES_GROUP = "young_peoples_group", "Young people's group"
    SURVEY = "survey", "Survey"
    AUDIT_PARTICIPATION = "audit", "Taking part in an audit"
    BOARD_PRESENTATION = "presentation", "Presentation to the board"
    WEBSITE_REVIEW = "website_review", "Website review"
    EVENT = "event", "Event"
    FRONT_LINE_EVENT = "front_line_event", "Front-line event"


# Kinds that belong to one voice only; the rest serve both.
CHILDREN_ONLY = {ActivityKind.YOUNG_PEOPLES_GROUP, ActivityKind.WEBSITE_REVIEW}
STAFF_ONLY = {ActivityKind.FRONT_LINE_EVENT}


class Level(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    OPERATIONAL = "operational", "Operational"
    SPECIAL_GROUPS = "special_groups", "Special groups"
    INDIVIDUAL = "individual", "Individual experiences"


class SpecialGroup(models.TextChoices):
    LOOKED_AFTER = "looked_after", "Looked-after children"
    CHILD_PROTECTION = "child_protection", "Children in child protection conferences"
    YOUNG_CARERS = "young_carers", "Young carers"
    DISABLED = "disabled", "Disabled children"
    MINORITY_ETHNIC = "minority_ethnic", "Minority ethnic groups"


class EngagementActivity(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="engagement")
    voice = models.CharField(max_length=10, choices=Voice.choices)
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    level = models.CharField(max_length=20, choices=Level.choices)
    special_group = models.CharField(
        max_length=20,
        choices=SpecialGroup.choices,
        blank=True,
        help_text="For activities with a special group of children",
    )
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    participants = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many took part (a number, no names)"
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="engagement"
    )
    you_said = models.TextField(
        "You said", help_text="What was said, in their words where possible"
    )
    we_did = models.TextField("We did", blank=True, help_text="What the board did in response")
    impact = models.TextField(blank=True, help_text="What difference it made")
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    # What a finding recorded from "you said" says it came from.
    finding_source_label = "Voice"

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name_plural = "engagement activities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("voice:activity", args=[self.board.slug, self.pk])

    def get_board_url(self, board: Board) -> str:
        return reverse("voice:activity", args=[board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.voice == Voice.STAFF and self.kind in CHILDREN_ONLY:
            errors["kind"] = f"“{self.get_kind_display()}” is for children and young people"
        if self.voice == Voice.CHILDREN and self.kind in STAFF_ONLY:
            errors["kind"] = f"“{self.get_kind_display()}” is for front-line staff"
        if self.level == Level.SPECIAL_GROUPS:
            if self.voice != Voice.CHILDREN:
                errors["level"] = "Special groups are groups of children: choose another level"
            elif not self.special_group:
                errors["special_group"] = "Choose the special group the activity was with"
        elif self.special_group:
            errors["special_group"] = "A special group goes with the level 'Special groups'"
        if errors:
            raise ValidationError(errors)

    @property
    def level_label(self) -> str:
        if self.level == Level.SPECIAL_GROUPS and self.special_group:
            return f"Special groups: {self.get_special_group_display()}"
        return self.get_level_display()


class FeedbackForm(models.Model):
    """A public form: anyone with the link answers it without signing in."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="feedback_forms")
    slug = models.SlugField(max_length=60, help_text="The end of the public web address")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True, help_text="Plain words shown above the questions")
    voice = models.CharField(max_length=10, choices=Voice.choices, default=Voice.CHILDREN)
    template = models.ForeignKey(FrameworkTemplate, on_delete=models.PROTECT, related_name="+")
    is_open = models.BooleanField(default=True, help_text="Accepting answers")
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback_forms"
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["board", "slug"], name="feedback_form_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("voice:form_results", args=[self.board.slug, self.pk])

    def get_public_url(self) -> str:
        return reverse("voice:have_your_say", args=[self.board.slug, self.slug])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class FeedbackSubmission(models.Model):
    """One anonymous answer to a public form: the day only, no address, no name."""

    form = models.ForeignKey(FeedbackForm, on_delete=models.CASCADE, related_name="submissions")
    response = models.OneToOneField(
        Response, on_delete=models.PROTECT, related_name="feedback_submission"
    )
    submitted_on = models.DateField()

    class Meta:
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"Answer to {self.form} on {self.submitted_on}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.form.audit_scope()
