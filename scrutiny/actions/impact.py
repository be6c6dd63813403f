"""Impact, the chain's last link: the measure that will show whether an action (or a plan
objective) worked, its value before the work and now, and the measured change.

The rule (`judge`): the value *before* is the latest one dated on or before the measure's
start date; the value *now* is the latest one dated after it. Without both there is nothing
to compare and the change is "not yet measurable" (the reason says which is missing). A
difference smaller than the measure's own threshold is "no change"; otherwise the measure's
polarity says whether it improved or got worse. No figure is ever estimated.

Each source of evidence supplies its kind of measure from its own `AppConfig.ready()`, so
this app imports none of them:

    from scrutiny.actions.impact import register
    register(IndicatorMeasures())

A kind offers the board's measures (`options`) and reads one (`read`), given the start date
and optionally a last day to read up to (a report's year end).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from scrutiny.core.concurrency import claim_revision
from scrutiny.people.models import User
from scrutiny.tenancy.models import Board

from .models import Action, ImpactMeasure


class Outcome(models.TextChoices):
    IMPROVED = "improved", "Improved"
    NO_CHANGE = "no_change", "No change"
    WORSE = "worse", "Worse"
    NOT_YET = "not_yet", "Not yet measurable"


@dataclass(frozen=True)
class Point:
    """One value of a measure: what it is, the day it stands for, and what it rests on."""

    value: Decimal
    when: datetime.date
    label: str  # "2025-26 Q4", "Neglect audit (2026 Q1), 12 cases", "18 answers"


@dataclass(frozen=True)
class Reading:
    """A measure read for one board: its name, polarity, threshold and the two values."""

    name: str
    higher_is_better: bool
    no_change_within: Decimal  # a difference smaller than this is "no change"
    unit: str  # "%", " per 10,000" or "" (a count)
    before: Point | None
    now: Point | None
    url: str = ""

    @property
    def polarity_words(self) -> str:
        return "higher is better" if self.higher_is_better else "lower is better"

    def show(self, value: Decimal) -> str:
        number = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.1f}"
        return f"{number}{self.unit}"


class MeasureKind(Protocol):
    key: str  # stored in ImpactMeasure.kind
    label: str  # "Data-set indicator"

    def options(self, board: Board) -> list[tuple[str, str]]:
        """(reference, label) for each measure of this kind the board can name."""
        ...

    def read(
        self, board: Board, reference: str, start: datetime.date, until: datetime.date | None
    ) -> Reading | None:
        """The measure's values for the board; None when it is not (or no longer) there."""
        ...


_KINDS: dict[str, MeasureKind] = {}


def register(kind: MeasureKind) -> None:
    """Add (or replace) a kind of measure; called from the source app's `ready()`."""
    _KINDS[kind.key] = kind


def kinds() -> dict[str, MeasureKind]:
    return dict(_KINDS)


def percentage_points() -> Decimal:
    """The threshold for shares (audits, training, feedback): SCRUTINY_IMPACT_NO_CHANGE_POINTS."""
    return Decimal(settings.SCRUTINY_IMPACT_NO_CHANGE_POINTS)


def split(
    points: Iterable[Point], start: datetime.date, until: datetime.date | None = None
) -> tuple[Point | None, Point | None]:
    """(before, now): the latest point on or before `start`, and the latest after it (up to
    `until` when given)."""
    ordered = sorted((p for p in points if until is None or p.when <= until), key=lambda p: p.when)
    before = [p for p in ordered if p.when <= start]
    after = [p for p in ordered if p.when > start]
    return (before[-1] if before else None, after[-1] if after else None)


def share(favourable: int, answered: int) -> Decimal | None:
    """favourable ÷ answered × 100, or None when nothing was answered."""
    return Decimal(100) * favourable / answered if answered else None


@dataclass(frozen=True)
class MeasuredChange:
    measure: ImpactMeasure
    kind_label: str
    reading: Reading | None
    outcome: Outcome
    reason: str

    @property
    def difference(self) -> Decimal | None:
        r = self.reading
        if r is None or r.before is None or r.now is None:
            return None
        return r.now.value - r.before.value

    @property
    def words(self) -> str:
        """One line: "Improved: 40% → 65% (higher is better)"."""
        r = self.reading
        if r is None or r.before is None or r.now is None:
            return f"{self.outcome.label}: {self.reason}"
        return (
            f"{self.outcome.label}: {r.show(r.before.value)} → {r.show(r.now.value)} "
            f"({r.polarity_words})"
        )


