"""Publishing in tests as a board would: every check acknowledged, every signatory approves."""

from __future__ import annotations

import datetime

from scrutiny.people.models import User
from scrutiny.reports import services
from scrutiny.reports.models import AnnualReport
from scrutiny.reports.render import gather_report


def name_signatories(board) -> dict[str, User]:
    people = {}
    for role in services.required_roles(board):
        user = User.objects.filter(email=f"{role}.{board.slug}@example.test").first()
        if user is None:
            user = User.objects.create_user(
                email=f"{role}.{board.slug}@example.test", full_name=f"Signatory {role}"
            )
        services.name_signatory(board, role, user)
        people[role] = user
    return people


def sign_and_publish(report: AnnualReport, user, today: datetime.date) -> AnnualReport:
    figures = gather_report(report, today)
    people = name_signatories(report.board)
    for check in services.unsettled(services.checks(report, figures, today)):
        services.acknowledge(report, check.code, "Accepted for the test.", user)
    for role, person in people.items():
        services.approve(report, person, role, figures)
    return services.publish(report, user, today, confirmed=True)
