import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, QuerySet, When
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from scrutiny.access.permissions import Permission, agency_ids_led, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.versions import kept_drawing
from scrutiny.core.concurrency import keeping
from scrutiny.core.exporters import Sheet, csv_export, safe_filename, xlsx
from scrutiny.core.lists import export_format, paginate_counted
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from . import impact, services
from .forms import ActionForm, ActionUpdateForm, MeasureForm, SignOffForm
from .models import (
    OPEN_STATUSES,
    WORK_STATUSES,
    Action,
    ActionEvidence,
    ActionSource,
    ActionStatus,
)

PAGE_SIZE = 50


def visible_actions(request: HttpRequest, board: Board) -> QuerySet[Action]:
    """The board's actions the user may see: all of them, or an agency lead's own agency's."""
    actions = Action.objects.filter(boards=board)
    if has_permission(request.user, Permission.ACTIONS_VIEW_ALL, board=board):
        return actions
    return actions.filter(agency_id__in=agency_ids_led(request.user, board))


def _get_action(request: HttpRequest, board: Board, action_id: int) -> Action:
    return get_object_or_404(
        visible_actions(request, board).select_related("agency", "owner"), pk=action_id
    )


# Part of the kept tracker's cache key: change it when how the tracker is drawn changes.
TRACKER_FORMAT = "actions:tracker:1"


@board_view(Permission.ACTIONS_VIEW)
def tracker(request: HttpRequest) -> HttpResponse:
    """Every action the person may see, filtered from the address, open ones first, a page
    at a time (or every match as a file). The page's content is drawn once and kept until
    anything in the region changes (`kept_drawing`), for everyone with the same grants
    (which actions, whether they may add one) asking with the same query (the filter, the
    page and the pages' links); it holds no form but the GET filter, so no CSRF token."""
    board = current_board(request)
    today = timezone.localdate()
    export = export_format(request)
    if export:
        chosen = _chosen_actions(request, board, today)
        return _tracker_export(board, chosen.select_related("agency", "owner"), export)
    content = kept_drawing(
        request,
        TRACKER_FORMAT,
        "actions/_tracker_content.html",
        lambda: _tracker_context(request, board, today),
        vary=[request.GET.urlencode()],
    )
    return render(request, "actions/tracker.html", {"board": board, "content": content})


def _tracker_filters(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "") for k in ("agency", "owner", "source", "status", "overdue")}


def _chosen_actions(request: HttpRequest, board: Board, today: datetime.date) -> QuerySet[Action]:
    """The actions the person may see that the address's filter selects, in the tracker's
    order."""
    actions = visible_actions(request, board)
    filters = _tracker_filters(request)
    if filters["agency"].isdigit():
        actions = actions.filter(agency_id=int(filters["agency"]))
    if filters["owner"].isdigit():
        actions = actions.filter(owner_id=int(filters["owner"]))
    if filters["source"] in ActionSource.values:
        actions = actions.filter(source=filters["source"])
    if filters["status"] == "open":
        actions = actions.open()
    elif filters["status"] == "to_update":  # an agency lead's home page links here
        actions = actions.filter(status__in=WORK_STATUSES)
    elif filters["status"] in ActionStatus.values:
        actions = actions.filter(status=filters["status"])
    if filters["overdue"] == "yes":
        actions = actions.overdue(today)
    open_first = Case(When(status__in=OPEN_STATUSES, then=0), default=1)
    return actions.order_by(open_first, "due_date", "pk")


def _tracker_context(request: HttpRequest, board: Board, today: datetime.date) -> dict[str, Any]:
    """What the tracker's content is drawn with: its filter, the page of actions."""
    # The page and the count in one query (the order reads every match anyway), with only
    # the columns a row shows; the names of agencies and owners from the filters' lists.
    chosen = _chosen_actions(request, board, today).only(*services.TRACKER_ROW_FIELDS)
    page, query = paginate_counted(request, chosen, PAGE_SIZE)
    agencies = list(
        Agency.objects.filter(memberships__board=board).order_by("name").values("pk", "name")
    )
    owners = list(
        User.objects.filter(owned_actions__boards=board)
        .distinct()
        .order_by("full_name")
        .values("pk", "full_name")
    )
    rows = services.tracker_rows(
        page.object_list,
        board,
        today,
        agency_names={a["pk"]: a["name"] for a in agencies},
        owner_names={o["pk"]: o["full_name"] for o in owners},
    )
    return {
        "page": page,
        "rows": rows,
        "filters": _tracker_filters(request),
        "agencies": agencies,
        "owners": owners,
        "sources": ActionSource.choices,
        "statuses": ActionStatus.choices,
        "query": query,
        "can_manage": has_permission(request.user, Permission.ACTIONS_MANAGE, board=board),
    }


def _tracker_export(board: Board, actions, export: str) -> HttpResponse:
    """Every action the tracker's filter selects, as a file."""
    header = ["Action", "Agency", "Owner", "Source", "Due", "Status"]
    rows = [
        [
            a.title,
            a.agency.name if a.agency else "",
            a.owner.full_name if a.owner else "",
            a.get_source_display(),
            a.due_date or "",
            a.get_status_display(),
        ]
        for a in actions
    ]
    sheet = Sheet("Actions", header, rows)
    name = safe_filename(board.short_name, "actions")
    if export == "csv":
        return csv_export(f"{name}.csv", sheet).as_response()
    return xlsx(f"{name}.xlsx", [sheet]).as_response()


def _action_for(
    request: HttpRequest, board: Board, action_id: int, permission: Permission
) -> Action:
    """A visible action the user holds `permission` for (agency leads: their own agency's)."""
    action = _get_action(request, board, action_id)
    if not has_permission(request.user, permission, board=board, agency=action.agency):
        raise PermissionDenied
    return action


