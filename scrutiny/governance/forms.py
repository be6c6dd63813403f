from django import forms

from scrutiny.core.forms import DateInput, GovukForm, GovukModelForm
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from .models import AgendaItem, AttendanceStatus, Group, Meeting, Member


class GroupForm(GovukModelForm):
    class Meta:
        model = Group
        fields = ["name", "is_main_board", "terms_of_reference"]
        labels = {"is_main_board": "This is the board itself"}
        error_messages = {"name": {"required": "Enter the group's name"}}

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error(
                None,
                "The board already has a group with that name, or already has its main board group",
            )


class MemberForm(GovukModelForm):
    inducted_on = forms.DateField(label="Induction completed on", widget=DateInput, required=False)
    joined_on = forms.DateField(label="Joined on", widget=DateInput, required=False)

    class Meta:
        model = Member
        fields = ["name", "user", "agency", "role", "joined_on", "inducted_on", "active"]
        labels = {"user": "Scrutiny login (if they have one)"}
        error_messages = {"name": {"required": "Enter the member's name"}}

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.fields["user"].queryset = User.objects.filter(
            role_assignments__board=group.board
        ).distinct()
        self.fields["agency"].queryset = Agency.objects.filter(
            memberships__board=group.board
        ).order_by("name")


class MeetingForm(GovukModelForm):
    held_on = forms.DateField(
        label="Date", widget=DateInput, error_messages={"required": "Enter the date of the meeting"}
    )
    with_standing_item = forms.BooleanField(
        label="Add the standing item on progress against the priorities",
        required=False,
        initial=True,
    )

    class Meta:
        model = Meeting
        fields = ["group", "held_on", "location"]
        error_messages = {"group": {"required": "Choose the board or sub-group"}}

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = board.groups.all()


class AgendaItemForm(GovukModelForm):
    paper_file = forms.FileField(
        label="Paper", required=False, help_text="PDF, Word, Excel or PowerPoint"
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "presenter"]
        error_messages = {"title": {"required": "Enter the agenda item"}}


class MinutesForm(GovukForm):
    minutes = forms.CharField(
        label="Minutes", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    decision = forms.CharField(
        label="Add a decision", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


def attendance_form(members, data=None, initial=None):
    """One status (and substitute's name) per member of the group."""

    class AttendanceForm(GovukForm):
        pass

    form = AttendanceForm(data, initial=initial or {})
    for member in members:
        form.fields[f"status_{member.pk}"] = forms.ChoiceField(
            label=str(member),
            choices=AttendanceStatus.choices,
            widget=forms.RadioSelect,
            error_messages={"required": f"Record whether {member.name} attended"},
        )
        form.fields[f"substitute_{member.pk}"] = forms.CharField(
            label=f"Substitute for {member.name}",
            required=False,
            max_length=150,
        )
    form.style_fields()
    return form
