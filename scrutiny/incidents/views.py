from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission, agency_ids_led, has_permission
from scrutiny.access.views import board_view, current_board, get_board_agency
from scrutiny.audit.versions import kept_drawing
from scrutiny.core.views import form_page
from scrutiny.questionnaires.forms import answered_sections

from . import services
from .clocks import RAG_WORDS, clock_row
from .forms import (
    ContributionForm,
    IncidentForm,
    LocalReviewForm,
    RapidReviewAnswersForm,
    RapidReviewForm,
    RequestForm,
)
from .home import STATES
from .models import ContributionRequest, LocalReview, SeriousIncident


def _can_manage(request: HttpRequest) -> bool:
    return has_permission(request.user, Permission.INCIDENTS_MANAGE, board=current_board(request))


def _incident(request: HttpRequest, incident_id: int) -> SeriousIncident:
    return get_object_or_404(
        current_board(request).serious_incidents.select_related("rapid_review"), pk=incident_id
    )


def _clock_rows(clocks, today):
    return [clock_row(c, today) for c in clocks]


# Part of the kept register's and clocks page's keys: change it when their drawing changes.
PAGES_FORMAT = "1"


@board_view(Permission.INCIDENTS_VIEW)
def register(request: HttpRequest) -> HttpResponse:
    board = current_board(request)

    def content() -> dict:
        return {
            "incidents": board.serious_incidents.select_related("rapid_review"),
            "local_reviews": board.local_reviews.select_related("review", "incident"),
            "can_manage": _can_manage(request),
        }

    body = kept_drawing(
        request, f"incidents:register:{PAGES_FORMAT}", "incidents/_register_body.html", content
    )
    return render(request, "incidents/register.html", {"board": board, "body": body})


