from dataclasses import replace

from django import forms
from django.db.models import Q

from scrutiny.core.forms import DateInput, GovukForm, GovukModelForm
from scrutiny.findings.models import Theme
from scrutiny.library.models import (
    FrameworkTemplate,
    ScaleLevel,
    TemplateKind,
    TemplateQuestion,
    TemplateSection,
    TemplateSubject,
)
from scrutiny.tenancy.models import Agency, Board

from .models import ChallengeSession, Inspection

RETURN_KINDS = [TemplateKind.AGENCY_RETURN, TemplateKind.REPORT]


def templates_for_board(board: Board):
    return FrameworkTemplate.objects.filter(
        Q(owner_board__isnull=True) | Q(owner_board=board), kind__in=RETURN_KINDS
    ).order_by("title", "-version")


def questions_of(template: FrameworkTemplate):
    """A template's questions in the order the template asks them."""
    return TemplateQuestion.objects.filter(section__template=template).order_by(
        "section__order", "order"
    )


class ScheduleForm(GovukForm):
    template = forms.ModelChoiceField(
        label="Return",
        queryset=FrameworkTemplate.objects.none(),
        error_messages={"required": "Choose the return to ask for"},
    )
    subject = forms.ModelChoiceField(
        label="Which report",
        queryset=TemplateSubject.objects.none(),
        required=False,
        help_text="For annual reports: the subject of the report",
    )
    period_label = forms.CharField(
        label="Period",
        max_length=40,
        help_text="For example 2026-27 or 2026 Q3",
        error_messages={"required": "Enter the period, for example 2026-27"},
    )
    period_start = forms.DateField(
        label="Period starts",
        widget=DateInput,
        error_messages={"required": "Enter the date the period starts"},
    )
    period_end = forms.DateField(
        label="Period ends",
        widget=DateInput,
        error_messages={"required": "Enter the date the period ends"},
    )
    due_date = forms.DateField(
        label="Due by",
        widget=DateInput,
        error_messages={"required": "Enter the date the return is due"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Quarterly reports usually go to children's social care, police, health and "
            "education; other agencies report less often."
        ),
        error_messages={"required": "Choose at least one agency"},
    )

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        templates = templates_for_board(board)
        self.fields["template"].queryset = templates
        self.fields["subject"].queryset = TemplateSubject.objects.filter(
            template__in=templates
        ).select_related("template")
        self.fields["agencies"].queryset = Agency.objects.filter(memberships__board=board).order_by(
            "name"
        )

    def clean(self):
        data = super().clean()
        start, end, template, subject = (
            data.get(k) for k in ("period_start", "period_end", "template", "subject")
        )
        if start and end and end < start:
            self.add_error("period_end", "The period must end after it starts")
        if template and subject and subject.template_id != template.pk:
            self.add_error("subject", f"{subject} is not one of the reports for {template.title}")
        if template and not subject and template.subjects.exists():
            self.add_error("subject", f"Choose which report: {template.title} covers several")
        return data


class ChallengeForm(GovukForm):
    question = forms.ModelChoiceField(
        label="About", queryset=None, required=False, empty_label="The return as a whole"
    )
    text = forms.CharField(
        label="Challenge question",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the question you want the agency to answer"},
    )

    def __init__(self, *args, template: FrameworkTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = questions_of(template)


class ResponseForm(GovukForm):
    response = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your answer to the challenge"},
    )


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why, so the history shows it"},
    )


