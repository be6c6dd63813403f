"""Frameworks are data: templates with sections, questions and rating scales, loaded from YAML.

Code knows these shapes; the library files under `frameworks/` hold the contents.
A template is identified by its code and version; a new version is a new template.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse


class TemplateKind(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", "Self-assessment framework"
    AGENCY_RETURN = "agency_return", "Agency return"
    AUDIT_TOOL = "audit_tool", "Audit tool"
    REPORT = "report", "Report template"
    QUESTIONNAIRE = "questionnaire", "Questionnaire"
    INDICATORS = "indicators", "Indicator set"


class AnswerType(models.TextChoices):
    SCALE = "scale", "Rating on a scale"
    TEXT = "text", "Free text"
    NUMBER = "number", "Number"
    YES_NO = "yes_no", "Yes or no"
    DATE = "date", "Date"


class FrameworkTemplate(models.Model):
    code = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=TemplateKind.choices)
    publisher = models.CharField(max_length=200, blank=True)
    source = models.TextField(blank=True, help_text="The statute, guidance or framework it follows")
    description = models.TextField(blank=True)
    source_file = models.CharField(max_length=300, help_text="The library file it was loaded from")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file as loaded")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="template_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("library:template_detail", args=[self.code, self.version])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return None, []  # the shipped library is shared by every region


class RatingScale(models.Model):
    template = models.ForeignKey(FrameworkTemplate, on_delete=models.CASCADE, related_name="scales")
    code = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["template", "code"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="scale_code_unique")
        ]

    def __str__(self) -> str:
        return self.title


class ScaleLevel(models.Model):
    """One point on a scale. Rank 1 is the top of the scale; higher ranks are worse."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="levels")
    code = models.SlugField(max_length=80)
    label = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["scale", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="level_code_unique"),
            models.UniqueConstraint(fields=["scale", "rank"], name="level_rank_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_top(self) -> bool:
        return self.rank == 1


class TemplateSection(models.Model):
    template = models.ForeignKey(
        FrameworkTemplate, on_delete=models.CASCADE, related_name="sections"
    )
    code = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="section_code_unique")
        ]

    def __str__(self) -> str:
        return self.title


class TemplateQuestion(models.Model):
    section = models.ForeignKey(TemplateSection, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=80)
    number = models.CharField(
        max_length=20, blank=True, help_text="The number used by the source, e.g. 77"
    )
    text = models.TextField()
    guidance = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="The evidence an answer should rest on")
    answer_type = models.CharField(max_length=20, choices=AnswerType.choices)
    scale = models.ForeignKey(
        RatingScale, on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="question_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}".strip()
