"""Build a form from any library template, check it, and save its answers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction

from scrutiny.core.concurrency import EditConflict, Revisioned, claim_revision
from scrutiny.core.forms import DateInput, GovukForm
from scrutiny.library.models import AnswerType, FrameworkTemplate, TemplateQuestion, TemplateSection

from .models import Answer, Response

YES_NO = [("yes", "Yes"), ("no", "No")]


@dataclass
class QuestionFields:
    question: TemplateQuestion
    main: forms.BoundField
    comment: forms.BoundField | None
    action: forms.BoundField | None
    action_due: forms.BoundField | None


class QuestionnaireForm(GovukForm):
    """Fields named q<id> (the answer), q<id>_comment (evidence and comments, for scales),
    q<id>_action and q<id>_due (planned improvement where the rating is below the top).

    Drafts may be partial; `submitting=True` demands every required answer and a planned
    action with a date for every rating below the top of its scale.
    """

    def __init__(
        self,
        *args: Any,
        template: FrameworkTemplate,
        answers: dict[int, Answer] | None = None,
        submitting: bool = False,
        ask_improvements: bool = True,
        **kwargs: Any,
    ) -> None:
        self.template = template
        self.submitting = submitting
        # Returns ask for a planned improvement below the top grade; audits only grade.
        self.ask_improvements = ask_improvements
        self.sections_list: list[TemplateSection] = list(
            template.sections.prefetch_related("questions__scale__levels")
        )
        answers = answers or {}
        initial = kwargs.pop("initial", {}) or {}
        for section in self.sections_list:
            for q in section.questions.all():
                a = answers.get(q.pk)
                if a is not None:
                    initial.update(_initial_for(q, a))
        super().__init__(*args, initial=initial, **kwargs)
        for section in self.sections_list:
            for q in section.questions.all():
                self._add_fields(q)
        self.style_fields()

    def _add_fields(self, q: TemplateQuestion) -> None:
        name = f"q{q.pk}"
        label = f"{q.number} {q.text}".strip()
        if q.answer_type == AnswerType.SCALE:
            levels = list(q.scale.levels.all()) if q.scale else []
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[(str(lv.pk), lv.label) for lv in levels],
                widget=forms.RadioSelect,
                required=False,
                help_text=q.guidance,
            )
            evidence = f"Evidence: {q.evidence}" if q.evidence else ""
            self.fields[f"{name}_comment"] = forms.CharField(
                label="Evidence and comments",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                help_text=evidence,
            )
            if not self.ask_improvements:
                return
            top = levels[0].label if levels else "the top of the scale"
            self.fields[f"{name}_action"] = forms.CharField(
                label="Planned improvement",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text=f"Needed if you rate this below {top}: what you will do",
            )
            self.fields[f"{name}_due"] = forms.DateField(
                label="Improvement due by", widget=DateInput, required=False
            )
        elif q.answer_type == AnswerType.TEXT:
            self.fields[name] = forms.CharField(
                label=label,
                widget=forms.Textarea(attrs={"rows": 6}),
                required=False,
                help_text=" ".join(
                    filter(None, [q.guidance, q.evidence and f"Evidence: {q.evidence}"])
                ),
            )
        elif q.answer_type == AnswerType.NUMBER:
            self.fields[name] = forms.DecimalField(
                label=label, required=False, help_text=q.guidance
            )
        elif q.answer_type == AnswerType.YES_NO:
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
                help_text=q.guidance,
            )
        else:
            self.fields[name] = forms.DateField(
                label=label, widget=DateInput, required=False, help_text=q.guidance
            )

    def questions(self) -> Iterator[TemplateQuestion]:
        for section in self.sections_list:
            yield from section.questions.all()

    def grouped(self) -> list[tuple[TemplateSection, list[QuestionFields]]]:
        """Sections with their questions' bound fields, for the template."""
        result = []
        for section in self.sections_list:
            rows = []
            for q in section.questions.all():
                name = f"q{q.pk}"
                rows.append(
                    QuestionFields(
                        question=q,
                        main=self[name],
                        comment=self[f"{name}_comment"]
                        if f"{name}_comment" in self.fields
                        else None,
                        action=self[f"{name}_action"] if f"{name}_action" in self.fields else None,
                        action_due=self[f"{name}_due"] if f"{name}_due" in self.fields else None,
                    )
                )
            result.append((section, rows))
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.submitting:
            return data
        for q in self.questions():
            name = f"q{q.pk}"
            value = data.get(name)
            if q.required and value in (None, ""):
                self.add_error(name, f"Answer {q.number or 'this question'}: {_short(q.text)}")
                continue
            if q.answer_type == AnswerType.SCALE and value and self.ask_improvements:
                level = next(lv for lv in q.scale.levels.all() if str(lv.pk) == value)  # type: ignore[union-attr]
                if level.rank > 1:
                    if not (data.get(f"{name}_action") or "").strip():
                        self.add_error(
                            f"{name}_action",
                            f"{q.number or 'This question'} is rated {level.label}: "
                            "say what you will do to improve",
                        )
                    if not data.get(f"{name}_due"):
                        self.add_error(
                            f"{name}_due",
                            f"{q.number or 'This question'}: give a date for the improvement",
                        )
        return data

    @transaction.atomic
    def save_guarded(self, record: Revisioned, response: Response) -> list[Answer]:
        """Save the answers as the next revision of `record` (passed as `record=`), unless
        someone saved it after this person loaded it: then EditConflict, naming the
        questions where this person's answers differ from the stored ones."""
        revision = self.loaded_revision
        if revision is not None:
            try:
                claim_revision(record, revision, form=self)
            except EditConflict as conflict:
                stored = {a.question_id: a for a in response.answers.select_related("level")}
                conflict.differing = [
                    f"{q.number} {q.text}".strip() for q in self.changed_questions(stored)
                ]
                raise
            record.save(update_fields=["revision"])
        return self.save(response)

    def save(self, response: Response) -> list[Answer]:
        existing = {a.question_id: a for a in response.answers.all()}
        levels = {
            str(lv.pk): lv for q in self.questions() if q.scale for lv in q.scale.levels.all()
        }
        to_create, to_update = [], []
        for q in self.questions():
            name = f"q{q.pk}"
            value = self.cleaned_data.get(name)
            answer = existing.get(q.pk) or Answer(response=response, question=q)
            answer.level = levels.get(value) if q.answer_type == AnswerType.SCALE else None
            answer.text = (
                self.cleaned_data.get(f"{name}_comment", "")
                if q.answer_type == AnswerType.SCALE
                else (value or "")
                if q.answer_type == AnswerType.TEXT
                else ""
            )
            answer.number = value if q.answer_type == AnswerType.NUMBER else None
            answer.yes_no = (
                {"yes": True, "no": False}.get(value)
                if q.answer_type == AnswerType.YES_NO
                else None
            )  # type: ignore[arg-type]
            answer.date = value if q.answer_type == AnswerType.DATE else None
            answer.action_text = self.cleaned_data.get(f"{name}_action", "") or ""
            answer.action_due = self.cleaned_data.get(f"{name}_due")
            (to_update if answer.pk else to_create).append(answer)
        # Saved one by one so that every changed answer reaches the audit log.
        for answer in to_create + to_update:
            answer.save()
        response.save(update_fields=["updated_at"])
        return to_create + to_update

    def changed_questions(self, answers: dict[int, Answer]) -> list[TemplateQuestion]:
        """Questions whose posted answer differs from `answers` (to show after a conflict)."""
        changed = []
        for q in self.questions():
            saved = _initial_for(q, answers[q.pk]) if q.pk in answers else {}
            for key in [k for k in self.fields if k == f"q{q.pk}" or k.startswith(f"q{q.pk}_")]:
                posted = self.cleaned_data.get(key) if hasattr(self, "cleaned_data") else None
                if (posted or None) != (saved.get(key) or None):
                    changed.append(q)
                    break
        return changed