class EvidenceForm(GovukForm):
    file = forms.FileField(
        label="Evidence file", error_messages={"required": "Choose a file to upload"}
    )
    question = forms.ModelChoiceField(
        label="Supports", queryset=None, required=False, empty_label="The return as a whole"
    )

    def __init__(self, *args, template: FrameworkTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = questions_of(template)


class ChallengeSessionForm(GovukModelForm):
    held_on = forms.DateField(
        label="Date held",
        widget=DateInput,
        error_messages={"required": "Enter the date of the session"},
    )

    class Meta:
        model = ChallengeSession
        fields = [
            "agency",
            "agency_return",
            "held_on",
            "attendees",
            "findings",
            "strengths",
            "weaknesses",
            "action_plan",
        ]
        labels = {"agency_return": "Return discussed"}
        error_messages = {
            "attendees": {"required": "Say who attended"},
            "agency": {"required": "Choose the agency"},
        }

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(memberships__board=board).order_by(
            "name"
        )
        from .models import AgencyReturn

        self.fields["agency_return"].queryset = AgencyReturn.objects.filter(
            requests__board=board
        ).select_related("agency", "template", "subject")
        self.fields["agency_return"].required = False
        for name in ["findings", "strengths", "weaknesses", "action_plan", "attendees"]:
            self.fields[name].widget.attrs["rows"] = 3

    def clean(self):
        data = super().clean()
        agency_return, agency = data.get("agency_return"), data.get("agency")
        if agency_return and agency and agency_return.agency_id != agency.pk:
            self.add_error("agency_return", f"That return is not from {agency}")
        return data


class InspectionForm(GovukModelForm):
    """An inspection's judgement on a standard, and what it found (the board's finding)."""

    inspected_on = forms.DateField(
        label="Date of inspection",
        widget=DateInput,
        error_messages={"required": "Enter the date of the inspection"},
    )
    summary = forms.CharField(
        label="What the inspection found",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the inspection found"},
        help_text="Recorded as the board's finding: an area for improvement when the "
        "judgement is below the top of the scale, else a strength",
    )
    theme = forms.ModelChoiceField(label="Theme", queryset=Theme.objects.none(), required=False)

    class Meta:
        model = Inspection
        fields = ["agency", "inspectorate", "inspected_on", "section", "judgement"]
        labels = {"section": "Section 11 standard", "judgement": "The inspection's judgement"}

    def __init__(self, *args, board: Board, template: FrameworkTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(memberships__board=board).order_by(
            "name"
        )
        self.fields["section"].queryset = TemplateSection.objects.filter(template=template)
        self.fields["judgement"].queryset = ScaleLevel.objects.filter(
            scale__template=template
        ).order_by("rank")
        self.fields["theme"].queryset = board.themes.offered()


class YearScheduleForm(GovukForm):
    """Schedule a return for a financial year: which return, which year, how often, due when."""

    template = forms.ModelChoiceField(
        label="Return",
        queryset=FrameworkTemplate.objects.none(),
        error_messages={"required": "Choose the return to ask for"},
    )
    subject = forms.ModelChoiceField(
        label="Which report",
        queryset=TemplateSubject.objects.none(),
        required=False,
        help_text="For annual reports: the subject of the report",
    )
    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        choices=[],
        error_messages={"required": "Choose the financial year"},
    )
    how_often = forms.ChoiceField(
        label="How often",
        widget=forms.RadioSelect,
        choices=[
            ("quarter", "Each quarter: four returns, April to June first"),
            ("year", "Once, for the whole year"),
        ],
        initial="quarter",
        error_messages={"required": "Choose how often the return is asked for"},
    )
    days_after = forms.IntegerField(
        label="Due how many days after each period ends",
        min_value=0,
        max_value=365,
        initial=31,
        help_text="You can change each due date on the next page",
        error_messages={
            "required": "Enter how many days after each period ends the return is due",
            "invalid": "Enter a whole number of days, like 31",
            "min_value": "The number of days cannot be negative",
            "max_value": "The return must be due within a year of its period ending",
        },
    )

    def __init__(self, *args, board: Board, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        templates = templates_for_board(board)
        self.fields["template"].queryset = templates
        self.fields["subject"].queryset = TemplateSubject.objects.filter(
            template__in=templates
        ).select_related("template")
        self.fields["year"].choices = [
            (y, f"{y}-{(y + 1) % 100:02d}") for y in (this_year - 1, this_year, this_year + 1)
        ]
        self.fields["year"].initial = this_year

    def clean(self):
        data = super().clean()
        template, subject = data.get("template"), data.get("subject")
        if template and subject and subject.template_id != template.pk:
            self.add_error("subject", f"{subject} is not one of the reports for {template.title}")
        if template and not subject and template.subjects.exists():
            self.add_error("subject", f"Choose which report: {template.title} covers several")
        return data


def _date_initial(day):
    """A date to show in the date widget. The browser's date picker (`input_type` "date")
    takes only ISO dates, and Django renders a date in the en-GB input format (31/07/2027),
    which the picker shows as empty; a GOV.UK date input (day, month, year) takes the date."""
    return day.isoformat() if getattr(DateInput, "input_type", "") == "date" else day


class YearDatesForm(GovukForm):
    """The due date of each planned period, and the agencies to ask, checked before asking."""

    agencies = forms.ModelMultipleChoiceField(
        label="Agencies to ask",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Ticked: the agencies this return applies to",
        error_messages={"required": "Choose at least one agency"},
    )

    def __init__(self, *args, board: Board, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = periods
        self.fields["agencies"].queryset = Agency.objects.filter(memberships__board=board).order_by(
            "name"
        )
        for period in periods:
            span = f"{period.start:%-d %B %Y} to {period.end:%-d %B %Y}"
            self.fields[f"due_{period.key}"] = forms.DateField(
                label=f"{period.label} ({span}): due by",
                widget=DateInput,
                initial=_date_initial(period.due),
                error_messages={
                    "required": f"Enter the date the {period.label} return is due",
                    "invalid": f"Enter the date the {period.label} return is due as a real date",
                },
            )
        self.style_fields()

    def clean(self):
        data = super().clean()
        for period in self.periods:
            due = data.get(f"due_{period.key}")
            if due and due < period.start:
                self.add_error(
                    f"due_{period.key}",
                    f"The {period.label} return cannot be due before its period starts",
                )
        return data

    def planned(self):
        """The periods with the due dates as confirmed."""
        return [replace(p, due=self.cleaned_data[f"due_{p.key}"]) for p in self.periods]
