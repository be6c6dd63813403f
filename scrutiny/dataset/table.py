"""The data-set table's rows (the data set page and a priority's scorecard) and the indicator
page's tables, drawn in Python.

Each row has nine cells and three of them showed a value through an include: with the current
data set's indicators the template's per-cell work was most of the page's time. A `TableRow`
renders itself (`{{ row }}`), as the action tracker's `StatusTag` does, with the markup the
template had. The indicator page's tables by period, by year and across the region (a row
for each of tens of periods or boards) get their cells as shown, plain strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from scrutiny.core.lists import slug_links
from scrutiny.core.rows import html
from scrutiny.library.models import IndicatorDefinition
from scrutiny.tenancy.models import Board

from .board_data import IndicatorRow
from .models import LocalAuthority

# An authority, the period of its latest value and the value (`partnership.latest_by_area`).
AreaFigure = tuple[LocalAuthority, str, Decimal | None]


def shown_value(value: Decimal | None, indicator: IndicatorDefinition) -> str:
    """A value as the data set shows it: a percentage and a rate to one decimal place (a
    percentage with its sign), a count whole; "–" when there is none."""
    if value is None:
        return "–"
    if indicator.unit == "percent":
        return f"{floatformat(value, 1)}%"
    if indicator.unit == "rate_per_10000":
        return str(floatformat(value, 1))
    return str(floatformat(value, "0"))


def since_baseline(change: Decimal | None) -> str:
    """The change since the first value as a whole percent (rounded as `widthratio` rounds)."""
    if change is None:
        return "–"
    return f"{round(float(change) * 100)}%"


_ROW = (
    '  <tr class="govuk-table__row">\n'
    '    <td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a>'
    '<span class="govuk-body-s govuk-!-display-block">{}</span></td>\n'
    '    <td class="govuk-table__cell">{}</td>\n'
    '    <td class="govuk-table__cell govuk-table__cell--numeric">{}{}</td>\n'
    '    <td class="govuk-table__cell govuk-table__cell--numeric">{}</td>\n'
    '    <td class="govuk-table__cell govuk-table__cell--numeric">{}</td>\n'
    '    <td class="govuk-table__cell govuk-table__cell--numeric">{}</td>\n'
    '    <td class="govuk-table__cell">{}</td>\n'
    '    <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--{}">{}</strong></td>\n'
    '    <td class="govuk-table__cell">{}</td>\n'
    "  </tr>\n"
)


@dataclass(frozen=True)
class TableRow:
    """One indicator's row of the data-set table, rendered by `__html__`."""

    row: IndicatorRow
    href: str
    areas: Sequence[AreaFigure] = ()

    @property
    def indicator(self) -> IndicatorDefinition:
        return self.row.indicator

    def __str__(self) -> str:  # templates turn a value into a string first: already safe
        return self.__html__()

    def __html__(self) -> SafeString:
        # Escaped as `format_html` escapes (`core.rows.html`), put together with plain string
        # formatting: this is the data set page's hot path (a row per indicator).
        r, indicator = self.row, self.row.indicator
        areas = ""
        if self.areas:
            areas = '<span class="govuk-body-s govuk-!-display-block">partnership, pooled</span>'
            areas += "".join(
                '<span class="govuk-body-s govuk-!-display-block area-figure">'
                f"{html(a.name)}: {html(shown_value(v, indicator))} ({html(label)})</span>"
                for a, label, v in self.areas
            )
        words = r.variance_words
        variance = (
            f'<span aria-hidden="true">{html(words.shown)}</span>'
            f'<span class="govuk-visually-hidden">{html(words.spoken)}</span>'
            if words
            else "–"
        )
        trend = (
            f'<span aria-hidden="true">{html(r.trend.arrow)}</span> {html(r.trend.words)}'
            if r.trend
            else "–"
        )
        return SafeString(
            _ROW.format(
                html(self.href),
                html(indicator.name),
                html(indicator.get_polarity_display()),
                html(r.latest_label or "–"),
                html(shown_value(r.latest, indicator)),
                areas,
                html(shown_value(r.target, indicator)),
                variance,
                html(since_baseline(r.change)),
                trend,
                html(r.rag.colour),
                html(r.rag.word),
                html(r.benchmark.rank_words if r.benchmark else "–"),
            )
        )


def table_rows(
    board: Board,
    rows: Sequence[IndicatorRow],
    areas: dict[int, list[AreaFigure]] | None = None,
) -> list[TableRow]:
    """The table's rows for `rows`, each with its indicator page's address and, on a board of
    several local authorities, each authority's latest figure (`latest_by_area`). No queries."""
    areas = areas or {}
    page = slug_links("dataset:indicator", board.slug)
    return [TableRow(r, page(r.indicator.code), areas.get(r.indicator.pk, ())) for r in rows]


def history_rows(row: IndicatorRow, targets: dict[str, Decimal]) -> list[tuple[str, str, str]]:
    """The indicator page's table by period: each period's label, value and target (the
    board's for that period, `targets` by label) as shown. No queries."""
    indicator = row.indicator
    return [
        (label, shown_value(value, indicator), shown_value(targets.get(label), indicator))
        for label, value in row.history
    ]


def year_rows(row: IndicatorRow) -> list[tuple[str, str, str]]:
    """The indicator page's table by financial year: each year's label, computed total as
    shown and how it was worked out (capitalised)."""
    return [
        (y.label, shown_value(y.value, row.indicator), capfirst(y.worked_out)) for y in row.years
    ]
