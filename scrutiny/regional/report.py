"""The regional report for chairs: the region's boards side by side on the data set, Section 11
results and self-assessment grades, with the region's mean and median.

Every part is read in a fixed number of queries, however many boards the region has.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import F, Max, Window
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from scrutiny.audit.versions import hashed_vary, kept_until_change, region_data_version
from scrutiny.core.numbers import NO_VALUE, decimal_text
from scrutiny.dataset.board_data import current_data_set, figure
from scrutiny.dataset.measures import Benchmark, BoardFigure, benchmark, best_end, pooled_rate
from scrutiny.dataset.models import IndicatorValue
from scrutiny.dataset.national import england_figures
from scrutiny.library.models import FrameworkTemplate, IndicatorDefinition, TemplateQuestion
from scrutiny.questionnaires.models import Answer
from scrutiny.questionnaires.scoring import level_score, score_band
from scrutiny.returns import comparison
from scrutiny.returns.models import AgencyReturn
from scrutiny.selfassessment.models import SelfAssessment
from scrutiny.tenancy.models import Board, Region

SECTION_11_CODE = "section-11-audit"
OFSTED_CODE = "ofsted-lscb-review-good"


@dataclass
class Cell:
    value: Decimal | float | None
    rank: int | None = None
    label: str = ""
    small: bool = False  # rests on fewer children than the small-number threshold
    text: str = NO_VALUE  # the value as the page shows it, worked out here once
    detail: str = ""  # the line under it (an indicator's rank)


@dataclass
class Line:
    """One row of the report: a value per board, and the region's figures."""

    title: str
    cells: list[Cell]
    mean: Decimal | float | None = None  # of the boards' values, unweighted
    median: Decimal | float | None = None
    note: str = ""
    pooled: Decimal | None = None  # the region's rate: numerators added ÷ denominators added
    england: Decimal | None = None  # the published figure for the same period, when loaded
    places: int = 0  # decimals shown
    # The figures as the page shows them, worked out once here rather than per cell.
    mean_text: str = field(init=False, default=NO_VALUE)
    median_text: str = field(init=False, default=NO_VALUE)
    pooled_text: str = field(init=False, default=NO_VALUE)
    england_text: str = field(init=False, default=NO_VALUE)

    def __post_init__(self) -> None:
        self.mean_text = decimal_text(self.mean, self.places)
        self.median_text = decimal_text(self.median, self.places)
        self.pooled_text = decimal_text(self.pooled, self.places)
        self.england_text = decimal_text(self.england, self.places)


@dataclass
class RegionalReport:
    boards: list[Board]
    indicators: list[Line] = field(default_factory=list)
    section_11_period: str = ""
    section_11_periods: list[str] = field(default_factory=list)
    section_11: list[Line] = field(default_factory=list)
    grades: list[Line] = field(default_factory=list)
    overall: list[Cell] = field(default_factory=list)


def _mean_median(values: list) -> tuple:
    if not values:
        return None, None
    return sum(values) / len(values), statistics.median(values)


def indicator_lines(boards: list[Board], region: Region) -> list[Line]:
    """Each indicator for the region's latest period: the boards' values (small numbers
    flagged and not ranked), the mean of the boards' rates (unweighted), the region's pooled
    rate and England's published figure. The same definitions as the indicator page."""
    data_set = current_data_set()
    if data_set is None:
        return []
    indicators: list[IndicatorDefinition] = list(data_set.indicators.all())
    by_pk = {i.pk: i for i in indicators}
    # One query, whatever the number of periods: the database works out the latest period end
    # of each indicator in the region (a window) and returns only that period's rows. No
    # default ordering (its joins and sort) and no model instance for the years of history.
    rows = (
        IndicatorValue.objects.filter(board__region=region, indicator__in=indicators)
        .order_by()
        .annotate(latest=Window(Max("period_end"), partition_by=[F("indicator_id")]))
        .filter(period_end=F("latest"))
        .values_list(
            "board_id", "indicator_id", "period_label", "period_end", "numerator", "denominator"
        )
    )
    latest: dict[int, tuple] = {}  # indicator -> (period_end, label)
    figures: dict[tuple[int, str, int], BoardFigure] = {}
    for board_id, indicator_id, label, end, numerator, denominator in rows:
        figures[(indicator_id, label, board_id)] = figure(
            board_id, numerator, denominator, by_pk[indicator_id]
        )
        # Two labels ending the same day (never for one indicator's own periods): the first.
        if indicator_id not in latest or label < latest[indicator_id][1]:
            latest[indicator_id] = (end, label)
    england = england_figures(region, {pk: label for pk, (_, label) in latest.items()})
    lines = []
    for indicator in indicators:
        if indicator.pk not in latest:
            continue
        label = latest[indicator.pk][1]
        own = [figures.get((indicator.pk, label, b.pk)) for b in boards]
        present = [f for f in own if f is not None and f.value is not None]
        cells = []
        bench: Benchmark | None = None
        for f in own:
            bench = benchmark(f, present, indicator.higher_is_better, indicator.factor)
            rank = bench.rank if bench else None
            value = f.value if f else None
            small = bool(f and f.small)
            cells.append(
                Cell(
                    value,
                    rank,
                    small=small,
                    text=decimal_text(value, 1),
                    detail=""
                    if value is None
                    else ("small numbers, not ranked" if small else f"rank {rank}"),
                )
            )
        mean, median = _mean_median([f.value for f in present])
        lines.append(
            Line(
                indicator.name,
                cells,
                mean,
                median,
                f"{label}; {best_end(indicator.higher_is_better)}",
                pooled=pooled_rate(present, indicator.factor),
                england=england.get(indicator.pk),
                places=1,
            )
        )
    return lines


