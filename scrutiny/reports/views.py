from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.core.concurrency import keeping
from scrutiny.core.exporters import docx, pdf, safe_filename
from scrutiny.dataset.periods import BadPeriod
from scrutiny.tenancy.models import Board

from . import services
from .boardpack import board_pack, parse_quarter, quarter_of
from .forms import NarrativeForm, StartReportForm
from .models import AnnualReport, NarrativeSection, ReportFrozen, ReportStatus, year_label
from .render import docx_export, pdf_export, report_figures, section_views
from .sections import section as find_section
from .word import build_board_pack


def _reports(request: HttpRequest, board: Board):
    """Published reports for every board member; drafts only for those who write them."""
    reports = AnnualReport.objects.filter(board=board).select_related("board")
    if has_permission(request.user, Permission.REPORTS_MANAGE, board=board):
        return reports
    return reports.filter(status=ReportStatus.PUBLISHED)


def _report(request: HttpRequest, report_id: int) -> AnnualReport:
    return get_object_or_404(_reports(request, current_board(request)), pk=report_id)


@board_view(Permission.BOARD_VIEW)
def report_list(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    can_manage = has_permission(request.user, Permission.REPORTS_MANAGE, board=board)
    form = StartReportForm(initial={"year": year_label(timezone.localdate())})
    return render(
        request,
        "reports/list.html",
        {
            "board": board,
            "reports": _reports(request, board),
            "can_manage": can_manage,
            "can_see_pack": has_permission(request.user, Permission.REPORTS_VIEW, board=board),
            "form": form if can_manage else None,
        },
    )


@board_view(Permission.REPORTS_MANAGE)
def start(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = StartReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.start_report(board, form.cleaned_data["year"], request.user)  # type: ignore[arg-type]
        except services.ReportError as error:
            form.add_error("year", str(error))
        else:
            messages.success(request, f"The {report.year} annual report has been started.")
            return redirect("reports:report", board.slug, report.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "board": board,
            "form": form,
            "heading": "Start an annual report",
            "cancel": reverse("reports:list", args=[board.slug]),
        },
    )


@board_view(Permission.BOARD_VIEW)
def report(request: HttpRequest, report_id: int) -> HttpResponse:
    board = current_board(request)
    item = _report(request, report_id)
    figures = report_figures(item)
    versions = _reports(request, board).filter(year=item.year).exclude(pk=item.pk)
    return render(
        request,
        "reports/report.html",
        {
            "board": board,
            "report": item,
            "figures": figures,
            "sections": section_views(item, figures),
            "versions": versions,
            "can_manage": has_permission(request.user, Permission.REPORTS_MANAGE, board=board),
        },
    )


@board_view(Permission.REPORTS_MANAGE)
def narrative(request: HttpRequest, report_id: int, key: str) -> HttpResponse:
    board = current_board(request)
    item = _report(request, report_id)
    section = find_section(key)
    if section is None:
        raise Http404("No such section")
    if item.is_published:
        messages.error(
            request,
            "This version is published and cannot be changed. Start a new version to correct it.",
        )
        return redirect("reports:report", board.slug, item.pk)
    current = item.narratives.filter(section_key=key).first()
    form = NarrativeForm(
        request.POST or None,
        initial={"text": current.text if current else ""},
        record=current or NarrativeSection(report=item, section_key=key),
    )
    form.fields["text"].label = section.title
    if section.narrative_hint:
        form.fields["text"].help_text = (
            section.narrative_hint + " Leave a blank line between paragraphs."
        )
    form.style_fields()
    if request.method == "POST" and form.is_valid():
        try:
            with keeping(form):
                services.save_narrative(
                    item,
                    key,
                    form.cleaned_data["text"],
                    request.user,  # type: ignore[arg-type]
                    revision=form.loaded_revision,
                )
        except ReportFrozen:
            messages.error(request, "This version is published and cannot be changed.")
        else:
            messages.success(request, f"'{section.title}' has been saved.")
        return redirect(reverse("reports:report", args=[board.slug, item.pk]) + f"#section-{key}")
    return render(
        request,
        "core/form_page.html",
        {
            "board": board,
            "form": form,
            "heading": f"Write: {section.title}",
            "caption": f"Annual report {item.year}, version {item.version}",
            "cancel": reverse("reports:report", args=[board.slug, item.pk]),
        },
    )


@require_POST
@board_view(Permission.REPORTS_MANAGE)
def publish(request: HttpRequest, report_id: int) -> HttpResponse:
    board = current_board(request)
    item = _report(request, report_id)
    try:
        services.publish(item, request.user, timezone.localdate())  # type: ignore[arg-type]
    except ReportFrozen:
        messages.error(request, "This version is already published.")
    else:
        messages.success(request, f"Version {item.version} of the {item.year} report is published.")
    return redirect("reports:report", board.slug, item.pk)


@require_POST
@board_view(Permission.REPORTS_MANAGE)
def new_version(request: HttpRequest, report_id: int) -> HttpResponse:
    board = current_board(request)
    item = _report(request, report_id)
    try:
        draft = services.new_version(item, request.user)  # type: ignore[arg-type]
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:report", board.slug, item.pk)
    messages.success(
        request, f"Version {draft.version} has been started from version {item.version}."
    )
    return redirect("reports:report", board.slug, draft.pk)


@board_view(Permission.BOARD_VIEW)
def download(request: HttpRequest, report_id: int, export_format: str) -> HttpResponse:
    item = _report(request, report_id)
    if export_format not in ("pdf", "docx"):
        raise Http404("No such format")
    if item.is_published:
        # The files as published, never re-rendered.
        stored = item.pdf if export_format == "pdf" else item.docx
        return FileResponse(
            stored.open("rb"), as_attachment=True, filename=stored.name.rsplit("/", 1)[-1]
        )
    figures = report_figures(item)
    export = pdf_export(item, figures) if export_format == "pdf" else docx_export(item, figures)
    return export.as_response()


@board_view(Permission.REPORTS_VIEW)
def pack(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    today = timezone.localdate()
    label = request.GET.get("quarter", "").strip() or quarter_of(today)
    error = ""
    try:
        quarter = parse_quarter(label)
    except BadPeriod as problem:
        error = f"Quarter: {problem}"
        quarter = parse_quarter(quarter_of(today))
    result = board_pack(board, quarter, today)
    export_format = request.GET.get("format")
    name = safe_filename(board.short_name, "board-pack", quarter.label)
    if export_format == "pdf":
        return pdf(f"{name}.pdf", "reports/print/board_pack.html", {"pack": result}).as_response()
    if export_format == "docx":
        return docx(f"{name}.docx", lambda d: build_board_pack(d, result)).as_response()
    return render(
        request,
        "reports/board_pack.html",
        {"board": board, "pack": result, "error": error, "quarter_label": label},
    )
