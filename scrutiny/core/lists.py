"""Lists that grow: one page at a time, with the filter in the address.

A list view filters from `request.GET` (so a filtered list can be bookmarked and shared),
then calls `paginate`; its template includes `govuk/pagination.html` with `page` and
`query` (the filter without the page number, for the page links and the export links). An
export of the list (`?format=csv` or `xlsx`, `export_format`) writes every row the filter
selects, not only the page shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25
EXPORT_FORMATS = ("csv", "xlsx")


def paginate(
    request: HttpRequest, items: Sequence[Any] | Any, per_page: int = PAGE_SIZE
) -> tuple[Page, str]:
    """The page asked for (the last one if past the end) and the filter without the page."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    for key in ("page", "format"):
        query.pop(key, None)
    page.elided = list(page.paginator.get_elided_page_range(page.number, on_each_side=1))  # type: ignore[attr-defined]
    return page, query.urlencode()


def export_format(request: HttpRequest) -> str | None:
    """ "csv" or "xlsx" if the list is asked for as a file, else None."""
    value = request.GET.get("format", "")
    return value if value in EXPORT_FORMATS else None