def _update_form(action: Action, data=None, files=None) -> ActionUpdateForm:
    initial_status = (
        ActionStatus.COMPLETED
        if action.status == ActionStatus.AWAITING_SIGN_OFF
        else ActionStatus(action.status)
    )
    return ActionUpdateForm(
        data,
        files,
        action=action,
        record=action,
        initial={"status": initial_status, "rag": action.rag_override},
    )


def _detail_page(
    request: HttpRequest, board: Board, action: Action, form: ActionUpdateForm | None
) -> HttpResponse:
    can_update = has_permission(
        request.user, Permission.ACTION_UPDATE, board=board, agency=action.agency
    )
    can_sign_off = action.status == ActionStatus.AWAITING_SIGN_OFF and has_permission(
        request.user, Permission.ACTIONS_MANAGE, board=board
    )
    measure = impact.measure_for(action, board)
    return render(
        request,
        "actions/detail.html",
        {
            "board": board,
            "action": action,
            "updates": action.updates.select_related("author"),
            "form": form or (_update_form(action) if can_update else None),
            "can_update": can_update,
            "can_sign_off": can_sign_off,
            "sign_off_form": SignOffForm() if can_sign_off else None,
            "evidence_files": action.evidence_files.select_related("uploaded_by"),
            "overdue": action.is_overdue(timezone.localdate()),
            "rag": action.rag(timezone.localdate()),
            "source_url": _source_url(action, board),
            # Raised from a finding (findings sits beside actions and imports it, so no import
            # back): the page names the finding and links to it on its source's page.
            "finding": action.source_object
            if action.source_type and action.source_type.app_label == "findings"
            else None,
            "change": impact.measured_change(measure) if measure else None,
        },
    )


@board_view(Permission.ACTIONS_VIEW)
@require_safe
def detail(request: HttpRequest, action_id: int) -> HttpResponse:
    board = current_board(request)
    return _detail_page(request, board, _get_action(request, board, action_id), None)


@board_view(Permission.ACTION_UPDATE)
@transaction.non_atomic_requests  # may carry an evidence file, checked before any transaction
def update(request: HttpRequest, action_id: int) -> HttpResponse:
    """Record progress (the form sits on the action's page, which this page shows again)."""
    board = current_board(request)
    action = _action_for(request, board, action_id, Permission.ACTION_UPDATE)
    form = _update_form(action, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with keeping(form):
            recorded = services.report_progress(
                action,
                author=request.user,  # type: ignore[arg-type]
                note=data["note"],
                status=ActionStatus(data["status"]),
                evidence=data["evidence"],
                rag=data["rag"],
                observed_impact=data["observed_impact"],
                upload=data.get("evidence_file"),
                revision=form.loaded_revision,
            )
        if recorded.status == ActionStatus.AWAITING_SIGN_OFF:
            messages.success(request, "Your update has been recorded; a reviewer will sign it off.")
        else:
            messages.success(request, "Your update has been recorded.")
        return redirect("actions:detail", board.slug, action.pk)
    return _detail_page(request, board, action, form)


@board_view(Permission.ACTION_UPDATE)
def measure(request: HttpRequest, action_id: int) -> HttpResponse:
    """Name the measure that will show whether the action worked."""
    board = current_board(request)
    action = _action_for(request, board, action_id, Permission.ACTION_UPDATE)
    form = MeasureForm.for_subject(request.POST or None, action, board)
    if request.method == "POST" and form.is_valid() and form.save_measure(request.user):  # type: ignore[arg-type]
        messages.success(request, "The measure has been saved.")
        return redirect("actions:detail", board.slug, action.pk)
    return render(
        request,
        "actions/measure.html",
        {
            "board": board,
            "subject": action,
            "caption": "Action",
            "form": form,
            "back_url": reverse("actions:detail", args=[board.slug, action.pk]),
        },
    )


@board_view(Permission.ACTIONS_MANAGE)
@require_POST
def sign_off(request: HttpRequest, action_id: int) -> HttpResponse:
    board = current_board(request)
    action = _get_action(request, board, action_id)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("actions:detail", board.slug, action.pk)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.sign_off(
            action,
            reviewer=request.user,  # type: ignore[arg-type]
            accept=accept,
            note=form.cleaned_data["note"],
        )
    except services.SignOffRefused as exc:
        messages.error(request, str(exc))
    else:
        done = "The action is signed off and closed." if accept else "Sent back to the agency."
        messages.success(request, done)
    return redirect("actions:detail", board.slug, action.pk)


@board_view(Permission.ACTIONS_VIEW)
def download_evidence(request: HttpRequest, action_id: int, evidence_id: int) -> HttpResponse:
    board = current_board(request)
    action = _get_action(request, board, action_id)
    evidence = get_object_or_404(ActionEvidence, pk=evidence_id, action=action)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


def _source_url(action: Action, board: Board) -> str | None:
    get_url = getattr(action.source_object, "get_board_url", None)
    return get_url(board) if get_url else None


@board_view(Permission.ACTIONS_MANAGE)
def create(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = ActionForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = services.create_action(
            board,
            title=data["title"],
            description=data["description"],
            expected_impact=data["expected_impact"],
            agency=data["agency"],
            owner=data["owner"],
            due_date=data["due_date"],
            created_by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, f"Action “{action}” has been added.")
        return redirect("actions:detail", board.slug, action.pk)
    return render(request, "actions/create.html", {"board": board, "form": form})


def overdue_count(board: Board, today: datetime.date | None = None) -> int:
    return Action.objects.filter(boards=board).overdue(today or timezone.localdate()).count()
