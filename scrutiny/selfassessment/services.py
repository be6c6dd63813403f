"""Self-assessment workflows: start, save (with a revision), link evidence, decide, compare."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from scrutiny.governance.models import AgendaItem, Meeting
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion, TemplateSection
from scrutiny.people.models import User
from scrutiny.questionnaires.forms import QuestionnaireForm
from scrutiny.questionnaires.models import Answer, Response
from scrutiny.tenancy.models import Board

from .best_fit import BestFit, best_fit
from .evidence import Candidate, reflective_questions
from .models import EvidenceLink, Revision, SelfAssessment, StandingItem

STANDING_TITLE = "Standing item: self-assessment progress"


@transaction.atomic
def start_assessment(board: Board, template: FrameworkTemplate, user: User) -> SelfAssessment:
    response = Response.objects.create(template=template)
    return SelfAssessment.objects.create(
        board=board, template=template, response=response, created_by=user
    )


def questions_of(assessment: SelfAssessment) -> list[TemplateQuestion]:
    return [
        q
        for s in assessment.template.sections.prefetch_related("questions__scale__levels")
        for q in s.questions.all()
    ]


def snapshot(assessment: SelfAssessment) -> dict:
    """Every criterion as it stands now: grade, narrative and evidence labels."""
    answers = {
        a.question_id: a for a in assessment.response.answers.select_related("level", "question")
    }
    evidence: dict[int, list[str]] = defaultdict(list)
    for link in assessment.evidence_links.all():
        evidence[link.question_id].append(link.label)
    result = {}
    for q in questions_of(assessment):
        a = answers.get(q.pk)
        result[q.code] = {
            "number": q.number,
            "grade": a.level.code if a and a.level else "",
            "grade_label": a.level.label if a and a.level else "",
            "narrative": a.text if a else "",
            "evidence": sorted(evidence.get(q.pk, [])),
        }
    return result


def record_revision(assessment: SelfAssessment, user: User | None, note: str = "") -> Revision:
    last = assessment.revisions.aggregate(n=Max("number"))["n"] or 0
    return Revision.objects.create(
        assessment=assessment,
        number=last + 1,
        saved_by=user,
        saved_at=timezone.now(),
        note=note[:300],
        snapshot=snapshot(assessment),
    )


@transaction.atomic
def save_grades(
    assessment: SelfAssessment, form: QuestionnaireForm, user: User, note: str = ""
) -> Revision:
    """Save the criteria grades and narratives; every save is a new numbered revision."""
    form.save_guarded(assessment, assessment.response)
    return record_revision(assessment, user, note or "Grades and narratives saved")


@transaction.atomic
def link_evidence(
    assessment: SelfAssessment, question: TemplateQuestion, candidate: Candidate, user: User
) -> EvidenceLink:
    link, _ = EvidenceLink.objects.get_or_create(
        assessment=assessment,
        question=question,
        target_type=ContentType.objects.get_for_model(candidate.obj),
        target_id=candidate.obj.pk,
        defaults={
            "kind": candidate.kind,
            "label": candidate.label[:300],
            "summary": candidate.text.strip()[:2000],
            "url": candidate.url[:300],
            "added_by": user,
        },
    )
    record_revision(assessment, user, f"Evidence added to {question.number}: {link.label}")
    return link


@transaction.atomic
def unlink_evidence(link: EvidenceLink, user: User) -> None:
    assessment, number, label = link.assessment, link.question.number, link.label
    link.delete()
    record_revision(assessment, user, f"Evidence removed from {number}: {label}")


@transaction.atomic
def decide_overall(
    assessment: SelfAssessment, level: ScaleLevel, reasoning: str, user: User
) -> None:
    assessment.overall_level = level
    assessment.overall_reasoning = reasoning
    assessment.overall_decided_by = user
    assessment.overall_decided_on = timezone.localdate()
    assessment.save()
    record_revision(assessment, user, f"Overall judgement decided: {level.label}")


@dataclass
class Change:
    number: str
    what: str  # "grade", "narrative", "evidence"
    before: str
    after: str


def changes_between(old: dict, new: dict) -> list[Change]:
    """What changed from one snapshot to another, criterion by criterion."""
    result = []
    for code, now in new.items():
        was = old.get(code, {})
        number = now.get("number", "")
        if was.get("grade_label", "") != now["grade_label"]:
            result.append(
                Change(number, "grade", was.get("grade_label") or "not graded", now["grade_label"])
            )
        if was.get("narrative", "") != now["narrative"]:
            result.append(Change(number, "narrative", was.get("narrative", ""), now["narrative"]))
        before, after = set(was.get("evidence", [])), set(now["evidence"])
        for label in sorted(after - before):
            result.append(Change(number, "evidence added", "", label))
        for label in sorted(before - after):
            result.append(Change(number, "evidence removed", label, ""))
    return result


def revision_as_of(revisions: list[Revision], when: datetime.date) -> Revision | None:
    """The last revision saved on or before `when` (revisions newest first)."""
    return next((r for r in revisions if timezone.localdate(r.saved_at) <= when), None)


def last_board_review(assessment: SelfAssessment, today: datetime.date) -> Meeting | None:
    """The latest meeting, held by today, whose agenda had the standing self-assessment item."""
    item = (
        StandingItem.objects.filter(assessment=assessment, agenda_item__meeting__held_on__lte=today)
        .select_related("agenda_item__meeting__group")
        .order_by("-agenda_item__meeting__held_on")
        .first()
    )
    return item.agenda_item.meeting if item else None


@dataclass
class CriterionRow:
    question: TemplateQuestion
    answer: Answer | None
    links: list[EvidenceLink] = field(default_factory=list)
    reflective: list[str] = field(default_factory=list)


def criteria_rows(
    assessment: SelfAssessment, links: list[EvidenceLink] | None = None
) -> list[tuple[TemplateSection, list[CriterionRow]]]:
    """Sections with each criterion's grade, narrative, evidence and reflective questions."""
    answers = {a.question_id: a for a in assessment.response.answers.select_related("level")}
    by_question: dict[int, list[EvidenceLink]] = defaultdict(list)
    for link in assessment.evidence_links.all() if links is None else links:
        by_question[link.question_id].append(link)
    code = assessment.template.code
    return [
        (
            section,
            [
                CriterionRow(
                    q,
                    answers.get(q.pk),
                    by_question.get(q.pk, []),
                    reflective_questions(code, q.code),
                )
                for q in section.questions.all()
            ],
        )
        for section in assessment.template.sections.prefetch_related("questions__scale__levels")
    ]