@board_view(Permission.INCIDENTS_VIEW)
def clocks(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    rag = STATES.get(request.GET.get("state", ""))

    def content() -> dict:
        today = timezone.localdate()
        clocks = [c for c in services.open_clocks(board) if rag is None or c.rag(today) == rag]
        return {
            "rows": _clock_rows(clocks, today),
            "today": today,
            "state_word": RAG_WORDS[rag] if rag else "",
        }

    body = kept_drawing(
        request,
        f"incidents:clocks:{PAGES_FORMAT}",
        "incidents/_clocks_body.html",
        content,
        vary=[rag],
    )
    return render(request, "incidents/clocks.html", {"board": board, "body": body})


@board_view(Permission.INCIDENTS_MANAGE)
def incident_form(request: HttpRequest, incident_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    incident = _incident(request, incident_id) if incident_id else None
    form = IncidentForm(request.POST or None, instance=incident, board=board)
    if request.method == "POST" and form.is_valid():
        if incident is None:
            incident = services.record_incident(form.save(commit=False))
        else:
            incident = form.save()
        messages.success(request, f"{incident.reference} has been saved.")
        return redirect("incidents:detail", board.slug, incident.pk)
    return form_page(
        request,
        form,
        heading=f"Edit {incident.reference}" if incident else "Record a serious incident",
        cancel=reverse("incidents:detail", args=[board.slug, incident.pk])
        if incident
        else reverse("incidents:register", args=[board.slug]),
    )


@board_view(Permission.INCIDENTS_VIEW)
def detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    board = current_board(request)
    incident = _incident(request, incident_id)
    today = timezone.localdate()
    return render(
        request,
        "incidents/detail.html",
        {
            "board": board,
            "incident": incident,
            "rapid": incident.rapid_review,
            "rows": _clock_rows(services._incident_clocks(board, incident), today),
            "local_reviews": incident.local_reviews.select_related("review"),
            "can_manage": _can_manage(request),
        },
    )


@board_view(Permission.INCIDENTS_VIEW)
def rapid_review(request: HttpRequest, incident_id: int) -> HttpResponse:
    board = current_board(request)
    incident = _incident(request, incident_id)
    rapid = incident.rapid_review
    answers = {a.question_id: a for a in rapid.response.answers.select_related("level")}
    return render(
        request,
        "incidents/rapid_review.html",
        {
            "board": board,
            "incident": incident,
            "rapid": rapid,
            "sections": answered_sections(rapid.response.template, answers),
            "requests": rapid.requests.select_related("agency"),
            "can_manage": _can_manage(request),
            "today": timezone.localdate(),
        },
    )


@board_view(Permission.INCIDENTS_MANAGE)
def rapid_review_edit(request: HttpRequest, incident_id: int) -> HttpResponse:
    board = current_board(request)
    incident = _incident(request, incident_id)
    form = RapidReviewForm(request.POST or None, instance=incident.rapid_review)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"The rapid review of {incident.reference} has been saved.")
        return redirect("incidents:rapid_review", board.slug, incident.pk)
    return form_page(
        request,
        form,
        heading="Meeting, decision and the Panel",
        caption=f"Rapid review of {incident.reference}",
        cancel=reverse("incidents:rapid_review", args=[board.slug, incident.pk]),
    )


@board_view(Permission.INCIDENTS_MANAGE)
def rapid_review_answers(request: HttpRequest, incident_id: int) -> HttpResponse:
    board = current_board(request)
    incident = _incident(request, incident_id)
    rapid = incident.rapid_review
    answers = {a.question_id: a for a in rapid.response.answers.select_related("level")}
    form = RapidReviewAnswersForm(
        request.POST or None,
        template=rapid.response.template,
        answers=answers,
        ask_improvements=False,
        record=rapid,
    )
    if request.method == "POST" and form.is_valid():
        form.save_guarded(rapid, rapid.response)
        messages.success(request, "The rapid review's answers have been saved.")
        return redirect("incidents:rapid_review", board.slug, incident.pk)
    return render(
        request,
        "incidents/answers.html",
        {"board": board, "incident": incident, "rapid": rapid, "form": form},
    )


@board_view(Permission.INCIDENTS_MANAGE)
def request_add(request: HttpRequest, incident_id: int) -> HttpResponse:
    board = current_board(request)
    incident = _incident(request, incident_id)
    form = RequestForm(request.POST or None, rapid_review=incident.rapid_review)
    if request.method == "POST" and form.is_valid():
        req = services.request_contribution(
            incident.rapid_review,
            form.cleaned_data["agency"],
            form.cleaned_data["requested_on"],
            form.cleaned_data["due_on"],
        )
        messages.success(
            request, f"{req.agency} is asked for its information by {req.due_on:%-d %B %Y}."
        )
        return redirect("incidents:rapid_review", board.slug, incident.pk)
    return form_page(
        request,
        form,
        heading="Ask an agency for its information",
        caption=f"Rapid review of {incident.reference}",
        cancel=reverse("incidents:rapid_review", args=[board.slug, incident.pk]),
    )


def _request(request: HttpRequest, request_id: int) -> ContributionRequest:
    return get_object_or_404(
        ContributionRequest.objects.filter(
            rapid_review__incident__board=current_board(request)
        ).select_related("agency", "rapid_review__incident"),
        pk=request_id,
    )


@require_POST
@board_view(Permission.INCIDENTS_MANAGE)
def request_received(request: HttpRequest, request_id: int) -> HttpResponse:
    board = current_board(request)
    req = _request(request, request_id)
    if req.received_on is None:
        req.received_on = timezone.localdate()
        req.save(update_fields=["received_on", "revision"])
        messages.success(request, f"{req.agency}'s information is marked as received.")
    return redirect("incidents:rapid_review", board.slug, req.rapid_review.incident_id)


@board_view(Permission.INCIDENT_CONTRIBUTE)
def contributions(request: HttpRequest) -> HttpResponse:
    """An agency lead's requests: only those to the agencies they lead."""
    board = current_board(request)
    requests = ContributionRequest.objects.filter(
        rapid_review__incident__board=board, agency_id__in=agency_ids_led(request.user, board)
    ).select_related("agency", "rapid_review__incident")
    return render(
        request,
        "incidents/contributions.html",
        {"board": board, "requests": requests, "today": timezone.localdate()},
    )


@board_view(Permission.INCIDENT_CONTRIBUTE)
def contribute(request: HttpRequest, request_id: int) -> HttpResponse:
    board = current_board(request)
    req = _request(request, request_id)
    get_board_agency(request, req.agency_id, Permission.INCIDENT_CONTRIBUTE)
    if req.rapid_review.sent_to_panel_on:
        raise Http404("The rapid review has gone to the Panel")
    form = ContributionForm(request.POST or None, instance=req)
    if request.method == "POST" and form.is_valid():
        req = form.save(commit=False)
        req.received_on = req.received_on or timezone.localdate()
        req.save()
        messages.success(request, "Your agency's contribution has been sent.")
        return redirect("incidents:contributions", board.slug)
    return form_page(
        request,
        form,
        heading=f"Contribution to the rapid review of {req.rapid_review.incident.reference}",
        caption=f"{req.agency}: due by {req.due_on:%-d %B %Y}",
        cancel=reverse("incidents:contributions", args=[board.slug]),
    )


def _local(request: HttpRequest, local_review_id: int) -> LocalReview:
    return get_object_or_404(
        current_board(request).local_reviews.select_related("review", "incident"),
        pk=local_review_id,
    )


@board_view(Permission.INCIDENTS_MANAGE)
def local_review_form(request: HttpRequest, local_review_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    local = _local(request, local_review_id) if local_review_id else None
    incident = None
    if local is None and request.GET.get("incident", "").isdigit():
        incident = _incident(request, int(request.GET["incident"]))
    form = LocalReviewForm(request.POST or None, instance=local, board=board, incident=incident)
    if request.method == "POST" and form.is_valid():
        local = services.save_local_review(
            form.save(commit=False),
            reference=form.cleaned_data.get("reference", ""),
            title=form.cleaned_data.get("title", ""),
        )
        messages.success(request, f"{local} has been saved.")
        return redirect("incidents:local_review", board.slug, local.pk)
    return form_page(
        request,
        form,
        heading=f"Edit {local}" if local else "Start a local child safeguarding practice review",
        caption=f"After {incident.reference}" if incident else "",
        cancel=reverse("incidents:local_review", args=[board.slug, local.pk])
        if local
        else reverse("incidents:register", args=[board.slug]),
    )


@board_view(Permission.INCIDENTS_VIEW)
def local_review(request: HttpRequest, local_review_id: int) -> HttpResponse:
    board = current_board(request)
    local = _local(request, local_review_id)
    today = timezone.localdate()
    return render(
        request,
        "incidents/local_review.html",
        {
            "board": board,
            "local": local,
            "rows": _clock_rows(services._local_review_clocks(board, local), today),
            "recommendations": local.review.recommendations.all(),
            "can_manage": _can_manage(request),
        },
    )
