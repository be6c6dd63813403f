"""A board's self-assessment against a library template (the Ofsted criteria, or any other
self-assessment tool), kept as a living document.

Grades and narratives are the answers of one questionnaire Response (the one engine);
this app adds what a questionnaire does not have: evidence links to the board's own records,
numbered revisions, the board's overall judgement and the standing board-meeting item.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.governance.models import AgendaItem
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
from scrutiny.questionnaires.models import Response
from scrutiny.tenancy.models import Board

User = settings.AUTH_USER_MODEL


class SelfAssessment(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="self_assessments")
    template = models.ForeignKey(FrameworkTemplate, on_delete=models.PROTECT, related_name="+")
    response = models.OneToOneField(
        Response, on_delete=models.PROTECT, related_name="self_assessment"
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The board's own overall judgement; the suggested best fit is worked out, never stored.
    overall_level = models.ForeignKey(
        ScaleLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    overall_reasoning = models.TextField(blank=True)
    overall_decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overall_decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["board", "template__title"]
        constraints = [
            models.UniqueConstraint(fields=["board", "template"], name="one_assessment_per_tool")
        ]

    def __str__(self) -> str:
        return f"{self.template.title} – {self.board.short_name}"

    def get_absolute_url(self) -> str:
        return reverse("selfassessment:detail", args=[self.board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class Revision(models.Model):
    """A numbered snapshot taken at every save: who, when, and every criterion as it stood.

    snapshot: {question code: {"grade": level code, "grade_label": ..., "narrative": ...,
    "evidence": [labels]}}
    """

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    saved_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    saved_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["assessment", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of {self.assessment}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.assessment.audit_scope()


class EvidenceLink(models.Model):
    """A criterion's evidence: any record on the board (finding, action, audit, ...).

    The label and summary are copied when the link is made, so the page (and a peer
    reviewer, who has no access to the record itself) reads them without loading the record.
    """

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="evidence_links"
    )
    question = models.ForeignKey(TemplateQuestion, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40, help_text="The evidence kind registered in evidence.py")
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    label = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question__section__order", "question__order", "kind", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question", "target_type", "target_id"],
                name="evidence_linked_once",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.assessment.audit_scope()


class StandingItem(models.Model):
    """Marks a meeting's agenda item as the standing self-assessment progress item."""

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="self_assessment_item"
    )
    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="standing_items"
    )

    def __str__(self) -> str:
        return f"{self.assessment} at {self.agenda_item.meeting}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.assessment.audit_scope()
