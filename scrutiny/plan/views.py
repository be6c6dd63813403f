from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.actions.forms import MeasureForm as ImpactMeasureForm
from scrutiny.actions.models import ActionSource
from scrutiny.actions.services import raise_action
from scrutiny.audit.versions import kept_drawing
from scrutiny.core.views import form_page
from scrutiny.library.models import OBAQuestion
from scrutiny.tenancy.models import Board

from .forms import MeasureForm, MilestoneForm, ObjectiveForm, PlanActionForm, PriorityForm, RiskForm
from .golden_thread import LinkedFinding, board_progress, priority_findings, thread_for
from .links import priority_links, private_sources
from .models import (
    PRIORITY_WARNING_ABOVE,
    Measure,
    Milestone,
    Objective,
    Priority,
    Risk,
)


def _can_manage(request: HttpRequest, board: Board) -> bool:
    return has_permission(request.user, Permission.PLAN_MANAGE, board=board)


# Part of the kept plan and risk register's keys: change it when their drawing changes.
PLAN_FORMAT = "1"


@board_view(Permission.BOARD_VIEW)
def plan(request: HttpRequest) -> HttpResponse:
    board = current_board(request)

    def content() -> dict:
        priorities = list(
            board.priorities.select_related("lead").annotate(objective_count=Count("objectives"))
        )
        return {
            "priorities": priorities,
            "progress": board_progress(priorities, timezone.localdate()),
            "too_many": len(priorities) > PRIORITY_WARNING_ABOVE,
            "warning_above": PRIORITY_WARNING_ABOVE,
            "can_manage": _can_manage(request, board),
        }

    body = kept_drawing(request, f"plan:plan:{PLAN_FORMAT}", "plan/_plan_body.html", content)
    return render(request, "plan/plan.html", {"board": board, "body": body})


