"""One questionnaire engine: a Response to a library template, and an Answer per question.

Agency returns use it now; audits, evaluations and feedback forms will use the same models.
"""

from __future__ import annotations

from django.db import models

from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion


class Response(models.Model):
    template = models.ForeignKey(FrameworkTemplate, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Response to {self.template}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        owner = (
            getattr(self, "agency_return", None)
            or getattr(self, "self_assessment", None)
            or getattr(self, "rapid_review", None)
        )
        return owner.audit_scope() if owner else (None, [])


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(TemplateQuestion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        ScaleLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    yes_no = models.BooleanField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    # The improvement the respondent plans where a rating is below the top of the scale.
    action_text = models.TextField(blank=True)
    action_due = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question.code}"

    @property
    def is_empty(self) -> bool:
        return (
            self.level_id is None
            and not self.text.strip()
            and self.number is None
            and self.yes_no is None
            and self.date is None
        )

    @property
    def below_top(self) -> bool:
        return self.level is not None and self.level.rank > 1

    def audit_scope(self) -> tuple[int | None, list[int]]:
        # An agency's draft return is private to the agency until submitted: the history of
        # its answers is kept, but no board's audit log page shows it until then. The board's
        # own questionnaires (its self-assessment) show on its log as they change.
        region, boards = self.response.audit_scope()
        agency_return = getattr(self.response, "agency_return", None)
        if agency_return is not None and agency_return.status == "draft":
            return region, []
        return region, boards
