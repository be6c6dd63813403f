"""Table rows drawn in Python for long lists, where the template's cost is per cell.

A page whose table has many rows pays the template engine for every variable of every cell;
these build a row's markup in one pass instead (escaped as the template would), for a
template to write as `{{ rows }}`. See also `actions.services.StatusTag`.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from html import escape

from django.utils import timezone, translation
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString
from django.utils.translation import get_language


def short_date(value: datetime.date | datetime.datetime | None) -> str:
    """As the template filter `date:"j M Y"` shows it ("6 Dec 2026"; a moment in the local
    time zone; nothing for no date). Put together here rather than by `dateformat`, which
    costs a formatter per call on lists of hundreds of dates."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return f"{value.day} {_month_names(get_language())[value.month]} {value.year:04d}"


@functools.cache
def _month_names(language: str | None) -> dict[int, str]:
    """The months' short names in `language` ("Dec"), translated once, not on every date."""
    with translation.override(language):
        return {number: str(name).title() for number, name in MONTHS_3.items()}


_CELL = '<td class="govuk-table__cell">'
_NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric">'


def html(value: object) -> str:
    """`value` as the template writes it: its own markup if it has any, else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def table_row(*cells: object, numeric_from: int | None = None) -> SafeString:
    """A GOV.UK table row of cells (escaped unless safe), numeric from the `numeric_from`th on.
    Plain string joins, not `format_html` per cell: this is the hot path of a long table."""
    start = len(cells) if numeric_from is None else numeric_from
    return SafeString(
        '<tr class="govuk-table__row">'
        + "".join(
            f"{_NUMERIC if n >= start else _CELL}{html(cell)}</td>" for n, cell in enumerate(cells)
        )
        + "</tr>"
    )


def link(href: str, text: object, hidden: str = "") -> SafeString:
    """A link; `hidden` is said after the text to screen readers only."""
    extra = f'<span class="govuk-visually-hidden">{escape(hidden)}</span>' if hidden else ""
    return SafeString(f'<a class="govuk-link" href="{escape(href)}">{html(text)}{extra}</a>')


def table_rows(rows: Iterable[SafeString]) -> SafeString:
    return SafeString("".join(rows))


def options(choices: Iterable[tuple[object, object]], chosen: str) -> SafeString:
    """A select's options (value, text), escaped, the one whose value is `chosen` selected:
    one join for a filter of many choices, not a template loop and comparison per option."""
    return SafeString(
        "".join(
            f'<option value="{html(value)}"{" selected" if str(value) == chosen else ""}>'
            f"{html(text)}</option>"
            for value, text in choices
        )
    )
