"""Frameworks are data: templates with sections, questions and rating scales, loaded from YAML.

Code knows these shapes; the library files under `frameworks/` hold the contents.
A template is identified by its code and version; a new version is a new template.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from scrutiny.tenancy.models import AgencyType, Board


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


class IndicatorStage(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    CONTACTS_REFERRALS = "contacts_referrals", "Contacts and referrals"
    ASSESSMENT = "assessment", "Assessment"
    SECTION_47 = "section_47", "Section 47 enquiries"
    CHILD_PROTECTION = "child_protection", "Child protection"
    LOOKED_AFTER = "looked_after", "Looked after"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    MISSING = "missing", "Missing"
    AGENCY_DATA = "agency_data", "Agency data"
    TRAINING = "training", "Training"


class IndicatorUnit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "percent", "Percentage"
    RATE_PER_10000 = "rate_per_10000", "Rate per 10,000 children"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", "Higher is better"
    LOWER_IS_BETTER = "lower_is_better", "Lower is better"


class ReportingPeriod(models.TextChoices):
    MONTH = "month", "Monthly"
    QUARTER = "quarter", "Quarterly"
    YEAR = "year", "Yearly"


class OBAQuestion(models.TextChoices):
    HOW_MUCH = "how_much", "How much did we do?"
    HOW_WELL = "how_well", "How well did we do it?"
    BETTER_OFF = "better_off", "Is anyone better off?"


class FrameworkTemplate(models.Model):
    code = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=TemplateKind.choices)
    publisher = models.CharField(max_length=200, blank=True)
    source = models.TextField(blank=True, help_text="The statute, guidance or framework it follows")
    description = models.TextField(blank=True)
    applies_to = models.JSONField(
        default=list,
        blank=True,
        help_text="Agency types this template is usually asked of (empty: any agency)",
    )
    owner_board = models.ForeignKey(
        Board,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="adapted_templates",
        help_text="Set when a board has adapted the template for its own use",
    )
    source_file = models.CharField(max_length=300, help_text="The library file it was loaded from")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file as loaded")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=models.Q(owner_board__isnull=True),
                name="shared_template_version_unique",
            ),
            models.UniqueConstraint(
                fields=["owner_board", "code", "version"],
                condition=models.Q(owner_board__isnull=False),
                name="board_template_version_unique",
            ),
        ]

    def __str__(self) -> str:
        owner = f", {self.owner_board.short_name}" if self.owner_board_id else ""
        return f"{self.title} (v{self.version}{owner})"

    def get_absolute_url(self) -> str:
        return reverse("library:template_detail", args=[self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        if self.owner_board_id:
            return self.owner_board.region_id, [self.owner_board_id]
        return None, []  # the shipped library is shared by every region

    def applies_to_labels(self) -> list[str]:
        labels = dict(AgencyType.choices)
        return [str(labels.get(code, code)) for code in self.applies_to]

    @property
    def has_scale_questions(self) -> bool:
        return TemplateQuestion.objects.filter(
            section__template=self, answer_type=AnswerType.SCALE
        ).exists()


class TemplateSubject(models.Model):
    """A subject a template is used for, e.g. the annual reports a board expects."""

    template = models.ForeignKey(
        FrameworkTemplate, on_delete=models.CASCADE, related_name="subjects"
    )
    code = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="subject_code_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.template.audit_scope()


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

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.template.audit_scope()


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

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.scale.audit_scope()


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

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.template.audit_scope()


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

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.section.audit_scope()


class IndicatorDefinition(models.Model):
    """One indicator of a data set: how it is worked out, and which way is better."""

    template = models.ForeignKey(
        FrameworkTemplate, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    stage = models.CharField(max_length=30, choices=IndicatorStage.choices)
    unit = models.CharField(max_length=20, choices=IndicatorUnit.choices)
    polarity = models.CharField(max_length=20, choices=Polarity.choices)
    period = models.CharField(max_length=10, choices=ReportingPeriod.choices)
    oba = models.CharField(max_length=20, choices=OBAQuestion.choices)
    numerator = models.CharField(max_length=300)
    denominator = models.CharField(max_length=300, blank=True)
    reported_by = models.JSONField(
        default=list, blank=True, help_text="Agency types that report it"
    )
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="indicator_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def factor(self) -> int:
        return {IndicatorUnit.PERCENT: 100, IndicatorUnit.RATE_PER_10000: 10_000}.get(self.unit, 1)

    @property
    def higher_is_better(self) -> bool:
        return self.polarity == Polarity.HIGHER_IS_BETTER

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.template.audit_scope()
