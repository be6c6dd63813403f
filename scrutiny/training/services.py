"""Training workflows: booking within capacity, emailing evaluation links, answering them once,
and sending the three-month follow-ups."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from scrutiny.library.models import FrameworkTemplate
from scrutiny.questionnaires.forms import QuestionnaireForm
from scrutiny.questionnaires.models import Response

from .models import (
    FOLLOW_UP_AFTER_DAYS,
    Booking,
    Evaluation,
    EvaluationInvitation,
    EvaluationStage,
    TrainingSession,
    hash_token,
)

TEMPLATE_CODES = {
    EvaluationStage.END_OF_SESSION: "training-session-evaluation",
    EvaluationStage.FOLLOW_UP: "training-follow-up-evaluation",
}


class AlreadyAnswered(Exception):
    """The link has been used: an evaluation is answered once."""


def evaluation_template(stage: str) -> FrameworkTemplate:
    """The newest shared version of the library's evaluation for this stage."""
    return (
        FrameworkTemplate.objects.filter(code=TEMPLATE_CODES[stage], owner_board__isnull=True)
        .order_by("-version")
        .first()
    )  # type: ignore[return-value]


def invite(booking: Booking, stage: str) -> str | None:
    """Create the participant's invitation for the stage and email the link; None if one
    was already sent. Returns the raw token (only the email and the caller ever see it)."""
    if booking.invitations.filter(stage=stage).exists():
        return None
    token = secrets.token_urlsafe(32)
    session = booking.session
    invitation = EvaluationInvitation.objects.create(
        booking=booking,
        stage=stage,
        template=evaluation_template(stage),
        token_hash=hash_token(token),
        sent_at=timezone.now(),
    )
    link = settings.SITE_URL.rstrip("/") + reverse("training:evaluate", args=[token])
    context = {
        "booking": booking,
        "session": session,
        "course": session.course,
        "link": link,
        "stage": invitation.get_stage_display().lower(),
        "anonymous": session.course.programme.anonymous_evaluations,
        "board": session.course.programme.board,
    }
    send_mail(
        subject=f"Please evaluate {session.course.title}",
        message=render_to_string("training/email/invitation.txt", context),
        from_email=None,
        recipient_list=[booking.email],
    )
    return token


def send_end_of_session_evaluations(session: TrainingSession) -> int:
    """Email an end-of-session evaluation to every attendee who has not had one."""
    sent = 0
    for booking in session.bookings.filter(attended=True).select_related(
        "session__course__programme__board"
    ):
        with transaction.atomic():
            if invite(booking, EvaluationStage.END_OF_SESSION):
                sent += 1
    return sent


@dataclass
class FollowUpRun:
    sent: int = 0


def send_follow_ups(today: datetime.date) -> FollowUpRun:
    """Three months after a session, email its attendees the follow-up evaluation (once)."""
    run = FollowUpRun()
    due = Booking.objects.filter(
        attended=True,
        session__date__lte=today - datetime.timedelta(days=FOLLOW_UP_AFTER_DAYS),
    ).exclude(invitations__stage=EvaluationStage.FOLLOW_UP)
    for booking in due.select_related("session__course__programme__board"):
        with transaction.atomic():
            if invite(booking, EvaluationStage.FOLLOW_UP):
                run.sent += 1
    return run


def find_invitation(token: str) -> EvaluationInvitation | None:
    return (
        EvaluationInvitation.objects.select_related(
            "template", "booking__session__course__programme__board"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def answer(invitation: EvaluationInvitation, form: QuestionnaireForm) -> Evaluation:
    """Store a valid evaluation once. The row is locked, so two submissions of one link at
    the same moment cannot both create a response."""
    locked = EvaluationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.answered:
        raise AlreadyAnswered
    booking = locked.booking
    programme = booking.session.course.programme
    response = Response.objects.create(template=locked.template)
    form.save(response)
    evaluation = Evaluation.objects.create(
        session=booking.session,
        stage=locked.stage,
        response=response,
        booking=None if programme.anonymous_evaluations else booking,
    )
    locked.answered_on = timezone.localdate()
    locked.save(update_fields=["answered_on"])
    return evaluation
