from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.core.charts import bar_chart
from scrutiny.core.exporters import Sheet, csv_export, safe_filename, xlsx
from scrutiny.core.views import form_page
from scrutiny.findings.services import findings_for, record_finding
from scrutiny.findings.source_forms import FindingForm
from scrutiny.findings.source_pages import with_actions
from scrutiny.questionnaires.forms import QuestionnaireForm
from scrutiny.tenancy.models import Board

from .findings import finding_suggestions
from .forms import BookingForm, CourseForm, ProgrammeForm, SessionForm
from .impact import course_impacts, priority_impacts
from .learning import learning_sources
from .models import Course, EvaluationStage, TrainingProgramme, TrainingSession
from .services import AlreadyAnswered, answer, find_invitation, send_end_of_session_evaluations


def _can_manage(request: HttpRequest, board: Board) -> bool:
    return has_permission(request.user, Permission.TRAINING_MANAGE, board=board)


def _programme(board: Board, programme_id: int) -> TrainingProgramme:
    return get_object_or_404(
        TrainingProgramme.objects.select_related("board"), board=board, pk=programme_id
    )


def _course(board: Board, course_id: int) -> Course:
    return get_object_or_404(
        Course.objects.select_related("programme__board"), programme__board=board, pk=course_id
    )


@board_view(Permission.BOARD_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    programmes = board.training_programmes.annotate(n_courses=Count("courses", distinct=True))
    return render(
        request,
        "training/home.html",
        {"board": board, "programmes": programmes, "can_manage": _can_manage(request, board)},
    )


@board_view(Permission.TRAINING_MANAGE)
def programme_form(request: HttpRequest, programme_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    item = _programme(board, programme_id) if programme_id else None
    form = ProgrammeForm(request.POST or None, instance=item, board=board)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"The {saved.year_label} training programme has been saved.")
        return redirect(saved)
    return form_page(
        request,
        form,
        heading="Add a training programme" if item is None else "Edit the training programme",
        cancel=reverse("training:home", args=[board.slug]),
    )


@board_view(Permission.BOARD_VIEW)
def programme(request: HttpRequest, programme_id: int) -> HttpResponse:
    board = current_board(request)
    item = _programme(board, programme_id)
    courses = list(
        item.courses.prefetch_related(
            "priorities", Prefetch("sessions", TrainingSession.objects.order_by("date"))
        )
    )
    impacts = course_impacts(item)
    rows = [(c, impacts[c.pk]) for c in courses]
    return render(
        request,
        "training/programme.html",
        {
            "board": board,
            "programme": item,
            "rows": rows,
            "can_manage": _can_manage(request, board),
            "chart": bar_chart(
                "Facilitator standard by course (% favourable)",
                [(c.title, impact.facilitator_share) for c, impact in rows],
                threshold=item.favourable_threshold,
            ),
        },
    )


@board_view(Permission.BOARD_VIEW)
def impact(request: HttpRequest, programme_id: int) -> HttpResponse:
    board = current_board(request)
    item = _programme(board, programme_id)
    by_priority = priority_impacts(item)
    charts = [
        bar_chart(
            f"{p}: end of session (% favourable)",
            [(q.text, q.share) for q in imp.end.question_list()],
            chart_id=f"priority-{p.pk}-end",  # type: ignore[attr-defined]
        )
        + bar_chart(
            f"{p}: three months later (% favourable)",
            [(q.text, q.share) for q in imp.follow_up.question_list()],
            chart_id=f"priority-{p.pk}-follow-up",  # type: ignore[attr-defined]
        )
        for p, imp, _ in by_priority
    ]
    return render(
        request,
        "training/impact.html",
        {
            "board": board,
            "programme": item,
            "priorities": [(*row, chart) for row, chart in zip(by_priority, charts, strict=True)],
        },
    )


@board_view(Permission.BOARD_VIEW)
def impact_export(request: HttpRequest, programme_id: int, export_format: str) -> HttpResponse:
    board = current_board(request)
    item = _programme(board, programme_id)
    impacts = course_impacts(item)
    header = [
        "Course",
        "Booked",
        "Attended",
        "Stage",
        "Responses",
        "Question",
        "Answered",
        "% favourable",
    ]
    rows = []
    for course in item.courses.all():
        imp = impacts[course.pk]
        for stage in imp.stages.values():
            for q in stage.question_list() or [None]:
                rows.append(
                    [
                        course.title,
                        imp.booked,
                        imp.attended,
                        stage.label,
                        stage.responses,
                        q.text if q else "",
                        q.answered if q else 0,
                        round(q.share, 1) if q and q.share is not None else "",
                    ]
                )
    name = safe_filename(board.short_name, "training-impact", str(item.year))
    sheet = Sheet("Training impact", header, rows)
    if export_format == "csv":
        return csv_export(f"{name}.csv", sheet).as_response()
    if export_format == "xlsx":
        return xlsx(f"{name}.xlsx", [sheet]).as_response()
    return HttpResponse(status=404)


@board_view(Permission.TRAINING_MANAGE)
def course_form(
    request: HttpRequest, programme_id: int | None = None, course_id: int | None = None
) -> HttpResponse:
    board = current_board(request)
    item = _course(board, course_id) if course_id else None
    programme_obj = item.programme if item else _programme(board, programme_id)  # type: ignore[arg-type]
    form = CourseForm(request.POST or None, instance=item, board=board)
    if request.method == "POST" and form.is_valid():
        form.instance.programme = programme_obj
        saved = form.save()
        messages.success(request, f"“{saved.title}” has been saved.")
        return redirect(saved)
    return form_page(
        request,
        form,
        heading="Add a course" if item is None else "Edit the course",
        caption=str(programme_obj),
        cancel=programme_obj.get_absolute_url(),
    )


@board_view(Permission.BOARD_VIEW)
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    board = current_board(request)
    item = _course(board, course_id)
    impacts = course_impacts(item.programme)
    imp = impacts[item.pk]
    sessions = [(s, impacts[-s.pk]) for s in item.sessions.all()]
    return render(
        request,
        "training/course.html",
        {
            "board": board,
            "course": item,
            "programme": item.programme,
            "impact": imp,
            "sessions": sessions,
            "priorities": item.priorities.all(),
            "learning": learning_sources(item),
            "can_manage": _can_manage(request, board),
            "suggestions": finding_suggestions(item.title, imp),
            "finding_rows": with_actions(findings_for(item), board),
            "can_raise_action": has_permission(
                request.user, Permission.ACTIONS_MANAGE, board=board
            ),
            "end_chart": bar_chart(
                "End of session (% favourable)",
                [(q.text, q.share) for q in imp.end.question_list()],
                chart_id="course-end",
            ),
            "follow_up_chart": bar_chart(
                "Three months later (% favourable)",
                [(q.text, q.share) for q in imp.follow_up.question_list()],
                chart_id="course-follow-up",
            ),
        },
    )


@board_view(Permission.TRAINING_MANAGE)
def course_finding(request: HttpRequest, course_id: int) -> HttpResponse:
    """Record a finding from the course's evaluations (`?from=` starts from a suggestion)."""
    board = current_board(request)
    item = _course(board, course_id)
    initial = {}
    chosen = request.GET.get("from")
    if chosen:
        imp = course_impacts(item.programme)[item.pk]
        for suggestion in finding_suggestions(item.title, imp):
            if suggestion.key == chosen:
                initial = {"kind": suggestion.kind, "text": suggestion.text}
    form = FindingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        record_finding(
            board=board,
            source=item,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            recorded_by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, "The finding has been recorded.")
        return redirect(reverse("training:course", args=[board.slug, item.pk]) + "#findings")
    return form_page(
        request,
        form,
        heading="Record a finding from the course",
        caption=item.title,
        cancel=item.get_absolute_url(),
    )


@board_view(Permission.TRAINING_MANAGE)
def session_form(
    request: HttpRequest, course_id: int, session_id: int | None = None
) -> HttpResponse:
    board = current_board(request)
    parent = _course(board, course_id)
    item = get_object_or_404(parent.sessions, pk=session_id) if session_id else None
    form = SessionForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.instance.course = parent
        saved = form.save()
        messages.success(request, f"The session on {saved.date:%-d %B %Y} has been saved.")
        return redirect(saved)
    return form_page(
        request,
        form,
        heading="Add a session" if item is None else "Edit the session",
        caption=parent.title,
        cancel=parent.get_absolute_url(),
    )


def _session(board: Board, course_id: int, session_id: int) -> TrainingSession:
    return get_object_or_404(
        TrainingSession.objects.select_related("course__programme__board"),
        course__programme__board=board,
        course_id=course_id,
        pk=session_id,
    )


@board_view(Permission.BOARD_VIEW)
def session(request: HttpRequest, course_id: int, session_id: int) -> HttpResponse:
    board = current_board(request)
    item = _session(board, course_id, session_id)
    can_manage = _can_manage(request, board)
    bookings = item.bookings.select_related("agency").annotate(
        end_sent=Count("invitations", filter=Q(invitations__stage=EvaluationStage.END_OF_SESSION))
    )
    by_agency = (
        item.bookings.values("agency__name")
        .annotate(booked=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
        .order_by("agency__name")
    )
    return render(
        request,
        "training/session.html",
        {
            "board": board,
            "session": item,
            "course": item.course,
            # Participants' names and emails are for those who run the programme.
            "bookings": bookings if can_manage else None,
            "by_agency": by_agency,
            "booked": item.bookings.count(),
            "can_manage": can_manage,
        },
    )


@board_view(Permission.TRAINING_MANAGE)
def booking_add(request: HttpRequest, course_id: int, session_id: int) -> HttpResponse:
    board = current_board(request)
    item = _session(board, course_id, session_id)
    form = BookingForm(request.POST or None, session=item, board=board)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.name} is booked on the session.")
        return redirect(item)
    return form_page(
        request, form, heading="Book a place", caption=str(item), cancel=item.get_absolute_url()
    )


@require_POST
@board_view(Permission.TRAINING_MANAGE)
def attendance(request: HttpRequest, course_id: int, session_id: int) -> HttpResponse:
    board = current_board(request)
    item = _session(board, course_id, session_id)
    present = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
    for booking in item.bookings.all():
        attended = booking.pk in present
        if booking.attended != attended:
            booking.attended = attended
            booking.save(update_fields=["attended"])  # one by one, for the audit log
    messages.success(request, f"Attendance has been recorded ({len(present)} attended).")
    return redirect(item)


@require_POST
@board_view(Permission.TRAINING_MANAGE)
def send_evaluations(request: HttpRequest, course_id: int, session_id: int) -> HttpResponse:
    board = current_board(request)
    item = _session(board, course_id, session_id)
    sent = send_end_of_session_evaluations(item)
    messages.success(request, f"{sent} evaluation link(s) have been emailed to attendees.")
    return redirect(item)


def evaluate(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: no sign-in; works once."""
    invitation = find_invitation(token)
    if invitation is None:
        return render(request, "training/evaluation_unknown.html", status=404)
    session_obj = invitation.booking.session
    context = {"invitation": invitation, "session": session_obj, "course": session_obj.course}
    if invitation.answered:
        return render(request, "training/evaluation_answered.html", context, status=410)
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None,
        template=invitation.template,
        submitting=True,
        ask_improvements=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            answer(invitation, form)
        except AlreadyAnswered:
            return render(request, "training/evaluation_answered.html", context, status=410)
        return render(request, "training/evaluation_thanks.html", context)
    context |= {
        "form": form,
        "anonymous": session_obj.course.programme.anonymous_evaluations,
    }
    return render(request, "training/evaluate.html", context)
