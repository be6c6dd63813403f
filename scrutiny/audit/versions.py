"""How current a cached figure is: the newest audit log entry that could have changed it."""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString

from scrutiny.access.permissions import grants_key

from .models import AuditEntry

if TYPE_CHECKING:
    from scrutiny.tenancy.models import Board

T = TypeVar("T")


def region_data_version(region_id: int) -> tuple[int, str]:
    """The latest change that could alter a region's figures: the newest audit log entry for
    the region or for no region (the library, people). Every change to a record is in the
    audit log, bulk writes included, so while this stays the same the figures do too. One
    query that reads the log's newest entries only."""
    return regions_data_version([region_id])


def regions_data_version(region_ids: Iterable[int]) -> tuple[int, str]:
    """`region_data_version` for a page across regions (an agency lead's own work, on boards
    of more than one): the newest audit log entry for any of the regions or for no region.
    One query, as for one region.

    Every kept page asks this on every request, so it is written in SQL: the ORM spends
    about three times the query's own round trip building the same statement each time."""
    ids = sorted({int(region_id) for region_id in region_ids})
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection.vendor, len(ids)), ids)
        latest = cursor.fetchone()
    if latest is None:
        return (0, "")
    return (latest[0], _aware(latest[1]).isoformat())


@functools.cache
def _version_sql(vendor: str, regions: int) -> str:
    """The query `regions_data_version` makes for `regions` regions, written once for the
    database in use."""
    quote = connection.ops.quote_name
    table = quote(AuditEntry._meta.db_table)
    pk, stamp = (
        quote(AuditEntry._meta.pk.column),
        quote(AuditEntry._meta.get_field("timestamp").column),
    )
    region = quote(AuditEntry._meta.get_field("region").column)
    in_regions = f"{region} IN ({', '.join(['%s'] * regions)}) OR " if regions else ""
    # The names are the model's own and the region ids go as parameters.
    where = f"{in_regions}{region} IS NULL"
    return f"SELECT {pk}, {stamp} FROM {table} WHERE {where} ORDER BY 1 DESC LIMIT 1"  # noqa: S608


def _aware(stamp: datetime.datetime | str) -> datetime.datetime:
    """A timestamp as the ORM would give it: SQLite hands plain SQL its text, in UTC."""
    if isinstance(stamp, str):
        stamp = datetime.datetime.fromisoformat(stamp)
    return stamp if timezone.is_aware(stamp) else stamp.replace(tzinfo=datetime.UTC)


def hashed_vary(vary: Iterable[object]) -> str:
    """What a kept part varies with, hashed: a short key that holds nothing anyone typed."""
    return hashlib.sha256("\x1f".join(map(str, vary)).encode()).hexdigest()[:32]


def versioned_key(key: str, version: tuple[int, str]) -> str:
    """`key` at this data version: where `kept_until_change` keeps what it works out."""
    number, stamp = version
    return f"{key}:{number}@{stamp}"


def kept_until_change(key: str, version: tuple[int, str], work: Callable[[], T], seconds: int) -> T:
    """`work()`'s result, kept in the cache under `key` until the data changes (`version`,
    from `region_data_version`) or for `seconds` at most. The bound covers what a version
    cannot see: two writers whose audit entries commit out of the order of their numbers.
    `work()` must not return None."""
    versioned = versioned_key(key, version)
    found = cache.get(versioned)
    if found is None:
        found = work()
        cache.set(versioned, found, seconds)
    return found


def kept_in_regions(
    region_ids: Iterable[int],
    part: str,
    work: Callable[[], T],
    *,
    vary: Iterable[object] = (),
    version: tuple[int, str] | None = None,
    seconds: int | None = None,
) -> T:
    """What a page shows of some regions' data, worked out by `work()` and kept until
    anything in those regions changes (`regions_data_version`, one query, unless `version`
    is given), the day turns (overdue, due and age all move with it) or `seconds` pass
    (`SCRUTINY_KEPT_PAGE_SECONDS` unless given).

    `part` names the page's part, what it is of (a region, a board) and the format it is
    drawn in (change it when the drawing changes); `vary` is everything else it depends on:
    the person's grants (`access.permissions.grants_key`) where what they may see or open
    differs, the person where it is theirs, the filters and the page number. They are hashed
    into the key, so a key is short and holds nothing anyone typed. Keep plain values or
    drawn HTML, never a record, and no CSRF token: a form's token belongs to one session
    (`kept_drawing` puts a marker in its place)."""
    return kept_until_change(
        f"{part}:{timezone.localdate().isoformat()}:{hashed_vary(vary)}",
        version or regions_data_version(region_ids),
        work,
        seconds or settings.SCRUTINY_KEPT_PAGE_SECONDS,
    )


def kept_on_board(
    board: Board,
    part: str,
    work: Callable[[], T],
    *,
    vary: Iterable[object] = (),
    version: tuple[int, str] | None = None,
    seconds: int | None = None,
) -> T:
    """What a board page shows of `board`: `kept_in_regions` for the board's region, keyed
    on the board too."""
    return kept_in_regions(
        [board.region_id],
        f"{part}:{board.pk}",
        work,
        vary=vary,
        version=version,
        seconds=seconds,
    )


# What kept HTML holds where a form's CSRF token goes: a token belongs to one session, so each
# showing puts the person's own in its place (`with_csrf_token`). Drawn HTML escapes any quote
# typed into a record, so no text can take the form of the marked field.
KEPT_TOKEN_MARKER = "kept-page-token"
_MARKED_TOKEN_FIELD = f'name="csrfmiddlewaretoken" value="{KEPT_TOKEN_MARKER}"'


def with_csrf_token(request: HttpRequest, html: str) -> SafeString:
    """Kept `html` with the request's own CSRF token wherever a form's token field holds
    `KEPT_TOKEN_MARKER` (drawn by `{% csrf_token %}` with `csrf_token` set to the marker, or
    by hand in rows drawn in Python). HTML with no marked field is returned as it is, and
    asks for no token."""
    if _MARKED_TOKEN_FIELD not in html:
        return SafeString(html)
    token = f'name="csrfmiddlewaretoken" value="{escape(get_token(request))}"'
    return SafeString(html.replace(_MARKED_TOKEN_FIELD, token))


def kept_drawing(
    request: HttpRequest,
    part: str,
    template_name: str,
    context: Callable[[], dict[str, Any]],
    *,
    vary: Iterable[object] = (),
    version: tuple[int, str] | None = None,
) -> SafeString:
    """A board page's part: `template_name` drawn with `context()` (and the board, its words
    and the request, for tags such as `section_nav` that ask what the person may open) and
    kept for the request's board and the person's grants (`kept_on_board`).

    It is drawn without the request's context processors, so it must show nothing of the
    person that their grants and `vary` do not decide (their name, their own records):
    someone else with the same grants is shown the same drawing. It may hold POST forms:
    `{% csrf_token %}` is drawn as `KEPT_TOKEN_MARKER` and each showing puts the request's own
    token in its place (`with_csrf_token`), so no session's token is kept. `version`: the
    region's data version, if the page has already read it."""
    board = request.board  # type: ignore[attr-defined]

    def drawn() -> SafeString:
        return render_to_string(
            template_name,
            {
                "board": board,
                "words": board.words,
                "request": request,
                "csrf_token": KEPT_TOKEN_MARKER,
                **context(),
            },
        )

    kept = kept_on_board(
        board, part, drawn, vary=[grants_key(request.user), *vary], version=version
    )
    return with_csrf_token(request, kept)
