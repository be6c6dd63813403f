"""Inspections of the board or partnership (an Ofsted review of an LSCB, a joint targeted area
inspection, the local authority's inspection as it bears on the partnership): when, what
kind, the judgement for each local authority, the report file, and the clocks the report
sets. Its findings are ordinary Findings (source: the inspection); the actions of its
improvement plan are raised from them into the one tracker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.tenancy.models import Board

User = settings.AUTH_USER_MODEL


class Inspection(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="inspections")
    inspection_type = models.CharField(max_length=40, help_text="A type named in the library file")
    started_on = models.DateField(help_text="The first day of the inspection")
    ended_on = models.DateField(null=True, blank=True)
    report_received_on = models.DateField(
        null=True, blank=True, help_text="Starts the publication and statement-of-action clocks"
    )
    published_on = models.DateField(null=True, blank=True)
    statement_required = models.BooleanField(
        default=False, help_text="The inspection requires a written statement of action"
    )
    statement_sent_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        from .framework import framework

        return f"{framework().type_label(self.inspection_type)}, {self.started_on:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class Judgement(models.Model):
    """The inspection's judgement for one local authority the board covers."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    local_authority = models.CharField(max_length=120)
    judgement = models.CharField(max_length=40, help_text="A judgement named in the library file")

    class Meta:
        ordering = ["local_authority", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "local_authority"], name="one_judgement_per_authority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_authority}: {self.judgement}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.inspection.audit_scope()


def report_path(instance: ReportFile, filename: str) -> str:
    # Stored under an opaque name; the original name is kept in the database only.
    return f"inspections/{instance.inspection_id}/{instance.sha256[:16]}"


class ReportFile(models.Model):
    """The inspection report, checked like any evidence (core.uploads)."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="report_file"
    )
    file = models.FileField(upload_to=report_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.inspection.audit_scope()
