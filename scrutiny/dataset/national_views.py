"""Pages for published national figures (a region's load) and a board's statistical neighbours."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from scrutiny.access.permissions import Permission
from scrutiny.access.views import board_view, current_board, region_view
from scrutiny.core.uploads import UploadRejected, read_limited
from scrutiny.library.models import IndicatorDefinition

from .board_data import current_data_set
from .models import ENGLAND_CODE, NationalFigure
from .national import (
    LA_CODE,
    load_national_figures,
    parse_dfe_csv,
    parse_neighbour_codes,
    set_neighbours,
)
from .national_forms import NationalFiguresForm, NeighboursForm


def _indicators():
    data_set = current_data_set()
    return data_set.indicators.all() if data_set else IndicatorDefinition.objects.none()


def _load(request: HttpRequest, region, form: NationalFiguresForm, keep_codes=None) -> list[str]:
    """Read, check and load the posted file; the problems, or none when it was loaded."""
    data = form.cleaned_data
    upload = data["file"]
    try:
        raw = read_limited(upload, settings.SCRUTINY_MAX_IMPORT_MB)
    except UploadRejected as exc:
        return [str(exc)]
    # Parsed and checked before any transaction is opened.
    parsed = parse_dfe_csv(upload.name, raw, data["value_column"].strip())
    if parsed.problems:
        return [str(p) for p in parsed.problems]
    if keep_codes is not None:
        parsed.figures = [f for f in parsed.figures if f.area_code in keep_codes]
        if not parsed.figures:
            return [f"{upload.name}: no row for England, the board's council or its neighbours"]
    added, changed = load_national_figures(
        region,
        data["indicator"],
        parsed,
        source_file=upload.name,
        value_column=data["value_column"].strip(),
        user=request.user,  # type: ignore[arg-type]
    )
    messages.success(
        request,
        f"{data['indicator'].name}: {len(parsed.figures)} figures read from {upload.name} "
        f"({added} new, {changed} changed"
        + (f", {parsed.skipped} rows at other levels left out" if parsed.skipped else "")
        + ").",
    )
    return []


def _loaded(region):
    """What the region holds: one line per indicator and year."""
    return (
        NationalFigure.objects.filter(region=region)
        .values("indicator__name", "period_label", "source_file")
        .annotate(areas=Count("pk"), loaded_at=Max("loaded_at"))
        .order_by("indicator__name", "-period_label")
    )


def _problem_title(done: str, problems: list[str]) -> str:
    return f"Nothing was {done}: {len(problems)} problem" + ("s" if len(problems) != 1 else "")


@region_view(Permission.REGION_MANAGE)
def region_national_figures(request: HttpRequest) -> HttpResponse:
    """A regional admin loads England's and every council's published figures."""
    region = request.region  # type: ignore[attr-defined]
    form = NationalFiguresForm(
        request.POST or None, request.FILES or None, indicators=_indicators()
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        problems = _load(request, region, form)
        if not problems:
            return redirect("dataset:region_national_figures", region.slug)
    return render(
        request,
        "dataset/national_figures.html",
        {
            "region": region,
            "form": form,
            "problems": problems,
            "problem_title": _problem_title("loaded", problems),
            "loaded": _loaded(region),
        },
    )


@board_view(Permission.PLAN_MANAGE)
def neighbours(request: HttpRequest) -> HttpResponse:
    """The board's council code and statistical neighbours, and figures for them."""
    board = current_board(request)
    codes_now = list(board.neighbours.values_list("la_code", flat=True))
    form = NeighboursForm(
        request.POST if request.POST.get("form") == "neighbours" else None,
        initial={"la_code": board.la_code, "codes": "\n".join(codes_now)},
    )
    figures_form = NationalFiguresForm(
        request.POST if request.POST.get("form") == "figures" else None,
        request.FILES or None,
        indicators=_indicators(),
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_bound and form.is_valid():
        la_code = form.cleaned_data["la_code"].strip().upper()
        codes, problems = parse_neighbour_codes(form.cleaned_data["codes"])
        if la_code and not LA_CODE.match(la_code):
            problems.append(f"The council's code “{la_code}” is not a code such as E08000025")
        if not problems:
            if la_code != board.la_code:
                board.la_code = la_code
                board.save(update_fields=["la_code"])
            set_neighbours(board, codes, request.user)  # type: ignore[arg-type]
            messages.success(request, f"{len(codes)} statistical neighbours saved.")
            return redirect("dataset:neighbours", board.slug)
    if request.method == "POST" and figures_form.is_bound and figures_form.is_valid():
        # A board loads only what it compares with: England, its council and its neighbours.
        keep = {ENGLAND_CODE, *codes_now} | ({board.la_code} if board.la_code else set())
        problems = _load(request, board.region, figures_form, keep_codes=keep)
        if not problems:
            return redirect("dataset:neighbours", board.slug)
    return render(
        request,
        "dataset/neighbours.html",
        {
            "board": board,
            "form": form,
            "figures_form": figures_form,
            "problems": problems,
            "problem_title": _problem_title("saved", problems),
            "neighbours": codes_now,
            "loaded": _loaded(board.region),
        },
    )
