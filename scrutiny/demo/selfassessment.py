"""Demo self-assessments (Ashbourne against the Ofsted criteria, with revisions over three
months and evidence; Northvale with the five-domain tool), an open peer review of Ashbourne by
two people from Northvale, and the regional library's first resources. Dates are relative to
today. Works on the bare demo region too (evidence is linked where the records exist)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from scrutiny.library.models import FrameworkTemplate, ScaleLevel
from scrutiny.peerreview.models import PeerReview, PeerReviewer
from scrutiny.peerreview.services import record_peer_finding, record_recommendation, share
from scrutiny.people.models import User
from scrutiny.questionnaires.models import Answer
from scrutiny.regional.models import Resource, ResourceStatus
from scrutiny.selfassessment import evidence, services
from scrutiny.selfassessment.models import EvidenceLink, Revision
from scrutiny.tenancy.models import Region

from .region import demo_email

# Criterion number -> grade, in three rounds: three months ago, a month ago, this week.
OFSTED_ROUNDS = [
    {
        "77": "good",
        "78": "requires-improvement",
        "79": "requires-improvement",
        "80": "requires-improvement",
        "84": "good",
    },
    {
        "77": "good",
        "78": "requires-improvement",
        "79": "good",
        "80": "requires-improvement",
        "81": "good",
        "82": "requires-improvement",
        "83": "requires-improvement",
        "84": "good",
        "85": "requires-improvement",
    },
    {
        "77": "good",
        "78": "good",
        "79": "good",
        "80": "requires-improvement",
        "81": "good",
        "82": "requires-improvement",
        "83": "good",
        "84": "outstanding",
        "85": "requires-improvement",
        "86": "good",
        "87": "requires-improvement",
    },
]
NARRATIVE = {
    "good": "The board meets this criterion; the evidence linked shows it in practice.",
    "outstanding": "Challenge is routine and changes practice: see the challenge log.",
    "requires-improvement": "Work is under way but not yet consistent; see the action plan.",
}


def _grade(assessment, template, grades: dict[str, str]) -> None:
    questions = {q.number: q for s in template.sections.all() for q in s.questions.all()}
    levels = {lv.code: lv for lv in ScaleLevel.objects.filter(scale__template=template)}
    for number, code in grades.items():
        Answer.objects.update_or_create(
            response=assessment.response,
            question=questions[number],
            defaults={"level": levels[code], "text": NARRATIVE.get(code, "")},
        )


def _revision(assessment, user, note: str, days_ago: int) -> None:
    revision = services.record_revision(assessment, user, note)
    Revision.objects.filter(pk=revision.pk).update(
        saved_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def _link_some_evidence(assessment, user) -> list[EvidenceLink]:
    """For each criterion, the best suggestion of the first two kinds that have any."""
    links = []
    for section in assessment.template.sections.all():
        for question in section.questions.all():
            criterion = evidence.criterion_for(question, assessment.template.code)
            found = [c[0] for _, c in evidence.suggestions(assessment.board, criterion, 1) if c]
            for candidate in found[:2]:
                links.append(services.link_evidence(assessment, question, candidate, user))
    # Linking made a revision each; keep the history readable: one revision for it all.
    assessment.revisions.filter(note__startswith="Evidence").delete()
    return links


@transaction.atomic
def create_demo_self_assessments(region: Region) -> None:
    ashbourne = region.boards.get(slug="ashbourne")
    northvale = region.boards.get(slug="northvale")
    manager = User.objects.get(email=demo_email("manager.ashbourne"))
    ofsted = FrameworkTemplate.objects.get(code="ofsted-lscb-review-good", owner_board=None)
    assessment = services.start_assessment(ashbourne, ofsted, manager)
    for grades, days_ago, note in zip(
        OFSTED_ROUNDS,
        [90, 30, 2],
        ["First draft for the development day", "After the neglect re-audit", "For the board"],
        strict=True,
    ):
        _grade(assessment, ofsted, grades)
        _revision(assessment, manager, note, days_ago)
    links = _link_some_evidence(assessment, manager)
    _revision(assessment, manager, "Evidence linked", 1)
    main = ashbourne.groups.filter(is_main_board=True).first()
    today = timezone.localdate()
    if main:
        past = main.meetings.filter(held_on__lte=today - datetime.timedelta(days=20)).first()
        upcoming = main.meetings.filter(held_on__gte=today).order_by("held_on").first()
        for meeting in [m for m in (past, upcoming) if m]:
            services.add_standing_item(assessment, meeting)

    five = FrameworkTemplate.objects.get(code="five-domain-self-assessment", owner_board=None)
    northvale_manager = User.objects.get(email=demo_email("manager.northvale"))
    other = services.start_assessment(northvale, five, northvale_manager)
    _grade(other, five, {"1.1": "established", "2.2": "developing", "3.1": "established"})
    _revision(other, northvale_manager, "First look at the five domains", 10)

    review = PeerReview.objects.create(
        host_board=ashbourne,
        assessment=assessment,
        title="Regional peer review",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=25),
        created_by=manager,
    )
    qa = User.objects.get(email=demo_email("qa.northvale"))
    for local in ["qa.northvale", "chair.northvale"]:
        PeerReviewer.objects.create(
            review=review,
            user=User.objects.get(email=demo_email(local)),
            home_board=northvale,
            invited_by=manager,
        )
    share(review, links[: max(1, len(links) // 2)])
    record_peer_finding(
        review,
        heading="challenge",
        kind="strength",
        text="The challenge log shows partners held to account, with outcomes recorded.",
        user=qa,
    )
    record_recommendation(
        review,
        heading="capacity",
        text="Agree a multi-year budget with the statutory partners.",
        user=qa,
    )

    admin = User.objects.get(email=demo_email("admin"))
    for board, title, description, url, themes, status in [
        (
            ashbourne,
            "Neglect strategy and toolkit",
            "Ashbourne's neglect strategy with the graded care profile and a practitioner toolkit.",
            "https://example.org/ashbourne/neglect-toolkit",
            ["neglect"],
            ResourceStatus.PUBLISHED,
        ),
        (
            northvale,
            "Missing children return interview protocol",
            "How Northvale's partners carry out and learn from return home interviews.",
            "https://example.org/northvale/return-interviews",
            ["exploitation"],
            ResourceStatus.PUBLISHED,
        ),
        (
            None,
            "Section 11 challenge session guide",
            "A regional guide to running Section 11 challenge sessions with agencies.",
            "https://example.org/riverside/section-11-challenge",
            [],
            ResourceStatus.PUBLISHED,
        ),
        (
            northvale,
            "Threshold document (draft)",
            "Northvale's draft threshold document for early help and social care.",
            "https://example.org/northvale/thresholds",
            ["thresholds"],
            ResourceStatus.PENDING,
        ),
    ]:
        resource = Resource.objects.create(
            region=region,
            contributed_by_board=board,
            contributed_by=admin,
            title=title,
            description=description,
            url=url,
            themes=themes,
            status=status,
            curated_by=admin if status == ResourceStatus.PUBLISHED else None,
            curated_at=timezone.now() if status == ResourceStatus.PUBLISHED else None,
        )
        numbers = {"neglect": ["79"], "exploitation": ["85"], "thresholds": ["83"]}
        criteria = [n for t in themes for n in numbers.get(t, [])] or ["84"]
        resource.criteria.set(ofsted.sections.get().questions.filter(number__in=criteria))
