from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission
from scrutiny.access.views import board_view, current_board
from scrutiny.access.windows import shared_or_404, window_open
from scrutiny.core.concurrency import keeping
from scrutiny.core.views import form_page
from scrutiny.findings.source_forms import FindingForm
from scrutiny.tenancy.models import Board

from . import services
from .access import scrutineer_view
from .forms import (
    ActivityForm,
    PlanForm,
    ScrutineerChallengeForm,
    ShareForm,
    StatementForm,
)
from .models import ScrutinyPlan, Statement, StatementStatus


def _plan(board: Board, plan_id: int) -> ScrutinyPlan:
    return get_object_or_404(
        ScrutinyPlan.objects.select_related("scrutineer", "board"), pk=plan_id, board=board
    )


# The partnership's pages


@board_view(Permission.SCRUTINY_PLAN_MANAGE)
def plan_list(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    return render(
        request,
        "scrutineer/plan_list.html",
        {"board": board, "plans": board.scrutiny_plans.select_related("scrutineer")},
    )


@board_view(Permission.SCRUTINY_PLAN_MANAGE)
def plan_add(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = PlanForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.created_by = request.user
        plan.save()
        messages.success(request, "The scrutiny plan has been set up: now add what it covers.")
        return redirect(plan)
    return form_page(
        request,
        form,
        heading="Set up an independent scrutiny plan",
        cancel=reverse("scrutineer:plan_list", args=[board.slug]),
    )


@board_view(Permission.SCRUTINY_PLAN_MANAGE)
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    board = current_board(request)
    plan = _plan(board, plan_id)
    form = PlanForm(request.POST or None, instance=plan, board=board)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The scrutiny plan has been saved.")
        return redirect(plan)
    return form_page(
        request,
        form,
        heading="Edit the scrutiny plan",
        caption=str(plan),
        cancel=plan.get_absolute_url(),
    )


@board_view(Permission.SCRUTINY_PLAN_MANAGE)
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    board = current_board(request)
    plan = _plan(board, plan_id)
    which = request.POST.get("form") if request.method == "POST" else None
    share_form = ShareForm(
        request.POST if which == "share" else None,
        plan=plan,
        initial={"records": [r.key for r in plan.shared.all()]},
    )
    if which == "share" and share_form.is_valid():
        services.share(plan, share_form.cleaned_data["records"], request.user)
        messages.success(request, "What is shared with the scrutineer has been saved.")
        return redirect(plan)
    if which == "close":
        services.close(plan)
        messages.success(request, "The scrutineer can no longer read what was shared.")
        return redirect(plan)
    return render(
        request,
        "scrutineer/plan_detail.html",
        {
            "board": board,
            "plan": plan,
            "open": window_open(plan),
            "activities": plan.activities.all(),
            "shared": services.shared_records(plan),
            "share_form": share_form,
            "findings": services.plan_findings(plan),
            "challenges": services.plan_challenges(plan),
            "statement": Statement.objects.filter(plan=plan).first(),
        },
    )


@board_view(Permission.SCRUTINY_PLAN_MANAGE)
def activity_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(current_board(request), plan_id)
    form = ActivityForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The activity has been added to the plan.")
        return redirect(plan)
    return form_page(
        request, form, heading="Add to the plan", caption=str(plan), cancel=plan.get_absolute_url()
    )


@board_view(Permission.SCRUTINY_PLAN_MANAGE)
def activity_edit(request: HttpRequest, plan_id: int, planned_id: int) -> HttpResponse:
    plan = _plan(current_board(request), plan_id)
    activity = get_object_or_404(plan.activities, pk=planned_id)
    form = ActivityForm(request.POST or None, instance=activity, plan=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The activity has been saved.")
        return redirect(plan)
    return form_page(
        request,
        form,
        heading="Edit the activity",
        caption=str(plan),
        cancel=plan.get_absolute_url(),
    )


# The independent scrutineer's pages


@board_view(Permission.SCRUTINY_CONDUCT)
def my_plans(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    plans = services.plans_of(request.user, board)
    rows = [(p, window_open(p)) for p in plans]
    return render(request, "scrutineer/my_plans.html", {"board": board, "rows": rows})


@scrutineer_view
def review(request: HttpRequest, plan: ScrutinyPlan) -> HttpResponse:
    return render(
        request,
        "scrutineer/review.html",
        {
            "board": plan.board,
            "plan": plan,
            "activities": plan.activities.all(),
            "shared": services.shared_records(plan),
            "findings": services.plan_findings(plan),
            "challenges": services.plan_challenges(plan),
            "statement": Statement.objects.filter(plan=plan).first(),
            "finding_form": FindingForm(prefix="finding", board=plan.board),
        },
    )


@scrutineer_view
def shared(request: HttpRequest, plan: ScrutinyPlan, shared_id: int) -> HttpResponse:
    record = shared_or_404(
        services.shared_records(plan), shared_id, "This was not shared with the scrutineer"
    )
    return render(
        request, "scrutineer/shared.html", {"board": plan.board, "plan": plan, "record": record}
    )


def _scrutineer_form(request: HttpRequest, plan: ScrutinyPlan, form, heading: str) -> HttpResponse:
    return form_page(
        request, form, heading=heading, caption=str(plan), cancel=plan.get_scrutineer_url()
    )


@require_POST
@scrutineer_view
def finding(request: HttpRequest, plan: ScrutinyPlan) -> HttpResponse:
    form = FindingForm(request.POST, prefix="finding", board=plan.board)
    if form.is_valid():
        services.record_scrutiny_finding(
            plan,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            theme=form.cleaned_data["theme"],
            user=request.user,
        )
        messages.success(request, "The finding has been recorded in the board's findings.")
        return redirect(plan.get_scrutineer_url())
    return _scrutineer_form(request, plan, form, "Record a finding")


@scrutineer_view
def challenge(request: HttpRequest, plan: ScrutinyPlan) -> HttpResponse:
    form = ScrutineerChallengeForm(request.POST or None, board=plan.board)
    if request.method == "POST" and form.is_valid():
        raised = services.raise_challenge(plan, form.save(commit=False), request.user)
        messages.success(request, f"The challenge to {raised.to_agency} is in the challenge log.")
        return redirect(plan.get_scrutineer_url())
    return _scrutineer_form(request, plan, form, "Raise a challenge")


@scrutineer_view
def statement(request: HttpRequest, plan: ScrutinyPlan) -> HttpResponse:
    current = Statement.objects.filter(plan=plan).first()
    initial = (
        {"text": current.text, "status": current.status}
        if current
        else {"status": StatementStatus.DRAFT}
    )
    form = StatementForm(
        request.POST or None, initial=initial, record=current or Statement(plan=plan)
    )
    if request.method == "POST" and form.is_valid():
        with keeping(form), transaction.atomic():
            services.save_statement(
                plan,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                user=request.user,
                revision=form.loaded_revision if current else -1,
            )
        messages.success(request, "Your statement has been saved.")
        return redirect(plan.get_scrutineer_url())
    return _scrutineer_form(request, plan, form, "Your statement for the yearly report")
