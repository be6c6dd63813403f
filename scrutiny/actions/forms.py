from __future__ import annotations

from django import forms
from django.db import models

from scrutiny.core.concurrency import keeping
from scrutiny.core.forms import DateInput, GovukForm, GovukModelForm
from scrutiny.core.uploads import EvidenceRejected, check_evidence
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from . import impact
from .models import Action, ActionSource, ActionStatus, ImpactMeasure, Rag


class ActionUpdateForm(GovukForm):
    status = forms.ChoiceField(
        label="Status",
        # "Awaiting sign-off" is where completing an action that needs sign-off leads.
        choices=[c for c in ActionStatus.choices if c[0] != ActionStatus.AWAITING_SIGN_OFF],
    )
    note = forms.CharField(
        label="Progress update",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what has happened since the last update"},
    )
    rag = forms.ChoiceField(
        label="Your RAG rating",
        choices=[("", "Work it out from the dates")] + list(Rag.choices),
        required=False,
        help_text="Red or amber if the action is in trouble in a way the dates do not show",
    )
    observed_impact = forms.CharField(
        label="Impact seen so far",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    evidence = forms.CharField(
        label="Evidence of completion",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed to mark the action completed: what shows it is done",
    )
    evidence_file = forms.FileField(
        label="Evidence document",
        required=False,
        help_text="A document showing the action is done (PDF, Word, Excel, PowerPoint, "
        "CSV, text or image)",
    )

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if not action.sign_off_required:
            del self.fields["evidence_file"]
        else:
            self.fields[
                "evidence_file"
            ].help_text += (
                ". Needed to complete this action: a reviewer signs it off on the evidence"
            )

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            try:
                check_evidence(upload)
            except EvidenceRejected as exc:
                raise forms.ValidationError(str(exc)) from exc
            upload.seek(0)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("status") != ActionStatus.COMPLETED:
            return data
        if not (data.get("evidence") or "").strip():
            self.add_error("evidence", "Give the evidence that shows the action is complete")
        if (
            self.action.sign_off_required
            and "evidence_file" not in self.errors
            and not data.get("evidence_file")
            and not self.action.evidence_files.exists()
        ):
            self.add_error(
                "evidence_file",
                "Upload a document that shows the action is complete: the board signs off "
                "review actions on evidence, not on report alone",
            )
        return data


class SignOffForm(GovukForm):
    decision = forms.ChoiceField(
        label="Is the evidence enough to close the action?",
        choices=[("accept", "Yes, sign it off"), ("return", "No, send it back to the agency")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to sign the action off"},
    )
    note = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the evidence shows, or what is missing"},
    )


class ActionForm(GovukModelForm):
    """A new action raised directly on the board (not from a return or audit)."""

    due_date = forms.DateField(
        label="Due date", widget=DateInput, error_messages={"required": "Enter a due date"}
    )

    class Meta:
        model = Action
        fields = ["title", "description", "expected_impact", "agency", "owner", "due_date"]
        error_messages = {"title": {"required": "Enter what needs to be done"}}

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(memberships__board=board)
        self.fields["owner"].queryset = User.objects.filter(
            role_assignments__board=board
        ).distinct()
        self.instance.source = ActionSource.OTHER
        self.instance.region = board.region


class MeasureForm(GovukForm):
    """Name the measure that will show whether an action (or objective) worked."""

    measure = forms.ChoiceField(
        label="Measure",
        help_text="An indicator, a re-audit question, a training follow-up question or a "
        "feedback form question",
        error_messages={"required": "Choose the measure that will show whether it worked"},
    )
    start_date = forms.DateField(
        label="Measured from",
        widget=DateInput(format="%Y-%m-%d"),
        help_text="When the work began: the value up to this day is the measure before it",
        error_messages={"required": "Enter when the work began", "invalid": "Enter a real date"},
    )
    note = forms.CharField(
        label="Why this measure",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="The change it should show",
    )

    def __init__(self, *args, choices: list, subject: models.Model, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "Choose a measure"), *choices]
        self.subject = subject
        self.board = board

    @classmethod
    def for_subject(cls, data, subject: models.Model, board: Board) -> MeasureForm:
        """The form for an action's or objective's measure on this board, guarded by the stored
        measure's revision (-1 when none is stored yet, so a measure someone else saved
        meanwhile is not silently replaced)."""
        current = impact.measure_for(subject, board)
        initial = (
            {
                "measure": f"{current.kind}:{current.reference}",
                "start_date": current.start_date,
                "note": current.note,
            }
            if current
            else {"start_date": impact.default_start(subject)}
        )
        return cls(
            data,
            choices=impact.options(board),
            subject=subject,
            board=board,
            record=current or ImpactMeasure(board=board),
            initial=initial,
        )

    def save_measure(self, user: User) -> ImpactMeasure | None:
        """Save through `impact.set_measure`; None (with the error on the form) if refused.
        A stale save raises EditConflict, which shows this form again on the conflict page."""
        data = self.cleaned_data
        try:
            with keeping(self):
                return impact.set_measure(
                    self.subject,
                    self.board,
                    choice=data["measure"],
                    start_date=data["start_date"],
                    note=data["note"],
                    user=user,
                    revision=data.get("revision"),
                )
        except impact.MeasureRefused as exc:
            self.add_error("measure", str(exc))
            return None
