from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.versions import kept_drawing
from scrutiny.core.uploads import EvidenceRejected
from scrutiny.core.views import form_page
from scrutiny.tenancy.models import Board

from . import home, services
from .attendance import CONSECUTIVE_MISSES_FLAG, group_attendance
from .compliance import LAY_MEMBERS_EXPECTED, board_compliance
from .forms import AgendaItemForm, GroupForm, MeetingForm, MemberForm, MinutesForm, attendance_form
from .models import AgendaItem, Group, Meeting, Member
from .rows import meeting_rows

# Part of the kept meetings and compliance pages' keys: change it when their drawing changes.
MEETINGS_FORMAT = "1"


def _can_manage(request: HttpRequest, board: Board) -> bool:
    return has_permission(request.user, Permission.GOVERNANCE_MANAGE, board=board)


@board_view(Permission.BOARD_VIEW)
def meetings(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    upcoming_only = request.GET.get("when") == "upcoming"  # the home page's count links here

    def content() -> dict:
        meetings = (
            home.upcoming(board, timezone.localdate()).order_by("held_on")
            if upcoming_only
            else Meeting.objects.filter(group__board=board)
        ).select_related("group")
        groups = list(board.groups.select_related("board"))
        return {
            "groups": groups,
            "meeting_rows": meeting_rows(board, meetings[:50]),
            "upcoming_only": upcoming_only,
            "compliance": board_compliance(board, groups),
            "can_manage": _can_manage(request, board),
        }

    body = kept_drawing(
        request,
        f"governance:meetings:{MEETINGS_FORMAT}",
        "governance/_meetings_body.html",
        content,
        vary=[upcoming_only],
    )
    return render(request, "governance/meetings.html", {"board": board, "body": body})


@board_view(Permission.GOVERNANCE_MANAGE)
def group_form(request: HttpRequest, group_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    group = get_object_or_404(Group, pk=group_id, board=board) if group_id else None
    form = GroupForm(request.POST or None, instance=group, board=board)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved} has been saved.")
        return redirect(saved)
    return form_page(
        request,
        form,
        heading="Board or sub-group",
        cancel=reverse("governance:meetings", args=[board.slug]),
    )


@board_view(Permission.BOARD_VIEW)
def group(request: HttpRequest, group_id: int) -> HttpResponse:
    board = current_board(request)
    item = get_object_or_404(Group, pk=group_id, board=board)
    return render(
        request,
        "governance/group.html",
        {
            "board": board,
            "group": item,
            "attendance": group_attendance(item),
            "flag_after": CONSECUTIVE_MISSES_FLAG,
            "meetings": item.meetings.all()[:12],
            "can_manage": _can_manage(request, board),
        },
    )


@board_view(Permission.GOVERNANCE_MANAGE)
def member_form(request: HttpRequest, group_id: int, member_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    item = get_object_or_404(Group, pk=group_id, board=board)
    member = get_object_or_404(Member, pk=member_id, group=item) if member_id else None
    form = MemberForm(request.POST or None, instance=member, group=item)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.name} has been saved as a member of {item}.")
        return redirect(item)
    return form_page(
        request, form, heading="Member", cancel=item.get_absolute_url(), caption=item.name
    )


@board_view(Permission.GOVERNANCE_MANAGE)
def meeting_add(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = MeetingForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        meeting = services.add_meeting(
            form.save(commit=False), with_standing_item=form.cleaned_data["with_standing_item"]
        )
        messages.success(
            request, f"The meeting of {meeting.group} on {meeting.held_on:%d %B} has been added."
        )
        return redirect(meeting)
    return form_page(
        request,
        form,
        heading="Add a meeting",
        cancel=reverse("governance:meetings", args=[board.slug]),
    )


@board_view(Permission.BOARD_VIEW, writes=Permission.GOVERNANCE_MANAGE)
@transaction.non_atomic_requests  # a paper is checked before each branch's own transaction
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    board = current_board(request)
    item = get_object_or_404(
        Meeting.objects.select_related("group"), pk=meeting_id, group__board=board
    )
    can_manage = _can_manage(request, board)
    members = list(item.group.members.filter(active=True).select_related("agency"))
    recorded = {a.member_id: a for a in item.attendance.all()}
    initial = {}
    for member_id, a in recorded.items():
        initial[f"status_{member_id}"] = a.status
        initial[f"substitute_{member_id}"] = a.substitute_name
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if posted else None
    attendance = attendance_form(members, posted if which == "attendance" else None, initial)
    agenda_form = AgendaItemForm(
        posted if which == "agenda" else None, request.FILES if which == "agenda" else None
    )
    minutes_form = MinutesForm(
        posted if which == "minutes" else None, initial={"minutes": item.minutes}, record=item
    )
    if which == "attendance" and attendance.is_valid():
        services.record_attendance(item, members, attendance.cleaned_data)
        messages.success(request, "Attendance has been recorded.")
        return redirect(item)
    if which == "agenda" and agenda_form.is_valid():
        try:
            added = services.add_agenda_item(
                item, agenda_form.save(commit=False), agenda_form.cleaned_data.get("paper_file")
            )
        except EvidenceRejected as exc:
            agenda_form.add_error("paper_file", str(exc))
        else:
            messages.success(request, f"“{added.title}” has been added to the agenda.")
            return redirect(item)
    if which == "minutes" and minutes_form.is_valid():
        services.save_minutes(
            item,
            minutes=minutes_form.cleaned_data["minutes"],
            decision=minutes_form.cleaned_data["decision"],
            loaded_revision=minutes_form.loaded_revision,
            form=minutes_form,
        )
        messages.success(request, "The minutes have been saved.")
        return redirect(item)
    agenda = services.agenda_for(item)
    return render(
        request,
        "governance/meeting.html",
        {
            "board": board,
            "meeting": item,
            "agenda": agenda,
            "standing": services.standing_progress(board)
            if any(a.is_standing_progress_item for a in agenda)
            else None,
            "decisions": item.decisions.all(),
            "members": members,
            "recorded": recorded,
            "attendance_form": attendance,
            "attendance_rows": [
                (m, attendance[f"status_{m.pk}"], attendance[f"substitute_{m.pk}"]) for m in members
            ],
            "agenda_form": agenda_form,
            "minutes_form": minutes_form,
            "can_manage": can_manage,
        },
    )


@board_view(Permission.BOARD_VIEW)
def paper(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    board = current_board(request)
    agenda_item = get_object_or_404(
        AgendaItem, pk=item_id, meeting_id=meeting_id, meeting__group__board=board
    )
    if not agenda_item.paper:
        raise Http404("No paper")
    return FileResponse(
        agenda_item.paper.open("rb"), as_attachment=True, filename=agenda_item.paper_name
    )


@board_view(Permission.BOARD_VIEW)
def compliance(request: HttpRequest) -> HttpResponse:
    board = current_board(request)

    def content() -> dict:
        return {"compliance": board_compliance(board), "lay_expected": LAY_MEMBERS_EXPECTED}

    body = kept_drawing(
        request,
        f"governance:compliance:{MEETINGS_FORMAT}",
        "governance/_compliance_body.html",
        content,
    )
    return render(request, "governance/compliance.html", {"board": board, "body": body})
