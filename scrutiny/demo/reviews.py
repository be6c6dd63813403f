"""Demo learning from reviews for Ashbourne: four reviews over three years whose
recommendations recur (fathers, information sharing with GPs), actions led by named officers
in the agencies, some signed off on evidence, a monitoring cycle, dissemination and
child-death counts."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from scrutiny.actions.models import ActionStatus
from scrutiny.actions.services import attach_evidence, record_update, sign_off
from scrutiny.dataset.periods import financial_year_start
from scrutiny.findings.models import FindingKind
from scrutiny.people.models import Role, RoleAssignment
from scrutiny.reviews.models import (
    ChildDeath,
    Dissemination,
    MonitoringCycle,
    Recommendation,
    Review,
    ReviewKind,
    ReviewStatus,
)
from scrutiny.reviews.services import (
    add_recommendation_action,
    record_recommendation_findings,
    record_review_lesson,
)
from scrutiny.tenancy.models import Region

# (reference, kind, title, days since completed (None: in progress), recommendations)
# Each recommendation: (text, themes, agency names)
REVIEWS = [
    (
        "CSPR Child M",
        ReviewKind.PRACTICE_REVIEW,
        "Chronic neglect of a young child living with a parent misusing alcohol",
        700,
        [
            (
                "Agencies should identify and engage fathers and significant males in "
                "assessments of the child's household.",
                ["Working with fathers and significant males", "Assessment and planning"],
                ["Ashbourne Children's Social Care", "Riverside Police"],
            ),
            (
                "GPs should be invited to strategy discussions and share what they know of "
                "the family's health.",
                ["Information sharing"],
                ["Riverside Community Health NHS Trust"],
            ),
            (
                "The board should relaunch the neglect assessment tool and check it is used "
                "when children live with chronic neglect.",
                ["Neglect", "Training"],
                ["Ashbourne Children's Social Care"],
            ),
        ],
    ),
    (
        "LLR Family B",
        ReviewKind.LESSONS_LEARNED,
        "Domestic abuse notifications reaching schools",
        100,
        [
            (
                "Schools should receive notification of domestic abuse incidents the morning "
                "after police attend.",
                ["Information sharing", "Domestic abuse"],
                ["Riverside Police", "Ashbourne Education Service"],
            ),
            (
                "Practitioners should be supported to engage fathers and other significant "
                "males, and assessments should weigh the risks and strengths they bring.",
                ["Working with fathers and significant males"],
                ["Ashbourne Children's Social Care"],
            ),
        ],
    ),
    (
        "AI Early help",
        ReviewKind.APPRECIATIVE,
        "What worked in early help for a family with a disabled child",
        400,
        [
            (
                "Managers should provide reflective supervision that checks plans for the "
                "child are progressing.",
                ["Management oversight and supervision"],
                ["Ashbourne Children's Social Care"],
            ),
        ],
    ),
    (
        "CSPR Child T",
        ReviewKind.PRACTICE_REVIEW,
        "Criminal exploitation of a teenager through county lines",
        None,
        [
            (
                "GPs should be invited to strategy discussions about exploited young people "
                "and share what they know of the family's health.",
                ["Information sharing"],
                ["Riverside Community Health NHS Trust", "Riverside Police"],
            ),
        ],
    ),
]


def _evidence_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "audit-summary.pdf", b"%PDF-1.4\n% demo evidence of completion\n", "application/pdf"
    )


@transaction.atomic
def create_demo_reviews(region: Region) -> None:
    board = region.boards.get(slug="ashbourne")
    today = timezone.localdate()
    roles = RoleAssignment.objects.filter(board=board).select_related("user", "agency")
    qa = roles.get(role=Role.QA_MEMBER).user
    leads = {r.agency.name: r.user for r in roles if r.role == Role.AGENCY_LEAD}
    agencies = {a.name: a for a in region.agencies.all()}
    for n, (reference, kind, title, days_ago, recommendations) in enumerate(REVIEWS):
        commissioned = today - datetime.timedelta(days=(days_ago or 0) + 240)
        completed = today - datetime.timedelta(days=days_ago) if days_ago else None
        # The oldest review's actions are all signed off; the newest completed one has one
        # awaiting sign-off; the rest are under way.
        all_done, newest = days_ago == 700, days_ago == 100
        review = Review.objects.create(
            board=board,
            kind=kind,
            reference=reference,
            title=title,
            status=ReviewStatus.PUBLISHED if completed else ReviewStatus.IN_PROGRESS,
            commissioned_on=commissioned,
            completed_on=completed,
            published_on=completed + datetime.timedelta(days=30) if completed else None,
            lead_reviewer="Independent reviewer",
            summary="Learning about how agencies worked together, without identifying details.",
        )
        for number, (text, themes, agency_names) in enumerate(recommendations, start=1):
            rec = Recommendation.objects.create(review=review, number=number, text=text)
            rec.themes.set(board.themes.filter(name__in=themes))
            rec.agencies.set([agencies[a] for a in agency_names])
            record_recommendation_findings(rec, recorded_by=qa)
            for i, agency_name in enumerate(agency_names):
                lead = leads.get(agency_name, qa)
                due = (completed or today) + datetime.timedelta(days=90 * (i + 1))
                action = add_recommendation_action(
                    rec,
                    board=board,
                    agency=agencies[agency_name],
                    lead_officer=lead,
                    title=f"{agency_name}: respond to recommendation {number}",
                    due_date=due,
                    created_by=qa,
                )
                if all_done or (newest and i == 0 and number == 1):
                    attach_evidence(action, _evidence_pdf(), user=lead)
                    record_update(
                        action,
                        author=lead,
                        note="Done: the audit attached shows it in practice.",
                        status=ActionStatus.COMPLETED,
                        evidence="Audit of recent cases",
                    )
                    if all_done:
                        sign_off(action, reviewer=qa, accept=True, note="The audit shows it.")
                elif days_ago:
                    record_update(
                        action, author=lead, note="Work under way.", status=ActionStatus.IN_PROGRESS
                    )
        if newest:  # the board records the review's key lesson as a finding
            record_review_lesson(
                review,
                kind=FindingKind.AREA_FOR_IMPROVEMENT,
                text="Practitioners saw each incident on its own; no agency put together the "
                "history that showed the risk growing.",
                theme=board.themes.get(code="information_sharing"),
                user=qa,
            )
        if completed:
            Dissemination.objects.create(
                review=review,
                method="briefing",
                held_on=completed + datetime.timedelta(days=45),
                audience="Front-line practitioners across the partnership",
                reach=60 + 15 * n,
            )
    MonitoringCycle.objects.create(board=board, meeting_on=today - datetime.timedelta(days=70))
    MonitoringCycle.objects.create(board=board, meeting_on=today + datetime.timedelta(days=21))
    year = financial_year_start(today)
    deaths = [
        ("perinatal", "0-27d", True, False),
        ("perinatal", "0-27d", True, False),
        ("chromosomal", "28d-1y", True, False),
        ("sudden", "28d-1y", False, True),
        ("trauma", "15-17", False, True),
        ("acute", "5-9", False, False),
        ("suicide", "15-17", False, True),
    ]
    for offset in (1, 0):
        for category, age, expected, modifiable in deaths[offset:]:
            ChildDeath.objects.create(
                board=board,
                reviewed_in=year - offset,
                category=category,
                age_band=age,
                expected=expected,
                modifiable_factors=modifiable,
            )
