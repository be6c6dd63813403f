from __future__ import annotations

from typing import Any

from django import forms

from scrutiny.core.forms import DateInput, GovukModelForm
from scrutiny.library.models import FrameworkTemplate, TemplateKind
from scrutiny.plan.models import Priority
from scrutiny.tenancy.models import Board

from .models import EngagementActivity, FeedbackForm, Voice


class ActivityForm(GovukModelForm):
    class Meta:
        model = EngagementActivity
        fields = [
            "title",
            "kind",
            "level",
            "special_group",
            "held_on",
            "participants",
            "priority",
            "you_said",
            "we_did",
            "impact",
        ]
        widgets = {
            "held_on": DateInput,
            "you_said": forms.Textarea(attrs={"rows": 4}),
            "we_did": forms.Textarea(attrs={"rows": 4}),
            "impact": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"held_on": "Date", "priority": "Plan priority"}

    def __init__(self, *args: Any, board: Board, voice: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.instance.voice = voice
        self.fields["priority"].queryset = Priority.objects.filter(board=board)  # type: ignore[attr-defined]
        if voice == Voice.STAFF:
            del self.fields["special_group"]
            self.fields["level"].choices = [  # type: ignore[attr-defined]
                c
                for c in self.fields["level"].choices
                if c[0] != "special_groups"  # type: ignore[attr-defined]
            ]


class FeedbackFormForm(GovukModelForm):
    class Meta:
        model = FeedbackForm
        fields = ["title", "slug", "introduction", "voice", "template", "is_open", "priority"]
        labels = {"template": "Questions (library template)", "priority": "Plan priority"}
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.board = board
        self.instance.board = board
        self.fields["template"].queryset = FrameworkTemplate.objects.filter(  # type: ignore[attr-defined]
            kind=TemplateKind.QUESTIONNAIRE
        ).filter(owner_board__isnull=True) | FrameworkTemplate.objects.filter(
            kind=TemplateKind.QUESTIONNAIRE, owner_board=board
        )
        self.fields["priority"].queryset = Priority.objects.filter(board=board)  # type: ignore[attr-defined]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        taken = FeedbackForm.objects.filter(board=self.board, slug=slug)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"Another form already uses the address ‘{slug}’")
        return slug


class HelpLineForm(GovukModelForm):
    """The board's own help line, shown to children on its public forms beside Childline."""

    class Meta:
        model = Board
        fields = ["help_line_name", "help_line_phone"]

    def clean(self):
        data = super().clean()
        if bool(data.get("help_line_name")) != bool(data.get("help_line_phone")):
            missing = "help_line_phone" if data.get("help_line_name") else "help_line_name"
            self.add_error(
                missing,
                "Enter the phone number too"
                if missing == "help_line_phone"
                else "Enter who children will reach on this number",
            )
        return data
