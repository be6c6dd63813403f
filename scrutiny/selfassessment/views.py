from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.versions import kept_drawing
from scrutiny.core.views import form_page
from scrutiny.library.models import TemplateQuestion
from scrutiny.questionnaires.forms import QuestionnaireForm
from scrutiny.tenancy.models import Board

from . import services
from .evidence import criterion_for, find_candidate, suggestions
from .finders import resources_for_criterion
from .forms import DecisionForm, EvidenceForm, NoteForm, StandingItemForm, StartForm
from .models import EvidenceLink, SelfAssessment


def _assessment(board: Board, assessment_id: int) -> SelfAssessment:
    return get_object_or_404(
        SelfAssessment.objects.select_related("template", "board", "overall_level", "response"),
        pk=assessment_id,
        board=board,
    )


def _can(request: HttpRequest, permission: Permission, board: Board) -> bool:
    return has_permission(request.user, permission, board=board)


# Part of the kept list's key: change it when its drawing changes.
LIST_FORMAT = "1"


@board_view(Permission.SELF_ASSESSMENT_VIEW)
def assessments(request: HttpRequest) -> HttpResponse:
    board = current_board(request)

    def content() -> dict:
        return {
            "assessments": board.self_assessments.select_related("template", "overall_level"),
            "can_edit": _can(request, Permission.SELF_ASSESSMENT_EDIT, board),
        }

    body = kept_drawing(
        request, f"selfassessment:list:{LIST_FORMAT}", "selfassessment/_list_body.html", content
    )
    return render(request, "selfassessment/list.html", {"board": board, "body": body})


