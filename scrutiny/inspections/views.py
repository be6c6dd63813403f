from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.actions.services import raised_actions
from scrutiny.audit.versions import kept_drawing
from scrutiny.core.uploads import EvidenceRejected
from scrutiny.core.views import form_page
from scrutiny.findings.source_forms import FindingForm
from scrutiny.tenancy.models import Board

from . import services
from .forms import ActionForm, InspectionForm, JudgementForm, ReportForm
from .framework import framework
from .models import Inspection


def _inspection(board: Board, inspection_id: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.select_related("board"), pk=inspection_id, board=board
    )


# Part of the kept list's key: change it when its drawing changes.
LIST_FORMAT = "1"


@board_view(Permission.REPORTS_VIEW)
def inspection_list(request: HttpRequest) -> HttpResponse:
    board = current_board(request)

    def content() -> dict:
        inspections = list(board.inspections.prefetch_related("judgements"))
        return {
            "rows": [(i, services.clocks(i)) for i in inspections],
            "labels": framework(),
            "can_manage": has_permission(request.user, Permission.INSPECTIONS_MANAGE, board=board),
        }

    body = kept_drawing(
        request, f"inspections:list:{LIST_FORMAT}", "inspections/_list_body.html", content
    )
    return render(request, "inspections/list.html", {"board": board, "body": body})


@board_view(Permission.INSPECTIONS_MANAGE)
def inspection_add(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = InspectionForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        inspection = form.save(commit=False)
        inspection.created_by = request.user
        inspection.save()
        messages.success(request, "The inspection has been recorded.")
        return redirect(inspection)
    return form_page(
        request,
        form,
        heading="Record an inspection",
        cancel=reverse("inspections:list", args=[board.slug]),
    )


@board_view(Permission.INSPECTIONS_MANAGE)
def inspection_edit(request: HttpRequest, inspection_id: int) -> HttpResponse:
    board = current_board(request)
    inspection = _inspection(board, inspection_id)
    form = InspectionForm(request.POST or None, instance=inspection, board=board)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The inspection has been saved.")
        return redirect(inspection)
    return form_page(
        request,
        form,
        heading="Edit the inspection",
        caption=str(inspection),
        cancel=inspection.get_absolute_url(),
    )


@board_view(Permission.REPORTS_VIEW)
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    board = current_board(request)
    inspection = _inspection(board, inspection_id)
    findings = list(services.inspection_findings(inspection))
    return render(
        request,
        "inspections/detail.html",
        {
            "board": board,
            "inspection": inspection,
            "type_label": framework().type_label(inspection.inspection_type),
            "judgements": [
                (j, framework().judgement_label(j.judgement)) for j in inspection.judgements.all()
            ],
            "clocks": services.clocks(inspection),
            "report": getattr(inspection, "report_file", None),
            "findings": [(f, raised_actions(f, board)) for f in findings],
            "can_manage": has_permission(request.user, Permission.INSPECTIONS_MANAGE, board=board),
            "judgement_form": JudgementForm(initial={"local_authority": board.local_authority}),
            "report_form": ReportForm(),
            "finding_form": FindingForm(prefix="finding", board=board),
        },
    )


@require_POST
@board_view(Permission.INSPECTIONS_MANAGE)
def judgement(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(current_board(request), inspection_id)
    form = JudgementForm(request.POST)
    if form.is_valid():
        services.set_judgement(
            inspection, form.cleaned_data["local_authority"], form.cleaned_data["judgement"]
        )
        messages.success(request, "The judgement has been recorded.")
        return redirect(inspection)
    return form_page(
        request,
        form,
        heading="Record a judgement",
        caption=str(inspection),
        cancel=inspection.get_absolute_url(),
    )


@require_POST
@board_view(Permission.INSPECTIONS_MANAGE)
def report_upload(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(current_board(request), inspection_id)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_report(inspection, form.cleaned_data["report"], request.user)
        except EvidenceRejected as exc:
            form.add_error("report", str(exc))
        else:
            messages.success(request, "The report has been uploaded.")
            return redirect(inspection)
    return form_page(
        request,
        form,
        heading="Upload the inspection report",
        caption=str(inspection),
        cancel=inspection.get_absolute_url(),
    )


@board_view(Permission.REPORTS_VIEW)
def report_download(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(current_board(request), inspection_id)
    report = getattr(inspection, "report_file", None)
    if report is None:
        raise Http404("No report uploaded")
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.original_name,
        content_type=report.content_type,
    )


@require_POST
@board_view(Permission.INSPECTIONS_MANAGE)
def finding(request: HttpRequest, inspection_id: int) -> HttpResponse:
    board = current_board(request)
    inspection = _inspection(board, inspection_id)
    form = FindingForm(request.POST, prefix="finding", board=board)
    if form.is_valid():
        services.record_inspection_finding(
            inspection,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            theme=form.cleaned_data["theme"],
            user=request.user,
        )
        messages.success(request, "The finding has been recorded in the board's findings.")
        return redirect(inspection)
    return form_page(
        request,
        form,
        heading="Record a finding",
        caption=str(inspection),
        cancel=inspection.get_absolute_url(),
    )


@board_view(Permission.INSPECTIONS_MANAGE)
def action(request: HttpRequest, inspection_id: int, finding_id: int) -> HttpResponse:
    board = current_board(request)
    inspection = _inspection(board, inspection_id)
    found = get_object_or_404(services.inspection_findings(inspection), pk=finding_id)
    form = ActionForm(request.POST or None, board=board, initial={"title": found.text[:300]})
    if request.method == "POST" and form.is_valid():
        raised = services.improvement_action(
            found,
            title=form.cleaned_data["title"],
            owner=form.cleaned_data["owner"],
            agency=form.cleaned_data["agency"],
            due_date=form.cleaned_data["due_date"],
            user=request.user,
        )
        messages.success(request, f"“{raised.title}” is in the action tracker.")
        return redirect(inspection)
    return form_page(
        request,
        form,
        heading="Add to the improvement plan",
        caption=found.text[:120],
        cancel=inspection.get_absolute_url(),
    )
