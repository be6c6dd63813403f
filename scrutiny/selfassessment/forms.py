from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from scrutiny.core.forms import GovukForm
from scrutiny.governance.models import Meeting
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateKind
from scrutiny.tenancy.models import Board


def self_assessment_tools(board: Board) -> QuerySet[FrameworkTemplate]:
    """Self-assessment templates the board may use: the shared library's and its own."""
    return FrameworkTemplate.objects.filter(
        Q(owner_board__isnull=True) | Q(owner_board=board), kind=TemplateKind.SELF_ASSESSMENT
    ).order_by("title", "-version")


class StartForm(GovukForm):
    template = forms.ModelChoiceField(
        label="Self-assessment tool",
        queryset=FrameworkTemplate.objects.none(),
        empty_label=None,
        help_text="Tools come from the library; a board can adapt one as its own version",
    )

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.board = board
        self.fields["template"].queryset = self_assessment_tools(board)

    def clean_template(self) -> FrameworkTemplate:
        template = self.cleaned_data["template"]
        if self.board.self_assessments.filter(template=template).exists():
            raise forms.ValidationError(
                f"The board already has a self-assessment against {template}: open that one"
            )
        return template


class NoteForm(GovukForm):
    note = forms.CharField(
        label="What changed (optional)",
        max_length=300,
        required=False,
        help_text="A line for the revision history, e.g. 'After the March audit'",
    )


class EvidenceForm(GovukForm):
    kind = forms.CharField()
    content_type = forms.IntegerField()
    object_id = forms.IntegerField()


class DecisionForm(GovukForm):
    level = forms.ModelChoiceField(
        label="The board's overall judgement",
        queryset=ScaleLevel.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    reasoning = forms.CharField(
        label="Why the board reached this judgement",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, levels: QuerySet[ScaleLevel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels


class StandingItemForm(GovukForm):
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=Meeting.objects.none(),
        empty_label=None,
        help_text="The self-assessment summary is added to this meeting's agenda",
    )

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(group__board=board, held_on__gte=timezone.localdate())
            .select_related("group")
            .order_by("held_on")
        )
