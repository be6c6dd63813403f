"""Two people edit the same record: the second, stale save is refused, never silently applied.

One row per kind of editable record. Each row makes a record and names its edit page and a
text field; the test opens the page twice (two people), saves the first, then saves the
second with the revision it loaded, and expects the one conflict page (409) naming the
changed field, showing the second person's text to re-apply, with the first person's value
still stored. A new editable record is one more row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import lxml.html
import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from scrutiny.people.models import Role

FIRST = "Words of the first editor"
SECOND = "Words of the second editor"
DAY = datetime.date(2026, 6, 1)


@dataclass(frozen=True)
class Editable:
    kind: str
    make: Callable[[SimpleNamespace], tuple[models.Model, str]]  # the record and its edit page
    field: str  # a text field both people change
    label: str  # how the conflict page names that field
    role: Role = Role.BUSINESS_MANAGER
    extra: dict[str, str] = field(default_factory=dict)  # e.g. the submit button pressed
    stored: Callable[[models.Model], Any] | None = None  # where the field's value is kept

    def value_of(self, record: models.Model) -> Any:
        record.refresh_from_db()
        return self.stored(record) if self.stored else getattr(record, self.field)


# --- record makers: each returns the record and the URL of its edit page -----------------


def _priority(w):
    from scrutiny.plan.models import Priority

    return Priority.objects.create(
        board=w.board, title="Neglect", start_date=DAY, end_date=DAY.replace(year=2027)
    )


def _objective(w):
    from scrutiny.plan.models import Objective

    return Objective.objects.create(
        priority=_priority(w),
        title="Use the neglect toolkit",
        measure_of_success="80% of audited assessments use it",
        due_date=DAY.replace(year=2027),
    )


def priority(w):
    item = _priority(w)
    return item, reverse("plan:priority_edit", args=[w.board.slug, item.pk])


def objective(w):
    item = _objective(w)
    return item, reverse(
        "plan:objective_edit", args=[w.board.slug, item.priority_id, item.pk]
    )


def measure(w):
    from scrutiny.plan.models import Measure

    item = Measure.objects.create(
        priority=_priority(w), category="how_much", description="Practitioners trained"
    )
    return item, reverse("plan:measure_edit", args=[w.board.slug, item.priority_id, item.pk])


def milestone(w):
    from scrutiny.plan.models import Milestone

    item = Milestone.objects.create(objective=_objective(w), months=3, description="Toolkit out")
    return item, reverse("plan:milestone_edit", args=[w.board.slug, item.objective_id, item.pk])


def risk(w):
    from scrutiny.plan.models import Risk

    item = Risk.objects.create(
        board=w.board,
        title="Funding ends",
        cause="Grant not renewed",
        likelihood=3,
        impact=4,
        review_date=DAY,
    )
    return item, reverse("plan:risk_edit", args=[w.board.slug, item.pk])


EDITABLES = [
    Editable("priority", priority, "title", "Title"),
    Editable("objective", objective, "title", "Title"),
    Editable("measure", measure, "description", "Description"),
    Editable("milestone", milestone, "description", "Description"),
    Editable("risk", risk, "cause", "Cause"),
]


# --- the test --------------------------------------------------------------------------


def form_values(response, field_name: str) -> dict[str, Any]:
    """What a browser would post from the form holding `field_name`, as the page shows it."""
    assert response.status_code == 200, response.status_code
    page = lxml.html.fromstring(response.content)
    form = next(f for f in page.forms if field_name in f.fields.keys())
    values: dict[str, Any] = {}
    for name, value in form.form_values():
        values.setdefault(name, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in values.items()}


@pytest.fixture
def world(board, agency, make_user):
    return SimpleNamespace(board=board, agency=agency, make_user=make_user)


@pytest.mark.parametrize("editable", EDITABLES, ids=lambda e: e.kind)
def test_a_stale_second_save_is_refused_and_keeps_both_versions(editable, world, login):
    record, url = editable.make(world)
    people = [
        login(Client(), world.make_user(editable.role, board=world.board, agency=world.agency))
        for _ in range(2)
    ]
    # both open the edit page before either saves
    loaded = [form_values(person.get(url), editable.field) for person in people]

    first = people[0].post(url, loaded[0] | {editable.field: FIRST} | editable.extra)
    assert first.status_code in (200, 302), first.status_code
    assert editable.value_of(record) == FIRST

    second = people[1].post(url, loaded[1] | {editable.field: SECOND} | editable.extra)
    assert second.status_code == 409
    page = second.content.decode()
    summary = lxml.html.fromstring(second.content).get_element_by_id("conflict").text_content()
    assert editable.label in summary  # names the field the first person changed
    assert FIRST in summary  # and what they changed it to
    assert SECOND in page  # the second person's own text is kept to re-apply
    assert editable.value_of(record) == FIRST  # nothing of the first person's was overwritten
