"""Ratings compared: agencies × standards, across boards and years, and against inspections."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateSection
from scrutiny.questionnaires.models import Answer
from scrutiny.questionnaires.scoring import level_score, score_band, section_scores
from scrutiny.tenancy.models import Agency

from .models import AgencyReturn, InspectionFinding, ReturnStatus


@dataclass
class Cell:
    score: float | None
    flag: InspectionFinding | None = None

    @property
    def band(self) -> tuple[str, str]:
        return score_band(self.score)


@dataclass
class Row:
    agency: Agency
    agency_return: AgencyReturn | None
    cells: list[Cell] = field(default_factory=list)
    overall: float | None = None


def levels_per_scale(template: FrameworkTemplate) -> dict[int, int]:
    return dict(
        ScaleLevel.objects.filter(scale__template=template)
        .values_list("scale_id")
        .annotate(n=Count("pk"))
        .values_list("scale_id", "n")
    )


def scores_for_returns(
    template: FrameworkTemplate, returns: list[AgencyReturn]
) -> dict[int, dict[int, float]]:
    """Section scores per return id, from one query of answers."""
    levels = levels_per_scale(template)
    answers = Answer.objects.filter(
        response__agency_return__in=returns, level__isnull=False
    ).select_related("level", "question", "response__agency_return")
    by_return: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_return[answer.response.agency_return.pk].append(answer)
    return {rid: section_scores(ans, levels) for rid, ans in by_return.items()}


def disagreement(self_score: float | None, finding: InspectionFinding, levels: int) -> bool:
    """True when the agency rated itself better than the inspection found, by over half a step."""
    if self_score is None:
        return False
    inspection = level_score(finding.judgement.rank, levels)
    half_step = 100 / (levels - 1) / 2
    return self_score - inspection > half_step


def rating_matrix(
    template: FrameworkTemplate,
    agencies: list[Agency],
    period_label: str,
    findings: list[InspectionFinding] | None = None,
) -> tuple[list[TemplateSection], list[Row]]:
    sections = list(template.sections.all())
    returns = list(
        AgencyReturn.objects.filter(
            template=template, agency__in=agencies, period_label=period_label
        )
    )
    by_agency = {r.agency_id: r for r in returns}
    # Only submitted returns are scored: a reopened return's answers are a draft again.
    scores = scores_for_returns(
        template, [r for r in returns if r.status == ReturnStatus.SUBMITTED]
    )
    levels = levels_per_scale(template)
    scale_levels = max(levels.values()) if levels else 2
    latest_finding: dict[tuple[int, int], InspectionFinding] = {}
    for finding in sorted(findings or [], key=lambda f: f.inspected_on):
        latest_finding[(finding.agency_id, finding.section_id)] = finding
    rows = []
    for agency in agencies:
        agency_return = by_agency.get(agency.pk)
        section_score = scores.get(agency_return.pk, {}) if agency_return else {}
        row = Row(agency=agency, agency_return=agency_return)
        for section in sections:
            score = section_score.get(section.pk)
            finding = latest_finding.get((agency.pk, section.pk))
            flagged = finding if finding and disagreement(score, finding, scale_levels) else None
            row.cells.append(Cell(score=score, flag=flagged))
        rated = [c.score for c in row.cells if c.score is not None]
        row.overall = sum(rated) / len(rated) if rated else None
        rows.append(row)
    return sections, rows


def agency_history(
    template: FrameworkTemplate, agency: Agency
) -> tuple[list[str], list[tuple[TemplateSection, list[Cell]]]]:
    """One agency's standards across periods (years), oldest first."""
    returns = list(
        AgencyReturn.objects.filter(
            template=template, agency=agency, status=ReturnStatus.SUBMITTED
        ).order_by("period_start")
    )
    scores = scores_for_returns(template, returns)
    periods = [r.period_label for r in returns]
    rows = [
        (section, [Cell(scores.get(r.pk, {}).get(section.pk)) for r in returns])
        for section in template.sections.all()
    ]
    return periods, rows
