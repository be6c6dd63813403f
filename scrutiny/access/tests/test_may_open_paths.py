"""`may_open_paths`: whether a person may open each of many records' pages, the view behind
each kind of record found once and its own permission asked for the person."""

from django.urls import reverse

from scrutiny.access.views import may_open_paths
from scrutiny.people.models import Role


class AuditLogRecord:  # a kind of record whose page is the board's audit log
    pass


class MissingRecord:  # a kind of record whose address is no page of ours
    pass


def test_each_page_is_offered_exactly_to_who_may_open_it(make_user, board):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    viewer = make_user(Role.VIEWER, board=board)
    log = reverse("audit:board_log", args=[board.slug])
    paths = [(AuditLogRecord, log), (MissingRecord, "/nowhere/at/all/"), (AuditLogRecord, log)]
    assert may_open_paths(manager, board, paths) == [True, False, True]
    assert may_open_paths(viewer, board, paths) == [False, False, False]


def test_the_view_of_a_kind_is_resolved_once(make_user, board, monkeypatch):
    import scrutiny.access.views as views

    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    log = reverse("audit:board_log", args=[board.slug])
    resolved = []
    real = views.resolve
    monkeypatch.setattr(views, "resolve", lambda path: resolved.append(path) or real(path))
    monkeypatch.setattr(views, "_VIEW_BY_RECORD_MODEL", {})
    may_open_paths(manager, board, [(AuditLogRecord, log), (AuditLogRecord, log)])
    may_open_paths(manager, board, [(AuditLogRecord, log)])
    assert resolved == [log]
