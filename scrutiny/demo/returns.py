"""Demo returns: a year of Section 11 audits, quarterly and annual reports, with scrutiny.

Dates are relative to today, so the demo always has last year's returns (some late, some
missing), this year's in progress and last quarter's reports. Answers go through the same
questionnaire form and services a person's would, so the demo raises real actions too.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from scrutiny.dataset.periods import financial_year_start
from scrutiny.findings.models import FindingKind
from scrutiny.findings.services import record_finding
from scrutiny.library.models import AnswerType, FrameworkTemplate
from scrutiny.people.models import Role, RoleAssignment, User
from scrutiny.questionnaires.forms import QuestionnaireForm
from scrutiny.returns import services
from scrutiny.returns.models import (
    AgencyReturn,
    ChallengeSession,
    Inspection,
    Inspectorate,
)
from scrutiny.tenancy.models import Agency, Board, Region

from .region import demo_email

QUARTERLY_TYPES = {"childrens_social_care", "police", "health_community", "education"}
# Days after (negative: before) last year's due date that each agency's lead sent it.
SENT_AFTER_DUE = {
    "Riverside Police": -11,
    "Riverside Community Health NHS Trust": -2,
    "Ashbourne Children's Social Care": -19,
    "Riverside Probation Service": 16,
    "Ashbourne Education Service": 3,
}


@dataclass(frozen=True)
class Period:
    label: str
    start: datetime.date
    end: datetime.date
    due: datetime.date


def demo_periods(today: datetime.date) -> dict[str, Period]:
    """Last and this financial year (April to March), and the last full quarter."""
    fy = financial_year_start(today)

    def year(y: int) -> Period:
        return Period(
            f"{y}-{(y + 1) % 100:02d}",
            datetime.date(y, 4, 1),
            datetime.date(y + 1, 3, 31),
            datetime.date(y + 1, 1, 31),
        )

    this_quarter = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    q_end = this_quarter - datetime.timedelta(days=1)
    q_start = datetime.date(q_end.year, q_end.month - 2, 1)
    quarter = Period(
        f"{q_start.year} Q{(q_start.month - 1) // 3 + 1}",
        q_start,
        q_end,
        q_end + datetime.timedelta(days=31),
    )
    return {"last_year": year(fy - 1), "this_year": year(fy), "quarter": quarter}


def _pick(*parts: object) -> int:
    """A stable pseudo-random number from the parts, so the demo is the same every time."""
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def _answers(
    template: FrameworkTemplate, agency: Agency, period: str, strong: bool
) -> dict[str, str]:
    action_due = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    data: dict[str, str] = {}
    for section in template.sections.prefetch_related("questions__scale__levels"):
        for q in section.questions.all():
            name = f"q{q.pk}"
            if q.answer_type == AnswerType.SCALE:
                levels = list(q.scale.levels.all())  # type: ignore[union-attr]
                roll = _pick(agency.name, period, q.code) % 100
                top_share = 80 if strong else 60
                level = levels[0] if roll < top_share else levels[1] if roll < 93 else levels[-1]
                data[name] = str(level.pk)
                data[f"{name}_comment"] = f"{q.evidence or 'Evidence held'} Reviewed {period}."
                if level.rank > 1:
                    data[f"{name}_action"] = (
                        f"Close the gap on {q.number}: agree a plan with the board"
                    )
                    data[f"{name}_due"] = action_due
            elif q.answer_type == AnswerType.TEXT:
                data[name] = f"{agency.name}: {q.text.rstrip('?.')} – summary for {period}."
    return data


def _complete(
    ar: AgencyReturn, user: User, sent_on: datetime.date | None, strong: bool = True
) -> None:
    """Answer the return as its lead would: a draft, or submitted on `sent_on`."""
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


@transaction.atomic
def create_demo_returns(region: Region) -> None:
    s11 = FrameworkTemplate.objects.get(code="section-11-audit", owner_board__isnull=True)
    quarterly = FrameworkTemplate.objects.get(
        code="quarterly-agency-report", owner_board__isnull=True
    )
    annual = FrameworkTemplate.objects.get(code="agency-annual-report", owner_board__isnull=True)
    roles = RoleAssignment.objects.filter(region=region).select_related("user")
    managers = {r.board_id: r.user for r in roles.filter(role=Role.BUSINESS_MANAGER)}
    leads = {r.agency_id: r.user for r in roles.filter(role=Role.AGENCY_LEAD)}
    periods = demo_periods(timezone.localdate())
    last_year, this_year, quarter = periods["last_year"], periods["this_year"], periods["quarter"]

    def ask(
        board: Board,
        template: FrameworkTemplate,
        period: Period,
        agencies: list[Agency],
        subject=None,
    ) -> None:
        services.schedule_returns(
            board=board,
            template=template,
            subject=subject,
            period_label=period.label,
            period_start=period.start,
            period_end=period.end,
            due_date=period.due,
            agencies=agencies,
            requested_by=managers[board.pk],
        )

    for board in region.boards.order_by("name"):
        agencies = list(
            Agency.objects.filter(memberships__board=board).exclude(agency_type="schools")
        )
        ask(board, s11, last_year, agencies)
        ask(board, s11, this_year, agencies)
        ask(board, quarterly, quarter, [a for a in agencies if a.agency_type in QUARTERLY_TYPES])

    for ar in AgencyReturn.objects.filter(
        template=s11, period_label=last_year.label
    ).select_related("agency"):
        lead = leads.get(ar.agency_id)
        if lead and ar.agency.name in SENT_AFTER_DUE:
            sent_on = last_year.due + datetime.timedelta(days=SENT_AFTER_DUE[ar.agency.name])
            _complete(ar, lead, sent_on, strong=ar.agency.agency_type != "probation")
    police = Agency.objects.get(region=region, name="Riverside Police")
    in_progress = AgencyReturn.objects.get(
        template=s11, period_label=this_year.label, agency=police
    )
    _complete(in_progress, leads[police.pk], None)
    for ar in AgencyReturn.objects.filter(template=quarterly):
        if ar.agency_id in leads:
            _complete(ar, leads[ar.agency_id], quarter.due - datetime.timedelta(days=7))

    ashbourne = region.boards.get(slug="ashbourne")
    csc = Agency.objects.get(region=region, name="Ashbourne Children's Social Care")
    lado_due = last_year.end + datetime.timedelta(days=91)
    ask(
        ashbourne,
        annual,
        Period(last_year.label, last_year.start, last_year.end, lado_due),
        [csc],
        annual.subjects.get(code="lado"),
    )
    _complete(
        AgencyReturn.objects.get(template=annual, agency=csc),
        leads[csc.pk],
        lado_due - datetime.timedelta(days=5),
    )

    # Ashbourne's QA group scrutinises the police's Section 11 return.
    qa = User.objects.get(email=demo_email("qa.ashbourne"))
    police_s11 = AgencyReturn.objects.get(template=s11, period_label=last_year.label, agency=police)
    training = s11.sections.get(code="training-supervision")
    challenge = services.raise_challenge(
        police_s11,
        board=ashbourne,
        question=training.questions.get(code="s11-5-2"),
        user=qa,
        text="You rate supervision as fully met. What shows that front-line officers receive it?",
    )
    services.respond_to_challenge(
        challenge,
        user=leads[police.pk],
        text="Our audit of 60 officers found 91% had safeguarding supervision last quarter.",
    )
    services.record_challenge_finding(
        challenge,
        kind=FindingKind.STRENGTH,
        text="The police evidence supervision with a quarterly audit of front-line officers.",
        theme=ashbourne.themes.get(code="oversight"),
        user=qa,
    )
    services.accept(police_s11.requests.get(board=ashbourne), user=qa)
    inspection = Inspection.objects.create(
        board=ashbourne,
        agency=police,
        inspectorate=Inspectorate.HMICFRS,
        inspected_on=last_year.end - datetime.timedelta(days=22),
        section=training,
        judgement=s11.scales.get().levels.get(code="partially-met"),
        recorded_by=qa,
    )
    record_finding(
        board=ashbourne,
        source=inspection,
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        text="Vulnerability training reached fewer than two thirds of response officers.",
        theme=ashbourne.themes.get(code="training"),
        recorded_by=qa,
        found_on=inspection.inspected_on,
    )
    ChallengeSession.objects.create(
        board=ashbourne,
        agency=police,
        agency_return=police_s11,
        held_on=last_year.due + datetime.timedelta(days=45),
        attendees="QA sub-group (chair, three members); Detective Superintendent, Riverside Police",
        findings="Strong senior ownership; gaps in supervision evidence for neighbourhood teams.",
        strengths="Named safeguarding lead; quarterly reporting to the chief officer group.",
        weaknesses="Training compliance for response officers; recording of the child's voice.",
        action_plan="Training to 90% by December; dip-sample of 20 domestic abuse cases.",
        recorded_by=qa,
    )
