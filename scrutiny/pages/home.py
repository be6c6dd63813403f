"""What a home page lists: a registry the apps above fill from their `AppConfig.ready()`.

`pages` sits below every source, so it cannot ask returns, challenges or actions what needs
doing. Each of them registers instead:

- `register_panel(BoardPanel(...))`: a panel of the board home for those who run the board
  (chair, business manager, regional admin: whoever holds `panel.permission`). Its
  `counts(board, today)` returns `HomeCount`s, each a number and the address of the list
  filtered to exactly those rows. It must run a fixed number of queries whatever the data
  (say which in its docstring): the board home's query count is pinned by a test.
- `register_agency_item(AgencyItem(...))`: a list on an agency lead's page across all their
  boards. Its `rows(leads, today)` gets `{board_id: {agency_id, ...}}` (the agencies the
  person leads on each board) and returns `AgencyRow`s for every board at once, again in a
  fixed number of queries.

The statutory clocks (helper "incidents") register the same way: in their app's
`AppConfig.ready()`, `register_panel(BoardPanel(key="clocks", title="Statutory clocks",
order=15, url_name="clocks:list", permission=..., counts=open_clock_counts))`, where
`open_clock_counts(board, today)` returns one `HomeCount` per state ("running", "due this
week", "missed") with links such as `?state=running` that the clocks list filters by.

What is new for a QA member, lay member or viewer is read from the audit log: an app names
the models worth announcing with `register_news(NewsItem(...))`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from scrutiny.access.permissions import (
    Permission,
    agency_ids_led_by_board,
    grants_key,
    has_permission,
    reachable_boards,
)
from scrutiny.access.views import may_open
from scrutiny.audit.models import AuditEntry
from scrutiny.audit.versions import kept_in_regions, kept_until_change
from scrutiny.core.rows import link, short_date
from scrutiny.tenancy.models import Board

from .models import BoardVisit


@dataclass(frozen=True)
class HomeCount:
    label: str  # "overdue", "due this month", or an agency's name
    count: int
    href: str  # the list, filtered to exactly these rows
    alert: bool = False  # drawn in red when above zero


@dataclass(frozen=True)
class BoardPanel:
    key: str
    title: str
    order: int
    url_name: str  # the list the counts link to (shown only to who may open it)
    permission: Permission  # who sees the panel on the board home
    counts: Callable[[Board, datetime.date], list[HomeCount]]
    empty: str = ""  # said when `counts` returns nothing
    lines: Callable[[Board, datetime.date], list[dict]] | None = None  # lines under counts


@dataclass(frozen=True)
class AgencyRow:
    """One thing an agency owes, on the agency lead's page. Rendered by `__html__` (a link,
    when it is due, whether it is overdue), so a long list pays for no template lookups or
    date filter per row."""

    board_id: int
    text: str
    href: str
    due: datetime.date | None = None
    overdue: bool = False

    def __str__(self) -> str:  # templates turn a value into a string first: already safe
        return self.__html__()

    def __html__(self) -> str:
        text = link(self.href, self.text)
        if self.due is None:
            return text
        due = f'{text} <span class="govuk-body-s">due {short_date(self.due)}</span>'
        if not self.overdue:
            return due
        return f'{due} <strong class="govuk-tag govuk-tag--red">Overdue</strong>'


@dataclass(frozen=True)
class AgencyItem:
    key: str
    title: str
    order: int
    rows: Callable[[dict[int, set[int]], datetime.date], list[AgencyRow]]
    # The board's list filtered to exactly these rows, as the agency lead sees it.
    list_url: Callable[[Board], str] | None = None


@dataclass(frozen=True)
class NewsItem:
    model: str  # "app_label.modelname", as the audit log names it
    label: str  # plural noun: "challenges raised"
    url_name: str
    query: str = ""
    # How many were added on the board since a moment, in one query. Without it the audit
    # log's creation entries scoped to the board are counted (all such items in one query);
    # a record whose board is set after it is created (an action's boards) needs its own.
    count: Callable[[Board, datetime.datetime], int] | None = None


_PANELS: dict[str, BoardPanel] = {}
_AGENCY_ITEMS: dict[str, AgencyItem] = {}
_NEWS: dict[str, NewsItem] = {}


def register_panel(panel: BoardPanel) -> None:
    _PANELS[panel.key] = panel


def register_agency_item(item: AgencyItem) -> None:
    _AGENCY_ITEMS[item.key] = item


def register_news(item: NewsItem) -> None:
    _NEWS[item.model] = item


def panels() -> list[BoardPanel]:
    return sorted(_PANELS.values(), key=lambda p: p.order)


def agency_items() -> list[AgencyItem]:
    return sorted(_AGENCY_ITEMS.values(), key=lambda i: i.order)


def news_items() -> list[NewsItem]:
    return list(_NEWS.values())


def end_of_month(today: datetime.date) -> datetime.date:
    following = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


# What the home pages show. Each function's docstring counts its queries; the pages' query
# counts are pinned by tests (scrutiny/pages/tests/test_home.py).

RUNS_THE_BOARD = Permission.PLAN_MANAGE  # chair, business manager, regional admin


def board_figures(board: Board) -> dict[str, int]:
    """The board's partner agencies (`total`, and `statutory` partners among them) and the
    people with a role on it (`people`), in one query."""

    def counted(rows, count: Count) -> Coalesce:
        per_board = rows.filter(board=OuterRef("pk")).order_by().values("board")
        return Coalesce(
            Subquery(per_board.annotate(n=count).values("n")), 0, output_field=IntegerField()
        )

    memberships = board.memberships.model.objects.all()
    assignments = board.role_assignments.model.objects.all()
    figures = (
        Board.objects.filter(pk=board.pk)
        .values(
            total=counted(memberships, Count("pk")),
            statutory=counted(memberships.filter(statutory_partner=True), Count("pk")),
            people=counted(assignments, Count("user", distinct=True)),
        )
        .get()
    )
    return cast(dict[str, int], figures)  # three counts, named as above


# Part of the home's cache keys: change it when what a kept part holds changes.
PANEL_CACHE_FORMAT = "1"
T = TypeVar("T")


def _kept(what: str, board: Board, version: tuple[int, str], work: Callable[[], T]) -> T:
    """What the board home shows of `board` (`what`: its part, and the day where it counts),
    kept in the cache until anything in the region changes (`version`), at most
    `SCRUTINY_HOME_COUNTS_CACHE_SECONDS`."""
    return kept_until_change(
        f"home:{what}:{PANEL_CACHE_FORMAT}:{board.pk}",
        version,
        work,
        settings.SCRUTINY_HOME_COUNTS_CACHE_SECONDS,
    )


def kept_board_figures(board: Board, version: tuple[int, str]) -> dict[str, int]:
    """`board_figures`, kept in the cache like the panels' counts (see `board_panels`)."""
    return _kept("figures", board, version, lambda: board_figures(board))


