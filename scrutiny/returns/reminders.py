"""Email reminders about returns: a week before the due date, then weekly while overdue.

Run once a day by a scheduler (`python -m scrutiny send_return_reminders`); running it
twice on one day sends nothing twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from scrutiny.people.models import Role, User

from .models import ReminderKind, ReturnReminder, ReturnRequest, ReturnStatus


@dataclass
class ReminderRun:
    sent: int = 0
    skipped_no_lead: int = 0


def reminder_due(request: ReturnRequest, today: datetime.date) -> ReminderKind | None:
    days_left = (request.due_date - today).days
    if days_left == settings.RETURN_REMINDER_DAYS_BEFORE:
        return ReminderKind.DUE_SOON
    if days_left < 0 and (-days_left) % 7 == 1:  # the day after it was due, then weekly
        return ReminderKind.OVERDUE
    return None


def send_return_reminders(today: datetime.date) -> ReminderRun:
    run = ReminderRun()
    pending = ReturnRequest.objects.filter(
        agency_return__status=ReturnStatus.DRAFT, agency_return__first_submitted_at__isnull=True
    ).select_related(
        "board", "agency_return__agency", "agency_return__template", "agency_return__subject"
    )
    for request in pending:
        kind = reminder_due(request, today)
        if kind is None:
            continue
        leads = list(
            User.objects.filter(
                is_active=True,
                role_assignments__role=Role.AGENCY_LEAD,
                role_assignments__board=request.board,
                role_assignments__agency=request.agency_return.agency,
            ).distinct()
        )
        if not leads:
            run.skipped_no_lead += 1
            continue
        try:
            with transaction.atomic():
                ReturnReminder.objects.create(
                    request=request,
                    kind=kind,
                    sent_on=today,
                    recipients=", ".join(u.email for u in leads),
                )
                _send(request, kind, leads, today)
        except IntegrityError:
            continue  # already sent today
        run.sent += 1
    return run


def _send(
    request: ReturnRequest, kind: ReminderKind, leads: list[User], today: datetime.date
) -> None:
    ar = request.agency_return
    link = settings.SITE_URL.rstrip("/") + reverse(
        "returns:detail", args=[request.board.slug, ar.pk]
    )
    context = {
        "request": request,
        "ar": ar,
        "kind": kind,
        "link": link,
        "days_overdue": (today - request.due_date).days,
    }
    subject = (
        f"Due {request.due_date:%d %B}: {ar.title} for {request.board.short_name}"
        if kind == ReminderKind.DUE_SOON
        else f"Overdue: {ar.title} for {request.board.short_name}"
    )
    send_mail(
        subject,
        render_to_string("returns/email/reminder.txt", context),
        None,
        [u.email for u in leads],
    )
