"""The audit programme: planned audits, their teams, the cases audited, moderation, and the
interviews and focus groups held. Answers use the one questionnaire engine."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
from scrutiny.plan.models import Priority
from scrutiny.questionnaires.models import Response
from scrutiny.tenancy.models import Agency, Board

User = settings.AUTH_USER_MODEL


class AuditScope(models.TextChoices):
    MULTI_AGENCY = "multi", "Multi-agency"
    SINGLE_AGENCY = "single", "Single agency"


class AuditStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class Audit(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="audits")
    title = models.CharField(max_length=200)
    theme = models.ForeignKey("findings.Theme", on_delete=models.PROTECT, related_name="audits")
    tool = models.ForeignKey(FrameworkTemplate, on_delete=models.PROTECT, related_name="audits")
    scope = models.CharField(
        max_length=10, choices=AuditScope.choices, default=AuditScope.MULTI_AGENCY
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        help_text="For a single-agency audit: the agency",
    )
    reported_by_agency = models.BooleanField(
        default=False,
        help_text="A single-agency audit the agency ran itself and reported to the board",
    )
    planned_quarter = models.CharField(max_length=10, help_text="For example 2026 Q3")
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="audits"
    )
    lead = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    re_audit_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="re_audits",
        help_text="An earlier audit with the same tool, to compare with",
    )
    status = models.CharField(
        max_length=20, choices=AuditStatus.choices, default=AuditStatus.PLANNED
    )
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["planned_quarter", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.planned_quarter})"

    def get_absolute_url(self) -> str:
        return reverse("audits:audit", args=[self.board.slug, self.pk])

    def get_board_url(self, board: Board) -> str:
        return reverse("audits:audit", args=[board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class TeamRole(models.TextChoices):
    AUDITOR = "auditor", "Auditor"
    PRACTITIONER = "practitioner", "Front-line practitioner auditor"


class AuditTeamMember(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="audit_teams")
    agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=20, choices=TeamRole.choices, default=TeamRole.AUDITOR)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "user"], name="on_a_team_once")]

    def __str__(self) -> str:
        return f"{self.user} on {self.audit}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.audit.audit_scope()


class CaseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    MODERATED = "moderated", "Moderated"


class AuditCase(Revisioned):
    """One case audited. Identified only by a pseudonymous reference, never a name."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(max_length=30)
    agencies = models.ManyToManyField(Agency, related_name="+", blank=True)
    auditor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    response = models.OneToOneField(Response, on_delete=models.PROTECT, related_name="audit_case")
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.IN_PROGRESS
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "reference"], name="case_once_per_audit")
        ]

    def __str__(self) -> str:
        return self.reference

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.audit.audit_scope()


class CaseAuditor(models.Model):
    """In a multi-agency audit, who audits the case for each agency involved."""

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="agency_auditors")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "agency"], name="one_auditor_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.agency} on {self.case}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.case.audit_scope()


class Moderation(models.Model):
    """The lead changing a grade, with the reason; the original grade is kept here."""

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="moderations")
    question = models.ForeignKey(TemplateQuestion, on_delete=models.PROTECT, related_name="+")
    from_level = models.ForeignKey(
        ScaleLevel, on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_level = models.ForeignKey(ScaleLevel, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    moderated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    moderated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moderated_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.question.code} {self.from_level} → {self.to_level}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.case.audit_scope()


class InterviewKind(models.TextChoices):
    PRACTITIONER_INTERVIEW = "practitioner_interview", "Interview with practitioners"
    PRACTITIONER_FOCUS_GROUP = "practitioner_group", "Focus group with practitioners"
    FAMILY_INTERVIEW = "family_interview", "Interview with a family"
    FAMILY_FOCUS_GROUP = "family_group", "Focus group with families"


class Interview(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="interviews")
    kind = models.CharField(max_length=30, choices=InterviewKind.choices)
    held_on = models.DateField()
    participants = models.CharField(
        max_length=300, help_text="Roles and agencies, or 'a parent': no names"
    )
    notes = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.held_on}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.audit.audit_scope()