def recent_changes(board: Board, version: tuple[int, str]) -> list[dict]:
    """The board's five newest audit log entries: when, who, what they did, to what kind of
    record and its name. Kept in the cache like the panels' counts (a new entry is a new
    version); as plain text, so no person's record is copied into the cache."""

    def newest() -> list[dict]:
        entries = (
            AuditEntry.objects.filter(boards=board)
            .select_related("actor", "content_type")
            .order_by("-timestamp")[:5]
        )
        return [
            {
                "when": entry.timestamp,
                "who": entry.actor_label,
                "did": entry.get_action_display(),
                "kind": entry.content_type.name,
                "name": entry.object_repr,
            }
            for entry in entries
        ]

    return _kept("changes", board, version, newest)


def board_panels(user, board: Board, today: datetime.date, version: tuple[int, str]) -> list[dict]:
    """The board home's panels for someone who runs the board: each panel whose list the
    person may open, with its counts. The counts are the same for everyone who sees the
    panel, so they are kept in the cache until anything in the region changes (the audit
    log's newest entry: `version`, from `region_data_version`) or the day turns. Queries:
    none when the cache holds the counts, else each shown panel's own (a fixed number).
    `may_open` and `has_permission` read the grants cached for the request."""
    if not has_permission(user, RUNS_THE_BOARD, board=board):
        return []
    shown = [
        panel
        for panel in panels()
        if has_permission(user, panel.permission, board=board)
        and may_open(user, board, panel.url_name)
    ]
    if not shown:
        return []

    def panel_content(panel: BoardPanel) -> dict:
        return _kept(
            f"panel:{panel.key}:{today.isoformat()}",
            board,
            version,
            lambda: {
                "counts": panel.counts(board, today),
                "lines": panel.lines(board, today) if panel.lines else [],
            },
        )

    return [{"panel": panel, **panel_content(panel)} for panel in shown]


