"""Drawing a report's tables in Python: one call per table instead of template nodes per cell
(a yearly report has hundreds of cells, drawn on every showing of the draft)."""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _cell(value: Any) -> str:
    """`{{ value }}` in a template: localized, then escaped unless already safe HTML."""
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
