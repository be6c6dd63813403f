"""Drawing a report's tables in Python: one call per table instead of template nodes per cell
(a yearly report has hundreds of cells, drawn on every showing of the draft)."""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_HEADER = '<th scope="col" class="govuk-table__header">{}</th>'


def _cell(value: Any) -> str:
    """`{{ value }}` in a template: localized, then escaped unless already safe HTML.
    Text and whole numbers (most cells) are written straight away: `localize` leaves text as it
    is and writes a whole number as its digits unless thousands are grouped, and it costs
    three format look-ups per number, on hundreds of cells."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    shown = localize(value)
    if hasattr(shown, "__html__"):
        return shown.__html__()
    return html.escape(str(shown))  # the same escaping as django.utils.html.escape


@register.simple_tag
def table_rows(table: dict[str, Any]) -> SafeString:
    """The rows of a gathered table (`rows`, `header`, `empty`), each cell shown as `{{ cell }}`
    would show it; one row saying `empty` (else "None.") across the table when it has none."""
    rows = table.get("rows") or []
    if not rows:
        return format_html(
            '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{}">{}</td></tr>',
            len(table.get("header") or []),
            table.get("empty") or "None.",
        )
    body = "".join(
        '<tr class="govuk-table__row">'
        + "".join(f'<td class="govuk-table__cell">{_cell(c)}</td>' for c in row)
        + "</tr>"
        for row in rows
    )
    return mark_safe(body)  # noqa: S308 - every cell escaped by _cell


@register.simple_tag
def section_body(s: Any, chart_address: str = "") -> SafeString:
    """A section of the report as `reports/sections/_generic.html` shows it (its text, notes,
    key figures, charts and tables), drawn here in one call: the draft shows a dozen sections
    on every showing. `s` is a SectionView; `chart_address` the page's address of the charts
    (each chart's picture is then linked), else each chart is carried as data (files)."""
    data = s.data
    parts: list[str] = []
    if s.narrative:
        parts.append(
            '<div class="scrutiny-narrative govuk-body">'
            + linebreaks_filter(s.narrative, autoescape=True)
            + "</div>\n"
        )
    elif s.narrative_only:
        parts.append(
            '<p class="govuk-body govuk-hint">No text has been written for this section yet.</p>\n'
        )
    parts.extend(f'<p class="govuk-body">{_cell(note)}</p>' for note in data.get("notes") or [])
    summary = data.get("summary")
    if summary:
        parts.append('\n<dl class="govuk-summary-list key-figures">\n  ')
        parts.extend(
            '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">'
            f'{_cell(label)}</dt><dd class="govuk-summary-list__value">{_cell(value)}</dd></div>'
            for label, value in summary
        )
        parts.append("\n</dl>\n")
    for chart in s.charts:
        src = f"{_cell(chart_address)}{_cell(chart.digest)}.png" if chart_address else chart.uri
        parts.append(
            f'<figure class="scrutiny-figure"><img src="{src}" alt="{_cell(chart.alt)}"'
            ' style="max-width: 100%;"></figure>'
        )
    for table in data.get("tables") or []:
        header = table.get("header") or []
        wide = " scrutiny-wide-table" if len(header) > 6 else ""
        parts.append(
            f'\n<table class="govuk-table{wide}">\n'
            '  <caption class="govuk-table__caption govuk-table__caption--s">'
            f"{_cell(table.get('caption', ''))}</caption>\n"
            '  <thead class="govuk-table__head"><tr class="govuk-table__row">'
            + "".join(_HEADER.format(_cell(h)) for h in header)
            + "</tr></thead>\n"
            f'  <tbody class="govuk-table__body">{table_rows(table)}</tbody>\n</table>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped by _cell
