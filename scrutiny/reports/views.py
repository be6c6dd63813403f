from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission, grants_key, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.versions import (
    KEPT_TOKEN_MARKER,
    kept_drawing,
    kept_on_board,
    region_data_version,
    with_csrf_token,
)
from scrutiny.core.concurrency import keeping
from scrutiny.dataset.periods import BadPeriod
from scrutiny.people.models import User
from scrutiny.tenancy.models import Board

from . import services
from .boardpack import PAGE_ROWS, kept_pack_page, parse_quarter, quarter_of
from .forms import (
    AcknowledgeForm,
    ConfirmPublishForm,
    NarrativeForm,
    PublicationForm,
    ReportSettingsForm,
    SentForm,
    SignatoryForm,
    StartReportForm,
)
from .jobs import FORMATS, start_board_pack_file, start_report_file
from .models import (
    AnnualReport,
    NarrativeSection,
    ReportFrozen,
    ReportSettings,
    ReportStatus,
    SignatoryRole,
    year_label,
)
from .render import (
    filename,
    report_chart,
    report_figures,
    report_structure,
    section_views,
)


def _sees_drafts(
    request: HttpRequest, board: Board, version: tuple[int, str] | None = None
) -> bool:
    """Drafts are for those who write them and for the people named to sign them off. With
    the region's data `version`, whether the person is named is kept until the data changes
    (it is read from the board's signatories and partners, whose changes are audited)."""
    if has_permission(request.user, Permission.REPORTS_MANAGE, board=board):
        return True
    if version is None:
        return services.is_named_signatory(board, request.user)  # type: ignore[arg-type]
    return kept_on_board(
        board,
        "reports:named_signatory:1",
        lambda: services.is_named_signatory(board, request.user),  # type: ignore[arg-type]
        vary=[request.user.pk],
        version=version,
    )


def _reports_of(board: Board, sees_drafts: bool):
    """The board's reports: published ones, and drafts too if the person `sees_drafts`."""
    reports = AnnualReport.objects.filter(board=board).select_related("board")
    return reports if sees_drafts else reports.filter(status=ReportStatus.PUBLISHED)


def _reports(request: HttpRequest, board: Board, sees_drafts: bool | None = None):
    """Published reports for every board member; drafts for those who write them and for
    the people named to sign them off (`sees_drafts`, if already worked out)."""
    if sees_drafts is None:
        sees_drafts = _sees_drafts(request, board)
    return _reports_of(board, sees_drafts)


def _report(request: HttpRequest, report_id: int, sees_drafts: bool | None = None) -> AnnualReport:
    return get_object_or_404(_reports(request, current_board(request), sees_drafts), pk=report_id)