@board_view(Permission.PLAN_MANAGE)
def priority_form(request: HttpRequest, priority_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    priority = get_object_or_404(Priority, pk=priority_id, board=board) if priority_id else None
    form = PriorityForm(request.POST or None, instance=priority, board=board)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        count = board.priorities.count()
        messages.success(request, f"“{saved}” has been saved.")
        if count > PRIORITY_WARNING_ABOVE:
            messages.warning(
                request,
                f"The board now has {count} priorities. Boards do best with a few: consider "
                f"keeping to {PRIORITY_WARNING_ABOVE} or fewer.",
            )
        return redirect(saved)
    return form_page(
        request,
        form,
        heading="Edit the priority" if priority else "Add a priority",
        cancel=reverse("plan:plan", args=[board.slug]),
    )


@board_view(Permission.BOARD_VIEW)
def priority(request: HttpRequest, priority_id: int) -> HttpResponse:
    """The golden thread: everything linked to one priority, on one page."""
    board = current_board(request)
    item = get_object_or_404(Priority.objects.select_related("lead"), pk=priority_id, board=board)
    today = timezone.localdate()
    measures = list(item.measures.all())
    return render(
        request,
        "plan/priority.html",
        {
            "board": board,
            "priority": item,
            "thread": thread_for(item, today),
            "today": today,
            "measures_by_category": [
                (label, [m for m in measures if m.category == value])
                for value, label in OBAQuestion.choices
            ],
            "risks": item.risks.select_related("owner"),
            "courses": item.courses.select_related("programme"),
            "engagement": item.engagement.all(),
            "challenges": item.challenges.select_related("to_agency")
            if hasattr(item, "challenges")
            else [],
            "findings": _visible_findings(request, board, priority_findings(item)),
            "can_manage": _can_manage(request, board),
            **priority_links(request, board, item),  # audits the person may open
        },
    )


def _visible_findings(
    request: HttpRequest, board: Board, findings: list[LinkedFinding]
) -> list[LinkedFinding]:
    """Leave out findings of records the person may not open (audits, to an agency lead off
    the audit team): each such source's app says which of its records the person may see."""
    for model, visible_records in private_sources().items():
        source_type = ContentType.objects.get_for_model(model)
        if not any(f.finding.source_type_id == source_type.pk for f in findings):
            continue
        visible = set(visible_records(request, board).values_list("pk", flat=True))
        findings = [
            f
            for f in findings
            if f.finding.source_type_id != source_type.pk or f.finding.source_id in visible
        ]
    return findings


@board_view(Permission.PLAN_MANAGE)
def objective_form(
    request: HttpRequest, priority_id: int, objective_id: int | None = None
) -> HttpResponse:
    board = current_board(request)
    item = get_object_or_404(Priority, pk=priority_id, board=board)
    objective = (
        get_object_or_404(Objective, pk=objective_id, priority=item) if objective_id else None
    )
    form = ObjectiveForm(
        request.POST or None, instance=objective or Objective(priority=item), board=board
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The objective has been saved.")
        return redirect(item)
    return form_page(
        request, form, heading="Objective", cancel=item.get_absolute_url(), caption=item.title
    )


@board_view(Permission.PLAN_MANAGE)
def measure_form(
    request: HttpRequest, priority_id: int, measure_id: int | None = None
) -> HttpResponse:
    board = current_board(request)
    item = get_object_or_404(Priority, pk=priority_id, board=board)
    measure = (
        get_object_or_404(Measure, pk=measure_id, priority=item)
        if measure_id
        else Measure(priority=item)
    )
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The measure has been saved.")
        return redirect(item)
    return form_page(
        request, form, heading="Measure", cancel=item.get_absolute_url(), caption=item.title
    )


@board_view(Permission.PLAN_MANAGE)
def milestone_form(
    request: HttpRequest, objective_id: int, milestone_id: int | None = None
) -> HttpResponse:
    board = current_board(request)
    objective = get_object_or_404(
        Objective.objects.select_related("priority"), pk=objective_id, priority__board=board
    )
    milestone = (
        get_object_or_404(Milestone, pk=milestone_id, objective=objective) if milestone_id else None
    )
    form = MilestoneForm(request.POST or None, instance=milestone, objective=objective)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The milestone has been saved.")
        return redirect(objective.priority)
    return form_page(
        request,
        form,
        heading="Milestone",
        cancel=objective.priority.get_absolute_url(),
        caption=objective.title,
    )


@board_view(Permission.PLAN_MANAGE)
def action_form(request: HttpRequest, objective_id: int) -> HttpResponse:
    board = current_board(request)
    objective = get_object_or_404(
        Objective.objects.select_related("priority"), pk=objective_id, priority__board=board
    )
    form = PlanActionForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        raise_action(
            source=ActionSource.BUSINESS_PLAN,
            source_object=objective,
            source_key=f"action-{timezone.now():%Y%m%d%H%M%S%f}",
            source_label=f"{objective.priority}: {objective}",
            boards=[board],
            agency=data["agency"],
            owner=data["owner"],
            title=data["title"],
            description="",
            due_date=data["due_date"],
            created_by=request.user,  # type: ignore[arg-type]
            expected_impact=data["expected_impact"],
        )
        messages.success(request, f"The action “{data['title']}” has been added to the tracker.")
        return redirect(objective.priority)
    return form_page(
        request,
        form,
        heading="Add an action",
        cancel=objective.priority.get_absolute_url(),
        caption=objective.title,
    )


@board_view(Permission.BOARD_VIEW)
def risks(request: HttpRequest) -> HttpResponse:
    board = current_board(request)

    def content() -> dict:
        return {
            "risks": board.risks.select_related("owner", "priority"),
            "can_manage": _can_manage(request, board),
            "today": timezone.localdate(),
        }

    body = kept_drawing(request, f"plan:risks:{PLAN_FORMAT}", "plan/_risks_body.html", content)
    return render(request, "plan/risks.html", {"board": board, "body": body})


@board_view(Permission.PLAN_MANAGE)
def risk_form(request: HttpRequest, risk_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    risk = get_object_or_404(Risk, pk=risk_id, board=board) if risk_id else None
    form = RiskForm(request.POST or None, instance=risk, board=board)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(
            request, f"“{saved}” has been saved (score {saved.score}, {saved.rating[0].lower()})."
        )
        return redirect("plan:risks", board.slug)
    return form_page(request, form, heading="Risk", cancel=reverse("plan:risks", args=[board.slug]))


@board_view(Permission.PLAN_MANAGE)
def objective_measure(request: HttpRequest, objective_id: int) -> HttpResponse:
    """Name the measure that will show whether the objective was met (`actions.impact`)."""
    board = current_board(request)
    objective = get_object_or_404(
        Objective.objects.select_related("priority"), pk=objective_id, priority__board=board
    )
    form = ImpactMeasureForm.for_subject(request.POST or None, objective, board)
    if request.method == "POST" and form.is_valid() and form.save_measure(request.user):  # type: ignore[arg-type]
        messages.success(request, "The measure has been saved.")
        return redirect(objective.get_board_url(board))
    return render(
        request,
        "actions/measure.html",
        {
            "board": board,
            "subject": objective,
            "caption": "Objective",
            "form": form,
            "back_url": objective.get_board_url(board),
        },
    )
