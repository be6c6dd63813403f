"""board_view(permission, writes=...): a page more people may read than may change."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from scrutiny.access.permissions import Permission
from scrutiny.access.views import board_view
from scrutiny.people.models import Role

calls: list[str] = []


@board_view(Permission.BOARD_VIEW, writes=Permission.GOVERNANCE_MANAGE)
def page(request):
    calls.append(request.method)
    return HttpResponse("ok")


@pytest.fixture(autouse=True)
def no_calls():
    calls.clear()


def _request(method, user):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    return request


def test_a_reader_reads_but_may_not_post(make_user, board):
    lay = make_user(Role.LAY_MEMBER, board=board)
    assert page(_request("get", lay), board_slug=board.slug).status_code == 200
    assert page(_request("head", lay), board_slug=board.slug).status_code == 200
    for method in ("post", "put", "delete"):
        with pytest.raises(PermissionDenied):
            page(_request(method, lay), board_slug=board.slug)
    assert calls == ["GET", "HEAD"]  # the view never ran for the refused writes


def test_the_write_permission_lets_a_post_through(make_user, board):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    assert page(_request("post", manager), board_slug=board.slug).status_code == 200
    assert calls == ["POST"]


def test_the_view_names_both_permissions():
    assert page.board_permission == Permission.BOARD_VIEW
    assert page.board_write_permission == Permission.GOVERNANCE_MANAGE
