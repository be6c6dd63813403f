from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission
from scrutiny.access.views import board_view, current_board
from scrutiny.actions.services import raised_actions
from scrutiny.core.views import form_page
from scrutiny.selfassessment import services as sa_services
from scrutiny.tenancy.models import Board

from . import services
from .access import peer_may_see, peer_view
from .forms import (
    ActionForm,
    FindingForm,
    InviteForm,
    RecommendationForm,
    ReviewForm,
    ShareForm,
    SummaryForm,
)
from .models import PeerReview, PeerReviewer

EXPORT_FORMATS = {"pdf", "docx"}


def _review(board: Board, review_id: int) -> PeerReview:
    return get_object_or_404(
        PeerReview.objects.select_related("assessment__template", "host_board"),
        pk=review_id,
        host_board=board,
    )


# The host board


@board_view(Permission.PEER_REVIEW_MANAGE)
def host_list(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    return render(
        request,
        "peerreview/host_list.html",
        {"board": board, "reviews": board.peer_reviews.select_related("assessment__template")},
    )


@board_view(Permission.PEER_REVIEW_MANAGE)
def host_add(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = ReviewForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        review = form.save(commit=False)
        review.host_board = board
        review.created_by = request.user
        review.save()
        messages.success(request, f"“{review.title}” has been set up: now invite the peer team.")
        return redirect(review)
    return form_page(
        request,
        form,
        heading="Set up a peer review",
        cancel=reverse("peerreview:host_list", args=[board.slug]),
    )


@board_view(Permission.PEER_REVIEW_MANAGE)
def host_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    board = current_board(request)
    review = _review(board, review_id)
    which = request.POST.get("form") if request.method == "POST" else None
    invite_form = InviteForm(request.POST if which == "invite" else None)
    share_form = ShareForm(
        request.POST if which == "share" else None,
        review=review,
        initial={"links": list(review.shared.values_list("link_id", flat=True))},
    )
    if which == "invite" and invite_form.is_valid():
        try:
            reviewer = services.invite(review, invite_form.cleaned_data["email"], request.user)
        except services.InviteRefused as exc:
            invite_form.add_error("email", str(exc))
        else:
            messages.success(request, f"{reviewer.user.full_name} is on the peer team.")
            return redirect(review)
    if which == "share" and share_form.is_valid():
        services.share(review, list(share_form.cleaned_data["links"]))
        messages.success(request, "The evidence shared with the peers has been saved.")
        return redirect(review)
    if which == "close":
        services.close(review)
        messages.success(request, "The peer review is closed: the peers can no longer see it.")
        return redirect(review)
    recommendations = list(review.recommendations.select_related("finding"))
    return render(
        request,
        "peerreview/host_detail.html",
        {
            "board": board,
            "review": review,
            "reviewers": review.reviewers.select_related("user", "home_board"),
            "invite_form": invite_form,
            "share_form": share_form,
            "findings": services.peer_findings(review),
            "recommendations": [
                (r, raised_actions(r.finding, board) if r.finding else []) for r in recommendations
            ],
        },
    )


@board_view(Permission.PEER_REVIEW_MANAGE)
def host_action(request: HttpRequest, review_id: int, recommendation_id: int) -> HttpResponse:
    board = current_board(request)
    review = _review(board, review_id)
    recommendation = get_object_or_404(review.recommendations, pk=recommendation_id)
    form = ActionForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        action = services.recommendation_action(
            recommendation,
            owner=form.cleaned_data["owner"],
            due=form.cleaned_data["due_date"],
            user=request.user,
        )
        messages.success(request, f"The recommendation is now an action: “{action.title}”.")
        return redirect(review)
    return form_page(
        request,
        form,
        heading="Make the recommendation an action",
        caption=recommendation.text[:120],
        cancel=review.get_absolute_url(),
    )


def _letter(review: PeerReview, export_format: str) -> HttpResponse:
    if export_format not in EXPORT_FORMATS:
        raise Http404("No such format")
    return services.letter(review, export_format).as_response()


@board_view(Permission.PEER_REVIEW_MANAGE)
def host_letter(request: HttpRequest, review_id: int, export_format: str) -> HttpResponse:
    return _letter(_review(current_board(request), review_id), export_format)


# The peer team


@login_required
def peer_list(request: HttpRequest) -> HttpResponse:
    places = PeerReviewer.objects.filter(user=request.user).select_related(
        "review__host_board", "home_board"
    )
    rows = [(p.review, peer_may_see(request.user, p.review)) for p in places]
    return render(request, "peerreview/peer_list.html", {"rows": rows})


@peer_view
def peer_detail(request: HttpRequest, review: PeerReview) -> HttpResponse:
    assessment = review.assessment
    shared = services.shared_links(review)
    rows = sa_services.criteria_rows(assessment, links=shared)
    return render(
        request,
        "peerreview/peer_detail.html",
        {
            "review": review,
            "assessment": assessment,
            "rows": rows,
            "suggestion": sa_services.suggestion(rows),
            "findings": services.peer_findings(review),
            "recommendations": review.recommendations.all(),
            "finding_form": FindingForm(prefix="finding"),
            "recommendation_form": RecommendationForm(prefix="recommendation"),
        },
    )


@peer_view
def peer_evidence(request: HttpRequest, review: PeerReview, link_id: int) -> HttpResponse:
    link = next((x for x in services.shared_links(review) if x.pk == link_id), None)
    if link is None:
        raise Http404("This evidence was not shared with the peer team")
    return render(request, "peerreview/peer_evidence.html", {"review": review, "link": link})


@require_POST
@peer_view
def peer_finding(request: HttpRequest, review: PeerReview) -> HttpResponse:
    form = FindingForm(request.POST, prefix="finding")
    if form.is_valid():
        services.record_peer_finding(review, user=request.user, **form.cleaned_data)
        messages.success(request, "The finding has been recorded.")
        return redirect("peerreview:peer_detail", review.pk)
    return _peer_form(request, review, form, "Record a finding")


@require_POST
@peer_view
def peer_recommendation(request: HttpRequest, review: PeerReview) -> HttpResponse:
    form = RecommendationForm(request.POST, prefix="recommendation")
    if form.is_valid():
        services.record_recommendation(review, user=request.user, **form.cleaned_data)
        messages.success(request, "The recommendation has been recorded.")
        return redirect("peerreview:peer_detail", review.pk)
    return _peer_form(request, review, form, "Make a recommendation")


def _peer_form(request: HttpRequest, review: PeerReview, form, heading: str) -> HttpResponse:
    # Not core.views.form_page: a peer has no board of the request, only the review.
    return render(
        request,
        "core/form_page.html",
        {
            "board": review.host_board,
            "form": form,
            "heading": heading,
            "caption": review.title,
            "cancel": reverse("peerreview:peer_detail", args=[review.pk]),
        },
    )


@peer_view
def peer_summary(request: HttpRequest, review: PeerReview) -> HttpResponse:
    form = SummaryForm(
        request.POST or None, initial={"letter_summary": review.letter_summary}, record=review
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            review.letter_summary = form.cleaned_data["letter_summary"]
            review.expect_revision(form.loaded_revision, form=form)
            review.save(update_fields=["letter_summary"])
        messages.success(request, "The overall message has been saved.")
        return redirect("peerreview:peer_detail", review.pk)
    return _peer_form(request, review, form, "The peer team's overall message")


@peer_view
def peer_letter(request: HttpRequest, review: PeerReview, export_format: str) -> HttpResponse:
    return _letter(review, export_format)
