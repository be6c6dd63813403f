"""Demo independent scrutiny: Ashbourne's scrutiny plan for this report year, open to its
scrutineer now, with a few records shared, one finding and a draft statement. Dates are
relative to today; works on the bare demo region too (it shares what exists)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from scrutiny.findings.models import Theme
from scrutiny.people.models import User
from scrutiny.scrutineer import services
from scrutiny.scrutineer.models import Method, PlannedActivity, PlanStatus, ScrutinyPlan
from scrutiny.tenancy.models import Region

from .region import demo_email


def report_year(day: datetime.date) -> int:
    """The report year (April to March) that `day` falls in, named by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


@transaction.atomic
def create_demo_scrutiny_plan(region: Region) -> ScrutinyPlan:
    ashbourne = region.boards.get(slug="ashbourne")
    manager = User.objects.get(email=demo_email("manager.ashbourne"))
    scrutineer = User.objects.get(email=demo_email("scrutineer.ashbourne"))
    today = timezone.localdate()
    year = report_year(today)
    plan = ScrutinyPlan.objects.create(
        board=ashbourne,
        year=year,
        scrutineer=scrutineer,
        scope=(
            "Whether the partners hear children at the front door and in strategy "
            "discussions, and whether the partnership's challenge changes practice."
        ),
        status=PlanStatus.IN_PROGRESS,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
        created_by=manager,
    )
    day = datetime.timedelta(days=1)
    for subject, method, offset, done in [
        ("Front-door referrals: the child's voice", Method.CASE_FILE_AUDIT, -20, True),
        ("Strategy discussions with health and police", Method.PRACTITIONER_SESSIONS, 14, False),
        ("Repeat child protection plans", Method.DATA, 21, False),
        ("Partnership executive, quarterly meeting", Method.MEETING_OBSERVATION, 35, False),
        ("Young people's advisory group", Method.CHILDREN_AND_FAMILIES, 45, False),
    ]:
        PlannedActivity.objects.create(
            plan=plan,
            subject=subject,
            method=method,
            planned_for=today + offset * day,
            status="done" if done else "planned",
        )
    # Share the board's three most recent findings, if there are any.
    offered = [c for label, cs in services.shareable(ashbourne) for c in cs if c.kind == "findings"]
    services.share(plan, [services.candidate_key(c) for c in offered[:3]], manager)
    services.record_scrutiny_finding(
        plan,
        kind="improvement",
        theme=Theme.objects.get(board=ashbourne, code="voice"),
        text=(
            "In six of ten front-door referrals read, the child's own words were not recorded; "
            "partners describe the child's experience but rarely ask the child."
        ),
        user=scrutineer,
    )
    services.save_statement(
        plan,
        text=(
            "Draft. The partners work as equals and take challenge seriously. The voice of "
            "children at the front door is the area most in need of improvement."
        ),
        status="draft",
        user=scrutineer,
        revision=-1,
    )
    return plan
