from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from scrutiny.access.permissions import Permission, agency_ids_led, grants_key, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.versions import (
    kept_drawing,
    kept_on_board,
)
from scrutiny.core.exporters import Sheet, csv_export, safe_filename, xlsx
from scrutiny.core.rows import table_row
from scrutiny.core.rows import table_rows as html_rows
from scrutiny.core.uploads import UploadRejected, read_limited
from scrutiny.core.views import form_page
from scrutiny.findings.models import FindingKind
from scrutiny.findings.services import findings_for, record_finding
from scrutiny.findings.source_forms import FindingForm
from scrutiny.findings.source_pages import with_actions
from scrutiny.jobs import uploads
from scrutiny.jobs.services import start_job
from scrutiny.library.data_set import current_indicators
from scrutiny.library.models import IndicatorDefinition, IndicatorStage, OBAQuestion
from scrutiny.plan.models import Priority
from scrutiny.tenancy.models import Agency, Board

from . import home, jobs, pending
from . import targets as year_grid
from .board_data import board_figure, board_rows, value_of
from .charts import line_chart
from .completeness import ON_TIME_DAYS, data_completeness
from .findings import RED_PERIODS_FOR_A_FINDING, board_targets, indicator_findings, red_streak
from .forms import ImportForm, StatutoryReturnForm, TargetForm, ValueForm
from .importer import COLUMNS, import_values, read_upload
from .models import Breakdown, IndicatorValue, PendingImport, Target, ValueSource
from .national import national_comparisons
from .partnership import area_figures, latest_by_area
from .periods import BadPeriod, financial_year_label, financial_year_start, parse_period
from .table import history_rows, shown_value, table_rows, year_rows


def _indicators() -> QuerySet[IndicatorDefinition]:
    try:
        return jobs.indicators()
    except jobs.NoDataSet as exc:
        raise Http404("The data set is not loaded") from exc


def _enterable(
    request: HttpRequest, board: Board
) -> tuple[QuerySet[IndicatorDefinition], set[int] | None]:
    """Indicators this person may enter, and the agencies they may enter for (None: any)."""
    _indicators()
    return jobs.enterable(request.user, board)


