import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board, region_view
from scrutiny.audit.versions import kept_drawing
from scrutiny.core.concurrency import EditConflict
from scrutiny.core.lists import export_format, paginate
from scrutiny.core.uploads import ALLOWED_DESCRIPTION, EvidenceRejected
from scrutiny.core.views import form_page
from scrutiny.dataset.periods import financial_year_label, financial_year_start
from scrutiny.findings.models import Finding
from scrutiny.findings.services import findings_for
from scrutiny.findings.source_forms import FindingForm
from scrutiny.findings.source_pages import findings_context
from scrutiny.library.models import FrameworkTemplate
from scrutiny.questionnaires.forms import QuestionnaireForm, answered_sections
from scrutiny.tenancy.models import Agency, Board

from . import comparison, exports, home, services, yearly
from .access import get_return, visible_requests
from .completeness import AgencyChoice, list_rows, listed_requests, request_status, tally
from .forms import (
    ChallengeForm,
    ChallengeSessionForm,
    EvidenceForm,
    InspectionForm,
    ReasonForm,
    ResponseForm,
    ScheduleForm,
    YearDatesForm,
    YearScheduleForm,
)
from .models import (
    AgencyReturn,
    ChallengeSession,
    EventKind,
    EvidenceFile,
    Inspection,
    ReturnChallenge,
    ReturnRequest,
    ReturnStatus,
)

SECTION_11_CODE = "section-11-audit"

# The kept part's name and format: change the number when how the list is drawn changes.
RETURN_LIST_PART = "returns:list:1"


@board_view(Permission.BOARD_VIEW)
def return_list(request: HttpRequest) -> HttpResponse:
    """The board's returns, filtered by period and agency from the address, a page at a time;
    `?format=csv|xlsx` downloads every return the filter selects."""
    board = current_board(request)
    today = timezone.localdate()
    sees_all = has_permission(request.user, Permission.RETURNS_VIEW, board=board)
    export = export_format(request)
    if export:
        ordered, _ = _listed_returns(request, board, today)
        return exports.return_list(
            board,
            ordered.select_related(
                "agency_return__agency", "agency_return__template", "agency_return__subject"
            ),
            today,
            export,
        )
    body = kept_drawing(
        request,
        RETURN_LIST_PART,
        "returns/_list_body.html",
        lambda: _return_list_context(request, board, today, sees_all),
        # the address holds the filters and the page, and is written in the page's links as
        # it is (so not sorted); the grants say whose returns the person sees
        vary=[request.GET.urlencode()],
    )
    return render(
        request,
        "returns/list.html",
        {
            "board": board,
            "body": body,
            "sees_all": sees_all,
            "can_schedule": has_permission(request.user, Permission.RETURNS_SCHEDULE, board=board),
        },
    )


def _listed_returns(
    request: HttpRequest, board: Board, today: datetime.date
) -> tuple[QuerySet[ReturnRequest], tuple[list[str], list[AgencyChoice]]]:
    """The requests the person may see that the address's filters select, in the list's
    order; and the periods and agencies asked for, to filter by."""
    requests = visible_requests(request, board)
    # One query for both filters' choices: each period and agency asked for.
    asked = set(
        requests.values_list(
            "agency_return__period_label", "agency_return__agency_id", "agency_return__agency__name"
        )
    )
    periods = sorted({label for label, _, _ in asked}, reverse=True)
    agencies = [
        AgencyChoice(pk, name)
        for pk, name in sorted({(pk, name) for _, pk, name in asked}, key=lambda a: (a[1], a[0]))
    ]
    period, agency = request.GET.get("period", ""), request.GET.get("agency", "")
    show = request.GET.get("show", "")
    if show in home.SHOWS:  # the home page's counts link here
        requests = home.shown(requests, show, today)
    if period and period != "all":
        requests = requests.filter(agency_return__period_label=period)
    elif not period and show not in home.SHOWS:
        # By default: what was due in the last year, and everything still to come.
        requests = requests.filter(due_date__gte=today - datetime.timedelta(days=365))
    if agency.isdigit():
        requests = requests.filter(agency_return__agency_id=int(agency))
    return requests.order_by("due_date", "agency_return__agency__name", "pk"), (periods, agencies)


