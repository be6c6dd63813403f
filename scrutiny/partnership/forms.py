from __future__ import annotations

import re
from typing import Any, cast

from django import forms

from scrutiny.core.forms import DateField, GovukForm, GovukModelForm
from scrutiny.library.models import FrameworkTemplate, TemplateKind
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from .framework import lists
from .models import Contribution, Partner, RelevantAgency


def _board_people(board: Board):
    return (
        User.objects.filter(role_assignments__board=board, is_active=True)
        .distinct()
        .order_by("full_name")
    )


def _board_agencies(board: Board):
    return Agency.objects.filter(memberships__board=board).order_by("name")


class PartnerForm(GovukModelForm):
    class Meta:
        model = Partner
        fields = [
            "agency",
            "lead",
            "lead_title",
            "delegate",
            "delegate_title",
            "report_signer",
        ]
        labels = {
            "agency": "The partner's agency on the board",
            "lead": "Lead safeguarding partner",
            "delegate": "Delegated safeguarding partner",
        }
        widgets = {"report_signer": forms.RadioSelect}

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = _board_agencies(board)
        for name in ["lead", "delegate"]:
            cast(forms.ModelChoiceField, self.fields[name]).queryset = _board_people(board)
            cast(forms.ModelChoiceField, self.fields[name]).empty_label = "No one named yet"
        self.fields[
            "lead_title"
        ].help_text = (
            f"For example: {lists().lead_titles.get(self.instance.kind, 'Chief executive')}"
        )
        self.style_fields()


class RegisterForm(GovukModelForm):
    setting_type = forms.ChoiceField(label="Setting type", required=False)

    class Meta:
        model = RelevantAgency
        fields = ["is_relevant", "setting_type", "urn", "owed_audits"]
        widgets = {"owed_audits": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["setting_type"]).choices = [
            ("", "Not set"),
            *lists().setting_types,
        ]
        cast(
            forms.ModelChoiceField, self.fields["owed_audits"]
        ).queryset = FrameworkTemplate.objects.filter(
            kind=TemplateKind.AGENCY_RETURN, owner_board__isnull=True
        ).order_by("title")
        self.style_fields()


class VersionForm(GovukForm):
    document = forms.FileField(
        label="The document", required=False, help_text="PDF or Word (.docx)"
    )
    url = forms.URLField(
        label="Address where it is published",
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    effective_on = DateField(label="Effective from")
    review_on = DateField(label="Review by")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not data.get("document") and not data.get("url"):
            self.add_error("url", "Upload the document or give the address where it is published")
        effective, review = data.get("effective_on"), data.get("review_on")
        if effective and review and review <= effective:
            self.add_error("review_on", "The review date must be after the effective date")
        return data


class ContributionForm(GovukModelForm):
    class Meta:
        model = Contribution
        fields = ["year", "partner", "agency", "amount", "pays_for"]
        labels = {"partner": "From a safeguarding partner", "agency": "Or from another agency"}
        widgets = {"pays_for": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.board = board
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = Partner.objects.filter(
            board=board
        )
        cast(forms.ModelChoiceField, self.fields["partner"]).empty_label = "Not a partner"
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = _board_agencies(board)
        cast(forms.ModelChoiceField, self.fields["agency"]).empty_label = "No other agency"
        self.style_fields()

    def clean_year(self) -> str:
        year = self.cleaned_data["year"].strip()
        match = re.fullmatch(r"(\d{4})-(\d{2})", year)
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise forms.ValidationError("Enter the financial year like 2026-27")
        return year

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if bool(data.get("partner")) == bool(data.get("agency")):
            self.add_error("partner", "Choose either a safeguarding partner or another agency")
        if data.get("amount") is not None and data["amount"] < 0:
            self.add_error("amount", "The amount cannot be negative")
        return data
