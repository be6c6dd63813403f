from django import forms
from django.db.models import Q

from scrutiny.core.forms import DateInput, GovukForm, GovukModelForm
from scrutiny.findings.models import FindingKind, Theme
from scrutiny.library.models import FrameworkTemplate, TemplateKind
from scrutiny.people.models import User
from scrutiny.plan.models import Objective
from scrutiny.questionnaires.forms import QuestionnaireForm
from scrutiny.tenancy.models import Agency, Board

from .identifying_text import IdentifyingTextGuard
from .models import Audit, AuditScope, Interview, TeamRole
from .personal_data import reference_problem


def _people(board: Board):
    return User.objects.filter(role_assignments__board=board).distinct().order_by("full_name")


def _agencies(board: Board):
    return Agency.objects.filter(memberships__board=board).order_by("name")


def offered_themes(board: Board, keep: int | None = None):
    """The board's themes not retired (and the one a record already has, even if retired)."""
    return Theme.objects.filter(Q(board=board) & (Q(retired=False) | Q(pk=keep)))


class AuditForm(GovukModelForm):
    class Meta:
        model = Audit
        fields = [
            "title",
            "theme",
            "tool",
            "scope",
            "agency",
            "reported_by_agency",
            "planned_quarter",
            "priority",
            "lead",
            "re_audit_of",
        ]
        labels = {
            "tool": "Audit tool",
            "re_audit_of": "Re-audit of",
            "reported_by_agency": "Run by the agency and reported to the board",
        }
        error_messages = {
            "title": {"required": "Enter the audit's title"},
            "planned_quarter": {"required": "Enter the quarter, for example 2026 Q3"},
        }

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["tool"].queryset = FrameworkTemplate.objects.filter(
            Q(owner_board__isnull=True) | Q(owner_board=board), kind=TemplateKind.AUDIT_TOOL
        )
        self.fields["agency"].queryset = _agencies(board)
        self.fields["priority"].queryset = board.priorities.all()
        self.fields["theme"].queryset = offered_themes(board, self.instance.theme_id)
        self.fields["lead"].queryset = _people(board)
        self.fields["re_audit_of"].queryset = board.audits.all()

    def clean_planned_quarter(self):
        from scrutiny.dataset.periods import BadPeriod, parse_period

        try:
            return parse_period(self.cleaned_data["planned_quarter"], "quarter").label
        except BadPeriod as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        if data.get("scope") == AuditScope.SINGLE_AGENCY and not data.get("agency"):
            self.add_error("agency", "Choose the agency a single-agency audit looks at")
        earlier = data.get("re_audit_of")
        if earlier and data.get("tool") and earlier.tool.code != data["tool"].code:
            self.add_error(
                "re_audit_of", f"{earlier.title} used another tool; a re-audit uses the same one"
            )
        return data


class TeamMemberForm(GovukForm):
    user = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.none(),
        error_messages={"required": "Choose the person"},
    )
    agency = forms.ModelChoiceField(
        label="Agency they audit for", queryset=Agency.objects.none(), required=False
    )
    role = forms.ChoiceField(label="Role", choices=TeamRole.choices)

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _people(board)
        self.fields["agency"].queryset = _agencies(board)


class CaseForm(GovukForm):
    reference = forms.CharField(
        label="Case reference",
        max_length=30,
        help_text="The pseudonymous reference, for example AUD-2026-014. Never a name",
        error_messages={"required": "Enter the case reference"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies involved",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    auditor = forms.ModelChoiceField(
        label="Auditor",
        queryset=User.objects.none(),
        error_messages={"required": "Choose who audits the case"},
    )

    def __init__(self, *args, board: Board, auditors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = _agencies(board)
        self.fields["auditor"].queryset = auditors

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        problem = reference_problem(reference)
        if problem:
            raise forms.ValidationError(problem)
        return reference.upper()


class FindingForm(GovukForm):
    kind = forms.ChoiceField(label="Finding", choices=FindingKind.choices)
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.none(), error_messages={"required": "Choose a theme"}
    )
    text = forms.CharField(
        label="What the audit found",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the finding"},
    )
    action = forms.CharField(
        label="Action to raise (optional)",
        max_length=300,
        required=False,
        help_text="Goes into the board's action tracker",
    )
    action_owner = forms.ModelChoiceField(
        label="Who owns the action", queryset=User.objects.none(), required=False
    )
    action_agency = forms.ModelChoiceField(
        label="Agency responsible", queryset=Agency.objects.none(), required=False
    )
    action_due = forms.DateField(label="Action due by", widget=DateInput, required=False)
    action_objective = forms.ModelChoiceField(
        label="Business plan objective it serves",
        queryset=Objective.objects.none(),
        required=False,
        help_text="The action shows on that priority's golden thread",
    )

    def __init__(self, *args, board: Board, audit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = offered_themes(board)
        self.fields["action_agency"].queryset = _agencies(board)
        self.fields["action_owner"].queryset = _people(board)
        self.fields["action_objective"].queryset = Objective.objects.filter(
            priority__board=board
        ).select_related("priority")
        if audit is not None:
            self.initial.setdefault("theme", audit.theme_id)
            if audit.priority_id:
                first = audit.priority.objectives.order_by("due_date", "pk").first()
                if first:
                    self.initial.setdefault("action_objective", first.pk)

    def clean(self):
        data = super().clean()
        if data.get("action") and not data.get("action_due"):
            self.add_error("action_due", "Give the action a due date")
        if data.get("action") and not data.get("action_owner"):
            self.add_error("action_owner", "Choose who owns the action")
        return data


class InterviewForm(GovukModelForm):
    held_on = forms.DateField(
        label="Held on", widget=DateInput, error_messages={"required": "Enter the date"}
    )

    class Meta:
        model = Interview
        fields = ["kind", "held_on", "participants", "notes"]
        error_messages = {
            "participants": {"required": "Say who took part, by role (no names)"},
            "notes": {"required": "Record what was said"},
        }


class CaseAuditorForm(GovukForm):
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none())
    user = forms.ModelChoiceField(label="Auditor", queryset=User.objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = case.agencies.order_by("name")
        team = [case.audit.lead_id, *case.audit.team.values_list("user_id", flat=True)]
        self.fields["user"].queryset = User.objects.filter(pk__in=team).order_by("full_name")


class CaseAnswersForm(IdentifyingTextGuard, QuestionnaireForm):
    """A case's answers: every free-text answer and comment is guarded field by field."""

    def identifying_field_names(self):
        return [name for name, field in self.fields.items() if type(field) is forms.CharField]