@board_view(Permission.BOARD_VIEW)
def report_list(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    version = region_data_version(board.region_id)  # read once: who sees drafts, the list
    sees_drafts = _sees_drafts(request, board, version)

    def content() -> dict:
        can_manage = has_permission(request.user, Permission.REPORTS_MANAGE, board=board)
        form = StartReportForm(initial={"year": year_label(timezone.localdate())})
        return {
            "reports": _reports_of(board, sees_drafts),
            "can_manage": can_manage,
            "can_see_pack": has_permission(request.user, Permission.REPORTS_VIEW, board=board),
            "form": form if can_manage else None,
        }

    # The list drawn and kept until anything in the region changes or the day turns (the
    # year offered to start); it differs by grants and by whether the person sees drafts (a
    # named signatory does). The start form's token is put in at showing.
    body = kept_drawing(
        request,
        f"reports:list:{REPORT_LIST_FORMAT}",
        "reports/_list_body.html",
        content,
        vary=[sees_drafts],
        version=version,
    )
    return render(request, "reports/list.html", {"board": board, "body": body})


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
    # Read once: it names the kept page and its figures, and keeps whether the person is
    # named to sign (so sees drafts), as the list of reports does.
    version = region_data_version(board.region_id)
    sees_drafts = _sees_drafts(request, board, version)  # worked out once: the report, versions
    item = _report(request, report_id, sees_drafts)
    # The page drawn and kept until anything in the region changes (a change to the report,
    # its text, approvals or signatories is one) or the day turns (the checks and deadlines
    # move with it). It differs by grants (who manages it) and by whether the person sees
    # drafts (the other versions listed); the approve buttons are the person's own, drawn here.
    drawn = kept_on_board(
        board,
        f"reports:report:{REPORT_PAGE_FORMAT}",
        lambda: _drawn_report(board, item, sees_drafts, request.user, version),  # type: ignore[arg-type]
        vary=(grants_key(request.user), item.pk, sees_drafts),
        version=version,
    )
    return render(
        request,
        "reports/report.html",
        {
            "board": board,
            "report": item,
            "top": with_csrf_token(request, drawn["top"]),
            "bottom": with_csrf_token(request, drawn["bottom"]),
            "my_roles": [SignatoryRole(r) for r, pk in drawn["signers"] if pk == request.user.pk],
        },
    )


# Part of the kept reports list's key: change it when how the list is drawn changes.
REPORT_LIST_FORMAT = "1"
# Part of the report page's cache key: change it when how the page is drawn changes.
REPORT_PAGE_FORMAT = "1"
# Where the approve buttons go in the drawn page.
_APPROVE_MARKER = "<!-- the person's approve buttons -->"


def _drawn_report(
    board: Board, item: AnnualReport, sees_drafts: bool, user: User, version: tuple[int, str]
) -> dict:
    """The report's page drawn, in two parts around where the person's approve buttons go,
    and who is named to sign for each role (role, person's id), in the order roles sign."""
    prefetch_related_objects([item], "narratives")  # read by the sections, checks and sign-off
    figures = report_figures(item, version=version)
    if item.is_published:  # shown, and the deadlines' when it is the year's first published
        prefetch_related_objects([item], "dispatches")
    # The year's versions, read once for the list of other versions and the deadlines.
    year_versions = [
        item if v.pk == item.pk else v
        for v in _reports_of(board, sees_drafts).filter(year=item.year)
    ]
    versions = [v for v in year_versions if v.pk != item.pk]
    can_manage = has_permission(user, Permission.REPORTS_MANAGE, board=board)
    today = timezone.localdate()
    # Who signs off, read once for the checks, the sign-off table and the approve buttons.
    named = None if item.is_published else services.signatories(board)
    found = [] if item.is_published else services.checks(item, figures, today, named)
    body = render_to_string(
        "reports/_report_body.html",
        {
            "board": board,
            "words": board.words,
            "report": item,
            "figures": figures,
            "sections": section_views(item, figures),
            "versions": versions,
            "can_manage": can_manage,
            "checks": found,
            "unsettled": services.unsettled(found),
            "sign_off": services.sign_off(item, None if item.is_published else figures, named),
            "approve_forms": SafeString(_APPROVE_MARKER),
            "publication": getattr(item, "publication", None) if item.is_published else None,
            "dispatches": list(item.dispatches.all()) if item.is_published else [],
            "deadlines": services.deadlines(board, item.year, year_versions),
            # Each chart is linked (reports:chart), not carried in the page as data.
            "chart_address": reverse("reports:chart", args=[board.slug, item.pk, "-"])[:-5],
            # Each form's token is put in at each showing (`with_csrf_token`).
            "csrf_token": KEPT_TOKEN_MARKER,
        },
    )
    top, _, bottom = body.partition(_APPROVE_MARKER)
    signers = [
        (role, named[role].user.pk)
        for role in services.required_roles(board)
        if named is not None and role in named
    ]
    return {"top": top, "bottom": bottom, "signers": signers}


@board_view(Permission.BOARD_VIEW)
def chart(request: HttpRequest, report_id: int, digest: str) -> HttpResponse:
    """One chart of a report the person may read, as a PNG: named by its figures, so the
    browser may keep it."""
    item = _report(request, report_id)
    png = report_chart(report_figures(item), digest)
    if png is None:
        raise Http404("No such chart")
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@board_view(Permission.REPORTS_MANAGE)
def narrative(request: HttpRequest, report_id: int, key: str) -> HttpResponse:
    board = current_board(request)
    item = _report(request, report_id)
    section = report_structure(item).section(key)
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
    if section.hint:
        form.fields["text"].help_text = section.hint + " Leave a blank line between paragraphs."
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
            messages.success(
                request,
                f"'{section.title}' has been saved. "
                "Any approvals given before must be given again.",
            )
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


@board_view(Permission.REPORTS_MANAGE)
def publish(request: HttpRequest, report_id: int) -> HttpResponse:
    """Publishing is a decision: the checks settled, every signatory's approval, then a
    confirmation that names who approved when."""
    board = current_board(request)
    item = _report(request, report_id)
    if item.is_published:
        messages.error(request, "This version is already published.")
        return redirect("reports:report", board.slug, item.pk)
    today = timezone.localdate()
    figures = report_figures(item, today)
    blockers = services.publish_blockers(item, figures, today)
    form = ConfirmPublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            services.publish(item, request.user, today, confirmed=True)  # type: ignore[arg-type]
        except (ReportFrozen, services.ReportError) as error:
            messages.error(request, str(error) or "This version is already published.")
        else:
            messages.success(
                request, f"Version {item.version} of the {item.year} report is published."
            )
        return redirect("reports:report", board.slug, item.pk)
    return render(
        request,
        "reports/publish.html",
        {
            "board": board,
            "report": item,
            "form": form,
            "blockers": blockers,
            "sign_off": services.sign_off(item, figures),
            "acknowledged": [c for c in services.checks(item, figures, today) if c.settled],
            "cancel": reverse("reports:report", args=[board.slug, item.pk]),
        },
    )


@board_view(Permission.REPORTS_MANAGE)
def checks(request: HttpRequest, report_id: int) -> HttpResponse:
    """The pre-publish check: each problem fixed, or acknowledged here with a reason."""
    board = current_board(request)
    item = _report(request, report_id)
    if item.is_published:
        return redirect("reports:report", board.slug, item.pk)
    today = timezone.localdate()
    figures = report_figures(item, today)
    found = services.checks(item, figures, today)
    codes = {c.code for c in found}
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if code not in codes:
            raise Http404("No such check")
        services.acknowledge(item, code, form.cleaned_data["reason"], request.user)  # type: ignore[arg-type]
        messages.success(request, "The problem is acknowledged; the reason is recorded.")
        return redirect("reports:checks", board.slug, item.pk)
    return render(
        request,
        "reports/checks.html",
        {
            "board": board,
            "report": item,
            "checks": found,
            "form": form if form.is_bound else None,
            "failed_code": form.data.get("code") if form.is_bound else None,
        },
    )


@require_POST
@board_view(Permission.BOARD_VIEW)
def approve(request: HttpRequest, report_id: int, role: str) -> HttpResponse:
    """The person named for a lead safeguarding partner (or the chair) approves the version."""
    board = current_board(request)
    item = _report(request, report_id)
    if role not in SignatoryRole.values:
        raise Http404("No such role")
    try:
        services.approve(item, request.user, role, report_figures(item))  # type: ignore[arg-type]
    except ReportFrozen:
        messages.error(request, "This version is published and cannot be approved again.")
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"You have approved version {item.version} for {SignatoryRole(role).label}.",
        )
    return redirect(reverse("reports:report", args=[board.slug, item.pk]) + "#sign-off")