def judge(reading: Reading | None, start: datetime.date) -> tuple[Outcome, str]:
    """The measured change and why."""
    if reading is None:
        return Outcome.NOT_YET, "the measure can no longer be found"
    if reading.before is None and reading.now is None:
        return Outcome.NOT_YET, "there are no values yet"
    if reading.before is None:
        return Outcome.NOT_YET, f"there is no value from before {start:%-d %B %Y} to compare with"
    if reading.now is None:
        return Outcome.NOT_YET, f"there is no value since {start:%-d %B %Y} yet"
    difference = reading.now.value - reading.before.value
    if abs(difference) < reading.no_change_within:
        return (
            Outcome.NO_CHANGE,
            f"it moved by less than {reading.show(reading.no_change_within)}",
        )
    better = (difference > 0) == reading.higher_is_better
    return (Outcome.IMPROVED if better else Outcome.WORSE), (
        f"it moved from {reading.show(reading.before.value)} to {reading.show(reading.now.value)}"
    )


def measured_change(measure: ImpactMeasure, until: datetime.date | None = None) -> MeasuredChange:
    kind = _KINDS.get(measure.kind)
    reading = (
        kind.read(measure.board, measure.reference, measure.start_date, until) if kind else None
    )
    outcome, reason = judge(reading, measure.start_date)
    return MeasuredChange(measure, kind.label if kind else measure.kind, reading, outcome, reason)


# --- naming a measure ----------------------------------------------------------------------


class MeasureRefused(ValueError):
    """The measure named is not one the board can use."""


def measure_for(subject: models.Model, board: Board) -> ImpactMeasure | None:
    return (
        ImpactMeasure.objects.filter(
            board=board,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
        )
        .select_related("board")
        .first()
    )


def options(board: Board) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every measure the board can name, grouped by kind: values are "kind:reference"."""
    grouped = []
    for kind in _KINDS.values():
        choices = [(f"{kind.key}:{ref}", label) for ref, label in kind.options(board)]
        if choices:
            grouped.append((kind.label, choices))
    return grouped


def default_start(subject: models.Model) -> datetime.date:
    """When the work began: an action's creation, or its priority's start for an objective."""
    if isinstance(subject, Action):
        return (
            timezone.localdate(subject.created_at) if subject.created_at else timezone.localdate()
        )
    priority = getattr(subject, "priority", None)
    return getattr(priority, "start_date", None) or timezone.localdate()


@transaction.atomic
def set_measure(
    subject: models.Model,
    board: Board,
    *,
    choice: str,
    start_date: datetime.date,
    note: str,
    user: User,
    revision: int | None = None,
) -> ImpactMeasure:
    """Name (or change) the measure of an action or objective on this board.

    `choice` is "kind:reference" and must be one of the board's own options, so nobody can
    point a measure at another board's records. `revision` is the one the editor loaded (the
    edit guard): a stale save raises EditConflict and writes nothing."""
    key, _, reference = choice.partition(":")
    kind = _KINDS.get(key)
    if kind is None or reference not in {ref for ref, _ in kind.options(board)}:
        raise MeasureRefused("Choose a measure from the list")
    measure = measure_for(subject, board)
    if measure is None:
        measure = ImpactMeasure(
            board=board,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
        )
    else:  # every change moves the revision on, so an editor who loaded an older one is told
        claim_revision(measure, measure.revision if revision is None else revision)
    measure.kind = key
    measure.reference = reference
    measure.start_date = start_date
    measure.note = note
    measure.set_by = user
    measure.save()
    return measure


# --- gathering -----------------------------------------------------------------------------


def measured_changes(
    board: Board, subjects: Sequence[models.Model], until: datetime.date | None = None
) -> dict[int, MeasuredChange]:
    """The measured change of each subject (all of one model) that has a measure, by pk."""
    if not subjects:
        return {}
    measures = ImpactMeasure.objects.filter(
        board=board,
        subject_type=ContentType.objects.get_for_model(subjects[0]),
        subject_id__in=[s.pk for s in subjects],
    ).select_related("board")
    return {m.subject_id: measured_change(m, until) for m in measures}


@dataclass(frozen=True)
class ActionImpact:
    action: Action
    change: MeasuredChange


def actions_with_measured_change(board: Board, year: int) -> list[ActionImpact]:
    """For the annual report's impact section: the board's actions with a named measure that
    were under way in the financial year starting 1 April `year` (begun by its end, not
    closed before it began), each with its measured change read up to 31 March `year + 1`,
    so a report's figures do not move with later values. Ordered by outcome, then title."""
    year_start = datetime.date(year, 4, 1)
    year_end = datetime.date(year + 1, 3, 31)
    measures = ImpactMeasure.objects.filter(
        board=board,
        subject_type=ContentType.objects.get_for_model(Action),
        start_date__lte=year_end,
    ).select_related("board")
    by_action = {m.subject_id: m for m in measures}
    actions = (
        Action.objects.filter(boards=board, pk__in=by_action)
        .exclude(completed_at__date__lt=year_start)
        .select_related("agency", "owner")
    )
    order = list(Outcome.values)
    result = [ActionImpact(a, measured_change(by_action[a.pk], year_end)) for a in actions]
    result.sort(key=lambda i: (order.index(i.change.outcome), i.action.title))
    return result
