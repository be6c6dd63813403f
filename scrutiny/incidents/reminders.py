"""Emailed reminders before (and once after) each statutory deadline. Each reminder is
recorded before it is sent, under a unique (board, clock, deadline, stage), so running the
daily command twice never sends the same reminder twice; a moved deadline is a new reminder."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from scrutiny.people.models import Role, User
from scrutiny.tenancy.models import Board

from .clocks import Clock
from .models import ClockReminder, ReminderStage
from .services import open_clocks


def _runners(board: Board) -> set[str]:
    """The chair and business manager: they run the board's incidents."""
    return set(
        User.objects.filter(
            is_active=True,
            role_assignments__board=board,
            role_assignments__role__in=[Role.CHAIR, Role.BUSINESS_MANAGER],
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _agency_leads(board: Board, agency_id: int) -> set[str]:
    return set(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.AGENCY_LEAD,
            role_assignments__board=board,
            role_assignments__agency_id=agency_id,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )


def stage_for(clock: Clock, today: datetime.date) -> str | None:
    if today > clock.deadline:
        return ReminderStage.PASSED
    if clock.working_days_left(today) <= settings.SCRUTINY_CLOCK_REMINDER_WORKING_DAYS:
        return ReminderStage.DUE_SOON
    return None


def _message(board: Board, clock: Clock, stage: str, today: datetime.date) -> tuple[str, str]:
    site = settings.SITE_URL.rstrip("/")
    link = site + clock.url
    if clock.contribute_url:
        link = (
            f"The rapid review: {link}\n"
            f"Agency leads give their agency's contribution here: {site}{clock.contribute_url}"
        )
    if stage == ReminderStage.PASSED:
        subject = f"{board.name}: deadline passed: {clock.what}"
        lead = f"The deadline of {clock.deadline:%A %-d %B %Y} has passed."
    else:
        left = clock.working_days_left(today)
        subject = f"{board.name}: due {clock.deadline:%-d %B %Y}: {clock.what}"
        lead = (
            f"This is due by {clock.deadline:%A %-d %B %Y}: "
            f"{left} working day{'s' if left != 1 else ''} from today."
        )
    body = (
        f"{clock.what}\n\n{lead}\n"
        f"({clock.rule.title}: {clock.rule.length_words} from {clock.rule.starts}.)\n\n"
        f"{link}\n"
    )
    return subject, body


def send_clock_reminders(today: datetime.date) -> int:
    """Send every reminder that is due today and not yet sent; the number sent."""
    sent = 0
    boards = Board.objects.filter(
        Q(serious_incidents__isnull=False) | Q(local_reviews__isnull=False)
    ).distinct()
    for board in boards.order_by("pk"):
        for clock in open_clocks(board):
            stage = stage_for(clock, today)
            if stage is None:
                continue
            recipients = _runners(board)
            if clock.agency_id is not None:
                recipients |= _agency_leads(board, clock.agency_id)
            if not recipients:
                continue
            with transaction.atomic():
                _, created = ClockReminder.objects.get_or_create(
                    board=board,
                    clock_key=clock.key,
                    deadline=clock.deadline,
                    stage=stage,
                    defaults={"recipients": "\n".join(sorted(recipients))},
                )
                if not created:
                    continue
                subject, body = _message(board, clock, stage, today)
                send_mail(subject, body, None, sorted(recipients))
                sent += 1
    return sent
