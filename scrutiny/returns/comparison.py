"""Ratings compared: agencies × standards, across boards and years, and against inspections."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.safestring import SafeString

from scrutiny.core.numbers import decimal_text
from scrutiny.core.rows import html
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateSection
from scrutiny.questionnaires.models import Answer
from scrutiny.questionnaires.scoring import level_score, rated_section_scores, score_band
from scrutiny.tenancy.models import Agency, Board

from .models import AgencyReturn, Inspection, ReturnRequest, ReturnStatus, board_return_ids


@dataclass
class Cell:
    score: float | None
    flag: Inspection | None = None

    @property
    def band(self) -> tuple[str, str]:
        return score_band(self.score)

    def heatmap_cell(self) -> SafeString:
        """Its cell in the heat map: the score as a tag with its band in words, and the
        inspection that found otherwise."""
        if self.score is None:
            return SafeString(
                '<td class="govuk-table__cell"><span class="govuk-hint govuk-!-margin-0">–'
                '<span class="govuk-visually-hidden">not rated</span></span></td>'
            )
        word, colour = self.band
        # Plain joins of escaped values, not format_html: a cell per agency and standard.
        flag = (
            '<br><span class="govuk-body-s scrutiny-flag">⚑ Inspection: '
            f"{html(self.flag.judgement.label)}</span>"
            if self.flag
            else ""
        )
        return SafeString(
            f'<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--{html(colour)}">'
            f"{decimal_text(self.score, 0)}%"
            f'<span class="govuk-visually-hidden"> {html(word)}</span></strong>{flag}</td>'
        )


@dataclass
class Row:
    agency: Agency
    agency_return: AgencyReturn | None
    cells: list[Cell] = field(default_factory=list)
    overall: float | None = None
    # The boards that asked for this return: only they are credited with its scores.
    requested_by: list[Board] = field(default_factory=list)

    @property
    def heatmap_cells(self) -> SafeString:
        """The row's cells in the heat map, drawn in Python (a long table's cost was the
        template's, cell by cell)."""
        return SafeString("".join(cell.heatmap_cell() for cell in self.cells))

    @property
    def overall_cell(self) -> SafeString:
        """The row's overall score in the heat map (or why there is none)."""
        if self.overall is None:
            words = "Not received" if self.agency_return else "Not asked"
            return SafeString(f'<td class="govuk-table__cell">{words}</td>')
        return SafeString(
            f'<td class="govuk-table__cell"><strong>{decimal_text(self.overall, 0)}%</strong></td>'
        )


def levels_per_scale(template: FrameworkTemplate) -> dict[int, int]:
    return dict(
        ScaleLevel.objects.filter(scale__template=template)
        .values_list("scale_id")
        .annotate(n=Count("pk"))
        .values_list("scale_id", "n")
    )


def scores_for_returns(
    template: FrameworkTemplate,
    returns: list[AgencyReturn],
    levels: dict[int, int] | None = None,
) -> dict[int, dict[int, float]]:
    """Section scores per return id, from one query of answers (`levels`: the template's
    `levels_per_scale`, when the caller has read it)."""
    if levels is None:
        levels = levels_per_scale(template)
    # Values, not model instances: a return's answers are many and only four fields count.
    rated = Answer.objects.filter(
        response__agency_return__in=returns, level__isnull=False
    ).values_list(
        "response__agency_return", "question__section_id", "level__scale_id", "level__rank"
    )
    by_return: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for return_id, section_id, scale_id, rank in rated:
        by_return[return_id].append((section_id, scale_id, rank))
    return {rid: rated_section_scores(ans, levels) for rid, ans in by_return.items()}


def disagreement(self_score: float | None, finding: Inspection, levels: int) -> bool:
    """True when the agency rated itself better than the inspection found, by over half a step."""
    if self_score is None:
        return False
    inspection = level_score(finding.judgement.rank, levels)
    half_step = 100 / (levels - 1) / 2
    return self_score - inspection > half_step


def in_period(finding: Inspection, agency_return: AgencyReturn | None) -> bool:
    """An inspection is compared only with the self-rating of the period it took place in."""
    if agency_return is None:
        return False
    return agency_return.period_start <= finding.inspected_on <= agency_return.period_end


def requested_returns(template: FrameworkTemplate, board: Board) -> QuerySet[AgencyReturn]:
    """The returns of this template the board asked for: the only ones it is credited with."""
    return AgencyReturn.objects.filter(template=template, pk__in=board_return_ids(board))


def latest_submitted_period(returns: QuerySet[AgencyReturn]) -> tuple[str, list[str]]:
    """The latest period with a submitted return (the default), and every period, newest first."""
    found = sorted(
        set(returns.order_by().values_list("period_label", "period_end", "status")),
        key=lambda p: p[1],
        reverse=True,
    )  # one query: each period with its returns' statuses (unordered: no join to agencies)
    periods = list(dict.fromkeys(label for label, _, _ in found))
    latest = next((label for label, _, status in found if status == ReturnStatus.SUBMITTED), "")
    return latest or (periods[0] if periods else ""), periods


def rating_matrix(
    template: FrameworkTemplate,
    agencies: list[Agency],
    period_label: str,
    findings: list[Inspection] | None = None,
    board: Board | None = None,
) -> tuple[list[TemplateSection], list[Row]]:
    """Agencies × standards for one period. For a `board`, only the returns it requested are
    scored (and `requested_by` is not read); without one (the region), each row says which
    boards requested its return."""
    sections = list(template.sections.all())
    returns_qs = AgencyReturn.objects.filter(
        template=template, agency__in=agencies, period_label=period_label
    )
    if board is not None:
        returns_qs = returns_qs.filter(requests__board=board)
    returns = list(returns_qs)
    by_agency = {r.agency_id: r for r in returns}
    requested: dict[int, list[Board]] = defaultdict(list)
    if board is None:  # a board's own page does not list who else asked
        for request in (
            ReturnRequest.objects.filter(agency_return__in=returns)
            .select_related("board")
            .order_by("board__name")
        ):
            requested[request.agency_return_id].append(request.board)
    # Only submitted returns are scored: a reopened return's answers are a draft again.
    levels = levels_per_scale(template)
    scores = scores_for_returns(
        template, [r for r in returns if r.status == ReturnStatus.SUBMITTED], levels
    )
    scale_levels = max(levels.values()) if levels else 2
    rows = []
    for agency in agencies:
        agency_return = by_agency.get(agency.pk)
        section_score = scores.get(agency_return.pk, {}) if agency_return else {}
        latest_finding: dict[int, Inspection] = {}
        for finding in sorted(findings or [], key=lambda f: f.inspected_on):
            if finding.agency_id == agency.pk and in_period(finding, agency_return):
                latest_finding[finding.section_id] = finding
        row = Row(
            agency=agency,
            agency_return=agency_return,
            requested_by=requested.get(agency_return.pk, []) if agency_return else [],
        )
        for section in sections:
            score = section_score.get(section.pk)
            finding = latest_finding.get(section.pk)
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
