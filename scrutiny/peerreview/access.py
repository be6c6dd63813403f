"""The one check for peer reviewers, used by every peer view (through `peer_view`).

A peer reviewer has no role on the host board; what they may see comes from the review alone:
they must be on its peer team, the review must be open (between its start and end dates and
not closed), and they must still hold a role on the board they came from. They see only the
self-assessment and the evidence the host shared, read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from scrutiny.access.permissions import can_reach_board

from .models import PeerReview, PeerReviewer

View = Callable[..., HttpResponse]


def peer_reviewer(user: Any, review: PeerReview) -> PeerReviewer | None:
    """The user's place on the review's peer team, or None."""
    if not user.is_authenticated:
        return None
    return (
        PeerReviewer.objects.filter(review=review, user=user).select_related("home_board").first()
    )


def peer_may_see(user: Any, review: PeerReview) -> bool:
    """True when the user is on the peer team, still on their own board, and the review is open."""
    reviewer = peer_reviewer(user, review)
    return (
        reviewer is not None
        and review.is_open_on(timezone.localdate())
        and can_reach_board(user, reviewer.home_board)
    )


def peer_view(view: View) -> View:
    """Resolve the review from the URL and apply `peer_may_see`.

    Someone not on the peer team gets 404 (the review is not revealed); a peer whose access
    has ended (closed, out of dates, or no longer on their board) gets 403.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, review_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        review = get_object_or_404(
            PeerReview.objects.select_related(
                "host_board__region", "assessment__template", "assessment__response"
            ),
            pk=review_id,
        )
        if peer_reviewer(request.user, review) is None:
            raise Http404("No such peer review")
        if not peer_may_see(request.user, review):
            raise PermissionDenied("This peer review is closed to you")
        request.peer_review = review  # type: ignore[attr-defined]
        return view(request, review, *args, **kwargs)

    return wrapper