def _initial_for(q: TemplateQuestion, a: Answer) -> dict[str, Any]:
    name = f"q{q.pk}"
    if q.answer_type == AnswerType.SCALE:
        return {
            name: str(a.level_id) if a.level_id else "",
            f"{name}_comment": a.text,
            f"{name}_action": a.action_text,
            f"{name}_due": a.action_due,
        }
    if q.answer_type == AnswerType.TEXT:
        return {name: a.text}
    if q.answer_type == AnswerType.NUMBER:
        return {name: a.number}
    if q.answer_type == AnswerType.YES_NO:
        return {name: {True: "yes", False: "no"}.get(a.yes_no, "")}  # type: ignore[arg-type]
    return {name: a.date}


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def answered_sections(
    template: FrameworkTemplate, answers: dict[int, Answer]
) -> list[tuple[TemplateSection, list[tuple[TemplateQuestion, Answer | None]]]]:
    """Sections with (question, answer or None) pairs, for `_answers.html`."""
    result = []
    for section in template.sections.prefetch_related("questions__scale__levels"):
        rows = []
        for q in section.questions.all():
            answer = answers.get(q.pk)
            if answer is not None and answer.level is not None and q.scale is not None:
                answer.level_count = len(q.scale.levels.all())  # type: ignore[attr-defined]
            rows.append((q, answer))
        result.append((section, rows))
    return result