@board_view(Permission.SELF_ASSESSMENT_EDIT)
def start(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = StartForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        assessment = services.start_assessment(board, form.cleaned_data["template"], request.user)
        messages.success(request, f"The self-assessment against {assessment.template} has begun.")
        return redirect(assessment)
    return form_page(
        request,
        form,
        heading="Start a self-assessment",
        cancel=reverse("selfassessment:list", args=[board.slug]),
    )


@board_view(Permission.SELF_ASSESSMENT_VIEW)
def detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    board = current_board(request)
    assessment = _assessment(board, assessment_id)
    rows = services.criteria_rows(assessment)
    revisions = list(assessment.revisions.select_related("saved_by"))
    latest = revisions[0] if revisions else None
    previous = revisions[1] if len(revisions) > 1 else None
    today = timezone.localdate()
    reviewed_at = services.last_board_review(assessment, today)
    baseline = services.revision_as_of(revisions, reviewed_at.held_on) if reviewed_at else None
    return render(
        request,
        "selfassessment/detail.html",
        {
            "board": board,
            "assessment": assessment,
            "rows": rows,
            "suggestion": services.suggestion(rows),
            "revisions": revisions,
            "latest": latest,
            "changes_since_previous": services.changes_between(
                previous.snapshot if previous else {}, latest.snapshot
            )
            if latest
            else [],
            "previous": previous,
            "reviewed_at": reviewed_at,
            "changes_since_review": services.changes_between(
                baseline.snapshot if baseline else {}, latest.snapshot
            )
            if latest and reviewed_at
            else [],
            "can_edit": _can(request, Permission.SELF_ASSESSMENT_EDIT, board),
            "can_decide": _can(request, Permission.SELF_ASSESSMENT_DECIDE, board),
            "can_peer_review": _can(request, Permission.PEER_REVIEW_MANAGE, board),
        },
    )


@board_view(Permission.SELF_ASSESSMENT_EDIT)
def edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    board = current_board(request)
    assessment = _assessment(board, assessment_id)
    answers = {a.question_id: a for a in assessment.response.answers.select_related("level")}
    form = QuestionnaireForm(
        request.POST or None,
        template=assessment.template,
        answers=answers,
        ask_improvements=False,  # improvements become actions from findings, not here
        record=assessment,
    )
    note_form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and note_form.is_valid():
        revision = services.save_grades(
            assessment, form, request.user, note_form.cleaned_data["note"]
        )
        messages.success(request, f"Saved as revision {revision.number}.")
        return redirect(assessment)
    return render(
        request,
        "selfassessment/edit.html",
        {"board": board, "assessment": assessment, "form": form, "note_form": note_form},
    )


def _question(assessment: SelfAssessment, question_id: int) -> TemplateQuestion:
    return get_object_or_404(
        TemplateQuestion.objects.select_related("scale"),
        pk=question_id,
        section__template=assessment.template,
    )


@board_view(Permission.SELF_ASSESSMENT_VIEW)
def criterion(request: HttpRequest, assessment_id: int, question_id: int) -> HttpResponse:
    board = current_board(request)
    assessment = _assessment(board, assessment_id)
    question = _question(assessment, question_id)
    crit = criterion_for(question, assessment.template.code)
    links = list(assessment.evidence_links.filter(question=question))
    linked = {(link.target_type_id, link.target_id) for link in links}
    can_edit = _can(request, Permission.SELF_ASSESSMENT_EDIT, board)
    suggested = []
    for kind, candidates in suggestions(board, crit):
        shown = []
        for c in candidates:
            ct = ContentType.objects.get_for_model(c.obj)
            if (ct.pk, c.obj.pk) not in linked:
                shown.append((c, ct.pk))
        suggested.append((kind, shown))
    return render(
        request,
        "selfassessment/criterion.html",
        {
            "board": board,
            "assessment": assessment,
            "question": question,
            "answer": assessment.response.answers.select_related("level")
            .filter(question=question)
            .first(),
            "links": links,
            "suggested": suggested,
            "reflective": crit.reflective,
            "resources": resources_for_criterion(board.region, question),
            "can_edit": can_edit,
        },
    )


@require_POST
@board_view(Permission.SELF_ASSESSMENT_EDIT)
def evidence_add(request: HttpRequest, assessment_id: int, question_id: int) -> HttpResponse:
    board = current_board(request)
    assessment = _assessment(board, assessment_id)
    question = _question(assessment, question_id)
    form = EvidenceForm(request.POST)
    back = reverse("selfassessment:criterion", args=[board.slug, assessment.pk, question.pk])
    candidate = None
    if form.is_valid():
        data = form.cleaned_data
        candidate = find_candidate(
            board,
            criterion_for(question, assessment.template.code),
            data["kind"],
            data["content_type"],
            data["object_id"],
        )
    if candidate is None:
        # Only the board's own records, offered by a finder, can be linked.
        raise Http404("No such record on this board")
    services.link_evidence(assessment, question, candidate, request.user)
    messages.success(request, f"“{candidate.label}” is linked as evidence for {question.number}.")
    return redirect(back)


@require_POST
@board_view(Permission.SELF_ASSESSMENT_EDIT)
def evidence_remove(request: HttpRequest, assessment_id: int, link_id: int) -> HttpResponse:
    board = current_board(request)
    assessment = _assessment(board, assessment_id)
    link = get_object_or_404(
        EvidenceLink.objects.select_related("question"), pk=link_id, assessment=assessment
    )
    question = link.question
    services.unlink_evidence(link, request.user)
    messages.success(request, f"The evidence has been removed from {question.number}.")
    return redirect("selfassessment:criterion", board.slug, assessment.pk, question.pk)


@board_view(Permission.SELF_ASSESSMENT_DECIDE)
def decide(request: HttpRequest, assessment_id: int) -> HttpResponse:
    board = current_board(request)
    assessment = _assessment(board, assessment_id)
    rows = services.criteria_rows(assessment)
    fit = services.suggestion(rows)
    levels = assessment.template.scales.first()
    form = DecisionForm(
        request.POST or None,
        levels=levels.levels.all() if levels else assessment.template.scales.none(),
        initial={
            "level": assessment.overall_level_id or (fit.level.pk if fit.level else None),
            "reasoning": assessment.overall_reasoning or fit.reasoning,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.decide_overall(
            assessment, form.cleaned_data["level"], form.cleaned_data["reasoning"], request.user
        )
        messages.success(request, "The board's overall judgement has been recorded.")
        return redirect(assessment)
    return form_page(
        request,
        form,
        heading="Record the board's overall judgement",
        caption=f"Suggested best fit: {fit.reasoning}",
        cancel=assessment.get_absolute_url(),
    )


@board_view(Permission.SELF_ASSESSMENT_DECIDE)
def standing_item(request: HttpRequest, assessment_id: int) -> HttpResponse:
    board = current_board(request)
    assessment = _assessment(board, assessment_id)
    form = StandingItemForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        services.add_standing_item(assessment, meeting)
        messages.success(request, f"The self-assessment summary is on the agenda of {meeting}.")
        return redirect(meeting)
    return form_page(
        request,
        form,
        heading="Add the self-assessment to a meeting's agenda",
        caption=str(assessment),
        cancel=assessment.get_absolute_url(),
    )


@board_view(Permission.SELF_ASSESSMENT_VIEW)
def revision(request: HttpRequest, assessment_id: int, number: int) -> HttpResponse:
    board = current_board(request)
    assessment = _assessment(board, assessment_id)
    item = get_object_or_404(assessment.revisions.select_related("saved_by"), number=number)
    previous = assessment.revisions.filter(number__lt=number).order_by("-number").first()
    return render(
        request,
        "selfassessment/revision.html",
        {
            "board": board,
            "assessment": assessment,
            "revision": item,
            "previous": previous,
            "changes": services.changes_between(
                previous.snapshot if previous else {}, item.snapshot
            ),
            "criteria": item.snapshot.values(),
        },
    )
