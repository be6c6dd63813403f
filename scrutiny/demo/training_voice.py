"""Demo training and voice for every board: a training programme this financial year with
courses, sessions, bookings, attendance and evaluations; engagement with children and staff
("you said, we did"); a public feedback form with some answers. Dates are relative to today."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from scrutiny.dataset.periods import financial_year_start
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
from scrutiny.questionnaires.models import Answer, Response
from scrutiny.tenancy.models import Region
from scrutiny.training.models import (
    Booking,
    Course,
    Evaluation,
    EvaluationStage,
    StaffRole,
    TrainingProgramme,
    TrainingSession,
)
from scrutiny.training.services import evaluation_template
from scrutiny.voice.models import EngagementActivity, FeedbackForm, FeedbackSubmission

from .returns import _pick

COURSES = [
    ("Recognising and responding to neglect", "Neglect", "Learning from the neglect audit"),
    ("Working together at the front door", None, "Thresholds audit: referral quality"),
    ("Child exploitation: signs and safety planning", None, ""),
]
AGREEMENT = ["strongly-agree", "agree", "agree", "neither", "disagree"]
HOW_MUCH = ["yes-a-lot", "yes-a-bit", "yes-a-bit", "not-sure", "not-really"]


def _answer_all(template, response: Response, seed: object, codes: list[str]) -> None:
    for q in TemplateQuestion.objects.filter(section__template=template).select_related("scale"):
        if q.scale is None:
            continue
        code = codes[_pick(seed, q.code) % len(codes)]
        Answer.objects.create(
            response=response, question=q, level=ScaleLevel.objects.get(scale=q.scale, code=code)
        )


@transaction.atomic
def create_demo_training_and_voice(region: Region) -> None:
    today = timezone.localdate()
    year = financial_year_start(today)
    for board in region.boards.all():
        agencies = list(board.agencies.order_by("name")[:4])
        programme = TrainingProgramme.objects.create(board=board, year=year)
        for n, (title, priority_title, learning) in enumerate(COURSES):
            course = Course.objects.create(
                programme=programme, title=title, learning_from=learning,
                audience="Practitioners in every agency",
            )  # fmt: skip
            priority = board.priorities.filter(title=priority_title).first() or (
                board.priorities.order_by("order").first()
            )
            if priority:
                course.priorities.add(priority)
            for s, days_ago in enumerate([120 + n * 10, 20 + n * 5]):
                session = TrainingSession.objects.create(
                    course=course,
                    date=today - datetime.timedelta(days=days_ago),
                    online=s == 1,
                    venue="" if s == 1 else "Civic centre, room 2",
                    capacity=12,
                    facilitator="Board training officer",
                )
                for p in range(8):
                    booking = Booking.objects.create(
                        session=session,
                        name=f"Practitioner {n}{s}{p}",
                        email=f"practitioner{n}{s}{p}.{board.slug}@riverside.example",
                        agency=agencies[p % len(agencies)],
                        role=list(StaffRole)[p % len(StaffRole)],
                        attended=p != 7,
                    )
                    if not booking.attended:
                        continue
                    stages = [EvaluationStage.END_OF_SESSION]
                    if days_ago > 91 and p % 2 == 0:
                        stages.append(EvaluationStage.FOLLOW_UP)
                    for stage in stages:
                        template = evaluation_template(stage)
                        response = Response.objects.create(template=template)
                        # Course 2 misses the facilitator standard in the demo.
                        codes = AGREEMENT if n == 2 else AGREEMENT[:3]
                        _answer_all(template, response, (board.pk, session.pk, p, stage), codes)
                        Evaluation.objects.create(session=session, stage=stage, response=response)
        _engagement(board, today)
        _feedback(board, today)


def _engagement(board, today: datetime.date) -> None:
    priority = board.priorities.order_by("order").first()
    rows = [
        ("children", "young_peoples_group", "special_groups", "looked_after",
         "Children in care council", "We have too many changes of social worker.",
         "The board asked children's social care for a plan to keep workers stable.",
         "Changes of worker fell from three a year to two."),
        ("children", "survey", "strategic", "", "Schools safety survey",
         "We do not know who to tell if something is wrong online.",
         "Schools added online safety sessions and posters with who to tell.", ""),
        ("children", "presentation", "strategic", "", "Young people present to the board",
         "Meetings about us are full of words we do not understand.",
         "Child protection conference reports now have a plain-language summary.", ""),
        ("staff", "survey", "strategic", "", "Front-line staff survey on the priorities",
         "We did not know the board's priorities or the escalation procedure.",
         "A one-page guide to the priorities and escalation went to every team.",
         "Staff who know the escalation procedure rose from 48% to 71%."),
        ("staff", "front_line_event", "operational", "", "Front-line practitioners' event",
         "Thresholds are applied differently by different teams.",
         "The thresholds guidance was rewritten with practitioners.", ""),
    ]  # fmt: skip
    for n, (voice, kind, level, group, title, said, did, impact) in enumerate(rows):
        EngagementActivity.objects.create(
            board=board, voice=voice, kind=kind, level=level, special_group=group, title=title,
            held_on=today - datetime.timedelta(days=30 + 40 * n), participants=8 + 3 * n,
            priority=priority, you_said=said, we_did=did, impact=impact,
        )  # fmt: skip


def _feedback(board, today: datetime.date) -> None:
    template = FrameworkTemplate.objects.get(code="have-your-say", owner_board__isnull=True)
    form = FeedbackForm.objects.create(
        board=board,
        slug="have-your-say",
        title="Have your say",
        introduction="Tell us what it is like for you. It takes two minutes.",
        template=template,
    )
    for n in range(12):
        response = Response.objects.create(template=template)
        _answer_all(template, response, (board.pk, "feedback", n), HOW_MUCH)
        FeedbackSubmission.objects.create(
            form=form, response=response, submitted_on=today - datetime.timedelta(days=n * 3)
        )
