from __future__ import annotations

from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board, region_view
from scrutiny.audit.versions import kept_drawing, region_data_version
from scrutiny.core.lists import id_links, paginate, paginate_counted
from scrutiny.core.uploads import EvidenceRejected
from scrutiny.jobs.services import start_job
from scrutiny.tenancy.models import Board

from .forms import ResourceForm, SearchForm
from .jobs import EXPORT
from .library import check_upload, result_items, search, visible_resources, with_theme
from .models import Resource, ResourceStatus
from .report import kept_report_tables


@board_view(Permission.BOARD_VIEW)
def library(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    version = region_data_version(board.region_id)  # for the search and its criteria picker
    # The search form, what it found and its pages, drawn and kept until anything in the
    # region or the library changes: a search ranks every match in the database. Varied by
    # the whole query string (words, filters, page: the page links repeat it as given).
    search_part = kept_drawing(
        request,
        f"regional:library:{LIBRARY_SEARCH_FORMAT}",
        "regional/_library_search.html",
        lambda: _search(request, board, version),
        vary=[request.GET.urlencode()],
        version=version,
    )
    return render(
        request,
        "regional/library.html",
        {
            "board": board,
            "search": search_part,
            "can_contribute": has_permission(
                request.user, Permission.REGIONAL_LIBRARY_CONTRIBUTE, board=board
            ),
            "sees_report": has_permission(
                request.user, Permission.REGIONAL_REPORT_VIEW, board=board
            ),
        },
    )


# Part of the library search's cache key: change it when how the search is drawn changes.
LIBRARY_SEARCH_FORMAT = "1"


def _search(request: HttpRequest, board: Board, version: tuple[int, str]) -> dict:
    """The library's search form, the resources the board sees that match it, and the links to
    their other pages, for its template."""
    form = SearchForm(request.GET or None, region_id=board.region_id, version=version)
    # Only what the list shows: the document's text is searched in the database.
    resources = (
        visible_resources(board)
        .select_related("contributed_by_board")
        .only("title", "description", "status", "themes", "contributed_by_board__short_name")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["criterion"]:
            resources = resources.filter(criteria=data["criterion"])
        resources = with_theme(search(resources, data["q"]), data["theme"])
    if isinstance(resources, list) or not form.is_valid() or not form.cleaned_data["q"].strip():
        page, query = paginate(request, resources)
    else:  # a search reads every match to rank them: count them in the same query
        page, query = paginate_counted(request, resources)
    link = id_links("regional:resource", board.slug)  # each resource's address, reversed once
    return {
        "form": form,
        "page": page,
        "results": result_items(page.object_list, link),
        "query": query,
    }


@board_view(Permission.REGIONAL_LIBRARY_CONTRIBUTE)
@transaction.non_atomic_requests  # the document is checked and read before the transaction
def resource_add(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("upload")
        checked = None
        if upload:
            try:
                checked = check_upload(upload)
            except EvidenceRejected as exc:
                form.add_error("upload", str(exc))
        if not form.errors:
            with transaction.atomic():
                item = Resource(
                    region=board.region,
                    contributed_by_board=board,
                    contributed_by=request.user,
                    title=data["title"],
                    description=data["description"],
                    url=data["url"],
                    themes=list(data["themes"]),
                )
                if checked:
                    content_type, content, text = checked
                    item.file.save(upload.name, ContentFile(content), save=False)
                    item.file_name = upload.name
                    item.content_type = content_type
                    item.extracted_text = text
                item.save()
                item.criteria.set(data["criteria"])
            messages.success(
                request,
                f"“{item.title}” has been sent to the regional admin to publish in the library.",
            )
            return redirect("regional:resource", board.slug, item.pk)
    return render(request, "regional/resource_form.html", {"board": board, "form": form})


def _resource(board, resource_id: int) -> Resource:
    return get_object_or_404(
        visible_resources(board).select_related("contributed_by_board", "contributed_by"),
        pk=resource_id,
    )


@board_view(Permission.BOARD_VIEW)
def resource(request: HttpRequest, resource_id: int) -> HttpResponse:
    board = current_board(request)
    item = _resource(board, resource_id)
    return render(
        request,
        "regional/resource.html",
        {
            "board": board,
            "resource": item,
            "criteria": item.criteria.select_related("section__template"),
        },
    )


@board_view(Permission.BOARD_VIEW)
def resource_file(request: HttpRequest, resource_id: int) -> HttpResponse:
    item = _resource(current_board(request), resource_id)
    if not item.file:
        return redirect("regional:resource", current_board(request).slug, item.pk)
    response = HttpResponse(item.file.read(), content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="{item.file_name}"'
    return response


@region_view(Permission.REGIONAL_LIBRARY_CURATE)
def curate(request: HttpRequest) -> HttpResponse:
    region = request.region  # type: ignore[attr-defined]
    if request.method == "POST":
        item = get_object_or_404(Resource, pk=request.POST.get("resource"), region=region)
        status = request.POST.get("status")
        if status in (ResourceStatus.PUBLISHED, ResourceStatus.HIDDEN):
            item.status = status
            item.curated_by = request.user
            item.curated_at = timezone.now()
            item.save()
            messages.success(request, f"“{item.title}” is now {item.get_status_display().lower()}.")
        return redirect(reverse("regional:curate", args=[region.slug]))
    return render(
        request,
        "regional/curate.html",
        {
            "region": region,
            "resources": region.resources.select_related("contributed_by_board", "contributed_by")
            .defer("extracted_text")  # the documents' text is for search, not this list
            .order_by("status", "title"),
        },
    )


def _report(request: HttpRequest, region, board=None) -> HttpResponse:
    section_11_period, tables = kept_report_tables(region, request.GET.get("period", "")[:20])
    return render(
        request,
        "regional/report.html",
        {
            "region": region,
            "board": board,
            "section_11_period": section_11_period,
            "tables": tables,
        },
    )


@region_view(Permission.REGIONAL_REPORT_VIEW)
def region_report(request: HttpRequest) -> HttpResponse:
    return _report(request, request.region)  # type: ignore[attr-defined]


@board_view(Permission.REGIONAL_REPORT_VIEW)
def board_region_report(request: HttpRequest) -> HttpResponse:
    """The same report, reached by a chair through their own board."""
    board = current_board(request)
    return _report(request, board.region, board)


def _export(request: HttpRequest, region, board=None) -> HttpResponse:
    """Build the report as a spreadsheet in the background; its job page offers the file."""
    job = start_job(
        EXPORT,
        user=request.user,  # type: ignore[arg-type]
        board=board,
        region=region,
        params={"region": region.pk, "period": request.POST.get("period", "")[:20]},
    )
    return redirect("jobs:job", job.pk)


@region_view(Permission.REGIONAL_REPORT_VIEW)
@require_POST
def region_report_export(request: HttpRequest) -> HttpResponse:
    return _export(request, request.region)  # type: ignore[attr-defined]


@board_view(Permission.REGIONAL_REPORT_VIEW)
@require_POST
def board_report_export(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    return _export(request, board.region, board)
