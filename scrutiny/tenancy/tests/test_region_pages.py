from django.core.cache import cache
from django.urls import reverse

from scrutiny.core.tests.query_counts import REGION_PAGE, get_page_afresh_and_kept
from scrutiny.people.models import Role
from scrutiny.tenancy.models import Agency, Board


def test_regional_admin_adds_an_agency(client, login, make_user, board):
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    url = reverse("tenancy:region_agency_add", args=[board.region.slug])
    response = client.post(url, {"name": "", "agency_type": ""})
    assert b"Enter the agency&#x27;s name" in response.content
    assert b"Choose the type of agency" in response.content
    response = client.post(url, {"name": "Riverside Hospice", "agency_type": "voluntary"})
    assert response.status_code == 302
    assert Agency.objects.get(name="Riverside Hospice").region == board.region


def test_agency_names_are_unique_within_a_region(client, login, make_user, board, agency):
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    response = client.post(
        reverse("tenancy:region_agency_add", args=[board.region.slug]),
        {"name": "test police", "agency_type": "police"},
    )
    assert b"There is already an agency called test police" in response.content
    assert Agency.objects.filter(region=board.region).count() == 1


def test_regional_admin_edits_only_their_regions_agencies(
    client, login, make_user, board, far_board
):
    far_agency = Agency.objects.create(
        region=far_board.region, name="Far Police", agency_type="police"
    )
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    url = reverse("tenancy:region_agency_edit", args=[board.region.slug, far_agency.pk])
    assert client.get(url).status_code == 404


def test_regional_admin_adds_a_board(client, login, make_user, board):
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    response = client.post(
        reverse("tenancy:region_board_add", args=[board.region.slug]),
        {
            "name": "Gamma Board",
            "short_name": "Gamma",
            "slug": "gamma",
            "local_authority": "",
            "description": "",
        },
    )
    assert response.status_code == 302
    assert Board.objects.get(slug="gamma").region == board.region


def test_region_home_lists_boards_and_agencies(
    client, login, make_user, board, other_board, agency
):
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    response = client.get(reverse("tenancy:region_home", args=[board.region.slug]))
    assert b"Alpha Board" in response.content and b"Beta Board" in response.content
    assert b"Test Police" in response.content
    page = response.content.decode()
    boards = page[page.index('id="region-boards"') : page.index('id="region-agencies"')]
    alpha = boards[boards.index("Alpha Board") :].split("</tr>")[0]
    assert f'href="{reverse("core:board_home", args=[board.slug])}"' in boards
    assert alpha.endswith('<td class="govuk-table__cell govuk-table__cell--numeric">1</td>')
    agencies = page[page.index('id="region-agencies"') :]
    police = agencies[agencies.index("Test Police") :].split("</tr>")[0]
    assert "Alpha, Beta" in police  # the boards it serves, by short name
    edit = reverse("tenancy:region_agency_edit", args=[board.region.slug, agency.pk])
    assert f'href="{edit}">Edit<span class="govuk-visually-hidden"> Test Police</span>' in police
    Agency.objects.create(region=board.region, name="Lone & Co", agency_type=agency.agency_type)
    page = client.get(reverse("tenancy:region_home", args=[board.region.slug])).content.decode()
    lone = page[page.index("Lone &amp; Co") :].split("</tr>")[0]
    assert ">None</td>" in lone  # serves no board yet; its name escaped


def test_region_home_is_kept_until_the_region_changes(
    client, login, make_user, board, other_board, agency, django_assert_num_queries
):
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    url = reverse("tenancy:region_home", args=[board.region.slug])
    client.get(url)  # warm: the session, content types
    cache.clear()
    # the region's data version (the rows are kept against it); the boards with their agency
    # counts, the agencies and the boards each serves
    get_page_afresh_and_kept(
        client, url, REGION_PAGE + 4, REGION_PAGE + 1, django_assert_num_queries
    )
