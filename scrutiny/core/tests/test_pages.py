from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scrutiny.people.models import Role


def test_home_sends_a_single_board_member_to_their_board(client, login, make_user, board):
    login(client, make_user(Role.VIEWER, board=board))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == board.get_absolute_url()


def test_home_lists_every_board_a_regional_admin_reaches(
    client, login, make_user, board, other_board, far_board
):
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Alpha Board" in response.content and b"Beta Board" in response.content
    assert b"Far Board" not in response.content


def test_person_without_roles_is_told_so(client, login, make_user, board):
    login(client, make_user())
    response = client.get(reverse("home"))
    assert b"You do not have a role on any board yet" in response.content


def test_switch_board_goes_to_a_board_you_reach(
    client, login, make_user, board, other_board, agency
):
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    lead.role_assignments.create(
        role=Role.AGENCY_LEAD, region=board.region, board=other_board, agency=agency
    )
    login(client, lead)
    page = client.get(reverse("core:board_home", args=[board.slug]))
    assert b'id="board-switcher"' in page.content
    assert b'value="beta"' in page.content
    response = client.get(reverse("core:switch_board"), {"board": "beta"})
    assert response.status_code == 302 and response["Location"] == other_board.get_absolute_url()


def test_switch_board_refuses_a_board_you_do_not_reach(
    client, login, make_user, board, other_board
):
    login(client, make_user(Role.CHAIR, board=board))
    assert client.get(reverse("core:switch_board"), {"board": "beta"}).status_code == 404
    assert client.get(reverse("core:switch_board"), {"board": "no-such"}).status_code == 404
    page = client.get(reverse("core:board_home", args=[board.slug]))
    assert b'id="board-switcher"' not in page.content  # only one board to show


def test_board_home_shows_role_counts_and_navigation_for_the_role(
    client, login, make_user, board, agency, other_agency
):
    login(client, make_user(Role.LAY_MEMBER, board=board))
    response = client.get(reverse("core:board_home", args=[board.slug]))
    content = response.content.decode()
    assert "Lay member" in content
    assert "2 agencies</a>, 2 of them statutory partners" in content
    assert reverse("people:board_people", args=[board.slug]) in content
    assert (
        reverse("audit:board_log", args=[board.slug]) not in content
    )  # not offered: would be refused
    assert "Recent changes" not in content


def test_business_manager_sees_recent_changes(client, login, make_user, board, agency):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = client.get(reverse("core:board_home", args=[board.slug]))
    assert b"Recent changes" in response.content
    assert b"Test Police on Alpha Board" in response.content


def test_board_home_query_count_is_constant(client, login, make_user, board, region):
    from scrutiny.tenancy.models import Agency, BoardAgency

    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("core:board_home", args=[board.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    few = count()
    for i in range(25):
        agency = Agency.objects.create(region=region, name=f"Agency {i}", agency_type="other")
        BoardAgency.objects.create(board=board, agency=agency)
        make_user(Role.VIEWER, board=board)
    assert count() == few


def test_error_pages_use_the_service_layout(client, login, make_user, board):
    login(client, make_user(Role.VIEWER, board=board))
    not_found = client.get("/b/no-such-board/")
    assert not_found.status_code == 404
    assert b"Page not found" in not_found.content
    refused = client.get(reverse("audit:board_log", args=[board.slug]))
    assert refused.status_code == 403
    assert b"You do not have access to this page" in refused.content


def test_library_needs_sign_in(client, db):
    assert client.get(reverse("library:template_list")).status_code == 302
