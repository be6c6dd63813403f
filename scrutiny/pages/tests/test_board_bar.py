"""The board bar (board name, navigation, switcher) is rendered once per set of what it shows
and kept (`pages.navigation.board_bar`): what it shows must follow every change at once."""

import re

from django.urls import reverse

from scrutiny.people.models import Role
from scrutiny.tenancy.models import Board


def bar(client, board) -> str:
    page = client.get(reverse("core:board_home", args=[board.slug])).content.decode()
    start = page.index('<section aria-label="Board"')
    return page[start : page.index("</section>", start)]


def nav_labels(html: str) -> list[str]:
    nav = html[html.index('id="board-navigation"') :]
    return [re.sub(r"<[^>]+>", "", a).strip() for a in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)]


def test_a_renamed_board_shows_its_new_name_on_the_next_page(client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    assert f">{board.short_name}</a>" in bar(client, board)
    Board.objects.filter(pk=board.pk).update(short_name="Renamed")
    assert ">Renamed</a>" in bar(client, board)


def test_a_second_board_brings_the_switcher_and_losing_it_takes_it_away(
    client, login, make_user, board, other_board
):
    person = make_user(Role.QA_MEMBER, board=board)
    login(client, person)
    assert 'id="board-switcher"' not in bar(client, board)
    grant = person.role_assignments.create(role=Role.VIEWER, region=board.region, board=other_board)
    shown = bar(client, board)
    assert 'id="board-switcher"' in shown
    assert f'value="{other_board.slug}"' in shown and f'value="{board.slug}" selected' in shown
    grant.delete()
    assert 'id="board-switcher"' not in bar(client, board)


def test_the_navigation_follows_a_change_of_role(client, login, make_user, board):
    person = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, person)
    as_manager = nav_labels(bar(client, board))
    assert "Audit log" in as_manager
    person.role_assignments.update(role=Role.VIEWER)  # the next request reads it afresh
    as_viewer = nav_labels(bar(client, board))
    assert "Audit log" not in as_viewer  # the page would refuse a viewer
    assert set(as_viewer) < set(as_manager)


def test_two_people_with_the_same_role_see_the_same_bar_and_the_current_section_moves(
    client, login, make_user, board
):
    first, second = (make_user(Role.CHAIR, board=board) for _ in range(2))
    login(client, first)
    seen_by_first = bar(client, board)
    login(client, second)
    assert bar(client, board) == seen_by_first
    actions = client.get(reverse("actions:tracker", args=[board.slug])).content.decode()
    current = re.search(r'aria-current="true">\s*<strong[^>]*>([^<]+)</strong>', actions)
    assert current and current.group(1) == "Actions"


def test_a_regional_admin_switches_between_the_regions_boards_only(
    client, login, make_user, board, other_board, far_board
):
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    shown = bar(client, board)
    assert f'value="{other_board.slug}"' in shown
    assert f'value="{far_board.slug}"' not in shown
