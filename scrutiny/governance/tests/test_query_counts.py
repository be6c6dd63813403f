"""Pinned query count for the meetings list, at two data sizes (see core/tests/query_counts.py):
SIZE groups, each with SIZE members (with agency) and SIZE meetings they attended."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.governance.models import Attendance, AttendanceStatus, Group, Meeting, Member
from scrutiny.people.models import Role


@pytest.mark.parametrize("size", SIZES)
def test_meetings_list(client, login, make_user, board, agency, size, django_assert_num_queries):
    for g in range(size):
        group = Group.objects.create(board=board, name=f"Group {g}", is_main_board=g == 0)
        members = [
            Member.objects.create(
                group=group,
                name=f"Member {g}.{n}",
                agency=agency,
                inducted_on=datetime.date(2026, 1, 1),
            )
            for n in range(size)
        ]
        for n in range(size):
            meeting = Meeting.objects.create(group=group, held_on=datetime.date(2026, 1 + n, 10))
            for member in members:
                Attendance.objects.create(
                    meeting=meeting, member=member, status=AttendanceStatus.PRESENT
                )
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    # the region's data version (the page's content is kept against it); the groups (with
    # board; the main board group among them for compliance); compliance: the main group's
    # active members, the statutory partners; the latest meetings (with their groups; the
    # links are built from the board in the address)
    url = reverse("governance:meetings", args=[board.slug])
    # Shown again with nothing changed: the content is kept, only the data version is read.
    get_page_afresh_and_kept(client, url, BOARD_PAGE + 5, BOARD_PAGE + 1, django_assert_num_queries)


def test_the_meetings_list_links_each_meeting_newest_first(client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("governance:meetings", args=[board.slug])
    assert "No meetings yet." in client.get(url).content.decode()
    group = Group.objects.create(board=board, name="Quality & assurance", is_main_board=True)
    older = Meeting.objects.create(group=group, held_on=datetime.date(2026, 3, 5), location="Hall")
    newer = Meeting.objects.create(group=group, held_on=datetime.date(2026, 11, 17))
    page = client.get(url).content.decode()
    assert "No meetings yet." not in page
    table = page[page.index('id="meeting-table"') :]
    newer_link = (
        f'<a class="govuk-link" href="/b/{board.slug}/meetings/{newer.pk}/">17 Nov 2026</a>'
    )
    older_link = f'<a class="govuk-link" href="/b/{board.slug}/meetings/{older.pk}/">5 Mar 2026</a>'
    assert table.index(newer_link) < table.index(older_link)
    assert "Quality &amp; assurance</td>" in table  # escaped, as the template would
    assert ">Hall</td>" in table
    assert reverse("governance:meeting", args=[board.slug, newer.pk]) in newer_link