def scale_levels(assessment: SelfAssessment) -> list[ScaleLevel]:
    return list(
        ScaleLevel.objects.filter(scale__template=assessment.template).order_by("scale", "rank")
    )


def suggestion(rows: list[tuple[TemplateSection, list[CriterionRow]]]) -> BestFit:
    criteria = [r for _, section_rows in rows for r in section_rows if r.question.scale_id]
    levels = list(criteria[0].question.scale.levels.all()) if criteria else []
    return best_fit([r.answer.level if r.answer else None for r in criteria], levels)


@dataclass
class Summary:
    """The standing item: where the self-assessment stands, and what changed since the last."""

    assessment: SelfAssessment
    revision: Revision | None
    counts: list[tuple[str, int]]
    ungraded: int
    with_evidence: int
    total: int
    changes: list[Change]
    since: Meeting | None


def standing_summary(assessment: SelfAssessment, meeting: Meeting) -> Summary:
    """As the self-assessment stood at the meeting, compared with the previous board review."""
    revisions = list(assessment.revisions.all())
    current = revision_as_of(revisions, meeting.held_on)
    previous_item = (
        StandingItem.objects.filter(
            assessment=assessment, agenda_item__meeting__held_on__lt=meeting.held_on
        )
        .select_related("agenda_item__meeting__group")
        .order_by("-agenda_item__meeting__held_on")
        .first()
    )
    since = previous_item.agenda_item.meeting if previous_item else None
    baseline = revision_as_of(revisions, since.held_on) if since else None
    snap = current.snapshot if current else {}
    counts: dict[str, int] = defaultdict(int)
    for c in snap.values():
        if c["grade_label"]:
            counts[c["grade_label"]] += 1
    levels = scale_levels(assessment)
    return Summary(
        assessment=assessment,
        revision=current,
        counts=[(lv.label, counts[lv.label]) for lv in levels if counts.get(lv.label)],
        ungraded=sum(1 for c in snap.values() if not c["grade_label"]),
        with_evidence=sum(1 for c in snap.values() if c["evidence"]),
        total=len(snap),
        changes=changes_between(baseline.snapshot if baseline else {}, snap)
        if current and since
        else [],
        since=since,
    )


def attach_standing_summaries(agenda: list[AgendaItem], meeting: Meeting) -> None:
    """Give each standing self-assessment item on the agenda its summary (for the template)."""
    items = {
        s.agenda_item_id: s
        for s in StandingItem.objects.filter(agenda_item__in=agenda).select_related(
            "assessment__template", "assessment__board"
        )
    }
    for agenda_item in agenda:
        standing = items.get(agenda_item.pk)
        agenda_item.self_assessment_summary = (  # type: ignore[attr-defined]
            standing_summary(standing.assessment, meeting) if standing else None
        )


@transaction.atomic
def add_standing_item(assessment: SelfAssessment, meeting: Meeting) -> StandingItem:
    existing = StandingItem.objects.filter(
        assessment=assessment, agenda_item__meeting=meeting
    ).first()
    if existing:
        return existing
    agenda_item = AgendaItem.objects.create(
        meeting=meeting,
        order=meeting.agenda.count() + 1,
        title=f"{STANDING_TITLE}: {assessment.template.title}",
    )
    return StandingItem.objects.create(agenda_item=agenda_item, assessment=assessment)
