"""Reminders before each yearly-report deadline: publishing the report, and sending it to each
recipient. Run daily by a scheduler; each reminder is sent once (`DeadlineReminder`)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from scrutiny.access.permissions import ROLE_PERMISSIONS, Permission
from scrutiny.people.models import User
from scrutiny.tenancy.models import Board

from .models import DeadlineReminder, year_label
from .services import Deadline, deadlines, settings_for


def _writers(board: Board) -> list[str]:
    roles = [r for r, granted in ROLE_PERMISSIONS.items() if Permission.REPORTS_MANAGE in granted]
    people = User.objects.filter(
        is_active=True, role_assignments__board=board, role_assignments__role__in=roles
    ).distinct()
    return sorted(p.email for p in people)


def due_reminders(board: Board, today: datetime.date) -> list[Deadline]:
    """Deadlines not yet met that fall within the board's reminder window (or have passed)."""
    window = datetime.timedelta(days=settings_for(board).remind_days_before)
    last_year = year_label(today.replace(year=today.year - 1))
    found = []
    for year in sorted({last_year, year_label(today)}):
        for deadline in deadlines(board, year):
            if not deadline.done and today >= deadline.due_on - window:
                found.append(deadline)
    return found


def send_deadline_reminders(today: datetime.date) -> int:
    sent = 0
    for board in Board.objects.order_by("pk"):
        recipients = _writers(board)
        if not recipients:
            continue
        for deadline in due_reminders(board, today):
            try:
                with transaction.atomic():
                    DeadlineReminder.objects.create(
                        board=board,
                        year=deadline.year,
                        deadline=deadline.what[:220],
                        due_on=deadline.due_on,
                    )
                    late = deadline.due_on < today
                    send_mail(
                        f"{'Overdue' if late else 'Due soon'}: {deadline.what} "
                        f"(by {deadline.due_on:%-d %B %Y})",
                        render_to_string(
                            "reports/email/deadline.txt",
                            {
                                "board": board,
                                "deadline": deadline,
                                "late": late,
                                "url": settings.SITE_URL.rstrip("/")
                                + reverse("reports:list", args=[board.slug]),
                            },
                        ),
                        None,
                        recipients,
                    )
            except IntegrityError:
                continue  # reminded already: the daily run sends each reminder once
            sent += 1
    return sent
