"""The one edit guard (core.concurrency): conditional claim, armed saves, forms, conflict page.

The tests use a plan priority as the example `Revisioned` record; every kind of editable
record is driven through its own page in tests/test_edit_conflicts.py.
"""

import datetime

import lxml.html
import pytest
from auditlog.context import set_actor
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scrutiny.core.concurrency import EditConflict, claim_revision
from scrutiny.people.models import Role
from scrutiny.plan.forms import PriorityForm
from scrutiny.plan.models import Priority

START, END = datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)


@pytest.fixture
def priority(board):
    return Priority.objects.create(board=board, title="Neglect", start_date=START, end_date=END)


def test_a_save_at_the_loaded_revision_moves_it_on_by_one(priority):
    priority.title = "Neglect and its effects"
    priority.expect_revision(0)
    priority.save()
    stored = Priority.objects.get(pk=priority.pk)
    assert (stored.revision, stored.title) == (1, "Neglect and its effects")


def test_a_save_from_an_older_revision_is_refused_and_writes_nothing(priority):
    theirs = Priority.objects.get(pk=priority.pk)
    theirs.title = "Theirs"
    theirs.expect_revision(0)
    theirs.save()
    priority.title = "Mine"  # still holds revision 0
    priority.expect_revision(0)
    with pytest.raises(EditConflict) as caught:
        priority.save()
    assert caught.value.loaded_revision == 0
    assert caught.value.current.revision == 1 and caught.value.current.title == "Theirs"
    assert Priority.objects.get(pk=priority.pk).title == "Theirs"


def test_a_save_nobody_armed_is_left_alone(priority):
    """Services that change a record without an editor's form keep working as before."""
    Priority.objects.filter(pk=priority.pk).update(revision=5)
    priority.title = "Renamed by a service"
    priority.save()
    assert Priority.objects.get(pk=priority.pk).title == "Renamed by a service"


def test_a_guarded_save_of_some_fields_writes_the_revision_with_them(priority):
    priority.title = "Only the title"
    priority.expect_revision(0)
    priority.save(update_fields=["title"])
    assert Priority.objects.get(pk=priority.pk).revision == 1


def test_a_record_deleted_meanwhile_is_a_conflict_with_nothing_current(priority):
    Priority.objects.filter(pk=priority.pk).delete()
    with pytest.raises(EditConflict) as caught:
        claim_revision(priority, 0)
    assert caught.value.current is None


def test_claim_checks_the_extra_conditions_too(priority):
    with pytest.raises(EditConflict):
        claim_revision(priority, 0, where={"title": "Something else"})
    claim_revision(priority, 0, where={"title": "Neglect"})
    assert priority.revision == 1


def test_the_guard_costs_one_query(priority):
    """Keep edit pages' query counts: the conditional claim is the one extra statement."""
    plain, guarded = Priority.objects.get(pk=priority.pk), Priority.objects.get(pk=priority.pk)
    with CaptureQueriesContext(connection) as plain_save:
        plain.title = "Plain save"
        plain.save()
    with CaptureQueriesContext(connection) as guarded_save:
        guarded.title = "Guarded save"
        guarded.expect_revision(0)
        guarded.save()
    assert len(guarded_save.captured_queries) == len(plain_save.captured_queries) + 1
    assert guarded_save.captured_queries[0]["sql"].startswith('UPDATE "plan_priority"')


def test_the_conflict_names_who_changed_what_from_the_audit_log(priority, make_user):
    colleague = make_user(email="colleague@example.org")
    theirs = Priority.objects.get(pk=priority.pk)
    theirs.title = "Theirs"
    theirs.expect_revision(0)
    with set_actor(colleague):
        theirs.save()
    with pytest.raises(EditConflict) as caught:
        claim_revision(priority, 0)
    [save] = caught.value.other_saves
    assert save.by == str(colleague)
    assert [(c.label, c.old, c.new) for c in save.changes] == [("title", "Neglect", "Theirs")]
    assert caught.value.changed_fields == ["title"]


def test_a_model_form_carries_the_revision_the_editor_loaded(priority, board):
    Priority.objects.filter(pk=priority.pk).update(revision=3)
    priority.refresh_from_db()
    form = PriorityForm(instance=priority, board=board)
    assert form.fields["revision"].initial == 3
    assert form.loaded_revision == 3
    new = PriorityForm(board=board)  # adding: nothing stored yet, nothing to guard
    assert new.fields["revision"].initial == -1 and new.loaded_revision is None


def test_from_the_conflict_page_the_second_person_applies_their_version(
    board, priority, make_user, login
):
    url = reverse("plan:priority_edit", args=[board.slug, priority.pk])
    first, second = (
        login(Client(), make_user(Role.BUSINESS_MANAGER, board=board)) for _ in range(2)
    )
    data = {"title": "Neglect", "start_date": "2026-04-01", "end_date": "2027-03-31"}
    assert first.post(url, data | {"title": "First", "revision": "0"}).status_code == 302
    conflict = second.post(url, data | {"title": "Second", "revision": "0"})
    assert conflict.status_code == 409
    page = lxml.html.fromstring(conflict.content)
    [form] = [f for f in page.forms if "title" in f.fields]
    assert form.fields["title"] == "Second" and form.fields["revision"] == "1"
    again = second.post(url, dict(form.form_values()))
    assert again.status_code == 302
    assert Priority.objects.get(pk=priority.pk).title == "Second"
