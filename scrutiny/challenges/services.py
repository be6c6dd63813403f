"""Challenge workflows: respond, close, and escalate what goes unanswered."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from scrutiny.findings.models import Finding, Theme
from scrutiny.findings.services import record_finding
from scrutiny.people.models import Role, User

from .models import ESCALATION_RESPONSE_DAYS, Challenge, Escalation, EscalationLevel


@transaction.atomic
def respond(challenge: Challenge, *, text: str, user: User, revision: int | None = None) -> None:
    challenge.expect_revision(revision)
    challenge.response = text
    challenge.responded_by = user
    challenge.responded_at = timezone.now()
    challenge.save()


@transaction.atomic
def close(
    challenge: Challenge,
    *,
    outcome: str,
    impact: str,
    user: User,
    today: datetime.date,
    revision: int | None = None,
    finding_kind: str = "",
    theme: Theme | None = None,
) -> Finding | None:
    """Close with the outcome; given `finding_kind`, the outcome is recorded as a finding
    (which can then raise actions serving the challenge's priority)."""
    challenge.expect_revision(revision)
    challenge.outcome = outcome
    challenge.impact = impact
    challenge.closed_on = today
    challenge.closed_by = user
    challenge.save()
    if not finding_kind:
        return None
    return record_finding(
        board=challenge.board,
        source=challenge,
        kind=finding_kind,
        text=outcome,
        theme=theme,
        recorded_by=user,
        found_on=today,
    )


@dataclass
class EscalationRun:
    escalated: list[Challenge]


def _recipients(challenge: Challenge) -> list[User]:
    """The board's chair and business manager, and the challenged agency's leads on the board."""
    on_board = Q(role_assignments__board=challenge.board)
    leaders = Q(role_assignments__role__in=[Role.CHAIR, Role.BUSINESS_MANAGER])
    agency_leads = Q(
        role_assignments__role=Role.AGENCY_LEAD, role_assignments__agency=challenge.to_agency
    )
    return list(User.objects.filter(on_board & (leaders | agency_leads), is_active=True).distinct())


def escalate_overdue(today: datetime.date) -> EscalationRun:
    """Raise each unanswered challenge past its due date by one level, and email about it.

    The agency gets a fresh response date at each level; at the top level it stays open
    for the board to deal with.
    """
    run = EscalationRun(escalated=[])
    overdue = Challenge.objects.filter(
        closed_on__isnull=True,
        responded_at__isnull=True,
        response_due__lt=today,
        escalation_level__lt=EscalationLevel.BOARD,
    ).select_related("board", "to_agency")
    for challenge in overdue:
        with transaction.atomic():
            level = EscalationLevel(challenge.escalation_level + 1)
            people = _recipients(challenge)
            Escalation.objects.create(
                challenge=challenge,
                level=level,
                escalated_on=today,
                reason=f"No response by {challenge.response_due:%d %B %Y}",
                notified=", ".join(u.email for u in people),
            )
            challenge.escalation_level = level
            challenge.response_due = today + datetime.timedelta(days=ESCALATION_RESPONSE_DAYS)
            challenge.save()
            _email(challenge, level, people)
        run.escalated.append(challenge)
    return run


def _email(challenge: Challenge, level: EscalationLevel, people: list[User]) -> None:
    if not people:
        return
    link = settings.SITE_URL.rstrip("/") + reverse(
        "challenges:detail", args=[challenge.board.slug, challenge.pk]
    )
    send_mail(
        f"Challenge escalated to level {int(level)}: {challenge.to_agency}",
        render_to_string(
            "challenges/email/escalated.txt", {"c": challenge, "level": level, "link": link}
        ),
        None,
        [u.email for u in people],
    )
