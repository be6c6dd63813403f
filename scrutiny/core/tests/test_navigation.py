"""Menus offer only pages the person may open: each entry shown opens, each page refused is
not shown."""

import pytest
from django.urls import reverse

from conftest import user_for_role
from scrutiny.pages.navigation import BOARD_NAVIGATION, SECTION_NAVIGATION
from scrutiny.people.models import Role

EVERY_MENU = [("board", BOARD_NAVIGATION)] + [
    (name, menu.items) for name, menu in SECTION_NAVIGATION.items()
]


def test_an_agency_lead_is_not_offered_review_monitoring_or_the_archive(
    client, login, make_user, board, agency
):
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    page = client.get(reverse("reviews:register", args=[board.slug])).content.decode()
    assert reverse("reviews:themes", args=[board.slug]) in page
    assert reverse("reviews:monitoring", args=[board.slug]) not in page
    assert reverse("reviews:archive", args=[board.slug]) not in page


def test_a_qa_member_is_offered_review_monitoring(client, login, make_user, board):
    login(client, make_user(Role.QA_MEMBER, board=board))
    page = client.get(reverse("reviews:register", args=[board.slug])).content.decode()
    assert reverse("reviews:monitoring", args=[board.slug]) in page
    assert reverse("reviews:archive", args=[board.slug]) in page


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_entry_shown_opens_and_every_one_hidden_is_refused(
    client, login, make_user, board, agency, role
):
    login(client, user_for_role(make_user, role, board, agency))
    # The independent scrutineer has no board home: its own list of plans is where it starts.
    start = "scrutineer:my_plans" if role == Role.SCRUTINEER else "core:board_home"
    home = client.get(reverse(start, args=[board.slug])).content.decode()
    shown_somewhere = home
    for menu_name, items in EVERY_MENU:
        first = reverse(items[0].url_name, args=[board.slug])
        if menu_name != "board":
            shown_somewhere = client.get(first).content.decode()
        for item in items:
            url = reverse(item.url_name, args=[board.slug])
            status = client.get(url).status_code
            offered = f'href="{url}"' in (home if menu_name == "board" else shown_somewhere)
            if offered:
                assert status == 200, (
                    f"{role}: {menu_name} menu offers {url}, which answers {status}"
                )
            elif menu_name == "board" or f'href="{first}"' in shown_somewhere:
                # A menu shown without this entry: the page must indeed refuse the role.
                assert status in (403, 404), f"{role}: {url} opens ({status}) but is not offered"
