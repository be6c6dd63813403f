"""The single action tracker. Every source of evidence raises its actions here."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.tenancy.models import Agency, Board, Region


class ActionSource(models.TextChoices):
    AGENCY_RETURN = "agency_return", "Agency return (Section 11, school audit, reports)"
    BUSINESS_PLAN = "business_plan", "Business plan"
    AUDIT = "audit", "Case-file audit"
    REVIEW = "review", "Case review"
    CHALLENGE = "challenge", "Challenge"
    PEER_REVIEW = "peer_review", "Peer review"
    SELF_ASSESSMENT = "self_assessment", "Self-assessment"
    TRAINING = "training", "Training and engagement"
    OTHER = "other", "Other"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Completed, awaiting sign-off"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


# Open until signed off or closed; only work not yet reported done can be overdue.
OPEN_STATUSES = (
    ActionStatus.NOT_STARTED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.AWAITING_SIGN_OFF,
)
WORK_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


# An open action due within this many days, and not yet started, is at risk (amber).
AT_RISK_DAYS = 14


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> ActionQuerySet:
        return self.filter(status__in=WORK_STATUSES, due_date__lt=today)


class Action(Revisioned):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    # An action from a return shared by several boards is one action seen by all of them.
    boards = models.ManyToManyField(Board, related_name="actions")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    source = models.CharField(max_length=20, choices=ActionSource.choices)
    source_label = models.CharField(
        max_length=300, blank=True, help_text="Where the action came from"
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_object = GenericForeignKey("source_type", "source_id")
    # Identifies the action within its source (e.g. a question code), so raising again updates it.
    source_key = models.CharField(max_length=120, blank=True)
    # The business-plan objective the action serves, so it shows on that priority's golden
    # thread whatever raised it (a finding from an audit, a review, a return).
    objective = models.ForeignKey(
        "plan.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="served_by",
    )
    evidence_of_completion = models.TextField(blank=True)
    expected_impact = models.TextField(
        blank=True, help_text="The difference it should make for children"
    )
    observed_impact = models.TextField(
        blank=True, help_text="The difference it has made, once seen"
    )
    rag_override = models.CharField(
        max_length=10,
        choices=Rag.choices,
        blank=True,
        help_text="Set by the owner to flag a problem the dates do not show",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Actions from case reviews are closed by a reviewer on uploaded evidence, not the
    # agency's word: completing them asks for a file and waits for sign-off.
    sign_off_required = models.BooleanField(default=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "source_key"],
                condition=models.Q(source_type__isnull=False),
                name="action_once_per_source_key",
            )
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in WORK_STATUSES and self.due_date < today

    def rag(self, today: datetime.date) -> Rag | None:
        """Red when overdue, amber when due soon and not started, else green.

        None once the work is reported done (awaiting sign-off) or the action is closed.

        The owner's own RAG wins while the action is open.
        """
        if self.status not in WORK_STATUSES:
            return None
        if self.rag_override:
            return Rag(self.rag_override)
        if self.due_date < today:
            return Rag.RED
        if self.status == ActionStatus.NOT_STARTED and (self.due_date - today).days <= AT_RISK_DAYS:
            return Rag.AMBER
        return Rag.GREEN

    def get_board_url(self, board: Board) -> str:
        return reverse("actions:detail", args=[board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.region_id, list(self.boards.values_list("pk", flat=True)) if self.pk else []


def action_evidence_path(instance: ActionEvidence, filename: str) -> str:
    # Stored under an opaque name; the original name is kept in the database only.
    return f"action-evidence/{instance.action_id}/{instance.sha256[:16]}-{secrets.token_hex(4)}"


class ActionEvidence(models.Model):
    """A document showing an action is done, checked like return evidence."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence_files")
    file = models.FileField(upload_to=action_evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.action.audit_scope()


class ActionUpdate(models.Model):
    """A dated progress note, perhaps changing the action's status."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.action}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.action.audit_scope()


class OverdueReminder(models.Model):
    """A digest of overdue actions emailed to their owner; at most one a week each."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    actions = models.ManyToManyField(Action, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "sent_on"], name="one_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"Overdue actions for {self.owner}, {self.sent_on}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        # The digest's actions are linked after it is saved: its first entry has no scope,
        # the entry for linking them carries the actions' region and boards.
        if not self.pk:
            return None, []
        actions = self.actions.all()
        region = actions.values_list("region_id", flat=True).first()
        boards = actions.values_list("boards", flat=True).distinct()
        return region, [b for b in boards if b is not None]


class ImpactMeasure(Revisioned):
    """The measure that will show whether an action (or a plan objective) worked.

    `kind` names a measure kind registered by a source app (`actions.impact.register`);
    `reference` says which of that kind's measures, in the kind's own terms (an indicator's
    code, an audit and question...). Each board names its own measure: an action shared by
    several boards is read against each board's own figures.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField(max_length=40)
    reference = models.CharField(max_length=200)
    start_date = models.DateField(
        help_text="When the work began: values up to this day are the measure before it"
    )
    note = models.TextField(
        blank=True, verbose_name="Why this measure", help_text="What change it should show"
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "subject_type", "subject_id"], name="one_impact_measure_per_board"
            )
        ]

    def __str__(self) -> str:
        return f"Impact measure ({self.kind}: {self.reference})"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
