from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from scrutiny.access.permissions import Permission, agency_ids_led, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.versions import kept_drawing
from scrutiny.core.concurrency import keeping
from scrutiny.core.exporters import Sheet, safe_filename, xlsx
from scrutiny.findings.services import findings_for
from scrutiny.findings.source_pages import findings_context
from scrutiny.tenancy.models import Board

from . import home, services
from .forms import ChallengeForm, CloseForm, ResponseForm
from .models import Challenge


def visible_challenges(request: HttpRequest, board: Board):
    """The board's challenges: all for board members, an agency lead's own agency's for leads."""
    challenges = Challenge.objects.filter(board=board)
    if has_permission(request.user, Permission.RETURNS_VIEW, board=board):
        return challenges
    led = agency_ids_led(request.user, board)
    return challenges.filter(to_agency_id__in=led) | challenges.filter(from_agency_id__in=led)


# Part of the kept list's key: change it when the list's drawing changes.
LIST_FORMAT = "1"
# The `show` filters the list knows; any other shows every challenge, as "all" does, but
# with no filter marked as the current one.
KNOWN_SHOWS = {"open", "closed", "escalated", "to_answer", "all", *home.SHOWS}


def _shown(request: HttpRequest, board: Board, challenges, show: str, today):
    """The challenges the log's `show` filter picks out of those the person may see."""
    if show == "open":
        return challenges.filter(closed_on__isnull=True)
    if show == "closed":
        return challenges.filter(closed_on__isnull=False)
    if show == "escalated":
        return challenges.filter(escalation_level__gt=0)
    if show == "to_answer":  # an agency lead's home page links here
        return home.to_answer(challenges, agency_ids_led(request.user, board))
    if show in home.SHOWS:  # the home page's counts link here
        return home.shown(challenges, show, today)
    return challenges


@board_view(Permission.BOARD_VIEW)
def challenge_list(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    if request.GET.get("format") == "xlsx":  # the annual report's "challenge successes"
        closed = visible_challenges(request, board).select_related(
            "to_agency", "from_agency", "raised_by"
        )
        return _export(board, closed.filter(closed_on__isnull=False)).as_response()
    show = request.GET.get("show", "open")

    def content() -> dict:
        today = timezone.localdate()
        challenges = visible_challenges(request, board).select_related("to_agency")
        return {
            "challenges": _shown(request, board, challenges, show, today),
            "show": show,
            "today": today,
            "can_raise": has_permission(request.user, Permission.CHALLENGE_RAISE, board=board),
        }

    # What a person sees is decided by their grants alone (`visible_challenges`: board members
    # see all, agency leads their agencies'; "to answer" by the agencies they lead), so the
    # list is kept per grants and filter until anything in the region changes.
    body = kept_drawing(
        request,
        f"challenges:list:{LIST_FORMAT}",
        "challenges/_list_body.html",
        content,
        vary=[show if show in KNOWN_SHOWS else "other"],
    )
    return render(request, "challenges/list.html", {"board": board, "body": body})


def _export(board: Board, closed):
    header = [
        "Raised",
        "By",
        "To",
        "Issue",
        "Evidence",
        "Response",
        "Escalation level",
        "Outcome",
        "Impact",
        "Closed",
    ]
    rows = [
        [
            c.raised_on,
            c.from_agency.name
            if c.from_agency
            else (c.raised_by.full_name if c.raised_by else "The board"),
            c.to_agency.name,
            c.issue,
            c.evidence,
            c.response,
            c.escalation_level,
            c.outcome,
            c.impact,
            c.closed_on,
        ]
        for c in closed.order_by("raised_on")
    ]
    return xlsx(
        f"{safe_filename(board.short_name, 'challenge-log')}.xlsx",
        [Sheet("Challenge successes", header, rows)],
    )


@board_view(Permission.CHALLENGE_RAISE)
def raise_challenge(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    today = timezone.localdate()
    form = ChallengeForm(request.POST or None, board=board, initial={"raised_on": today})
    if request.method == "POST" and form.is_valid():
        challenge = form.save(commit=False)
        challenge.raised_by = request.user
        challenge.save()
        messages.success(request, f"The challenge to {challenge.to_agency} has been logged.")
        return redirect("challenges:detail", board.slug, challenge.pk)
    return render(request, "challenges/raise.html", {"board": board, "form": form})


@board_view(Permission.BOARD_VIEW)
def detail(request: HttpRequest, challenge_id: int) -> HttpResponse:
    board = current_board(request)
    challenge = get_object_or_404(
        visible_challenges(request, board).select_related(
            "to_agency", "from_agency", "raised_by", "responded_by", "priority"
        ),
        pk=challenge_id,
    )
    can_respond = challenge.is_open and (
        has_permission(
            request.user, Permission.CHALLENGE_RESPOND, board=board, agency=challenge.to_agency
        )
        or has_permission(request.user, Permission.CHALLENGE_MANAGE, board=board)
    )
    can_close = challenge.is_open and has_permission(
        request.user, Permission.CHALLENGE_MANAGE, board=board
    )
    response_form = (
        ResponseForm(request.POST or None, record=challenge)
        if "response" in request.POST
        else ResponseForm(record=challenge)
    )
    close_form = (
        CloseForm(request.POST or None, record=challenge, board=board)
        if "outcome" in request.POST
        else CloseForm(record=challenge, board=board)
    )
    if request.method == "POST":
        if "response" in request.POST:
            if not can_respond:
                raise PermissionDenied
            if response_form.is_valid():
                with keeping(response_form):
                    services.respond(
                        challenge,
                        text=response_form.cleaned_data["response"],
                        user=request.user,  # type: ignore[arg-type]
                        revision=response_form.loaded_revision,
                    )
                messages.success(request, "The response has been recorded.")
                return redirect("challenges:detail", board.slug, challenge.pk)
        elif "outcome" in request.POST:
            if not can_close:
                raise PermissionDenied
            if close_form.is_valid():
                with keeping(close_form):
                    services.close(
                        challenge,
                        outcome=close_form.cleaned_data["outcome"],
                        impact=close_form.cleaned_data["impact"],
                        user=request.user,  # type: ignore[arg-type]
                        today=timezone.localdate(),
                        revision=close_form.loaded_revision,
                        finding_kind=close_form.cleaned_data["finding_kind"],
                        theme=close_form.cleaned_data["theme"],
                    )
                messages.success(request, "The challenge has been closed.")
                return redirect("challenges:detail", board.slug, challenge.pk)
        else:
            raise PermissionDenied
    return render(
        request,
        "challenges/detail.html",
        {
            "board": board,
            "c": challenge,
            "escalations": challenge.escalations.all(),
            "overdue": challenge.is_overdue(timezone.localdate()),
            "can_respond": can_respond and not challenge.responded_at,
            "can_close": can_close,
            "response_form": response_form,
            "close_form": close_form,
            **findings_context(request.user, board, findings_for(challenge)),
        },
    )
