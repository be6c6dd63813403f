"""Lists that grow: one page at a time, with the filter in the address.

A list view filters from `request.GET` (so a filtered list can be bookmarked and shared),
then calls `paginate`; its template includes `govuk/pagination.html` with `page` and
`query` (the filter without the page number, for the page links and the export links). An
export of the list (`?format=csv` or `xlsx`, `export_format`) writes every row the filter
selects, not only the page shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, QuerySet, RowRange, Window
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

PAGE_SIZE = 25
EXPORT_FORMATS = ("csv", "xlsx")


def paginate(
    request: HttpRequest, items: Sequence[Any] | Any, per_page: int = PAGE_SIZE
) -> tuple[Page, str]:
    """The page asked for (the last one if past the end) and the filter without the page."""
    return _with_links(request, Paginator(items, per_page).get_page(request.GET.get("page")))


def paginate_counted(
    request: HttpRequest, items: QuerySet, per_page: int = PAGE_SIZE
) -> tuple[Page, str]:
    """`paginate`, reading the page and how many items there are in all in one query (a
    window count), for a list whose query reads every match whatever the page (a full-text
    search: a separate count would read them all again). Nothing on the page asked for
    (nothing found, or past the end): as `paginate`."""
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        number = 1
    if number < 1:  # Paginator.get_page shows the last page
        return paginate(request, items, per_page)
    start = (number - 1) * per_page
    rows = list(items.annotate(total_in_list=_count_all(items))[start : start + per_page])
    if not rows:
        return paginate(request, items, per_page)
    paginator = Paginator(items, per_page)
    paginator.count = rows[0].total_in_list  # no COUNT query
    try:
        number = paginator.validate_number(number)
    except InvalidPage:  # pragma: no cover - a page with rows is within the count
        return paginate(request, items, per_page)
    return _with_links(request, Page(rows, number, paginator))


def _count_all(items: QuerySet) -> Window:
    """How many rows in all, as a window. Ordered as the list is (over every row, so still the
    total): the database then sorts once, below the window, and works out the sort key (a
    search's rank) from the row as it reads it; an empty window sorted after it, and kept
    every row, whole, until then (a search's document vectors included)."""
    order: list[Any] = list(items.query.order_by)
    if not order and items.query.default_ordering:
        order = list(items.model._meta.ordering)
    if not order or "?" in order:
        return Window(Count("pk"))
    return Window(Count("pk"), order_by=order, frame=RowRange(start=None, end=None))


def _with_links(request: HttpRequest, page: Page) -> tuple[Page, str]:
    query = request.GET.copy()
    for key in ("page", "format"):
        query.pop(key, None)
    page.elided = list(page.paginator.get_elided_page_range(page.number, on_each_side=1))  # type: ignore[attr-defined]
    return page, query.urlencode()


def id_links(url_name: str, *args: object) -> Callable[[int], str]:
    """`reverse(url_name, args=[*args, pk])` for each row of a long list, reversing once (each
    reverse walks the URL patterns): the address is reversed with a marker for the last
    argument, an `<int:...>` id, which each row's id then takes the place of."""
    head, tail = _around(url_name, args, _MARKER_ID)
    return lambda pk: f"{head}{int(pk)}{tail}"


def slug_links(url_name: str, *args: object) -> Callable[[str], str]:
    """As `id_links`, for an address whose last argument is a `<slug:...>` (an indicator's
    code): a slug is put in the path as it is (letters, digits, hyphens and underscores need
    no quoting); anything else is refused, as `reverse` refuses it."""
    head, tail = _around(url_name, args, _MARKER_SLUG)

    def link(slug: str) -> str:
        if not _SLUG.fullmatch(slug):
            raise NoReverseMatch(f"{slug!r} is not a slug")
        return f"{head}{slug}{tail}"

    return link


def _around(url_name: str, args: tuple[object, ...], marker: object) -> tuple[str, str]:
    """The address `reverse` gives with `marker` as its last argument, before and after it."""
    text = str(marker)
    head, found, tail = reverse(url_name, args=[*args, marker]).partition(text)
    if not found or text in tail:  # pragma: no cover - the marker is one segment of the path
        raise ValueError(f"{url_name} takes no id or slug last")
    return head, tail


_MARKER_ID = 918273645546372819
_MARKER_SLUG = "slug-marker-918273645546372819"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def export_format(request: HttpRequest) -> str | None:
    """ "csv" or "xlsx" if the list is asked for as a file, else None."""
    value = request.GET.get("format", "")
    return value if value in EXPORT_FORMATS else None
