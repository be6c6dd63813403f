from django.urls import reverse

from scrutiny.people.models import Role
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency


def test_agency_list_shows_the_boards_agencies_only(
    client, login, make_user, board, other_board, agency, region
):
    beta_only = Agency.objects.create(
        region=region, name="CANARY Beta Agency", agency_type=AgencyType.OTHER
    )
    BoardAgency.objects.create(board=other_board, agency=beta_only)
    login(client, make_user(Role.VIEWER, board=board))
    response = client.get(reverse("tenancy:board_agencies", args=[board.slug]))
    assert b"Test Police" in response.content
    assert b"CANARY" not in response.content


def test_agency_serving_another_board_only_is_not_found_here(
    client, login, make_user, board, other_board, region
):
    beta_only = Agency.objects.create(
        region=region, name="Beta Agency", agency_type=AgencyType.OTHER
    )
    BoardAgency.objects.create(board=other_board, agency=beta_only)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    assert (
        client.get(reverse("tenancy:agency_detail", args=[board.slug, beta_only.pk])).status_code
        == 404
    )


def test_agency_detail_lists_every_board_it_serves(
    client, login, make_user, board, other_board, agency
):
    login(client, make_user(Role.QA_MEMBER, board=board))
    response = client.get(reverse("tenancy:agency_detail", args=[board.slug, agency.pk]))
    assert b"Alpha Board" in response.content and b"Beta Board" in response.content


def test_agency_lead_updates_their_agency(client, login, make_user, board, agency):
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    url = reverse("tenancy:agency_edit", args=[board.slug, agency.pk])
    response = client.post(url, {"contact_email": "not-an-email", "website": "", "notes": ""})
    assert response.status_code == 200
    assert b"Enter a valid email address" in response.content
    agency.refresh_from_db()
    assert agency.contact_email == ""
    response = client.post(
        url, {"contact_email": "mash@police.example", "website": "police.example", "notes": ""}
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.contact_email == "mash@police.example"
    assert agency.website == "https://police.example"


def test_agency_lead_cannot_update_another_agency(
    client, login, make_user, board, agency, other_agency
):
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    url = reverse("tenancy:agency_edit", args=[board.slug, other_agency.pk])
    response = client.post(
        url, {"contact_email": "x@example.org", "website": "", "notes": "hijack"}
    )
    assert response.status_code == 403
    other_agency.refresh_from_db()
    assert other_agency.notes == ""


def test_business_manager_adds_and_removes_an_agency(client, login, make_user, board, region):
    newcomer = Agency.objects.create(
        region=region, name="Alpha Homes", agency_type=AgencyType.HOUSING
    )
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = client.post(
        reverse("tenancy:add_agency_to_board", args=[board.slug]),
        {"agency": newcomer.pk, "statutory_partner": "on"},
    )
    assert response.status_code == 302
    assert BoardAgency.objects.get(board=board, agency=newcomer).statutory_partner is True
    response = client.post(
        reverse("tenancy:remove_agency_from_board", args=[board.slug, newcomer.pk])
    )
    assert response.status_code == 302
    assert not BoardAgency.objects.filter(board=board, agency=newcomer).exists()


def test_agency_from_another_region_cannot_be_added(client, login, make_user, board, far_board):
    foreign = Agency.objects.create(
        region=far_board.region, name="Far Police", agency_type=AgencyType.POLICE
    )
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = client.post(
        reverse("tenancy:add_agency_to_board", args=[board.slug]), {"agency": foreign.pk}
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not BoardAgency.objects.filter(agency=foreign, board=board).exists()


def test_agency_with_leads_is_not_removed(client, login, make_user, board, agency):
    make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = client.post(
        reverse("tenancy:remove_agency_from_board", args=[board.slug, agency.pk]), follow=True
    )
    assert b"still has agency leads" in response.content
    assert BoardAgency.objects.filter(board=board, agency=agency).exists()


def test_remove_needs_post(client, login, make_user, board, agency):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    assert (
        client.get(
            reverse("tenancy:remove_agency_from_board", args=[board.slug, agency.pk])
        ).status_code
        == 405
    )


def test_agency_list_query_count_is_constant(client, login, make_user, board, region):
    login(client, make_user(Role.VIEWER, board=board))
    url = reverse("tenancy:board_agencies", args=[board.slug])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx)

    BoardAgency.objects.create(
        board=board, agency=Agency.objects.create(region=region, name="A0", agency_type="other")
    )
    few = count()
    for i in range(1, 30):
        BoardAgency.objects.create(
            board=board,
            agency=Agency.objects.create(region=region, name=f"A{i}", agency_type="other"),
        )
    assert count() == few
