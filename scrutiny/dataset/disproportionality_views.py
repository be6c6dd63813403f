"""Pages of disproportionality: an indicator by group, and the population by group."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.core.exporters import csv_export, safe_filename, xlsx
from scrutiny.tenancy.models import Board

from .board_data import current_data_set
from .disproportionality import RATE_PER, breakdowns_for, periods_with_breakdowns, sheet
from .forms import PopulationChoiceForm, PopulationForm
from .models import Population
from .periods import BadPeriod, parse_period
from .statutory.characteristics import dimensions


def _may_enter_population(request: HttpRequest, board: Board) -> bool:
    """Who may run the statutory imports may enter the population they are measured by."""
    return has_permission(request.user, Permission.DATA_ENTER, board=board, agency=None)


@board_view(Permission.BOARD_VIEW)
def indicator_disproportionality(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator by ethnicity, sex, age band and disability for a period, small numbers
    suppressed; the same figures as CSV or XLSX."""
    board = current_board(request)
    data_set = current_data_set()
    if data_set is None:
        raise Http404("The data set is not loaded")
    indicator = get_object_or_404(data_set.indicators.all(), code=code)
    period = request.GET.get("period") or None
    result = breakdowns_for(board, indicator, period)
    if result is None and period is not None:
        raise Http404("No breakdowns for that period")
    export = request.GET.get("format")
    if result is not None and export in ("csv", "xlsx"):
        name = safe_filename(board.short_name, f"{indicator.code}-{result.period_label}-groups")
        table = sheet(result)
        made = (
            csv_export(f"{name}.csv", table) if export == "csv" else xlsx(f"{name}.xlsx", [table])
        )
        return made.as_response()
    return render(
        request,
        "dataset/disproportionality.html",
        {
            "board": board,
            "indicator": indicator,
            "result": result,
            "periods": result.periods if result else periods_with_breakdowns(board, indicator),
            "rate_per": RATE_PER,
            "can_enter_population": _may_enter_population(request, board),
        },
    )


@board_view(Permission.DATA_ENTER)
def population(request: HttpRequest) -> HttpResponse:
    """The 0-17 population by group entered for each year, and the choice of one to enter."""
    board = current_board(request)
    if not _may_enter_population(request, board):
        raise PermissionDenied
    form = PopulationChoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect(
            "dataset:population_edit",
            board.slug,
            form.cleaned_data["year"],
            form.cleaned_data["dimension"],
        )
    held = []
    known = dimensions()
    for p in Population.objects.filter(board=board):
        dimension = known[p.dimension]
        held.append(
            (
                p,
                dimension,
                [(g.label, p.children.get(g.code)) for g in dimension.population_groups],
            )
        )
    return render(
        request,
        "dataset/population.html",
        {"board": board, "form": form, "held": held},
    )


@board_view(Permission.DATA_ENTER)
def population_edit(request: HttpRequest, year: str, dimension: str) -> HttpResponse:
    board = current_board(request)
    if not _may_enter_population(request, board):
        raise PermissionDenied
    try:
        label = parse_period(year, "year").label
    except BadPeriod as exc:
        raise Http404(str(exc)) from exc
    known = dimensions()
    if dimension not in known or label != year:
        raise Http404("No such year or characteristic")
    record = Population.objects.filter(board=board, year_label=label, dimension=dimension).first()
    if record is None:
        record = Population(board=board, year_label=label, dimension=dimension)
    form = PopulationForm(request.POST or None, instance=record, dimension=known[dimension])
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.entered_by = request.user
        saved.save()
        messages.success(
            request,
            f"The population by {known[dimension].label.lower()} for {label} has been saved.",
        )
        return redirect("dataset:population", board.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "board": board,
            "form": form,
            "heading": f"Children aged 0 to 17 by {known[dimension].label.lower()}, {label}",
            "submit_label": "Save population",
            "cancel": reverse("dataset:population", args=[board.slug]),
        },
    )