@board_view(Permission.BOARD_VIEW)
def data_set(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    stage = request.GET.get("stage", "")
    stage = stage if stage in IndicatorStage.values else ""
    only_red = request.GET.get("rag") == home.RED  # the board home's count links here
    if request.GET.get("format") in ("xlsx", "csv"):
        _indicators_shown, rows = _data_set_rows(board, stage, only_red)
        return _export(board, rows, request.GET["format"]).as_response()
    return render(
        request,
        "dataset/data_set.html",
        {
            "board": board,
            "table": _kept_data_set_table(board, stage, only_red),
            "stages": IndicatorStage.choices,
            "stage": stage,
            "only_red": only_red,
            "can_enter": has_permission(request.user, Permission.DATA_ENTER, board=board)
            or bool(agency_ids_led(request.user, board)),
            "can_set_targets": has_permission(request.user, Permission.PLAN_MANAGE, board=board),
            "can_compute": has_permission(
                request.user, Permission.DATA_ENTER, board=board, agency=None
            ),
        },
    )


def _data_set_rows(
    board: Board, stage: str, only_red: bool
) -> tuple[list[IndicatorDefinition], list]:
    """The indicators shown (those of `stage`, if given) and their rows (the red ones only,
    if asked). One query for the indicators; the data set itself is read only when it has
    none (404 if no data set is loaded)."""
    indicators = list(current_indicators()) or list(_indicators())
    if stage:
        indicators = [i for i in indicators if i.stage == stage]
    rows = board_rows(board, indicators)
    return indicators, home.red_rows(rows) if only_red else rows


# Part of the data set table's cache key: change it when how a row is drawn changes.
TABLE_CACHE_FORMAT = "1"


def _kept_data_set_table(board: Board, stage: str, only_red: bool) -> list[SafeString]:
    """The data set page's table rows, drawn, kept in the cache until anything in the region
    changes (its audit log's newest entry: one query) or the day turns: working them out
    reads every value of the board's indicators and the region's latest ones."""

    def drawn() -> list[SafeString]:
        indicators, rows = _data_set_rows(board, stage, only_red)
        areas = latest_by_area(board, indicators)
        return [SafeString(row.__html__()) for row in table_rows(board, rows, areas)]

    return kept_on_board(
        board,
        f"dataset:table:{TABLE_CACHE_FORMAT}",
        drawn,
        vary=[stage, only_red],
        seconds=settings.SCRUTINY_REPORT_FIGURES_CACHE_SECONDS,
    )


def _export(board: Board, rows, export_format: str):
    header = [
        "Indicator",
        "Unit",
        "Period",
        "Value",
        "Target",
        "RAG",
        "Trend",
        "Regional rank (quartile 1 = best)",
        "Regional median of boards' values",
        "Financial year",
        "Year total",
        "Year total worked out as",
    ]
    data = [
        [
            r.indicator.name,
            r.indicator.get_unit_display(),
            r.latest_label,
            float(r.latest) if r.latest is not None else None,
            float(r.target) if r.target is not None else None,
            r.rag.word,
            r.trend.words if r.trend else "",
            r.benchmark.rank_words if r.benchmark else "",
            float(r.benchmark.median) if r.benchmark else None,
            *_latest_year(r),
        ]
        for r in rows
    ]
    name = safe_filename(board.short_name, "data-set")
    if export_format == "csv":
        return csv_export(f"{name}.csv", Sheet("Data set", header, data))
    return xlsx(f"{name}.xlsx", [Sheet("Data set", header, data)])


def _latest_year(row) -> list:
    """A quarterly indicator's latest financial year: label, computed total and how."""
    if not row.years:
        return ["", None, ""]
    year = row.years[-1]
    return [year.label, float(year.value) if year.value is not None else None, year.worked_out]


@board_view(Permission.BOARD_VIEW)
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    board = current_board(request)
    may_record = has_permission(request.user, Permission.ACTIONS_MANAGE, board=board)
    # The page below its title, drawn and kept until anything in the region changes: working
    # it out reads the board's values, the region's and the national figures, its findings.
    # It differs only by whether the person may record a finding or raise an action (grants).
    title, body = kept_on_board(
        board,
        f"dataset:indicator:{INDICATOR_PAGE_FORMAT}",
        lambda: _drawn_indicator(board, code, may_record),
        vary=(grants_key(request.user), code),
    )
    return render(request, "dataset/indicator.html", {"board": board, "title": title, "body": body})


# Part of the indicator page's cache key: change it when how the page is drawn changes.
INDICATOR_PAGE_FORMAT = "1"


def _drawn_indicator(board: Board, code: str, may_record: bool) -> tuple[str, SafeString]:
    """The indicator's name and its page below the title, drawn (404 if the current data set
    has no indicator of that code)."""
    # One query: the current data set's indicator of that code (none, a 404, when no data set
    # is loaded).
    item = get_object_or_404(current_indicators(), code=code)
    board_target = board_targets(board, item)
    (row,) = board_rows(
        board, [item], targets={(item.pk, label): t for label, t in board_target.items()}
    )
    targets = {label: t.target for label, t in board_target.items()}
    labels = [label for label, _ in row.history]
    suffix = "%" if item.factor == 100 else ""
    chart = line_chart(
        item.name,
        labels,
        [v for _, v in row.history],
        [targets.get(label) for label in labels],
        suffix,
    )
    region: list[tuple[Board, str, bool]] = []  # each board, its value as shown, small numbers
    if row.latest_label:
        values = [
            (v.board, value_of(v, item), board_figure(v, item).small)
            for v in IndicatorValue.objects.filter(
                board__region_id=board.region_id, indicator=item, period_label=row.latest_label
            ).select_related("board")
        ]
        values.sort(
            key=lambda bv: (bv[1] is None, -(bv[1] or 0) if item.higher_is_better else (bv[1] or 0))
        )
        region = [(b, shown_value(value, item), small) for b, value, small in values]
    national = national_comparisons(board, {item.pk: row.latest_label}).get(item.pk)
    streak = red_streak(board, item, board_target, row.held)
    body = render_to_string(
        "dataset/_indicator_body.html",
        {
            "board": board,
            "indicator": item,
            "row": row,
            "chart": chart,
            "region": region,
            "national": national,
            "small_threshold": settings.SCRUTINY_SMALL_NUMBER_THRESHOLD,
            # Drawn in Python: a row for each of tens of periods.
            "history_rows": html_rows(
                table_row(*cells, numeric_from=1) for cells in history_rows(row, targets)
            ),
            "year_rows": year_rows(row),
            "streak": streak,
            "streak_recorded": streak is not None and findings_for(streak.latest).exists(),
            "can_record_finding": may_record,
            "finding_rows": with_actions(indicator_findings(board, item), board),
            "can_raise_action": may_record,
            "has_breakdowns": Breakdown.objects.filter(board=board, indicator=item).exists(),
            "area_figures": area_figures(board, item),
        },
    )
    return item.name, SafeString(body)


@board_view(Permission.ACTIONS_MANAGE)
def indicator_finding(request: HttpRequest, code: str) -> HttpResponse:
    """Record an indicator red for two periods running as an area for improvement."""
    board = current_board(request)
    item = get_object_or_404(_indicators(), code=code)
    back = reverse("dataset:indicator", args=[board.slug, item.code])
    streak = red_streak(board, item)
    if streak is None:
        messages.error(
            request,
            f"{item.name} has not been red for {RED_PERIODS_FOR_A_FINDING} periods running, "
            "so there is no finding from the data set to record.",
        )
        return redirect(back)
    form = FindingForm(
        request.POST or None,
        initial={"kind": FindingKind.AREA_FOR_IMPROVEMENT, "text": streak.finding_text()},
    )
    if request.method == "POST" and form.is_valid():
        record_finding(
            board=board,
            source=streak.latest,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            recorded_by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, "The finding has been recorded.")
        return redirect(back + "#findings")
    return form_page(
        request, form, heading="Record a finding from the data set", caption=item.name, cancel=back
    )


@board_view(Permission.BOARD_VIEW)
def enter(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    indicators, allowed = _enterable(request, board)
    if allowed is not None and not allowed:
        raise PermissionDenied
    form = ValueForm(request.POST or None, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = Agency.objects.filter(pk__in=allowed).first() if allowed else None
        row = {
            "indicator": data["indicator"].code,
            "period": data["period"],
            "numerator": data["numerator"],
            "denominator": data["denominator"],
            "agency": agency.name if agency else "",
        }
        result = import_values(
            board,
            [row],
            indicators={data["indicator"].code: data["indicator"]},
            user=request.user,  # type: ignore[arg-type]
            allowed_agency_ids=allowed,
            source=ValueSource.MANUAL,
        )
        if not result.problems:
            messages.success(
                request, f"{data['indicator'].name} for {data['period']} has been saved."
            )
            return redirect("dataset:indicator", board.slug, data["indicator"].code)
        for problem in result.problems:
            form.add_error(
                problem.column if problem.column in form.fields else None, problem.reason
            )
    return render(request, "dataset/enter.html", {"board": board, "form": form})


@board_view(Permission.BOARD_VIEW)
@transaction.non_atomic_requests  # the job, not this request, reads and checks the rows
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet: refuse it here if it is too big or not what it claims, then hand
    it to a job that reads and checks every row; its page leads to the preview (nothing is
    written until the uploader confirms it)."""
    board = current_board(request)
    indicators, allowed = _enterable(request, board)
    if allowed is not None and not allowed:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            name, data = read_upload(form.cleaned_data["file"])
        except ValueError as exc:  # refused by size or archive check
            form.add_error("file", str(exc))
        else:
            job = start_job(
                jobs.IMPORT,
                user=request.user,  # type: ignore[arg-type]
                board=board,
                params={"held_files": uploads.hold([(name, data)])},
            )
            return redirect("jobs:job", job.pk)
    return render(
        request,
        "dataset/import.html",
        {"board": board, "form": form, "columns": COLUMNS, "indicators": indicators},
    )


def _may_confirm(request: HttpRequest, board: Board, held: PendingImport) -> bool:
    """Whether the uploader still holds the permission the upload needed."""
    if held.source in (ValueSource.CIN, ValueSource.SSDA903):
        return has_permission(request.user, Permission.DATA_ENTER, board=board, agency=None)
    _, allowed = _enterable(request, board)
    return allowed is None or bool(allowed)


@board_view(Permission.BOARD_VIEW)
@transaction.non_atomic_requests  # confirm() writes the checked rows in its own short transaction
def import_preview(request: HttpRequest, pending_id: int) -> HttpResponse:
    """What an upload would write and change, to confirm or cancel; after confirming, the
    result with the same table and counts."""
    board = current_board(request)
    _, allowed = _enterable(request, board)
    if allowed is not None and not allowed:  # a role that enters no data has no imports
        raise PermissionDenied
    held = pending.pending_for(board, request.user, pending_id)  # type: ignore[arg-type]
    if held is None:
        raise Http404("This import has expired or is not yours; upload the file again")
    if not _may_confirm(request, board, held):
        raise PermissionDenied
    stale = ""
    if request.method == "POST" and held.confirmed_at is None:
        if request.POST.get("action") == "cancel":
            held.delete()
            messages.info(request, "The import was cancelled; nothing was written.")
            return redirect("dataset:statutory" if held.notes else "dataset:import", board.slug)
        try:
            pending.confirm(held, request.user)  # type: ignore[arg-type]
        except pending.StalePreview as exc:
            stale = (
                f"Nothing was written: {exc}. This is the preview again with the values as "
                "they are now; check it and confirm again."
            )
        else:
            return redirect("dataset:import_preview", board.slug, held.pk)
    return render(
        request,
        "dataset/import_preview.html",
        {"board": board, "preview": pending.preview(held), "held": held, "stale": stale},
    )


@board_view(Permission.BOARD_VIEW)
def import_template(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    indicators, _ = _enterable(request, board)
    rows = [[i.code, "", "", "" if i.factor == 1 else "", ""] for i in indicators]
    return xlsx("data-set-import-template.xlsx", [Sheet("Values", COLUMNS, rows)]).as_response()


@board_view(Permission.PLAN_MANAGE)
def targets(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    indicators = _indicators()
    form = TargetForm(request.POST or None, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        year_grid.set_target(
            board,
            data["indicator"],
            data["period"],
            data["target"],
            data["tolerance"],
            request.user,
        )
        messages.success(
            request, f"The target for {data['indicator'].name}, {data['period']}, has been saved."
        )
        return redirect("dataset:targets", board.slug)
    return render(
        request,
        "dataset/targets.html",
        {
            "board": board,
            "form": form,
            "targets": Target.objects.filter(board=board)
            .select_related("indicator")
            .order_by("indicator__order", "period_label"),
        },
    )


@board_view(Permission.PLAN_MANAGE)
def year_targets(request: HttpRequest) -> HttpResponse:
    """A financial year's targets for every indicator on one page (`dataset.targets`)."""
    board = current_board(request)
    this_year = financial_year_start(timezone.localdate())
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or this_year)
    except ValueError:
        year = this_year
    year = min(max(year, this_year - 10), this_year + 5)
    indicators = list(_indicators())
    copying = request.method == "GET" and request.GET.get("copy") == "previous"
    rows = year_grid.build_grid(board, year, indicators, copy_from=year - 1 if copying else None)
    problems: list[year_grid.Problem] = []
    if request.method == "POST":
        year_grid.read_grid(rows, request.POST)
        problems, changed = year_grid.save_grid(board, rows, request.user)
        if not problems:
            messages.success(
                request,
                f"The targets for {financial_year_label(year)} have been saved "
                f"({changed} added, changed or removed).",
            )
            return redirect(f"{reverse('dataset:year_targets', args=[board.slug])}?year={year}")
    return render(
        request,
        "dataset/year_targets.html",
        {
            "board": board,
            "year": year,
            "year_label": financial_year_label(year),
            "previous_label": financial_year_label(year - 1),
            "next_label": financial_year_label(year + 1),
            "columns": year_grid.COLUMNS,
            "rows": rows,
            "problems": problems,
            "copying": copying,
        },
        status=409 if any("after you loaded" in p.text for p in problems) else 200,
    )


@board_view(Permission.BOARD_VIEW)
def scorecard(request: HttpRequest, priority_id: int) -> HttpResponse:
    """The priority's indicators as an outcomes-based accountability scorecard."""
    board = current_board(request)
    priority = get_object_or_404(Priority, pk=priority_id, board=board)
    codes = [m.indicator_code for m in priority.measures.exclude(indicator_code="")]
    rows = table_rows(board, board_rows(board, list(_indicators().filter(code__in=codes))))
    groups = [
        (label, [r for r in rows if r.indicator.oba == value])
        for value, label in OBAQuestion.choices
    ]
    return render(
        request, "dataset/scorecard.html", {"board": board, "priority": priority, "groups": groups}
    )


@board_view(Permission.DATA_ENTER)
@transaction.non_atomic_requests  # the job, not this request, parses the returns
def statutory(request: HttpRequest) -> HttpResponse:
    """Take the CIN census or SSDA903 files and hand them to a job that computes the child's-
    journey indicators from them; its page leads to the preview to confirm (nothing written
    yet)."""
    board = current_board(request)
    if not has_permission(request.user, Permission.DATA_ENTER, board=board, agency=None):
        raise PermissionDenied
    _indicators()
    form = StatutoryReturnForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            files = [
                (f.name, read_limited(f, settings.SCRUTINY_MAX_STATUTORY_MB, name=f.name))
                for f in data["files"]
            ]
        except UploadRejected as exc:
            form.add_error("files", str(exc))
        else:
            job = start_job(
                jobs.STATUTORY,
                user=request.user,  # type: ignore[arg-type]
                board=board,
                params={
                    "kind": data["kind"],
                    "year": data["year"],
                    "population": data["population"],
                    "held_files": uploads.hold(files),
                },
            )
            return redirect("jobs:job", job.pk)
    return render(request, "dataset/statutory.html", {"board": board, "form": form})


# The kept part's name and format: change the number when how the rows are drawn changes.
COMPLETENESS_PART = "dataset:completeness:1"


@board_view(Permission.BOARD_VIEW)
def completeness(request: HttpRequest) -> HttpResponse:
    """How many expected values each agency sent for a financial year, and how many on time."""
    board = current_board(request)
    today = timezone.localdate()
    last_year = financial_year_start(today) - 1
    year = request.GET.get("year") or f"{last_year}-{(last_year + 1) % 100:02d}"
    try:
        start = parse_period(year, "year").start.year
    except BadPeriod as exc:
        raise Http404(str(exc)) from exc
    periods = {
        "quarter": [f"{start} Q2", f"{start} Q3", f"{start} Q4", f"{start + 1} Q1"],
        "year": [year],
    }
    rows = kept_drawing(
        request,
        COMPLETENESS_PART,
        "dataset/_completeness_rows.html",
        lambda: {"rows": data_completeness(board, list(_indicators()), periods, today)},
        vary=[year],  # as asked for: it is the label its values are read by
    )
    years = [f"{y}-{(y + 1) % 100:02d}" for y in range(last_year + 1, last_year - 5, -1)]
    return render(
        request,
        "dataset/completeness.html",
        {"board": board, "rows": rows, "year": year, "years": years, "on_time_days": ON_TIME_DAYS},
    )
