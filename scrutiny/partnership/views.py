"""The partnership's pages under /b/<board>/partnership/: every board member reads them; the
chair, business manager and regional admin edit; only a partner's named lead signs for it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.core.exporters import Export, Sheet, csv_export, safe_filename, xlsx
from scrutiny.core.lists import export_format, paginate
from scrutiny.core.uploads import EvidenceRejected
from scrutiny.core.views import form_page
from scrutiny.people.models import Role
from scrutiny.tenancy.models import Board, BoardAgency

from . import services
from .forms import ContributionForm, PartnerForm, RegisterForm, VersionForm
from .framework import lists
from .models import Contribution, DocumentVersion, Partner, RelevantAgency

REGISTER_PAGE_SIZE = 25


def _can_manage(request: HttpRequest, board: Board) -> bool:
    return has_permission(request.user, Permission.PARTNERSHIP_MANAGE, board=board)


@board_view(Permission.BOARD_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    today = services.today()
    year = services.financial_year_of(today)
    board_partners = services.partners(board)
    show = request.GET.get("show", "")
    if show == "no-lead":
        board_partners = [p for p in board_partners if p.lead_id is None]
    return render(
        request,
        "partnership/overview.html",
        {
            "board": board,
            "partners": board_partners,
            "show": show,
            "chairs": board.role_assignments.filter(role=Role.CHAIR).select_related("user"),
            "documents": services.current_documents(board),
            "budget": services.budget(board, year),
            "today": today,
            "can_manage": _can_manage(request, board),
        },
    )


@board_view(Permission.PARTNERSHIP_MANAGE)
def partner_edit(request: HttpRequest, partner_kind: str) -> HttpResponse:
    board = current_board(request)
    kind = partner_kind
    if kind not in dict(lists().partners):
        raise Http404("No such partner")
    partner = Partner.objects.filter(board=board, kind=kind).first() or Partner(
        board=board, kind=kind
    )
    form = PartnerForm(request.POST or None, instance=partner, board=board)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{partner.label}: saved.")
        return redirect("partnership:overview", board.slug)
    return form_page(
        request,
        form,
        heading=f"Safeguarding partner: {partner.label}",
        caption=board.name,
        cancel=reverse("partnership:overview", args=[board.slug]),
    )


# --- the relevant agencies register ------------------------------------------------------


@board_view(Permission.BOARD_VIEW)
def register(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    filters = {
        "setting": request.GET.get("setting", ""),
        "relevant": request.GET.get("relevant", ""),
    }
    rows = services.register_rows(board, **filters)
    today = services.today()
    export = export_format(request)
    if export:
        return _register_export(board, services.register_lines(board, list(rows), today), export)
    page, query = paginate(request, rows, REGISTER_PAGE_SIZE)
    return render(
        request,
        "partnership/register.html",
        {
            "board": board,
            "page": page,
            "query": query,
            "lines": services.register_lines(board, list(page.object_list), today),
            "filters": filters,
            "setting_types": lists().setting_types,
            "setting_labels": dict(lists().setting_types),
            "can_manage": _can_manage(request, board),
        },
    )


def _register_export(board: Board, lines: list[services.RegisterLine], export: str) -> HttpResponse:
    labels = dict(lists().setting_types)
    header = [
        "Agency",
        "Relevant agency",
        "Setting type",
        "DfE URN",
        "Safeguarding audits owed",
        "Scheduled this year",
    ]
    rows = [
        [
            line.membership.agency.name,
            "Yes" if line.entry and line.entry.is_relevant else "No",
            labels.get(line.entry.setting_type, "") if line.entry else "",
            line.entry.urn if line.entry else "",
            "; ".join(title for title, _ in line.audits),
            "; ".join(title for title, scheduled in line.audits if scheduled),
        ]
        for line in lines
    ]
    sheet = Sheet("Relevant agencies", header, rows)
    name = safe_filename(board.short_name, "relevant-agencies")
    if export == "csv":
        return csv_export(f"{name}.csv", sheet).as_response()
    return xlsx(f"{name}.xlsx", [sheet]).as_response()


@board_view(Permission.PARTNERSHIP_MANAGE)
def register_edit(request: HttpRequest, agency_id: int) -> HttpResponse:
    board = current_board(request)
    membership = get_object_or_404(
        BoardAgency.objects.select_related("agency"), board=board, agency_id=agency_id
    )
    entry = RelevantAgency.objects.filter(membership=membership).first() or services.entry_for(
        membership
    )
    form = RegisterForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{membership.agency}: the register entry has been saved.")
        return redirect("partnership:register", board.slug)
    return form_page(
        request,
        form,
        heading=f"Relevant agencies register: {membership.agency}",
        caption=board.name,
        cancel=reverse("partnership:register", args=[board.slug]),
    )


# --- documents -----------------------------------------------------------------------------


@board_view(Permission.BOARD_VIEW)
def documents(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    today = services.today()
    show = request.GET.get("show", "")
    states = services.document_states(board)
    current = {s.version.pk for s in services.current_documents(board)}
    if show == "awaiting":
        states = [s for s in states if s.version.pk in current and not s.agreed]
    elif show == "overdue":
        states = [s for s in states if s.version.pk in current and s.version.review_overdue(today)]
    return render(
        request,
        "partnership/documents.html",
        {
            "board": board,
            "states": states,
            "current": current,
            "show": show,
            "today": today,
            "kinds": lists().documents,
            "my_partners": {
                p.pk for p in Partner.objects.filter(board=board, lead_id=request.user.pk)
            },
            "can_manage": _can_manage(request, board),
        },
    )


@board_view(Permission.PARTNERSHIP_MANAGE)
def version_add(request: HttpRequest, document_kind: str) -> HttpResponse:
    board = current_board(request)
    kind = document_kind
    if kind not in dict(lists().documents):
        raise Http404("No such document")
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.add_version(
                board,
                kind,
                effective_on=data["effective_on"],
                review_on=data["review_on"],
                url=data["url"],
                upload=data["document"],
                notes=data["notes"],
                user=request.user,  # type: ignore[arg-type]
            )
        except EvidenceRejected as error:
            form.add_error("document", str(error))
        else:
            messages.success(request, f"{version} has been added for the partners to sign off.")
            return redirect("partnership:documents", board.slug)
    return form_page(
        request,
        form,
        heading=f"New version: {lists().document_label(kind)}",
        caption=board.name,
        cancel=reverse("partnership:documents", args=[board.slug]),
    )


@require_POST
@board_view(Permission.BOARD_VIEW)
def version_sign(request: HttpRequest, version_id: int, partner_id: int) -> HttpResponse:
    """A lead safeguarding partner signs a version for their partner (the service refuses
    anyone else)."""
    board = current_board(request)
    version = get_object_or_404(DocumentVersion, pk=version_id, board=board)
    partner = get_object_or_404(Partner, pk=partner_id, board=board)
    try:
        services.sign(version, partner, request.user)  # type: ignore[arg-type]
    except services.PartnershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You have signed {version} for {partner.label}.")
    return redirect("partnership:documents", board.slug)


@board_view(Permission.BOARD_VIEW)
def version_file(request: HttpRequest, version_id: int) -> HttpResponse:
    """The uploaded version as a download (size-limited when uploaded)."""
    version = get_object_or_404(DocumentVersion, pk=version_id, board=current_board(request))
    if not version.file:
        raise Http404("No file uploaded")
    with version.file.open("rb") as stored:
        content = stored.read()
    return Export(safe_filename(version.original_name), version.content_type, content).as_response()


# --- the budget ----------------------------------------------------------------------------


@board_view(Permission.BOARD_VIEW)
def budget(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    years = services.budget_years(board)
    year = request.GET.get("year") or services.financial_year_of(services.today())
    return render(
        request,
        "partnership/budget.html",
        {
            "board": board,
            "budget": services.budget(board, year),
            "years": years,
            "can_manage": _can_manage(request, board),
        },
    )


@board_view(Permission.PARTNERSHIP_MANAGE)
def contribution_edit(request: HttpRequest, contribution_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    contribution = (
        get_object_or_404(Contribution, pk=contribution_id, board=board)
        if contribution_id
        else Contribution(board=board, year=services.financial_year_of(services.today()))
    )
    form = ContributionForm(request.POST or None, instance=contribution, board=board)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved}: saved.")
        return redirect(reverse("partnership:budget", args=[board.slug]) + f"?year={saved.year}")
    return form_page(
        request,
        form,
        heading="Edit a contribution" if contribution_id else "Add a contribution",
        caption=board.name,
        cancel=reverse("partnership:budget", args=[board.slug]),
    )