def section_11_lines(
    boards: list[Board], region: Region, period: str = ""
) -> tuple[str, list[str], list[Line]]:
    """Each board's mean Section 11 score over the returns it asked for (a return shared by
    several boards counts for each board that requested it, and for no other): the chosen
    period, else the latest with a submitted return; and every period asked for."""
    template = (
        FrameworkTemplate.objects.filter(code=SECTION_11_CODE, owner_board__isnull=True)
        .order_by("-version")
        .first()
    )
    if template is None:
        return "", [], []
    agencies = list(region.agencies.order_by("name"))
    latest, periods = comparison.latest_submitted_period(
        AgencyReturn.objects.filter(template=template, agency__in=agencies, requests__isnull=False)
    )
    period = period if period in periods else latest
    if not period:
        return "", periods, []
    sections, rows = comparison.rating_matrix(template, agencies, period)
    board_ids = [b.pk for b in boards]
    lines = []

    def line(title: str, score_of) -> Line:
        per_board: dict[int, list[float]] = defaultdict(list)
        every: list[float] = []
        for row in rows:
            score = score_of(row)
            if score is None or not row.requested_by:
                continue
            every.append(score)
            for b in row.requested_by:
                per_board[b.pk].append(score)
        cells = []
        for pk in board_ids:
            scores = per_board.get(pk, [])
            mean = sum(scores) / len(scores) if scores else None
            label = score_band(mean)[0]
            text = NO_VALUE if mean is None else f"{decimal_text(mean, 0)} ({label.lower()})"
            cells.append(Cell(mean, label=label, text=text))
        mean, median = _mean_median(every)
        return Line(title, cells, mean, median)

    lines.append(line("All standards", lambda row: row.overall))
    for i, section in enumerate(sections):
        lines.append(line(section.title, lambda row, i=i: row.cells[i].score))
    return period, periods, lines


def grade_lines(boards: list[Board], region: Region) -> tuple[list[Line], list[Cell]]:
    template = (
        FrameworkTemplate.objects.filter(code=OFSTED_CODE, owner_board__isnull=True)
        .order_by("-version")
        .first()
    )
    if template is None:
        return [], []
    assessments = {
        a.board_id: a
        for a in SelfAssessment.objects.filter(
            board__region=region, template=template
        ).select_related("overall_level")
    }
    questions = list(
        TemplateQuestion.objects.filter(section__template=template)
        .select_related("scale")
        .order_by("section__order", "order")
    )
    levels = comparison.levels_per_scale(template)
    grade: dict[tuple[int, int], Answer] = {}
    for answer in Answer.objects.filter(
        response__self_assessment__in=assessments.values(), level__isnull=False
    ).select_related("level", "response__self_assessment"):
        grade[(answer.response.self_assessment.board_id, answer.question_id)] = answer
    lines = []
    for q in questions:
        cells, scores = [], []
        for b in boards:
            answer = grade.get((b.pk, q.pk))
            if answer:
                score = level_score(answer.level.rank, levels[answer.level.scale_id])
                scores.append(score)
                cells.append(Cell(score, rank=answer.level.rank, label=answer.level.label))
            else:
                cells.append(Cell(None, label="Not graded"))
        mean, median = _mean_median(scores)
        good = sum(1 for c in cells if c.rank is not None and c.rank <= 2)  # good or better
        lines.append(
            Line(
                f"{q.number} {q.text[:70]}…",
                cells,
                mean,
                median,
                f"{good} of {len(boards)} boards good or better",
            )
        )
    overall = [
        Cell(None, label=a.overall_level.label if a and a.overall_level else "Not decided")
        for a in (assessments.get(b.pk) for b in boards)
    ]
    return lines, overall


def regional_report(region: Region, section_11_period: str = "") -> RegionalReport:
    """The report worked out afresh (the spreadsheet export); pages use `kept_report_tables`."""
    boards = list(region.boards.order_by("name"))
    report = RegionalReport(boards=boards)
    report.indicators = indicator_lines(boards, region)
    report.section_11_period, report.section_11_periods, report.section_11 = section_11_lines(
        boards, region, section_11_period
    )
    report.grades, report.overall = grade_lines(boards, region)
    return report


# Part of the kept tables' key: change it when what the report holds or how it is drawn changes.
TABLES_FORMAT = "1"


def kept_report_tables(region: Region, section_11_period: str = "") -> tuple[str, SafeString]:
    """The report's Section 11 period shown and its tables, drawn, kept until anything in the
    region changes (`region_data_version`, one query): working the report out reads every
    board's latest values, returns and grades, too slow to repeat on each showing of the page.

    The tables are the same for everyone who may see the report (they hold no link or form
    that depends on who asks), so they vary only with the period asked for."""

    def drawn() -> tuple[str, SafeString]:
        report = regional_report(region, section_11_period)
        tables = render_to_string(
            "regional/_report_tables.html",
            {"report": report, "small_threshold": settings.SCRUTINY_SMALL_NUMBER_THRESHOLD},
        )
        return report.section_11_period, tables

    return kept_until_change(
        f"regional:report:{TABLES_FORMAT}:{region.pk}:{hashed_vary([section_11_period])}",
        region_data_version(region.pk),
        drawn,
        settings.SCRUTINY_REPORT_FIGURES_CACHE_SECONDS,
    )
