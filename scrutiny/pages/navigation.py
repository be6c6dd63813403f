"""The board navigation. Each module adds its entry here when it is built.

An entry shows only to people its page lets in (`access.views.may_open` asks the page's own
`board_view` permission), so the navigation never offers a page that would refuse them.
Modules with several pages list them as a section menu in `SECTION_NAVIGATION`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse

from scrutiny.access.permissions import grants_for, reachable_boards
from scrutiny.access.views import may_open
from scrutiny.tenancy.models import Board


@dataclass(frozen=True)
class NavItem:
    namespace: str  # pages under this URL namespace mark the entry as current
    label: str
    url_name: str


# The board navigation, grouped by the quality-assurance cycle: plan the work, gather the
# evidence, act on what it shows, govern, report. `BOARD_NAVIGATION` is every entry in order.
BOARD_NAVIGATION_GROUPS: list[tuple[str, list[NavItem]]] = [
    ("", [NavItem("core", "Home", "core:board_home")]),
    ("Plan", [NavItem("plan", "Plan", "plan:plan")]),
    (
        "Evidence",
        [
            NavItem("returns", "Returns", "returns:list"),
            NavItem("dataset", "Data", "dataset:data_set"),
            NavItem("audits", "Audits", "audits:programme"),
            NavItem("reviews", "Reviews", "reviews:register"),
            NavItem("incidents", "Incidents", "incidents:register"),
            NavItem("training", "Training", "training:home"),
            NavItem("voice", "Voice", "voice:register"),
            NavItem("inspections", "Inspections", "inspections:list"),
        ],
    ),
    (
        "Act",
        [
            NavItem("findings", "Findings", "findings:list"),
            NavItem("actions", "Actions", "actions:tracker"),
            NavItem("challenges", "Challenge", "challenges:list"),
        ],
    ),
    (
        "Govern",
        [
            NavItem("partnership", "Partners", "partnership:overview"),
            NavItem("governance", "Meetings", "governance:meetings"),
            NavItem("people", "People", "people:board_people"),
            NavItem("tenancy", "Agencies", "tenancy:board_agencies"),
            NavItem("audit", "Audit log", "audit:board_log"),
            NavItem("jobs", "Failed jobs", "jobs:failed"),
            NavItem("scrutineer", "Independent scrutiny", "scrutineer:plan_list"),
            # The independent scrutineer's own entry (it reaches no other board page).
            NavItem("scrutineer", "Your scrutiny", "scrutineer:my_plans"),
        ],
    ),
    (
        "Report",
        [
            NavItem("reports", "Reports", "reports:list"),
            NavItem("selfassessment", "Self-assessment", "selfassessment:list"),
            NavItem("regional", "Regional library", "regional:library"),
            NavItem("library", "Templates", "library:board_templates"),
        ],
    ),
]
BOARD_NAVIGATION: list[NavItem] = [item for _, items in BOARD_NAVIGATION_GROUPS for item in items]


@dataclass(frozen=True)
class SectionMenu:
    label: str  # names the menu for screen readers
    items: list[NavItem]  # `namespace` here is the key a page passes as current


# A module's own menu of its pages (`{% section_nav "reviews" "themes" %}` in a template).
SECTION_NAVIGATION: dict[str, SectionMenu] = {
    "reviews": SectionMenu(
        "Learning from reviews",
        [
            NavItem("register", "Register", "reviews:register"),
            NavItem("themes", "Themes", "reviews:themes"),
            NavItem("recurring", "Recurring recommendations", "reviews:recurring"),
            NavItem("monitoring", "Monitoring", "reviews:monitoring"),
            NavItem("archive", "Archive", "reviews:archive"),
            NavItem("child_deaths", "Child deaths", "reviews:child_deaths"),
        ],
    ),
    "partnership": SectionMenu(
        "Partnership pages",
        [
            NavItem("overview", "Overview", "partnership:overview"),
            NavItem("register", "Relevant agencies", "partnership:register"),
            NavItem("documents", "Documents", "partnership:documents"),
            NavItem("budget", "Budget", "partnership:budget"),
        ],
    ),
    "returns": SectionMenu(
        "Returns pages",
        [
            NavItem("list", "Returns and completeness", "returns:list"),
            NavItem("section_11", "Section 11 comparison", "returns:section_11"),
            NavItem("sessions", "Challenge sessions", "returns:sessions"),
        ],
    ),
}


def _entries(items: list[NavItem], user: Any, board: Board, current: str | None) -> list[dict]:
    return [
        {
            "label": item.label,
            "href": _board_page_url(item.url_name, board.slug, get_script_prefix()),
            "current": item.namespace == current,
        }
        for item in items
        if may_open(user, board, item.url_name)
    ]


@lru_cache(maxsize=16384)
def _board_page_url(url_name: str, board_slug: str, script_prefix: str) -> str:
    """A navigation entry's address, kept: the same for every request (`reverse` walks the
    URL patterns; the prefix is in the key because `reverse` reads it)."""
    return reverse(url_name, args=[board_slug])


def landing_url(user: object, board: Board) -> str:
    """Where a board's link takes this person: its home, or for a role with no board home
    (the independent scrutineer) the first page of the navigation it may open."""
    for item in BOARD_NAVIGATION:
        if may_open(user, board, item.url_name):
            return reverse(item.url_name, args=[board.slug])
    return board.get_absolute_url()


def board_navigation(user: Any, board: Board, current: str | None) -> list[dict]:
    """The groups of the board navigation, each with the entries the person may open (a
    group with none is left out)."""
    groups = []
    for label, items in BOARD_NAVIGATION_GROUPS:
        entries = _entries(items, user, board, current)
        if entries:
            groups.append({"label": label, "items": entries})
    return groups


# Rendered board bars, by everything they show (see `board_bar`). Emptied when full: a
# process serves a few hundred people on a few boards, so this rarely happens.
_BOARD_BARS: dict[tuple, str] = {}
_BOARD_BARS_MAX = 4096


def _switchable_boards(user: Any) -> tuple[tuple[str, str], ...]:
    """(slug, short name) of each board the person may switch to, by name: the boards their
    grants reach, read with them (`access.permissions.reachable_boards`)."""
    boards = sorted(reachable_boards(user).values(), key=lambda b: (b.name, b.pk))
    return tuple((b.slug, b.short_name) for b in boards)


def board_bar(user: Any, board: Board | None, current: str | None) -> str:
    """The bar under the header: the board's name, the navigation the person may open and the
    board switcher, as HTML ("" for someone who reaches no board).

    What it shows depends only on the person's grants, the board, the current section and the
    boards they may switch to (read here, one query), so it is rendered once for each such
    set and kept: a renamed board or a changed grant makes a new key, never a stale bar."""
    switchable = _switchable_boards(user)
    if not switchable:
        return ""
    shown = (board.pk, board.region_id, board.slug, board.short_name) if board else None
    key = (grants_for(user), shown, current, switchable, get_script_prefix())
    html = _BOARD_BARS.get(key)
    if html is None:
        context: dict[str, Any] = {"board": board, "switchable_boards": switchable}
        if board is not None:
            if may_open(user, board, "core:board_home"):
                context["board_home_url"] = _board_page_url(
                    "core:board_home", board.slug, get_script_prefix()
                )
            context["board_nav"] = board_navigation(user, board, current)
        html = render_to_string("core/_board_bar.html", context)
        if len(_BOARD_BARS) >= _BOARD_BARS_MAX:
            _BOARD_BARS.clear()
        _BOARD_BARS[key] = html
    return html


def section_navigation(
    request: HttpRequest, board: Board, section: str, current: str | None
) -> list[dict]:
    return _entries(SECTION_NAVIGATION[section].items, request.user, board, current)