def agency_work(
    leads: dict[int, set[int]], boards: list[Board], today: datetime.date
) -> list[dict]:
    """An agency lead's work on every board they lead an agency on (`leads`: the agencies by
    board id; `boards`: those boards), grouped by board. Queries: each registered item's
    own, once for all boards together."""
    by_board: dict[int, list[dict]] = {board_id: [] for board_id in leads}
    boards_by_id = {b.pk: b for b in boards}
    for item in agency_items():
        rows = item.rows(leads, today)
        for board_id in leads:
            by_board[board_id].append(
                {
                    "item": item,
                    "rows": [r for r in rows if r.board_id == board_id],
                    "href": item.list_url(boards_by_id[board_id]) if item.list_url else "",
                }
            )
    return [
        {"board": b, "items": by_board[b.pk]}
        for b in sorted(boards, key=lambda b: b.name)
        if b.pk in leads
    ]


# Part of the agency lead's page's cache key: change it when how the page is drawn changes.
AGENCY_WORK_FORMAT = "my-work:1"


def kept_agency_work(user, today: datetime.date) -> SafeString | None:
    """An agency lead's work on every board they lead an agency on (`agency_work`), drawn,
    kept until anything changes in those boards' regions or the day turns (overdue moves);
    None for someone who leads no agency. Not a board's page, so kept with
    `kept_in_regions` rather than `kept_on_board`: against the newest change in any of the
    boards' regions (`regions_data_version`, one query), for this person alone (their own
    page; their grants too, so a new or lost lead shows at once). The boards come with
    the grants. Queries when kept: 1."""
    leads = agency_ids_led_by_board(user)
    if not leads:
        return None
    boards = [b for b in reachable_boards(user).values() if b.pk in leads]

    def drawn() -> SafeString:
        groups = agency_work(leads, boards, today)
        return render_to_string("core/_my_work_groups.html", {"groups": groups})

    return kept_in_regions(
        {b.region_id for b in boards},
        AGENCY_WORK_FORMAT,
        drawn,
        vary=(user.pk, grants_key(user), today),
    )


def news_since_last_visit(
    user, board: Board, now: datetime.datetime, version: tuple[int, str]
) -> dict:
    """What was added on the board since the person last opened its home, by kind, from the
    audit log; then records this visit. Queries: 1 read the last visit, 1 count the audit
    log's new records by model, 1 for each news item that counts its own, 1 save this visit
    (an update; the first time an insert and its audit entry). Nothing is counted when the
    region's newest change (`version`, from `region_data_version`) is older than the visit:
    every addition is in the audit log, so nothing can have been added since."""
    visit = BoardVisit.objects.filter(user=user, board=board).first()
    since = visit.seen_at if visit else None
    _, newest = version
    lines = []
    if since is not None and newest and datetime.datetime.fromisoformat(newest) > since:
        items = {item.model: item for item in news_items() if may_open(user, board, item.url_name)}
        from_log = [model.split(".") for model, item in items.items() if item.count is None]
        found: dict[str, int] = {}
        if from_log:
            counts = (
                AuditEntry.objects.filter(
                    boards=board,
                    action=AuditEntry.Action.CREATE,
                    timestamp__gt=since,
                    content_type__app_label__in=[a for a, _ in from_log],
                    content_type__model__in=[m for _, m in from_log],
                )
                .values("content_type__app_label", "content_type__model")
                .annotate(n=Count("object_pk", distinct=True))
            )
            found = {
                f"{c['content_type__app_label']}.{c['content_type__model']}": c["n"] for c in counts
            }
        for model, item in items.items():
            n = item.count(board, since) if item.count else found.get(model, 0)
            if n:
                href = reverse(item.url_name, args=[board.slug]) + item.query
                lines.append(HomeCount(item.label, n, href))
    if visit is None:
        BoardVisit.objects.create(user=user, board=board, seen_at=now)
    else:
        BoardVisit.objects.filter(pk=visit.pk).update(seen_at=now)
    return {"since": since, "lines": lines}
