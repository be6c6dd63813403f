"""Requests that change data are atomic; upload views parse before any transaction opens."""

import functools

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from scrutiny.core.middleware import AtomicWritesMiddleware
from scrutiny.core.tests.transactions import open_blocks
from scrutiny.tenancy.models import Region


def run(method: str, view):
    request = getattr(RequestFactory(), method)("/")
    middleware = AtomicWritesMiddleware(lambda r: HttpResponse("not called"))
    return middleware.process_view(request, view, (), {})


def depth_recorder(depths):
    def view(request):
        depths.append(open_blocks())
        return HttpResponse("ok")

    return view


def test_atomic_requests_are_off_so_reading_pages_open_no_transaction():
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is False
    assert settings.MIDDLEWARE[-1] == "scrutiny.core.middleware.AtomicWritesMiddleware"


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite only"
)
def test_sqlite_writers_take_the_lock_at_begin_and_others_wait_for_it():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]


def test_a_get_is_left_to_django_which_opens_no_transaction(db):
    depths: list[int] = []
    assert run("get", depth_recorder(depths)) is None
    assert depths == []  # not called inside a transaction here; Django calls it plainly


def test_a_post_runs_in_one_transaction_and_is_rolled_back_whole_on_error(db):
    depths: list[int] = []
    baseline = open_blocks()
    assert run("post", depth_recorder(depths)).content == b"ok"
    assert depths == [baseline + 1]

    def half_done(request):
        Region.objects.create(name="Half", slug="half")
        raise RuntimeError("fails after one write")

    with pytest.raises(RuntimeError):
        run("post", half_done)
    assert not Region.objects.filter(slug="half").exists()


def test_a_view_marked_non_atomic_is_left_to_open_its_own_transaction(db):
    depths: list[int] = []
    view = transaction.non_atomic_requests(depth_recorder(depths))

    @functools.wraps(view)  # as board_view wraps it
    def decorated(request):
        return view(request)

    assert run("post", decorated) is None
    assert depths == []
