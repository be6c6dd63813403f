"""A weekly email to each owner listing their overdue actions. Run daily by a scheduler."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from .models import Action, OverdueReminder

REMIND_EVERY_DAYS = 7


def send_overdue_reminders(today: datetime.date) -> int:
    """Email each owner of overdue open actions, unless they were reminded this week."""
    overdue = (
        Action.objects.overdue(today)
        .filter(owner__is_active=True)
        .select_related("owner")
        .prefetch_related("boards")
    )
    by_owner: dict[int, list[Action]] = defaultdict(list)
    for action in overdue:
        by_owner[action.owner_id].append(action)  # type: ignore[index]
    recent = set(
        OverdueReminder.objects.filter(
            sent_on__gt=today - datetime.timedelta(days=REMIND_EVERY_DAYS)
        ).values_list("owner_id", flat=True)
    )
    sent = 0
    for owner_id, actions in by_owner.items():
        if owner_id in recent:
            continue
        owner = actions[0].owner
        with transaction.atomic():
            reminder = OverdueReminder.objects.create(owner=owner, sent_on=today)
            reminder.actions.set(actions)
            rows = [
                (
                    a,
                    (today - a.due_date).days,
                    settings.SITE_URL.rstrip("/") + a.get_board_url(a.boards.all()[0]),
                )
                for a in actions
            ]
            send_mail(
                f"{len(actions)} overdue action{'s' if len(actions) > 1 else ''} in Scrutiny",
                render_to_string("actions/email/overdue.txt", {"owner": owner, "rows": rows}),
                None,
                [owner.email],  # type: ignore[union-attr]
            )
        sent += 1
    return sent
