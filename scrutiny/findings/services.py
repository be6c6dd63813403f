"""The one way any source records a finding, finds its findings, and raises an action from one;
and the board's theme list (seeded from the library, edited by the board)."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from scrutiny.actions.models import Action, ActionSource
from scrutiny.actions.services import raise_action
from scrutiny.tenancy.models import Agency, Board

from .models import Finding, FindingKind, Theme

if TYPE_CHECKING:
    from scrutiny.people.models import User
    from scrutiny.plan.models import Objective

THEMES_FILE = Path(__file__).resolve().parent.parent / "library" / "lists" / "themes.yaml"


@cache
def library_themes() -> tuple[tuple[str, str], ...]:
    """The library's theme list: (code, name) pairs in order."""
    data = yaml.safe_load(THEMES_FILE.read_text(encoding="utf-8")) or {}
    return tuple((str(t["code"]), str(t["name"])) for t in data.get("themes", []))


def library_theme_labels() -> dict[str, str]:
    """Theme names by code, for records kept above any one board (the regional library)."""
    return dict(library_themes())


def seed_themes(board: Board) -> None:
    """Give a board the library's themes it does not have yet (matched by code)."""
    Theme.objects.bulk_create(
        [
            Theme(board=board, code=code, name=name, order=order)
            for order, (code, name) in enumerate(library_themes(), start=1)
        ],
        ignore_conflicts=True,
    )


class ThemeTaken(ValueError):
    """Another theme on the board already has that name."""


def _name_taken(board: Board, name: str, exclude: Theme | None = None) -> bool:
    others = board.themes.filter(name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


@transaction.atomic
def add_theme(board: Board, name: str) -> Theme:
    name = name.strip()
    if _name_taken(board, name):
        raise ThemeTaken(f"There is already a theme called {name}")
    base = slugify(name)[:34] or "theme"
    code, n = base, 1
    while board.themes.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    last = board.themes.aggregate(m=Max("order"))["m"] or 0
    return Theme.objects.create(board=board, code=code, name=name, order=last + 1)


def save_theme(form: forms.ModelForm) -> Theme:
    """Rename or retire a theme from its edit form (guarded against a newer save). The code
    stays, so what refers to it still finds it; a retired theme is no longer offered but keeps
    whatever is tagged with it."""
    theme = form.instance
    if _name_taken(theme.board, theme.name, exclude=theme):
        raise ThemeTaken(f"There is already a theme called {theme.name}")
    return form.save()


# --- Findings ---------------------------------------------------------------------------


def record_finding(
    *,
    board: Board,
    source: models.Model,
    kind: str,
    text: str,
    theme: Theme | None = None,
    recorded_by: User | None = None,
    heading: str = "",
    found_on: datetime.date | None = None,
) -> Finding:
    """The one way any source records what it taught the board (audit-logged).

    `heading` is the source's own heading, where it has one (a peer review's); `found_on`
    when the source found it (default today), which the thematic view counts by."""
    if kind not in FindingKind.values:
        raise ValueError(f"Unknown kind of finding: {kind}")
    if theme is not None and theme.board_id != board.pk:
        raise ValueError("The theme belongs to another board")
    return Finding.objects.create(
        board=board,
        kind=kind,
        text=text,
        theme=theme,
        heading=heading,
        found_on=found_on or timezone.localdate(),
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        recorded_by=recorded_by,
    )


def findings_for(source: models.Model) -> QuerySet[Finding]:
    """The findings one source record produced (for the source's own page)."""
    return Finding.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    ).select_related("theme", "board", "recorded_by")


# The tracker's source for actions raised from findings, by the finding source's model label.
ACTION_SOURCES = {
    "audits.audit": ActionSource.AUDIT,
    "peerreview.peerreview": ActionSource.PEER_REVIEW,
    "reviews.recommendation": ActionSource.REVIEW,
    "reviews.review": ActionSource.REVIEW,
    "returns.agencyreturn": ActionSource.AGENCY_RETURN,
    "returns.returnchallenge": ActionSource.CHALLENGE,
    "returns.inspection": ActionSource.AGENCY_RETURN,
    "challenges.challenge": ActionSource.CHALLENGE,
    "training.course": ActionSource.TRAINING,
}


def source_objective(source: models.Model | None) -> Objective | None:
    """The plan objective a source serves, where it names one: its own `objective`, else the
    first objective (by due date) of the priority it is linked to."""
    if source is None:
        return None
    objective = getattr(source, "objective", None)
    if objective is not None:
        return objective
    priority = getattr(source, "priority", None)
    if priority is not None:
        return priority.objectives.order_by("due_date", "pk").first()
    return None


def raise_action_from_finding(
    finding: Finding,
    *,
    title: str,
    owner: User | None,
    agency: Agency | None,
    due_date: datetime.date,
    objective: Objective | None = None,
    created_by: User | None,
    key: str = "action",
    boards: list[Board] | None = None,
    description: str = "",
    sign_off_required: bool = False,
) -> Action:
    """Raise (or bring up to date) the action a finding calls for, through the one tracker.

    The action's source is the finding, so its page links back; it serves `objective`, or
    the objective the finding's source serves, so it shows on that priority's golden thread.
    """
    source = finding.source
    label = f"{finding.source_type.app_label}.{finding.source_type.model}"
    if objective is None:
        objective = source_objective(source)
    if objective is not None and objective.priority.board_id != finding.board_id:
        raise ValueError("The objective belongs to another board")
    return raise_action(
        source=ACTION_SOURCES.get(label, ActionSource.OTHER),
        source_object=finding,
        source_key=key,
        source_label=str(source) if source is not None else finding.source_kind_label,
        boards=boards or [finding.board],
        agency=agency,
        owner=owner,
        title=title[:300],
        description=description or finding.text,
        due_date=due_date,
        created_by=created_by,
        objective=objective,
        sign_off_required=sign_off_required,
    )


def actions_from_findings(source: models.Model, board: Board) -> QuerySet[Action]:
    """The actions raised from a source's findings (whichever board's finding raised one),
    as seen by one board."""
    return Action.objects.filter(
        source_type=ContentType.objects.get_for_model(Finding),
        source_id__in=Finding.objects.filter(
            source_type=ContentType.objects.get_for_model(source), source_id=source.pk
        ).values("pk"),
        boards=board,
    ).select_related("owner")