def _return_list_context(
    request: HttpRequest, board: Board, today: datetime.date, sees_all: bool
) -> dict:
    """What the kept part of the list is drawn from (its filter is a GET form: no token):
    the periods and agencies to filter by, the completeness summary, a page of the table."""
    ordered, (periods, agencies) = _listed_returns(request, board, today)
    # Every request the filter selects, read once as values: the completeness counts all of
    # them, the table shows a page of them (so no count query either).
    listed = listed_requests(ordered)
    page, query = paginate(request, listed)
    show = request.GET.get("show", "")
    return {
        "periods": periods,
        "agencies": agencies,
        "period": request.GET.get("period", ""),
        "agency": request.GET.get("agency", ""),
        "rows": list_rows(page.object_list, board, today),
        "page": page,
        "query": query,
        "show": show if show in home.SHOWS else "",
        "show_label": home.SHOWS.get(show, ""),
        "summary": tally(listed, today),
        "today": today,
        "sees_all": sees_all,
    }


@board_view(Permission.RETURNS_SCHEDULE)
def schedule(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = ScheduleForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = services.schedule_returns(
            board=board,
            template=data["template"],
            subject=data["subject"],
            period_label=data["period_label"].strip(),
            period_start=data["period_start"],
            period_end=data["period_end"],
            due_date=data["due_date"],
            agencies=data["agencies"],
            requested_by=request.user,  # type: ignore[arg-type]
        )
        asked = len(result.created) + len(result.shared)
        messages.success(
            request,
            f"{asked} agenc{'y' if asked == 1 else 'ies'} asked for "
            f"{data['subject'] or data['template'].title}, {data['period_label']}.",
        )
        if result.shared:
            names = ", ".join(r.agency_return.agency.name for r in result.shared)
            messages.info(
                request,
                f"Already asked by another board, so you will share their one return: {names}.",
            )
        if result.already_requested:
            names = ", ".join(a.name for a in result.already_requested)
            messages.info(request, f"Already asked of: {names}.")
        return redirect("returns:list", board.slug)
    suggested = {
        str(t.pk): [
            str(a.pk) for a in form.fields["agencies"].queryset if a.agency_type in t.applies_to
        ]
        for t in form.fields["template"].queryset
    }
    return render(
        request, "returns/schedule.html", {"board": board, "form": form, "suggested": suggested}
    )


@board_view(Permission.RETURNS_SCHEDULE)
def schedule_year(request: HttpRequest) -> HttpResponse:
    """Ask every agency a return applies to for a financial year's returns, in two steps:
    choose the return, year and due-date rule; then check each period's due date, the
    agencies, and what is already asked (skipped), and confirm."""
    board = current_board(request)
    this_year = financial_year_start(timezone.localdate())
    form = YearScheduleForm(request.POST or None, board=board, this_year=this_year)
    if request.method != "POST" or not form.is_valid():
        return render(request, "returns/schedule_year.html", {"board": board, "form": form})
    data = form.cleaned_data
    template, subject = data["template"], data["subject"]
    periods = yearly.plan_periods(data["year"], data["how_often"], data["days_after"])
    confirming = request.POST.get("step") == "confirm"
    dates = YearDatesForm(
        request.POST if confirming else None,
        board=board,
        periods=periods,
        initial={"agencies": yearly.usual_agencies(board, template)},
    )
    if confirming and dates.is_valid():
        agencies = list(dates.cleaned_data["agencies"])
        results = yearly.schedule_year(
            board=board,
            template=template,
            subject=subject,
            periods=dates.planned(),
            agencies=agencies,
            requested_by=request.user,  # type: ignore[arg-type]
        )
        asked = sum(len(r.created) + len(r.shared) for _, r in results)
        skipped = sum(len(r.already_requested) for _, r in results)
        title = subject.title if subject else template.title
        messages.success(
            request,
            f"{asked} return{'' if asked == 1 else 's'} asked for: {title}, "
            f"{financial_year_label(data['year'])}."
            + (f" {skipped} already asked, so not asked again." if skipped else ""),
        )
        return redirect("returns:list", board.slug)
    return render(
        request,
        "returns/schedule_year.html",
        {
            "board": board,
            "form": form,
            "dates": dates,
            "title": subject.title if subject else template.title,
            "year_label": financial_year_label(data["year"]),
            "existing": yearly.already_asked(
                board, template, subject, periods, list(dates.fields["agencies"].queryset)
            ),
        },
    )


@board_view(Permission.BOARD_VIEW)
def detail(request: HttpRequest, return_id: int) -> HttpResponse:
    board = current_board(request)
    agency_return, board_request, access = get_return(request, board, return_id)
    context = {
        "board": board,
        "ar": agency_return,
        "board_request": board_request,
        "access": access,
        "status": request_status(board_request, timezone.localdate()),
        "events": _events_for(agency_return, access),
        "challenges": agency_return.challenges.filter(board=board).select_related(
            "question", "raised_by", "responded_by"
        ),
        "evidence": agency_return.evidence.select_related("question", "uploaded_by")
        if access.sees_answers
        else [],
        **findings_context(
            request.user,
            board,
            _return_findings(agency_return, board) if access.sees_answers else [],
        ),
        "other_boards": [
            r.board
            for r in agency_return.requests.select_related("board")
            if r.board_id != board.pk
        ],
    }
    if access.sees_answers:
        answers = {a.question_id: a for a in agency_return.response.answers.select_related("level")}
        context["sections"] = answered_sections(agency_return.template, answers)
    if access.can_review and agency_return.is_submitted:
        context["challenge_form"] = ChallengeForm(template=agency_return.template)
        context["reason_form"] = ReasonForm()
    if access.is_agency:
        context["response_form"] = ResponseForm()
        context["reason_form"] = ReasonForm()
    return render(request, "returns/detail.html", context)


def _return_findings(agency_return: AgencyReturn, board: Board) -> list[Finding]:
    """The board's findings from the return and from the outcomes of its challenges."""
    challenges = Finding.objects.filter(
        board=board,
        source_type=ContentType.objects.get_for_model(ReturnChallenge),
        source_id__in=agency_return.challenges.filter(board=board).values("pk"),
    ).select_related("theme")
    return [*findings_for(agency_return).filter(board=board), *challenges]


def _events_for(agency_return, access):
    events = agency_return.events.select_related("actor", "board")
    if not access.sees_answers:
        # which files a draft has is part of the draft
        events = events.exclude(kind__in=[EventKind.EVIDENCE_ADDED, EventKind.EVIDENCE_REMOVED])
    return events


def _draft_form(request: HttpRequest, agency_return, *, submitting: bool = False):
    answers = {a.question_id: a for a in agency_return.response.answers.select_related("level")}
    return QuestionnaireForm(
        request.POST or None,
        template=agency_return.template,
        answers=answers,
        submitting=submitting,
    )


def _posted_revision(request: HttpRequest) -> int:
    return int(request.POST.get("revision", "-1") or -1)


def _conflict(form: QuestionnaireForm, exc: EditConflict) -> dict:
    """Who saved the draft first and which of this person's answers differ from theirs."""
    saved = exc.current
    fresh = {a.question_id: a for a in saved.response.answers.select_related("level")}
    return {
        "by": saved.last_saved_by,
        "at": saved.last_saved_at,
        "questions": form.changed_questions(fresh),
        "revision": saved.revision,
    }


def _edit_page(request, board, agency_return, form, *, revision, conflict=None, evidence_form=None):
    return render(
        request,
        "returns/edit.html",
        {
            "board": board,
            "ar": agency_return,
            "form": form,
            "revision": conflict["revision"] if conflict else revision,
            "conflict": conflict,
            "evidence_form": evidence_form or EvidenceForm(template=agency_return.template),
            "evidence": agency_return.evidence.select_related("question"),
            "allowed_types": ALLOWED_DESCRIPTION,
            "max_mb": settings.SCRUTINY_MAX_EVIDENCE_MB,
        },
        status=409 if conflict else 200,
    )


@board_view(Permission.RETURN_COMPLETE)
def edit(request: HttpRequest, return_id: int) -> HttpResponse:
    board = current_board(request)
    agency_return, _, access = get_return(request, board, return_id)
    if not access.is_agency:
        raise PermissionDenied
    if agency_return.status != ReturnStatus.DRAFT:
        messages.error(request, "This return has been submitted. Reopen it to make changes.")
        return redirect("returns:detail", board.slug, agency_return.pk)
    submitting = request.POST.get("intent") == "submit"
    form = _draft_form(request, agency_return, submitting=submitting)
    revision = agency_return.revision
    conflict = None
    if request.method == "POST":
        posted_revision = _posted_revision(request)
        if form.is_valid():
            try:
                if submitting:
                    services.submit(
                        agency_return, form, revision=posted_revision, user=request.user
                    )  # type: ignore[arg-type]
                    messages.success(
                        request,
                        f"{agency_return.title} has been submitted to {board.short_name}"
                        + (
                            " and the other boards it serves."
                            if agency_return.requests.count() > 1
                            else "."
                        ),
                    )
                    return redirect("returns:detail", board.slug, agency_return.pk)
                services.save_draft(
                    agency_return, form, revision=posted_revision, user=request.user
                )  # type: ignore[arg-type]
                messages.success(request, "Your draft has been saved.")
                return redirect("returns:edit", board.slug, agency_return.pk)
            except EditConflict as exc:
                conflict = _conflict(form, exc)
            except services.NotEditable as exc:
                messages.error(request, str(exc))
                return redirect("returns:detail", board.slug, agency_return.pk)
        else:
            revision = posted_revision
    return _edit_page(request, board, agency_return, form, revision=revision, conflict=conflict)


@board_view(Permission.RETURN_COMPLETE)
@require_POST
@transaction.non_atomic_requests  # the file is checked before the transaction opens
def upload_evidence(request: HttpRequest, return_id: int) -> HttpResponse:
    """Attach a file; posted from the draft's own form, the typed answers are saved with it.

    The answers go through the draft's revision check like "Save draft": if someone else
    saved first, neither the answers nor the file are written and the page shows the
    conflict with this person's answers still in the form.
    """
    board = current_board(request)
    agency_return, _, access = get_return(request, board, return_id)
    if not access.is_agency:
        raise PermissionDenied
    user = request.user
    with_answers = "revision" in request.POST  # the edit page posts the whole draft
    draft = _draft_form(request, agency_return) if with_answers else None
    evidence_form = EvidenceForm(request.POST, request.FILES, template=agency_return.template)
    if draft is not None and not draft.is_valid():
        messages.error(
            request,
            "Neither your answers nor the file were saved: correct the answers marked below.",
        )
        return _edit_page(request, board, agency_return, draft, revision=_posted_revision(request))
    refused = ""
    evidence = None
    try:
        # The file is read and checked before the transaction; only the rows are written in it.
        if evidence_form.is_valid():
            try:
                evidence = services.check_evidence_file(
                    agency_return,
                    evidence_form.cleaned_data["file"],
                    question=evidence_form.cleaned_data["question"],
                    user=user,  # type: ignore[arg-type]
                )
            except EvidenceRejected as exc:
                refused = f"The file was not added. {exc}"
        else:
            refused = "The file was not added. " + " ".join(
                e for errs in evidence_form.errors.values() for e in errs
            )
        with transaction.atomic():
            if evidence is not None:
                services.save_evidence(evidence)
            if draft is not None:
                services.save_draft(
                    agency_return, draft, revision=_posted_revision(request), user=user
                )  # type: ignore[arg-type]
    except EditConflict as exc:
        if evidence is not None:  # rolled back with the draft; its stored copy goes too
            evidence.file.storage.delete(evidence.file.name)
        return _edit_page(
            request, board, agency_return, draft, revision=0, conflict=_conflict(draft, exc)
        )
    except services.NotEditable as exc:
        if evidence is not None and evidence.file.name:
            evidence.file.storage.delete(evidence.file.name)
        messages.error(request, str(exc))
        return redirect("returns:detail", board.slug, agency_return.pk)
    if draft is not None:
        messages.success(request, "Your draft has been saved.")
    if refused:
        messages.error(request, refused)
    else:
        messages.success(request, f"{evidence.original_name} has been added.")  # type: ignore[union-attr]
    return redirect("returns:edit", board.slug, agency_return.pk)


@board_view(Permission.BOARD_VIEW)
def download_evidence(request: HttpRequest, return_id: int, evidence_id: int) -> HttpResponse:
    board = current_board(request)
    agency_return, _, access = get_return(request, board, return_id)
    if not access.sees_answers:
        raise Http404("No such file")
    evidence = get_object_or_404(EvidenceFile, pk=evidence_id, agency_return=agency_return)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@board_view(Permission.RETURN_COMPLETE)
@require_POST
def delete_evidence(request: HttpRequest, return_id: int, evidence_id: int) -> HttpResponse:
    board = current_board(request)
    agency_return, _, access = get_return(request, board, return_id)
    if not access.is_agency:
        raise PermissionDenied
    evidence = get_object_or_404(EvidenceFile, pk=evidence_id, agency_return=agency_return)
    try:
        services.remove_evidence(evidence, user=request.user)  # type: ignore[arg-type]
        messages.success(request, f"{evidence.original_name} has been removed.")
    except services.NotEditable as exc:
        messages.error(request, str(exc))
    return redirect("returns:edit", board.slug, agency_return.pk)


@board_view(Permission.BOARD_VIEW)
@require_POST
def reopen(request: HttpRequest, return_id: int) -> HttpResponse:
    """The agency reopens its own return, or a reviewer sends it back; both give a reason."""
    board = current_board(request)
    agency_return, _, access = get_return(request, board, return_id)
    if not (access.is_agency or access.can_review):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the return is being reopened, so the history shows it.")
        return redirect("returns:detail", board.slug, agency_return.pk)
    sent_back = access.can_review and not access.is_agency
    try:
        services.reopen(
            agency_return,
            user=request.user,
            reason=form.cleaned_data["reason"],
            board=board,
            sent_back=sent_back,
        )  # type: ignore[arg-type]
    except services.NotEditable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "The return has been sent back to the agency."
            if sent_back
            else "The return is open for changes.",
        )
    return redirect("returns:detail", board.slug, agency_return.pk)


