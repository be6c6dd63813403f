"""Demo business plan, meetings and challenge log for every board, dated relative to today."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from scrutiny.actions.models import ActionSource, ActionStatus
from scrutiny.actions.services import raise_action, record_update
from scrutiny.challenges.models import Challenge
from scrutiny.challenges.services import close, escalate_overdue, respond
from scrutiny.dataset.periods import financial_year_start
from scrutiny.governance.models import (
    AgendaItem,
    Attendance,
    Decision,
    Group,
    Meeting,
    Member,
    MemberRole,
)
from scrutiny.library.models import OBAQuestion
from scrutiny.people.models import Role, RoleAssignment
from scrutiny.plan.models import Measure, Milestone, Objective, Priority, Risk
from scrutiny.tenancy.models import Board, Region

PRIORITIES = [
    (
        "Neglect",
        "Recognise neglect earlier and act on it consistently",
        "Use the neglect toolkit in every early help and social care assessment",
        "8 in 10 audited assessments use the toolkit",
        "Train 300 practitioners in the neglect toolkit",
        ("how_well", "Audited assessments using the neglect toolkit", "35%", "80%", "52%"),
    ),
    (
        "Domestic abuse",
        "Protect children living with domestic abuse",
        "Share police domestic abuse notifications with schools by 9am the next school day",
        "95% of notifications shared the next school day",
        "Extend Operation Encompass to every school",
        (
            "better_off",
            "Children re-referred for domestic abuse within 12 months",
            "24%",
            "18%",
            "21%",
        ),
    ),
    (
        "Child exploitation",
        "Identify and disrupt child exploitation",
        "Hold a multi-agency exploitation meeting within 5 days of every referral",
        "90% of meetings within 5 working days",
        "Agree one exploitation screening tool for all agencies",
        ("how_much", "Children discussed at exploitation meetings", "", "", "118"),
    ),
    (
        "Voice of the child",
        "Hear children's views and act on them",
        "Record the child's own words in every child protection plan",
        "Every audited plan records the child's words",
        "Run the young people's panel every quarter",
        ("better_off", "Young people who say the plan helped them", "", "70%", "64%"),
    ),
]


@transaction.atomic
def create_demo_plan(region: Region) -> None:
    today = timezone.localdate()
    fy = financial_year_start(today)
    start, end = datetime.date(fy, 4, 1), datetime.date(fy + 1, 3, 31)
    for board in region.boards.order_by("name"):
        roles = {
            r.role: r.user
            for r in RoleAssignment.objects.filter(board=board).select_related("user")
        }
        leads = list(
            RoleAssignment.objects.filter(board=board, role=Role.AGENCY_LEAD).select_related(
                "user", "agency"
            )
        )
        manager, chair = roles[Role.BUSINESS_MANAGER], roles[Role.CHAIR]
        priorities = _plan(board, start, end, today, manager, chair, leads)
        _risks(board, priorities, today, manager)
        _meetings(board, today, chair, manager)
        _challenges(board, priorities, today, chair, leads)


def _plan(board: Board, start, end, today, manager, chair, leads) -> list[Priority]:
    priorities = []
    for order, (title, description, objective_title, success, action_title, measure) in enumerate(
        PRIORITIES, 1
    ):
        priority = Priority.objects.create(
            board=board,
            title=title,
            description=description,
            lead=chair if order == 1 else manager,
            sub_group="Quality assurance sub-group",
            start_date=start,
            end_date=end,
            order=order,
        )
        priorities.append(priority)
        objective = Objective.objects.create(
            priority=priority,
            title=objective_title,
            measure_of_success=success,
            owner=manager,
            due_date=end,
        )
        for months, text in [
            (3, "Approach agreed by the board"),
            (6, "Half of teams using it"),
            (12, "Embedded and audited"),
        ]:
            Milestone.objects.create(
                objective=objective,
                months=months,
                description=text,
                achieved_on=start + datetime.timedelta(days=80) if months == 3 else None,
            )
        category, text, baseline, target, latest = measure
        Measure.objects.create(
            priority=priority,
            category=category,
            description=text,
            baseline=baseline,
            target=target,
            latest=latest,
        )
        Measure.objects.create(
            priority=priority,
            category=OBAQuestion.HOW_MUCH,
            description=f"Practitioners trained ({title.lower()})",
            latest=str(40 * order),
        )
        lead = leads[(order - 1) % len(leads)] if leads else None
        for n, (due_offset, status) in enumerate(
            [
                (-20, ActionStatus.IN_PROGRESS),
                (60, ActionStatus.NOT_STARTED),
                (30, ActionStatus.COMPLETED),
            ]
        ):
            action = raise_action(
                source=ActionSource.BUSINESS_PLAN,
                source_object=objective,
                source_key=f"demo-{n}",
                source_label=f"{priority}: {objective}",
                boards=[board],
                agency=lead.agency if lead else None,
                owner=lead.user if lead else manager,
                title=f"{action_title}" if n == 0 else f"{action_title}: stage {n + 1}",
                description="",
                due_date=today + datetime.timedelta(days=due_offset),
                created_by=manager,
                expected_impact="Children get the right help sooner",
            )
            if status != ActionStatus.NOT_STARTED:
                record_update(
                    action,
                    author=action.owner,
                    status=status,
                    note="Sessions booked for every locality"
                    if status == ActionStatus.IN_PROGRESS
                    else "All sessions delivered",
                    evidence="Attendance registers and evaluations"
                    if status == ActionStatus.COMPLETED
                    else "",
                )
    return priorities


def _risks(board: Board, priorities: list[Priority], today, manager) -> None:
    for title, cause, likelihood, impact, trend, priority in [
        (
            "Partner funding falls",
            "Budget pressures in the council and police",
            4,
            4,
            "worsening",
            None,
        ),
        (
            "Data for the data set arrives late",
            "Agencies changing case-management systems",
            3,
            3,
            "stable",
            priorities[0],
        ),
        ("Lay member vacancies", "Two lay members' terms end this year", 2, 3, "improving", None),
    ]:
        Risk.objects.create(
            board=board,
            title=title,
            cause=cause,
            likelihood=likelihood,
            impact=impact,
            trend=trend,
            priority=priority,
            owner=manager,
            controls="Reported to every board meeting",
            review_date=today + datetime.timedelta(days=45),
        )


def _meetings(board: Board, today, chair, manager) -> None:
    main = Group.objects.create(
        board=board,
        name=board.name,
        is_main_board=True,
        terms_of_reference="Hold partners to account for safeguarding children in the area.",
    )
    qa = Group.objects.create(
        board=board,
        name="Quality assurance sub-group",
        terms_of_reference="Scrutinise returns, audits and the data set; report to the board.",
    )
    # The quality assurance sub-group: the business manager and the board's QA member.
    for person, role in [
        (manager, MemberRole.ADVISER),
        *[
            (a.user, MemberRole.MEMBER)
            for a in RoleAssignment.objects.filter(board=board, role=Role.QA_MEMBER).select_related(
                "user"
            )
        ],
    ]:
        Member.objects.create(
            group=qa,
            user=person,
            name=person.full_name,
            role=role,
            inducted_on=today - datetime.timedelta(days=250),
        )
    members = [
        Member.objects.create(
            group=main,
            user=chair,
            name=chair.full_name,
            role=MemberRole.CHAIR,
            inducted_on=today - datetime.timedelta(days=400),
        ),
        Member.objects.create(
            group=main,
            user=manager,
            name=manager.full_name,
            role=MemberRole.ADVISER,
            inducted_on=today - datetime.timedelta(days=300),
        ),
    ]
    lay = (
        RoleAssignment.objects.filter(board=board, role=Role.LAY_MEMBER)
        .select_related("user")
        .first()
    )
    if lay:
        members.append(
            Member.objects.create(
                group=main,
                user=lay.user,
                name=lay.user.full_name,
                role=MemberRole.LAY_MEMBER,
                inducted_on=today - datetime.timedelta(days=200),
            )
        )
    for i, membership in enumerate(
        board.memberships.filter(statutory_partner=True)
        .select_related("agency")
        .order_by("agency__name")
    ):
        if i == 5:
            break  # leave some statutory partners off, so compliance has something to show
        members.append(
            Member.objects.create(
                group=main,
                name=f"Safeguarding lead, {membership.agency.name}",
                agency=membership.agency,
                inducted_on=None if i == 2 else today - datetime.timedelta(days=150),
            )
        )
    for months_ago in (9, 6, 3):
        meeting = Meeting.objects.create(
            group=main,
            held_on=today - datetime.timedelta(days=30 * months_ago),
            location="Council chamber",
        )
        AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            title="Standing item: progress against the priorities",
            is_standing_progress_item=True,
        )
        AgendaItem.objects.create(
            meeting=meeting, order=2, title="Section 11 findings", presenter="QA sub-group chair"
        )
        for j, member in enumerate(members):
            # one partner has missed every meeting this year: the attendance page flags it
            status = (
                "apologies"
                if j == len(members) - 1
                else "substitute"
                if (j + months_ago) % 4 == 0
                else "present"
            )
            Attendance.objects.create(
                meeting=meeting,
                member=member,
                status=status,
                substitute_name="Deputy" if status == "substitute" else "",
            )
        Decision.objects.create(
            meeting=meeting, text="The board accepted the quality assurance report."
        )
        meeting.minutes = (
            "The board reviewed progress against its priorities and the Section 11 findings."
        )
        meeting.save()
    Meeting.objects.create(group=qa, held_on=today - datetime.timedelta(days=20), location="Online")


def _challenges(board: Board, priorities: list[Priority], today, chair, leads) -> None:
    if not leads:
        return
    police = leads[0]
    answered = Challenge.objects.create(
        board=board,
        priority=priorities[1],
        raised_by=chair,
        to_agency=police.agency,
        issue="Why do a third of domestic abuse notifications reach schools after first lesson?",
        evidence="Operation Encompass audit",
        raised_on=today - datetime.timedelta(days=120),
        response_due=today - datetime.timedelta(days=90),
    )
    respond(
        answered, user=police.user, text="Notifications are now sent by 8am from the central hub."
    )
    close(
        answered,
        user=chair,
        today=today - datetime.timedelta(days=60),
        outcome="Timeliness rose from 66% to 94%.",
        impact="Schools can support children on the morning after an incident.",
        finding_kind="strength",
        theme=board.themes.get(code="domestic_abuse"),
    )
    Challenge.objects.create(
        board=board,
        priority=priorities[2],
        raised_by=chair,
        to_agency=leads[-1].agency,
        issue="How many staff have completed exploitation training this year?",
        raised_on=today - datetime.timedelta(days=40),
        response_due=today - datetime.timedelta(days=10),
    )
    escalate_overdue(today)
