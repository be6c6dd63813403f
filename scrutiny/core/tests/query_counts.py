"""Shared by the per-app `test_query_counts.py` modules: fetch a page under a pinned query count.

Each pin is checked at two data sizes (SMALL and LARGE records of what the page lists): the same
number at both proves the page costs a constant number of queries, whatever the board holds. A
page that gains a query per row (an N+1) fails at LARGE.

When a page changes on purpose, re-pin it: run its test, read the queries pytest-django lists in
the failure (or set SCRUTINY_SHOW_QUERIES=1 to print a one-line summary of each), and update both
the number and the comment naming each query.
"""

from __future__ import annotations

import os
import re
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.test.utils import CaptureQueriesContext

SMALL, LARGE = 1, 4
SIZES = (SMALL, LARGE)

# What a board page costs a signed-in business manager before its own work: the session, the
# person, their verified OTP device and the person's role assignments with their boards (the
# board by slug comes from those). A regional admin pays one more: the region's boards, which
# give both the board by slug and the switcher (`access.permissions.reachable_boards`).
BOARD_PAGE = 4
# A region page for a regional admin: the session, the person, the device, the region by slug,
# the grants and the region's boards for the switcher.
REGION_PAGE = 6

_TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def summary(sql: str) -> str:
    """`SELECT people_user WHERE ...`: the verb, the tables and the start of the WHERE clause."""
    verb = sql.split(None, 1)[0].upper()
    tables = dict.fromkeys(_TABLE.findall(sql))
    where = sql.upper().find(" WHERE ")
    condition = sql[where + 7 : where + 90] if where >= 0 else ""
    return f"{verb} {', '.join(tables)} {'WHERE ' + condition if condition else ''}".strip()


def get_page(
    client: Client,
    url: str,
    expected: int,
    assert_num_queries: Any,
    *,
    status: int = 200,
    params: dict[str, Any] | None = None,
) -> Any:
    """GET `url` and assert its status and that it ran exactly `expected` queries.

    Content types are looked up first: Django caches them for the process, so whether a page
    pays for one would depend on which tests ran before it."""
    ContentType.objects.get_for_models(*apps.get_models())
    with assert_num_queries(expected) as captured:
        response = client.get(url, params or {})
        if os.environ.get("SCRUTINY_SHOW_QUERIES"):
            _show(url, captured)
    assert response.status_code == status, response.status_code
    return response


# A CSRF token as pages carry it (form fields, htmx's header): a masked token of 64 letters
# and digits. Each `get_token` call masks anew, so a page with forms drawn apart (kept HTML
# with its tokens put in at showing) holds more than one; all are the session's.
_CSRF_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]{64}"')


def same_but_csrf(kept: Any, afresh: Any) -> bool:
    """Whether a page shown from what was kept is the page drawn afresh: the same bytes but
    for the CSRF tokens, which each showing puts in anew (a token belongs to one session). A
    kept token marker left unswapped is not a token, so it makes the pages differ."""
    return _CSRF_TOKEN.sub(rb"\1TOKEN\"", kept.content) == _CSRF_TOKEN.sub(
        rb"\1TOKEN\"", afresh.content
    )


def _show(url: str, captured: CaptureQueriesContext) -> None:
    print(f"\n{url}: {len(captured.captured_queries)} queries")  # noqa: T201
    for number, query in enumerate(captured.captured_queries, 1):
        print(f"  {number:2}. {summary(query['sql'])}")  # noqa: T201


def get_page_afresh_and_kept(
    client: Client,
    url: str,
    afresh: int,
    kept: int,
    assert_num_queries: Any,
    *,
    params: dict[str, Any] | None = None,
) -> Any:
    """GET a kept page twice with nothing changed between: drawn afresh in `afresh` queries,
    then shown from what was kept in `kept`, the same page bar its CSRF tokens. Returns the
    page drawn afresh."""
    first = get_page(client, url, afresh, assert_num_queries, params=params)
    again = get_page(client, url, kept, assert_num_queries, params=params)
    assert same_but_csrf(again, first)
    return first
