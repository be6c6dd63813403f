from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.versions import kept_drawing
from scrutiny.audits.identifying_text import IdentifyingTextGuard
from scrutiny.core.charts import bar_chart
from scrutiny.core.exporters import Sheet, csv_export, safe_filename, xlsx
from scrutiny.core.views import form_page
from scrutiny.findings.services import findings_for, record_finding
from scrutiny.findings.source_forms import FindingForm
from scrutiny.findings.source_pages import with_actions
from scrutiny.questionnaires.forms import QuestionnaireForm
from scrutiny.tenancy.models import Board

from .feedback import (
    HONEYPOT_FIELD,
    count_submission,
    rate_limited,
    submit,
    summarise,
)
from .forms import ActivityForm, FeedbackFormForm, HelpLineForm
from .models import FeedbackForm, Voice


def _voice(request: HttpRequest) -> str:
    value = request.GET.get("voice", Voice.CHILDREN)
    return value if value in Voice.values else Voice.CHILDREN


# Part of the kept register's key: change it when its drawing changes.
REGISTER_FORMAT = "1"


@board_view(Permission.BOARD_VIEW)
def register(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    voice = _voice(request)

    def content() -> dict:
        activities = board.engagement.filter(voice=voice).select_related("priority", "recorded_by")
        return {
            "voice": voice,
            "voices": Voice.choices,
            "voice_label": Voice(voice).label,
            "activities": activities,
            "can_manage": has_permission(request.user, Permission.ENGAGEMENT_MANAGE, board=board),
        }

    body = kept_drawing(
        request,
        f"voice:register:{REGISTER_FORMAT}",
        "voice/_register_body.html",
        content,
        vary=[voice],
    )
    return render(
        request,
        "voice/register.html",
        {"board": board, "body": body, "voice_label": Voice(voice).label},
    )


@board_view(Permission.BOARD_VIEW)
def register_export(request: HttpRequest, export_format: str) -> HttpResponse:
    board = current_board(request)
    activities = board.engagement.select_related("priority")
    header = [
        "Voice", "Date", "Activity", "Kind", "Level", "Participants", "Priority",
        "You said", "We did", "Impact",
    ]  # fmt: skip
    rows = [
        [
            a.get_voice_display(),
            a.held_on,
            a.title,
            a.get_kind_display(),
            a.level_label,
            a.participants if a.participants is not None else "",
            a.priority.title if a.priority else "",
            a.you_said,
            a.we_did,
            a.impact,
        ]
        for a in activities
    ]
    sheet = Sheet("You said, we did", header, rows)
    name = safe_filename(board.short_name, "you-said-we-did")
    if export_format == "csv":
        return csv_export(f"{name}.csv", sheet).as_response()
    if export_format == "xlsx":
        return xlsx(f"{name}.xlsx", [sheet]).as_response()
    raise Http404


@board_view(Permission.BOARD_VIEW)
def activity(request: HttpRequest, activity_id: int) -> HttpResponse:
    board = current_board(request)
    item = get_object_or_404(board.engagement.select_related("priority"), pk=activity_id)
    return render(
        request,
        "voice/activity.html",
        {
            "board": board,
            "activity": item,
            "can_manage": has_permission(request.user, Permission.ENGAGEMENT_MANAGE, board=board),
            "finding_rows": with_actions(findings_for(item), board),
            "can_raise_action": has_permission(
                request.user, Permission.ACTIONS_MANAGE, board=board
            ),
        },
    )


@board_view(Permission.ENGAGEMENT_MANAGE)
def activity_finding(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Record what the board learned from "you said" as a finding."""
    board = current_board(request)
    item = get_object_or_404(board.engagement, pk=activity_id)
    form = FindingForm(
        request.POST or None,
        initial={"text": f"{item.get_voice_display()} said: {item.you_said}"},
    )
    if request.method == "POST" and form.is_valid():
        record_finding(
            board=board,
            source=item,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            recorded_by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, "The finding has been recorded.")
        return redirect(item.get_absolute_url() + "#findings")
    return form_page(
        request,
        form,
        heading="Record a finding from what was said",
        caption=item.title,
        cancel=item.get_absolute_url(),
    )


@board_view(Permission.ENGAGEMENT_MANAGE)
def activity_form(request: HttpRequest, activity_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    item = get_object_or_404(board.engagement, pk=activity_id) if activity_id else None
    voice = item.voice if item else _voice(request)
    form = ActivityForm(request.POST or None, instance=item, board=board, voice=voice)
    if request.method == "POST" and form.is_valid():
        if item is None:
            form.instance.recorded_by = request.user
        saved = form.save()
        messages.success(request, f"“{saved.title}” is in the register.")
        return redirect(saved)
    return form_page(
        request,
        form,
        heading="Record an engagement activity" if item is None else "Edit the activity",
        caption=Voice(voice).label,
        cancel=reverse("voice:register", args=[board.slug]) + f"?voice={voice}",
    )


@board_view(Permission.BOARD_VIEW)
def feedback_forms(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    return render(
        request,
        "voice/forms.html",
        {
            "board": board,
            "forms": board.feedback_forms.annotate(answers=Count("submissions")),
            "can_manage": has_permission(request.user, Permission.ENGAGEMENT_MANAGE, board=board),
        },
    )


@board_view(Permission.ENGAGEMENT_MANAGE)
def feedback_form_edit(request: HttpRequest, form_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    item = get_object_or_404(board.feedback_forms, pk=form_id) if form_id else None
    form = FeedbackFormForm(request.POST or None, instance=item, board=board)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"“{saved.title}” has been saved.")
        return redirect(saved)
    return form_page(
        request,
        form,
        heading="Add a public feedback form" if item is None else "Edit the feedback form",
        cancel=reverse("voice:forms", args=[board.slug]),
    )


@board_view(Permission.ENGAGEMENT_MANAGE)
def help_line(request: HttpRequest) -> HttpResponse:
    """The board's own help line, shown on its public forms beside Childline."""
    board = current_board(request)
    form = HelpLineForm(request.POST or None, instance=board)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The help line on your public forms has been saved.")
        return redirect("voice:forms", board.slug)
    return form_page(
        request,
        form,
        heading="The help line children see on your public forms",
        cancel=reverse("voice:forms", args=[board.slug]),
    )


@board_view(Permission.BOARD_VIEW)
def form_results(request: HttpRequest, form_id: int) -> HttpResponse:
    board = current_board(request)
    item = get_object_or_404(board.feedback_forms.select_related("template"), pk=form_id)
    total, results = summarise(item)
    charts = [
        bar_chart(r.text, r.shares(), chart_id=f"question-{n}") if r.levels else ""
        for n, r in enumerate(results, 1)
    ]
    return render(
        request,
        "voice/results.html",
        {
            "board": board,
            "feedback_form": item,
            "total": total,
            "results": list(zip(results, charts, strict=True)),
            "public_url": request.build_absolute_uri(item.get_public_url()),
            "can_manage": has_permission(request.user, Permission.ENGAGEMENT_MANAGE, board=board),
        },
    )


REQUIRED_MARK = "(you need to answer this)"


class PublicFeedbackForm(IdentifyingTextGuard, QuestionnaireForm):
    """The questionnaire with a honeypot field people never see (bots fill it in). Text
    answers that look identifying are refused, never confirmed: the public cannot be asked
    to judge what identifies a child."""

    confirmable = False

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(required=False, label="Leave this empty")
        # What the page says must be true: a question that must be answered says so in its
        # label (a screen reader reads it with the question); the page then does not say
        # "you can skip any question" (`public_form.html`).
        for q in self.questions():
            if q.required:
                self.fields[f"q{q.pk}"].label += f" {REQUIRED_MARK}"

    def identifying_field_names(self):  # type: ignore[no-untyped-def]
        return [f"q{q.pk}" for q in self.questions() if q.answer_type == "text"]


def have_your_say(request: HttpRequest, board_slug: str, form_slug: str) -> HttpResponse:
    """Public: no sign-in, no personal questions, limited answers per address per hour."""
    board = get_object_or_404(Board, slug=board_slug)
    item = get_object_or_404(
        FeedbackForm.objects.select_related("template"), board=board, slug=form_slug
    )
    context = {"public_board": board, "board_name": board.name, "feedback_form": item}
    if not item.is_open:
        return render(request, "voice/public_closed.html", context)
    if request.method == "POST" and rate_limited(request):
        return render(request, "voice/public_busy.html", context, status=429)
    form = PublicFeedbackForm(
        request.POST if request.method == "POST" else None,
        template=item.template,
        submitting=True,
        ask_improvements=False,
    )
    if request.method == "POST" and form.is_valid():
        count_submission(request)
        if not form.cleaned_data.get(HONEYPOT_FIELD):
            submit(item, form)
        # A filled honeypot gets the same thanks, so a bot learns nothing.
        return redirect("voice:have_your_say_thanks", board.slug, item.slug)
    required = [q for q in form.questions() if q.required]
    context |= {"form": form, "honeypot": form[HONEYPOT_FIELD], "any_required": bool(required)}
    return render(request, "voice/public_form.html", context)


def have_your_say_thanks(request: HttpRequest, board_slug: str, form_slug: str) -> HttpResponse:
    item = get_object_or_404(
        FeedbackForm.objects.select_related("board"), board__slug=board_slug, slug=form_slug
    )
    return render(
        request,
        "voice/public_thanks.html",
        {"feedback_form": item, "board_name": item.board.name, "public_board": item.board},
    )
