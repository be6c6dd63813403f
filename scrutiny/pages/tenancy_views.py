import mimetypes

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST

from scrutiny.access.permissions import Permission, grants_key, has_permission
from scrutiny.access.views import board_view, current_board, get_board_agency, region_view
from scrutiny.audit.versions import kept_drawing, kept_in_regions
from scrutiny.people.models import Role, RoleAssignment
from scrutiny.tenancy import forms
from scrutiny.tenancy.models import Agency, Board, BoardAgency, Region

from . import region_rows

# Part of the kept region home's and board agencies' keys: change it when their drawing
# changes.
REGION_HOME_FORMAT = "1"


@board_view(Permission.AGENCIES_VIEW)
def board_agencies(request: HttpRequest) -> HttpResponse:
    board = current_board(request)

    def content() -> dict:
        memberships = (
            board.memberships.select_related("agency")
            .annotate(boards_served=Count("agency__memberships"))
            .order_by("agency__name")
        )
        return {
            "memberships": memberships,
            "can_manage": has_permission(request.user, Permission.AGENCIES_MANAGE, board=board),
        }

    body = kept_drawing(
        request,
        f"tenancy:board_agencies:{REGION_HOME_FORMAT}",
        "tenancy/_board_agencies_body.html",
        content,
    )
    return render(request, "tenancy/board_agencies.html", {"board": board, "body": body})


@board_view(Permission.AGENCIES_VIEW)
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    board = current_board(request)
    agency = get_board_agency(request, agency_id, Permission.AGENCIES_VIEW)
    membership = get_object_or_404(BoardAgency, board=board, agency=agency)
    leads = RoleAssignment.objects.filter(
        board=board, agency=agency, role=Role.AGENCY_LEAD
    ).select_related("user")
    return render(
        request,
        "tenancy/agency_detail.html",
        {
            "board": board,
            "agency": agency,
            "membership": membership,
            "boards_served": agency.boards.order_by("name"),
            "leads": leads,
            "can_edit": has_permission(
                request.user, Permission.AGENCY_EDIT, board=board, agency=agency
            ),
            "can_manage": has_permission(request.user, Permission.AGENCIES_MANAGE, board=board),
        },
    )


@board_view(Permission.AGENCY_EDIT)
def agency_edit(request: HttpRequest, agency_id: int) -> HttpResponse:
    board = current_board(request)
    agency = get_board_agency(request, agency_id, Permission.AGENCY_EDIT)
    form = forms.AgencyProfileForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{agency} has been updated.")
        return redirect("tenancy:agency_detail", board.slug, agency.pk)
    return render(
        request, "tenancy/agency_edit.html", {"board": board, "agency": agency, "form": form}
    )


@board_view(Permission.AGENCIES_MANAGE)
def add_agency_to_board(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = forms.AddAgencyToBoardForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data["agency"]
        BoardAgency.objects.create(
            board=board, agency=agency, statutory_partner=form.cleaned_data["statutory_partner"]
        )
        messages.success(request, f"{agency} now serves {board.short_name}.")
        return redirect("tenancy:board_agencies", board.slug)
    return render(request, "tenancy/add_agency_to_board.html", {"board": board, "form": form})


@board_view(Permission.AGENCIES_MANAGE)
@require_POST
def remove_agency_from_board(request: HttpRequest, agency_id: int) -> HttpResponse:
    board = current_board(request)
    membership = get_object_or_404(BoardAgency, board=board, agency_id=agency_id)
    leads = RoleAssignment.objects.filter(board=board, agency_id=agency_id)
    if leads.exists():
        messages.error(
            request,
            f"{membership.agency} still has agency leads on this board. Remove their roles first.",
        )
        return redirect("tenancy:agency_detail", board.slug, agency_id)
    membership.delete()
    messages.success(request, f"{membership.agency} no longer serves {board.short_name}.")
    return redirect("tenancy:board_agencies", board.slug)


@region_view(Permission.REGION_MANAGE)
def region_home(request: HttpRequest) -> HttpResponse:
    region: Region = request.region  # type: ignore[attr-defined]

    def drawn() -> tuple[SafeString, SafeString]:
        boards = region.boards.annotate(agency_count=Count("memberships", distinct=True)).order_by(
            "name"
        )
        agencies = region.agencies.prefetch_related(
            Prefetch("boards", queryset=Board.objects.order_by("short_name"))
        ).order_by("name")
        return (region_rows.board_rows(boards), region_rows.agency_rows(region, agencies))

    # The region's boards and agencies, drawn, kept until anything in the region changes.
    board_rows, agency_rows = kept_in_regions(
        [region.pk],
        f"tenancy:region_home:{REGION_HOME_FORMAT}:{region.pk}",
        drawn,
        vary=[grants_key(request.user)],
    )
    return render(
        request,
        "tenancy/region_home.html",
        {"region": region, "board_rows": board_rows, "agency_rows": agency_rows},
    )


@region_view(Permission.REGION_MANAGE)
def region_agency_form(request: HttpRequest, agency_id: int | None = None) -> HttpResponse:
    region: Region = request.region  # type: ignore[attr-defined]
    agency = get_object_or_404(Agency, pk=agency_id, region=region) if agency_id else None
    form = forms.AgencyForm(request.POST or None, instance=agency, region=region)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved} has been {'updated' if agency else 'added'}.")
        return redirect("tenancy:region_home", region.slug)
    return render(
        request,
        "tenancy/region_agency_form.html",
        {"region": region, "agency": agency, "form": form},
    )


@region_view(Permission.REGION_MANAGE)
def region_board_create(request: HttpRequest) -> HttpResponse:
    region: Region = request.region  # type: ignore[attr-defined]
    form = forms.BoardForm(request.POST or None, instance=Board(region=region))
    if request.method == "POST" and form.is_valid():
        board = form.save()
        messages.success(request, f"{board} has been added.")
        return redirect("tenancy:region_home", region.slug)
    return render(request, "tenancy/region_board_form.html", {"region": region, "form": form})


# The images a board's logo may be (the settings page accepts only these).
LOGO_TYPES = {"image/png", "image/jpeg"}


@require_GET
def board_logo(request: HttpRequest, board_slug: str) -> FileResponse:
    """Public: the board's logo, for its public forms (a child is not signed in). The only
    file served without signing in, and only this one: the address names a board, never a
    file, so it cannot reach any other upload."""
    board = get_object_or_404(Board, slug=board_slug)
    kind = mimetypes.guess_type(board.logo.name)[0] if board.logo else None
    if kind not in LOGO_TYPES:
        raise Http404("This board has no logo")
    response = FileResponse(board.logo.open("rb"), content_type=kind)
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
