"""Who may see what of a return. Drafts belong to the agency until they are submitted."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from scrutiny.access.permissions import Permission, agency_ids_led, has_permission
from scrutiny.tenancy.models import Board

from .models import AgencyReturn, ReturnRequest


@dataclass(frozen=True)
class ReturnAccess:
    is_agency: bool  # completes the return and answers challenges
    can_review: bool  # challenges, accepts, sends back
    sees_answers: bool


def visible_requests(request: HttpRequest, board: Board) -> QuerySet[ReturnRequest]:
    """The board's requests the user may list: all, or an agency lead's own agency's."""
    requests = ReturnRequest.objects.of_board(board)
    if has_permission(request.user, Permission.RETURNS_VIEW, board=board):
        return requests
    return requests.filter(agency_return__agency_id__in=agency_ids_led(request.user, board))


def get_return(
    request: HttpRequest, board: Board, return_id: int
) -> tuple[AgencyReturn, ReturnRequest, ReturnAccess]:
    """The return as this board asked for it, with what the user may do; 404 if out of reach."""
    board_request = get_object_or_404(
        visible_requests(request, board).select_related(
            "agency_return__agency",
            "agency_return__template",
            "agency_return__subject",
            "agency_return__response",
        ),
        agency_return_id=return_id,
    )
    agency_return = board_request.agency_return
    is_agency = has_permission(
        request.user, Permission.RETURN_COMPLETE, board=board, agency=agency_return.agency
    )
    can_review = has_permission(request.user, Permission.RETURNS_REVIEW, board=board)
    if not (is_agency or has_permission(request.user, Permission.RETURNS_VIEW, board=board)):
        raise Http404("No such return")
    access = ReturnAccess(
        is_agency=is_agency,
        can_review=can_review,
        sees_answers=is_agency or agency_return.is_submitted,
    )
    return agency_return, board_request, access
