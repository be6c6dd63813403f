"""The region's shared library of tools and good practice, contributed by boards and curated
by the regional admin."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models

from scrutiny.core.concurrency import Revisioned
from scrutiny.library.models import TemplateQuestion
from scrutiny.tenancy.models import Board, Region

User = settings.AUTH_USER_MODEL


class ResourceStatus(models.TextChoices):
    PENDING = "pending", "Awaiting the regional admin"
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden"


SEARCH_CONFIG = "english"  # the text search configuration: English stemming and stop words


class SearchDocument(models.Func):
    """What the library's full-text search matches and ranks: the title (weight A), the
    description (B) and the document's text (C), stemmed as English.

    On PostgreSQL a `tsvector`; elsewhere NULL (SQLite has no text search: the portable
    search in `library.py` reads the text columns instead). Used as a stored generated
    column, so the database keeps it current on every insert and update, bulk ones included.
    """

    template = "%(expressions)s"

    def __init__(self) -> None:
        super().__init__(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("description", weight="B", config=SEARCH_CONFIG)
            + SearchVector("extracted_text", weight="C", config=SEARCH_CONFIG),
            output_field=SearchVectorField(),
        )

    def as_sql(self, compiler, connection, **extra):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, **extra)


class ResourceManager(models.Manager["Resource"]):
    def get_queryset(self) -> models.QuerySet[Resource]:
        # The search vector is for the database to match and rank with, never read back.
        return super().get_queryset().defer("search_vector")


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
    # Kept by the database from the title, description and text (see SearchDocument); on
    # PostgreSQL a GIN index (migration 0003) finds the matches without reading every row.
    search_vector = models.GeneratedField(
        expression=SearchDocument(),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
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

    objects = ResourceManager()

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