@board_view(Permission.REPORTS_MANAGE)
def publication(request: HttpRequest, report_id: int) -> HttpResponse:
    board = current_board(request)
    item = _report(request, report_id)
    if not item.is_published:
        raise Http404("Not published")
    current = getattr(item, "publication", None)
    form = PublicationForm(
        request.POST or None,
        initial={"url": current.url, "published_on": current.published_on} if current else None,
    )
    if request.method == "POST" and form.is_valid():
        services.record_publication(
            item,
            form.cleaned_data["url"],
            form.cleaned_data["published_on"],
            request.user,  # type: ignore[arg-type]
        )
        messages.success(request, "Where the report is published has been recorded.")
        return redirect(reverse("reports:report", args=[board.slug, item.pk]) + "#after")
    return render(
        request,
        "core/form_page.html",
        {
            "board": board,
            "form": form,
            "heading": "Where the report is published",
            "caption": f"Annual report {item.year}, version {item.version}",
            "cancel": reverse("reports:report", args=[board.slug, item.pk]),
        },
    )


@board_view(Permission.REPORTS_MANAGE)
def dispatch(request: HttpRequest, report_id: int, dispatch_id: int) -> HttpResponse:
    board = current_board(request)
    item = _report(request, report_id)
    sent = get_object_or_404(item.dispatches, pk=dispatch_id)
    form = SentForm(request.POST or None, initial={"sent_on": sent.sent_on or timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.record_sent(sent, form.cleaned_data["sent_on"], request.user)  # type: ignore[arg-type]
        messages.success(request, f"Sent to {sent.recipient}: recorded.")
        return redirect(reverse("reports:report", args=[board.slug, item.pk]) + "#after")
    return render(
        request,
        "core/form_page.html",
        {
            "board": board,
            "form": form,
            "heading": f"Sent to {sent.recipient}",
            "caption": f"Annual report {item.year}, version {item.version}",
            "cancel": reverse("reports:report", args=[board.slug, item.pk]),
        },
    )


def _board_people(board: Board):
    return User.objects.filter(role_assignments__board=board, is_active=True).distinct()


@board_view(Permission.REPORTS_MANAGE)
def report_settings(request: HttpRequest) -> HttpResponse:
    """The board's choices: structure, partnership or LSCB, logo, deadlines, signatories."""
    board = current_board(request)
    record = ReportSettings.objects.filter(board=board).first() or services.default_settings(board)
    form = ReportSettingsForm(
        request.POST or None, request.FILES or None, instance=record, record=record
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic(), keeping(form):
            saved = form.save(commit=False)
            saved.save()
            if board.arrangement != form.cleaned_data["arrangement"]:  # the board's own field
                board.arrangement = form.cleaned_data["arrangement"]
                board.save(update_fields=["arrangement"])
            if form.logo_data is not None:  # the board's own logo (`Board.logo`)
                upload = form.cleaned_data["logo_upload"]
                board.logo.save(upload.name, ContentFile(form.logo_data), save=True)
        messages.success(request, "The report settings have been saved.")
        return redirect("reports:settings", board.slug)
    signatories = {role: services.signatory_for(board, role) for role in SignatoryRole}
    return render(
        request,
        "reports/settings.html",
        {
            "board": board,
            "form": form,
            "record": record,
            "roles": [(role, signatories.get(role)) for role in SignatoryRole],
            "required": services.required_roles(board),
        },
    )


@board_view(Permission.REPORTS_MANAGE)
def signatory(request: HttpRequest, role: str) -> HttpResponse:
    board = current_board(request)
    if role not in SignatoryRole.values:
        raise Http404("No such role")
    current = services.signatory_for(board, role)
    form = SignatoryForm(
        request.POST or None,
        people=_board_people(board),
        initial={"user": current.user.pk, "job_title": current.job_title} if current else None,
    )
    if request.method == "POST" and form.is_valid():
        services.name_signatory(
            board, role, form.cleaned_data["user"], form.cleaned_data["job_title"]
        )
        messages.success(request, f"{SignatoryRole(role).label}: the signatory has been saved.")
        return redirect("reports:settings", board.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "board": board,
            "form": form,
            "heading": f"Who signs off for: {SignatoryRole(role).label}",
            "caption": "Yearly report settings",
            "cancel": reverse("reports:settings", args=[board.slug]),
        },
    )


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
    """A published version's file as stored at publication. A draft's file is built by a job
    (a PDF takes seconds): the page's button posts here and is taken to the job's page, which
    offers the file when it is ready; a plain link to a draft's file goes back to the draft."""
    item = _report(request, report_id)
    if export_format not in FORMATS:
        raise Http404("No such format")
    if item.is_published:
        # The files as published, never re-rendered.
        stored = item.pdf if export_format == "pdf" else item.docx
        return FileResponse(
            stored.open("rb"), as_attachment=True, filename=filename(item, export_format)
        )
    if request.method != "POST":
        return redirect("reports:report", item.board.slug, item.pk)
    job = start_report_file(item, export_format, user=request.user)  # type: ignore[arg-type]
    return redirect("jobs:job", job.pk)


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
    return render(
        request,
        "reports/board_pack.html",
        {
            "board": board,
            "pack": kept_pack_page(board, quarter, today, PAGE_ROWS),
            "error": error,
            "quarter_label": label,
        },
    )


@board_view(Permission.REPORTS_VIEW)
@require_POST
def pack_file(request: HttpRequest) -> HttpResponse:
    """Build the quarter's board pack as PDF or Word in the background; its job page offers
    the file."""
    board = current_board(request)
    export_format = request.POST.get("format", "")
    if export_format not in FORMATS:
        raise Http404("No such format")
    label = request.POST.get("quarter", "").strip() or quarter_of(timezone.localdate())
    try:
        quarter = parse_quarter(label)
    except BadPeriod as problem:
        messages.error(request, f"Quarter: {problem}")
        return redirect("reports:board_pack", board.slug)
    job = start_board_pack_file(board, quarter.label, export_format, user=request.user)  # type: ignore[arg-type]
    return redirect("jobs:job", job.pk)
