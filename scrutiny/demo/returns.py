"""Demo returns: a year of Section 11 audits, quarterly and annual reports, with scrutiny.

Answers go through the same questionnaire form and services a person's would, so the demo
also raises the actions a real submission raises.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from scrutiny.library.models import AnswerType, FrameworkTemplate
from scrutiny.people.models import Role, RoleAssignment, User
from scrutiny.questionnaires.forms import QuestionnaireForm
from scrutiny.returns import services
from scrutiny.returns.models import AgencyReturn, ChallengeSession, InspectionFinding, Inspectorate
from scrutiny.tenancy.models import Agency, Board, Region

from .region import demo_email

LAST_YEAR = (
    "2025-26",
    datetime.date(2025, 4, 1),
    datetime.date(2026, 3, 31),
    datetime.date(2026, 1, 31),
)
THIS_YEAR = (
    "2026-27",
    datetime.date(2026, 4, 1),
    datetime.date(2027, 3, 31),
    datetime.date(2027, 1, 31),
)
QUARTER = (
    "2026 Q2",
    datetime.date(2026, 7, 1),
    datetime.date(2026, 9, 30),
    datetime.date(2026, 10, 31),
)
QUARTERLY_TYPES = {"childrens_social_care", "police", "health_community", "education"}
# When each agency's lead sent last year's Section 11 (some on time, some late).
SENT_ON = {
    "Riverside Police": datetime.date(2026, 1, 20),
    "Riverside Community Health NHS Trust": datetime.date(2026, 1, 29),
    "Ashbourne Children's Social Care": datetime.date(2026, 1, 12),
    "Riverside Probation Service": datetime.date(2026, 2, 16),
    "Ashbourne Education Service": datetime.date(2026, 2, 3),
}


def _pick(*parts: object) -> int:
    """A stable pseudo-random number from the parts, so the demo is the same every time."""
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def _answers(
    template: FrameworkTemplate, agency: Agency, period: str, strong: bool
) -> dict[str, str]:
    data: dict[str, str] = {}
    for section in template.sections.prefetch_related("questions__scale__levels"):
        for q in section.questions.all():
            name = f"q{q.pk}"
            if q.answer_type == AnswerType.SCALE:
                levels = list(q.scale.levels.all())  # type: ignore[union-attr]
                roll = _pick(agency.name, period, q.code) % 100
                level = (
                    levels[0]
                    if roll < (80 if strong else 60)
                    else levels[1]
                    if roll < 93
                    else levels[-1]
                )
                data[name] = str(level.pk)
                data[f"{name}_comment"] = f"{q.evidence or 'Evidence held'} Reviewed {period}."
                if level.rank > 1:
                    data[f"{name}_action"] = (
                        f"Close the gap on {q.number}: agree a plan with the board lead"
                    )
                    data[f"{name}_due"] = "2026-12-31"
            elif q.answer_type == AnswerType.TEXT:
                data[name] = f"{agency.name}: {q.text.rstrip('?.')} – summary for {period}."
    return data


def _complete(
    ar: AgencyReturn, user: User, sent_on: datetime.date | None, strong: bool = True
) -> None:
    data = _answers(ar.template, ar.agency, ar.period_label, strong)
    form = QuestionnaireForm(data, template=ar.template, submitting=sent_on is not None)
    if not form.is_valid():
        raise RuntimeError(f"Demo answers for {ar} are invalid: {form.errors.as_text()}")
    if sent_on is None:
        services.save_draft(ar, form, revision=ar.revision, user=user)
        return
    services.submit(ar, form, revision=ar.revision, user=user)
    when = timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time(10, 30)))
    AgencyReturn.objects.filter(pk=ar.pk).update(first_submitted_at=when, submitted_at=when)


def _leads(region: Region) -> dict[int, User]:
    return {
        ra.agency_id: ra.user
        for ra in RoleAssignment.objects.filter(
            region=region, role=Role.AGENCY_LEAD
        ).select_related("user")
    }


@transaction.atomic
def create_demo_returns(region: Region) -> None:
    s11 = FrameworkTemplate.objects.get(code="section-11-audit", owner_board__isnull=True)
    quarterly = FrameworkTemplate.objects.get(
        code="quarterly-agency-report", owner_board__isnull=True
    )
    annual = FrameworkTemplate.objects.get(code="agency-annual-report", owner_board__isnull=True)
    boards = list(region.boards.order_by("name"))
    managers = {
        ra.board_id: ra.user
        for ra in RoleAssignment.objects.filter(
            region=region, role=Role.BUSINESS_MANAGER
        ).select_related("user")
    }
    leads = _leads(region)

    def ask(
        board: Board,
        template: FrameworkTemplate,
        period: tuple,
        agencies: list[Agency],
        subject=None,
    ) -> None:
        label, start, end, due = period
        services.schedule_returns(
            board=board,
            template=template,
            subject=subject,
            period_label=label,
            period_start=start,
            period_end=end,
            due_date=due,
            agencies=agencies,
            requested_by=managers[board.pk],
        )

    for board in boards:
        agencies = list(
            Agency.objects.filter(memberships__board=board).exclude(agency_type="schools")
        )
        ask(board, s11, LAST_YEAR, agencies)
        ask(board, s11, THIS_YEAR, agencies)
        ask(board, quarterly, QUARTER, [a for a in agencies if a.agency_type in QUARTERLY_TYPES])

    for ar in AgencyReturn.objects.filter(template=s11, period_label=LAST_YEAR[0]).select_related(
        "agency"
    ):
        lead = leads.get(ar.agency_id)
        if lead and ar.agency.name in SENT_ON:
            _complete(
                ar, lead, SENT_ON[ar.agency.name], strong=ar.agency.agency_type != "probation"
            )
    police = Agency.objects.get(region=region, name="Riverside Police")
    this_year = AgencyReturn.objects.get(template=s11, period_label=THIS_YEAR[0], agency=police)
    _complete(this_year, leads[police.pk], None)  # a draft in progress
    for ar in AgencyReturn.objects.filter(template=quarterly).select_related("agency"):
        if ar.agency_id in leads:
            _complete(ar, leads[ar.agency_id], datetime.date(2026, 10, 24))

    ashbourne = region.boards.get(slug="ashbourne")
    csc = Agency.objects.get(region=region, name="Ashbourne Children's Social Care")
    ask(
        ashbourne,
        annual,
        ("2025-26", *LAST_YEAR[1:3], datetime.date(2026, 6, 30)),
        [csc],
        annual.subjects.get(code="lado"),
    )
    lado = AgencyReturn.objects.get(template=annual, agency=csc)
    _complete(lado, leads[csc.pk], datetime.date(2026, 6, 25))

    # Ashbourne's QA group scrutinises the police's Section 11 return.
    qa = User.objects.get(email=demo_email("qa.ashbourne"))
    police_s11 = AgencyReturn.objects.get(template=s11, period_label=LAST_YEAR[0], agency=police)
    supervision = s11.sections.get(code="training-supervision").questions.get(code="s11-5-2")
    challenge = services.raise_challenge(
        police_s11,
        board=ashbourne,
        question=supervision,
        user=qa,
        text="You rate supervision as fully met. What shows that front-line officers receive it?",
    )
    services.respond_to_challenge(
        challenge,
        user=leads[police.pk],
        text="Our audit of 60 officers found 91% had safeguarding supervision last quarter.",
    )
    services.accept(police_s11.requests.get(board=ashbourne), user=qa)
    InspectionFinding.objects.create(
        board=ashbourne,
        agency=police,
        inspectorate=Inspectorate.HMICFRS,
        inspected_on=datetime.date(2026, 3, 9),
        section=s11.sections.get(code="training-supervision"),
        judgement=s11.scales.get().levels.get(code="partially-met"),
        recorded_by=qa,
        summary="Vulnerability training reached fewer than two thirds of response officers.",
    )
    ChallengeSession.objects.create(
        board=ashbourne,
        agency=police,
        agency_return=police_s11,
        held_on=datetime.date(2026, 3, 18),
        attendees="QA sub-group (chair, three members); Detective Superintendent, Riverside Police",
        findings="Strong senior ownership; gaps in supervision evidence for neighbourhood teams.",
        strengths="Named safeguarding lead; quarterly reporting to the chief officer group.",
        weaknesses="Training compliance for response officers; recording of the child's voice.",
        action_plan="Training to 90% by December; dip-sample of 20 domestic abuse cases.",
        recorded_by=qa,
    )
