"""Demo inspection: Ofsted's review of Ashbourne's board, its report received three weeks
ago (so the publication clock is running), a judgement, one area for improvement and the
improvement plan's first action. Dates are relative to today."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from scrutiny.core.workingdays import add_working_days
from scrutiny.findings.models import Theme
from scrutiny.inspections import services
from scrutiny.inspections.models import Inspection
from scrutiny.people.models import User
from scrutiny.tenancy.models import Region

from .region import demo_email


@transaction.atomic
def create_demo_inspection(region: Region) -> Inspection:
    ashbourne = region.boards.get(slug="ashbourne")
    manager = User.objects.get(email=demo_email("manager.ashbourne"))
    today = timezone.localdate()
    received = add_working_days(today, -15)
    inspection = Inspection.objects.create(
        board=ashbourne,
        inspection_type="ofsted_lscb_review",
        started_on=received - datetime.timedelta(days=42),
        ended_on=received - datetime.timedelta(days=28),
        report_received_on=received,
        statement_required=False,
        summary=(
            "The board is well led and partners hold each other to account; it does not yet "
            "know whether its multi-agency training changes practice."
        ),
        created_by=manager,
    )
    services.set_judgement(inspection, ashbourne.local_authority or ashbourne.name, "good")
    finding = services.record_inspection_finding(
        inspection,
        kind="improvement",
        theme=Theme.objects.get(board=ashbourne, code="other"),
        text="The board does not evaluate the impact of its multi-agency training on practice.",
        user=manager,
    )
    services.improvement_action(
        finding,
        title="Evaluate every multi-agency course again three months on",
        owner=manager,
        agency=None,
        due_date=today + datetime.timedelta(days=90),
        user=manager,
    )
    return inspection