@board_view(Permission.RETURNS_REVIEW)
@require_POST
def accept(request: HttpRequest, return_id: int) -> HttpResponse:
    board = current_board(request)
    agency_return, board_request, _ = get_return(request, board, return_id)
    try:
        services.accept(board_request, user=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{board.short_name} has accepted the return.")
    return redirect("returns:detail", board.slug, agency_return.pk)


@board_view(Permission.RETURNS_REVIEW)
@require_POST
def challenge(request: HttpRequest, return_id: int) -> HttpResponse:
    board = current_board(request)
    agency_return, _, access = get_return(request, board, return_id)
    if not agency_return.is_submitted:
        messages.error(request, "Challenge a return once it has been submitted.")
        return redirect("returns:detail", board.slug, agency_return.pk)
    form = ChallengeForm(request.POST, template=agency_return.template)
    if form.is_valid():
        services.raise_challenge(
            agency_return,
            board=board,
            question=form.cleaned_data["question"],
            text=form.cleaned_data["text"],
            user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, "Your challenge has been sent to the agency.")
    else:
        messages.error(request, "Enter the question you want the agency to answer.")
    return redirect("returns:detail", board.slug, agency_return.pk)


@board_view(Permission.RETURN_COMPLETE)
@require_POST
def respond(request: HttpRequest, return_id: int, challenge_id: int) -> HttpResponse:
    board = current_board(request)
    agency_return, _, access = get_return(request, board, return_id)
    if not access.is_agency:
        raise PermissionDenied
    item = get_object_or_404(
        ReturnChallenge, pk=challenge_id, agency_return=agency_return, board=board
    )
    form = ResponseForm(request.POST)
    if form.is_valid():
        services.respond_to_challenge(item, text=form.cleaned_data["response"], user=request.user)  # type: ignore[arg-type]
        messages.success(request, "Your answer has been sent to the board.")
    else:
        messages.error(request, "Enter your answer to the challenge.")
    return redirect("returns:detail", board.slug, agency_return.pk)


@board_view(Permission.RETURNS_REVIEW)
def challenge_finding(request: HttpRequest, return_id: int, challenge_id: int) -> HttpResponse:
    """Record an answered challenge's outcome as a finding, on one of the board's themes."""
    board = current_board(request)
    agency_return, _, _ = get_return(request, board, return_id)
    item = get_object_or_404(
        ReturnChallenge, pk=challenge_id, agency_return=agency_return, board=board
    )
    back = item.get_board_url(board)
    if item.is_open:
        messages.error(request, "Record the outcome once the agency has answered the challenge.")
        return redirect(back)
    form = FindingForm(request.POST or None, board=board, initial={"text": item.response})
    if request.method == "POST" and form.is_valid():
        services.record_challenge_finding(
            item,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            theme=form.cleaned_data["theme"],
            user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, "The outcome has been recorded as a finding.")
        return redirect(back)
    return form_page(
        request,
        form,
        heading="Record the outcome as a finding",
        caption=f"Challenge of {agency_return.agency.name}'s return: {item.text[:80]}",
        cancel=back,
    )


@board_view(Permission.RETURNS_VIEW)
def sessions(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    can_record = has_permission(request.user, Permission.RETURNS_REVIEW, board=board)
    form = ChallengeSessionForm(request.POST or None, board=board)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            session = form.save(commit=False)
            session.board = board
            session.recorded_by = request.user
            session.save()
            messages.success(
                request, f"The challenge session with {session.agency} has been recorded."
            )
            return redirect("returns:sessions", board.slug)
    return render(
        request,
        "returns/sessions.html",
        {
            "board": board,
            "sessions": ChallengeSession.objects.filter(board=board).select_related(
                "agency", "recorded_by", "agency_return"
            ),
            "form": form if can_record else None,
        },
    )


def _section_11_template(request: HttpRequest, board: Board) -> FrameworkTemplate:
    templates = FrameworkTemplate.objects.filter(code=SECTION_11_CODE).order_by("-version")
    chosen = request.GET.get("template", "")
    if chosen.isdigit():
        template = (
            templates.filter(pk=int(chosen)).first()
            or FrameworkTemplate.objects.filter(pk=int(chosen), owner_board=board).first()
        )
        if template and (template.owner_board_id in (None, board.pk)):
            return template
    template = templates.filter(owner_board__isnull=True).first()
    if template is None:
        raise Http404("The Section 11 template is not loaded")
    return template


def _period(request: HttpRequest, returns) -> tuple[str, list[str]]:
    """The chosen period, else the latest with a submitted return; and every period asked for."""
    latest, periods = comparison.latest_submitted_period(returns)
    chosen = request.GET.get("period", "")
    return (chosen if chosen in periods else latest), periods


# The kept part's name and format: change the number when how the comparison is drawn changes.
SECTION_11_PART = "returns:section-11:1"


@board_view(Permission.RETURNS_VIEW)
def section_11(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    export_format = request.GET.get("format")
    if export_format in ("xlsx", "pdf"):
        template, period, _, sections, rows, _ = _section_11_figures(request, board)
        return exports.section_11_summary(
            board, template, period, sections, rows, export_format
        ).as_response()
    chosen_template = request.GET.get("template", "")
    body = kept_drawing(
        request,
        SECTION_11_PART,
        "returns/_section_11_body.html",
        lambda: _section_11_context(request, board),
        # what the figures depend on besides the region's data and the grants: the template
        # and period asked for (a template that is no number is never read)
        vary=[chosen_template if chosen_template.isdigit() else "", request.GET.get("period", "")],
    )
    return render(request, "returns/section_11.html", {"board": board, "body": body})


def _section_11_figures(request: HttpRequest, board: Board):
    """The template and period shown (the latest with a submitted return unless another is
    asked for), every period asked for, the standards, each agency's row of ratings and the
    inspections recorded."""
    template = _section_11_template(request, board)
    agencies = list(Agency.objects.filter(memberships__board=board).order_by("name"))
    # Only the returns this board asked for count for it, in the period shown.
    period, periods = _period(request, comparison.requested_returns(template, board))
    findings = list(
        Inspection.objects.filter(board=board)
        .select_related("judgement", "section", "agency")
        .prefetch_related("findings")
    )
    sections, rows = comparison.rating_matrix(template, agencies, period, findings, board=board)
    return template, period, periods, sections, rows, findings


def _section_11_context(request: HttpRequest, board: Board) -> dict:
    """What the kept part of the comparison is drawn from (no form with a token in it); who
    may record a finding is the person's grants', which the part is kept by."""
    template, period, periods, sections, rows, findings = _section_11_figures(request, board)
    return {
        "template": template,
        "period": period,
        "periods": periods,
        "sections": sections,
        "rows": rows,
        "findings": findings,
        "can_record": has_permission(request.user, Permission.RETURNS_REVIEW, board=board),
    }


@board_view(Permission.RETURNS_VIEW)
def agency_history(request: HttpRequest, agency_id: int) -> HttpResponse:
    board = current_board(request)
    agency = get_object_or_404(Agency.objects.filter(memberships__board=board), pk=agency_id)
    template = _section_11_template(request, board)
    periods, rows = comparison.agency_history(template, agency)
    return render(
        request,
        "returns/agency_history.html",
        {"board": board, "agency": agency, "template": template, "periods": periods, "rows": rows},
    )


@board_view(Permission.RETURNS_REVIEW)
def inspection_finding(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    template = _section_11_template(request, board)
    form = InspectionForm(request.POST or None, board=board, template=template)
    if request.method == "POST" and form.is_valid():
        inspection = services.record_inspection(form, board=board, user=request.user)  # type: ignore[arg-type]
        messages.success(
            request,
            f"The {inspection.get_inspectorate_display()} finding on {inspection.agency} "
            "has been recorded.",
        )
        return redirect("returns:section_11", board.slug)
    return render(
        request,
        "returns/inspection_finding.html",
        {"board": board, "form": form, "template": template},
    )


@board_view(Permission.BOARD_VIEW)
def export_return(request: HttpRequest, return_id: int, export_format: str) -> HttpResponse:
    board = current_board(request)
    agency_return, _, access = get_return(request, board, return_id)
    if not access.sees_answers:
        raise Http404("No such return")
    answers = {a.question_id: a for a in agency_return.response.answers.select_related("level")}
    sections = answered_sections(agency_return.template, answers)
    return exports.agency_return(agency_return, sections, export_format, board).as_response()


@region_view(Permission.RETURNS_VIEW)
def region_section_11(request: HttpRequest) -> HttpResponse:
    """Every agency in the region side by side, with the boards each serves."""
    region = request.region  # type: ignore[attr-defined]
    template = _section_11_template(request, None)
    agencies = list(region.agencies.prefetch_related("boards").order_by("name"))
    period, periods = _period(
        request,
        AgencyReturn.objects.filter(template=template, agency__in=agencies, requests__isnull=False),
    )
    findings = list(
        Inspection.objects.filter(board__region=region).select_related("judgement", "section")
    )
    sections, rows = comparison.rating_matrix(template, agencies, period, findings)
    return render(
        request,
        "returns/region_section_11.html",
        {
            "region": region,
            "template": template,
            "period": period,
            "periods": periods,
            "sections": sections,
            "rows": rows,
        },
    )
