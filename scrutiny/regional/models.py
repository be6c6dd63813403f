"""The region's shared library of tools and good practice, contributed by boards and curated
by the regional admin."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from scrutiny.core.concurrency import Revisioned
from scrutiny.library.models import TemplateQuestion
from scrutiny.tenancy.models import Board, Region

User = settings.AUTH_USER_MODEL


class ResourceStatus(models.TextChoices):
    PENDING = "pending", "Awaiting the regional admin"
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden"


def resource_path(instance: Resource, filename: str) -> str:
    return f"regional-library/{instance.region_id}/{filename}"


class Resource(Revisioned):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="resources")
    contributed_by_board = models.ForeignKey(
        Board, on_delete=models.SET_NULL, null=True, blank=True, related_name="resources"
    )
    contributed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField()
    url = models.URLField(blank=True, help_text="A link, if the resource is on the web")
    file = models.FileField(upload_to=resource_path, blank=True, max_length=300)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    # The document's text, for full-text search; empty where it could not be read.
    extracted_text = models.TextField(blank=True)
    themes = models.JSONField(default=list, blank=True, help_text="Theme codes")
    criteria = models.ManyToManyField(TemplateQuestion, blank=True, related_name="+")
    status = models.CharField(
        max_length=20, choices=ResourceStatus.choices, default=ResourceStatus.PENDING
    )
    curated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    curated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def audit_scope(self) -> tuple[int | None, list[int]]:
        boards = [self.contributed_by_board_id] if self.contributed_by_board_id else []
        return self.region_id, boards

    def theme_labels(self) -> list[str]:
        from scrutiny.findings.services import library_theme_labels

        labels = library_theme_labels()
        return [str(labels.get(code, code)) for code in self.themes]
