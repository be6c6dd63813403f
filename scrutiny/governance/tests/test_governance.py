"""Meetings, attendance rates with substitutes and apologies apart, flags and compliance."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.core.tests.files import bomb_xlsx, real_docx
from scrutiny.core.tests.query_counts import BOARD_PAGE, get_page_afresh_and_kept
from scrutiny.core.tests.transactions import calls_depth
from scrutiny.governance.attendance import group_attendance
from scrutiny.governance.compliance import board_compliance
from scrutiny.governance.models import Attendance, Group, Meeting, Member
from scrutiny.people.models import Role
from scrutiny.plan.models import Priority


@pytest.fixture
def main_group(board):
    return Group.objects.create(board=board, name="Alpha Board", is_main_board=True)


@pytest.fixture
def members(main_group, agency, other_agency):
    return {
        "police": Member.objects.create(
            group=main_group,
            name="Police member",
            agency=agency,
            inducted_on=datetime.date(2026, 1, 1),
        ),
        "health": Member.objects.create(
            group=main_group, name="Health member", agency=other_agency
        ),
        "lay": Member.objects.create(
            group=main_group,
            name="Lay member",
            role="lay_member",
            inducted_on=datetime.date(2026, 1, 1),
        ),
    }


def record(group, members_statuses, day):
    meeting = Meeting.objects.create(group=group, held_on=day)
    for member, status in members_statuses:
        Attendance.objects.create(meeting=meeting, member=member, status=status)
    return meeting


def test_attendance_rates_per_member_and_agency(main_group, members):
    police, health, lay = members["police"], members["health"], members["lay"]
    record(
        main_group,
        [(police, "present"), (health, "apologies"), (lay, "present")],
        datetime.date(2026, 1, 10),
    )
    record(
        main_group,
        [(police, "substitute"), (health, "absent"), (lay, "present")],
        datetime.date(2026, 3, 10),
    )
    record(
        main_group,
        [(police, "present"), (health, "apologies"), (lay, "apologies")],
        datetime.date(2026, 5, 10),
    )
    result = group_attendance(main_group)
    rates = {m.member.name: m for m in result.members}
    p = rates["Police member"].rate
    assert (p.expected, p.attended, p.substitutes, p.apologies, p.absent) == (3, 2, 1, 0, 0)
    assert round(p.rate, 1) == 66.7
    h = rates["Health member"]
    assert (h.rate.attended, h.rate.apologies, h.rate.absent) == (0, 2, 1)
    assert h.consecutive_misses == 3 and h.flagged
    assert rates["Lay member"].consecutive_misses == 1 and not rates["Lay member"].flagged
    assert result.agencies["Test Police"].attended == 2
    assert result.agencies["Test Health Trust"].rate == 0


def test_compliance_names_the_gaps(board, main_group, members, region):
    from scrutiny.tenancy.models import Agency, BoardAgency

    probation = Agency.objects.create(region=region, name="Probation", agency_type="probation")
    BoardAgency.objects.create(board=board, agency=probation, statutory_partner=True)
    result = board_compliance(board)
    assert [a.name for a in result.statutory_missing] == ["Probation"]
    assert result.lay_members == 1 and result.lay_members_short == 1
    assert [m.name for m in result.not_inducted] == ["Health member"]
    assert not result.compliant


def test_the_compliance_page_is_kept_until_a_member_changes(
    client, login, make_user, board, main_group, members, django_assert_num_queries
):
    login(client, make_user(Role.CHAIR, board=board))
    url = reverse("governance:compliance", args=[board.slug])
    client.get(url)  # warm: the session, content types
    cache.clear()
    # 1 session, 2 user, 3 two-factor device, 4 the grants with their boards, 5 the region's
    # data version, then the gaps: 6 the main group, 7 the statutory partners, 8 its members
    # Shown again with nothing changed, the same page from what was kept: queries 1-5 only.
    afresh = get_page_afresh_and_kept(
        client, url, BOARD_PAGE + 4, BOARD_PAGE + 1, django_assert_num_queries
    )
    assert "Health member has no induction recorded" in afresh.content.decode()
    members["health"].inducted_on = datetime.date(2026, 2, 1)
    members["health"].save()
    assert "Health member has no induction recorded" not in client.get(url).content.decode()


def test_manager_runs_a_meeting(
    client, login, make_user, board, main_group, members, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    Priority.objects.create(
        board=board,
        title="Neglect",
        start_date=datetime.date(2026, 4, 1),
        end_date=datetime.date(2027, 3, 31),
    )
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    client.post(
        reverse("governance:meeting_add", args=[board.slug]),
        {
            "group": main_group.pk,
            "held_on": "2026-11-01",
            "location": "Online",
            "with_standing_item": "on",
        },
    )
    meeting = Meeting.objects.get()
    url = meeting.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Standing item: progress against the priorities" in page and "Neglect" in page
    client.post(
        url,
        {
            "form": "agenda",
            "title": "Section 11 findings",
            "presenter": "QA chair",
            "paper_file": SimpleUploadedFile("s11.pdf", b"%PDF-1.4 test"),
        },
    )
    bad_paper = client.post(
        url, {"form": "agenda", "title": "Bad", "paper_file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert b"x.exe is not a type we accept" in bad_paper.content
    assert [a.title for a in meeting.agenda.all()] == [
        "Standing item: progress against the priorities",
        "Section 11 findings",
    ]
    missing = client.post(url, {"form": "attendance", f"status_{members['police'].pk}": "present"})
    assert b"Record whether Health member attended" in missing.content
    client.post(
        url,
        {
            "form": "attendance",
            f"status_{members['police'].pk}": "substitute",
            f"substitute_{members['police'].pk}": "DI Jones",
            f"status_{members['health'].pk}": "apologies",
            f"status_{members['lay'].pk}": "present",
        },
    )
    assert Attendance.objects.get(member=members["police"]).substitute_name == "DI Jones"
    client.post(
        url, {"form": "minutes", "minutes": "Discussed neglect.", "decision": "Adopt the toolkit"}
    )
    meeting.refresh_from_db()
    assert (
        meeting.minutes == "Discussed neglect."
        and meeting.decisions.get().text == "Adopt the toolkit"
    )


def test_members_read_meetings_but_cannot_record_them(
    client, login, make_user, board, main_group, members
):
    meeting = Meeting.objects.create(group=main_group, held_on=datetime.date(2026, 11, 1))
    login(client, make_user(Role.LAY_MEMBER, board=board))
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert (
        client.post(meeting.get_absolute_url(), {"form": "minutes", "minutes": "x"}).status_code
        == 403
    )
    assert client.post(reverse("governance:meeting_add", args=[board.slug]), {}).status_code == 403


def test_the_kept_meetings_page_offers_adding_only_to_those_who_may(
    client, login, make_user, board, main_group
):
    url = reverse("governance:meetings", args=[board.slug])
    add = reverse("governance:meeting_add", args=[board.slug])
    # Both before the visit: a new role is a change, which would draw the page afresh.
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    lay_member = make_user(Role.LAY_MEMBER, board=board)
    login(client, manager)
    assert add in client.get(url).content.decode()  # drawn for a manager and kept
    login(client, lay_member)
    page = client.get(url).content.decode()
    assert main_group.name in page and add not in page
    # A change shows at once: the new meeting is listed on the next visit.
    Meeting.objects.create(group=main_group, held_on=datetime.date(2026, 11, 1))
    assert "1 Nov 2026" in client.get(url).content.decode()


def test_another_boards_meeting_is_not_found(client, login, make_user, other_board, main_group):
    meeting = Meeting.objects.create(group=main_group, held_on=datetime.date(2026, 11, 1))
    login(client, make_user(Role.CHAIR, board=other_board))
    assert (
        client.get(reverse("governance:meeting", args=[other_board.slug, meeting.pk])).status_code
        == 404
    )


def test_a_meeting_paper_that_is_a_zip_bomb_is_refused_and_papers_are_checked_first(
    client, login, make_user, board, main_group, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = Meeting.objects.create(group=main_group, held_on=datetime.date(2026, 11, 1))
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = meeting.get_absolute_url()
    bomb = SimpleUploadedFile("pack.xlsx", bomb_xlsx(16))
    response = client.post(url, {"form": "agenda", "title": "Pack", "paper_file": bomb})
    assert "pack.xlsx is compressed" in response.content.decode()
    assert not meeting.agenda.exists()
    paper = SimpleUploadedFile("minutes.docx", real_docx())
    with calls_depth("scrutiny.governance.services.check_evidence") as depths:
        client.post(url, {"form": "agenda", "title": "Minutes", "paper_file": paper})
    assert depths == [0]
    assert [a.paper_name for a in meeting.agenda.all()] == ["minutes.docx"]
