"""The board navigation. Each module adds its entry here when it is built.

An entry shows only to people holding its permission on the current board, so the
navigation never offers a page that would refuse them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.tenancy.models import Board


@dataclass(frozen=True)
class NavItem:
    namespace: str  # pages under this URL namespace mark the entry as current
    label: str
    url_name: str
    permission: Permission


BOARD_NAVIGATION: list[NavItem] = [
    NavItem("core", "Home", "core:board_home", Permission.BOARD_VIEW),
    NavItem("plan", "Plan", "plan:plan", Permission.BOARD_VIEW),
    NavItem("dataset", "Data", "dataset:data_set", Permission.BOARD_VIEW),
    NavItem("returns", "Returns", "returns:list", Permission.BOARD_VIEW),
    NavItem("audits", "Audits", "audits:programme", Permission.BOARD_VIEW),
    NavItem("reviews", "Reviews", "reviews:register", Permission.BOARD_VIEW),
    NavItem("actions", "Actions", "actions:tracker", Permission.ACTIONS_VIEW),
    NavItem("training", "Training", "training:home", Permission.BOARD_VIEW),
    NavItem("voice", "Voice", "voice:register", Permission.BOARD_VIEW),
    NavItem("challenges", "Challenge", "challenges:list", Permission.BOARD_VIEW),
    NavItem("governance", "Meetings", "governance:meetings", Permission.BOARD_VIEW),
    NavItem("reports", "Reports", "reports:list", Permission.BOARD_VIEW),
    NavItem(
        "selfassessment", "Self-assessment", "selfassessment:list", Permission.SELF_ASSESSMENT_VIEW
    ),
    NavItem("regional", "Regional library", "regional:library", Permission.BOARD_VIEW),
    NavItem("tenancy", "Agencies", "tenancy:board_agencies", Permission.AGENCIES_VIEW),
    NavItem("people", "People", "people:board_people", Permission.PEOPLE_VIEW),
    NavItem("library", "Templates", "library:board_templates", Permission.BOARD_VIEW),
    NavItem("audit", "Audit log", "audit:board_log", Permission.AUDIT_LOG_VIEW),
]


def board_navigation(request: HttpRequest, board: Board, current: str | None) -> list[dict]:
    return [
        {
            "label": item.label,
            "href": reverse(item.url_name, args=[board.slug]),
            "current": item.namespace == current,
        }
        for item in BOARD_NAVIGATION
        if has_permission(request.user, item.permission, board=board)
    ]
