"""Inspections: the clocks a report sets, counted in working days by hand across bank
holidays (numbers from the library file, not code); judgements per local authority; the
report checked like evidence; findings and improvement-plan actions in the one record and
tracker; who may read and who may record."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.actions.models import Action
from scrutiny.core.tests.query_counts import BOARD_PAGE, get_page_afresh_and_kept
from scrutiny.findings.models import Finding
from scrutiny.inspections import services
from scrutiny.inspections.models import Inspection, ReportFile
from scrutiny.people.models import Role

D = datetime.date


@pytest.fixture
def manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board)


@pytest.fixture
def inspection(board, manager):
    # Received Friday 19 December 2025, before Christmas Day, Boxing Day and New Year's Day.
    return Inspection.objects.create(
        board=board,
        inspection_type="ofsted_lscb_review",
        started_on=D(2025, 11, 3),
        ended_on=D(2025, 11, 21),
        report_received_on=D(2025, 12, 19),
        created_by=manager,
    )


def test_publication_clock_counts_30_working_days_across_christmas(inspection):
    # Counted by hand: 22, 23, 24 Dec (3); 25, 26 Dec are bank holidays; 29, 30, 31 Dec (6);
    # 1 Jan is a bank holiday; 2 Jan (7); 5-9 Jan (12); 12-16 (17); 19-23 (22); 26-30 (27);
    # 2, 3, 4 Feb (30): due Wednesday 4 February 2026.
    (clock,) = services.clocks(inspection, today=D(2026, 2, 2))
    assert clock.title == "Publish the review report"
    assert clock.due == D(2026, 2, 4)
    assert clock.working_days_left == 2 and clock.state == "open"
    (clock,) = services.clocks(inspection, today=D(2026, 2, 4))
    assert clock.working_days_left == 0 and clock.state == "open"
    # Thursday 5, Friday 6 and Monday 9 February: three working days past the deadline.
    (clock,) = services.clocks(inspection, today=D(2026, 2, 9))
    assert clock.working_days_left == -3 and clock.state == "overdue"
    inspection.published_on = D(2026, 2, 4)
    (clock,) = services.clocks(inspection, today=D(2026, 3, 1))
    assert clock.state == "met"
    inspection.published_on = D(2026, 2, 5)
    (clock,) = services.clocks(inspection, today=D(2026, 3, 1))
    assert clock.state == "late"


def test_no_clock_before_the_report_and_the_statement_only_where_required(inspection):
    inspection.report_received_on = None
    assert services.clocks(inspection) == []
    inspection.report_received_on = D(2025, 12, 19)
    assert [c.code for c in services.clocks(inspection)] == ["report_published"]
    inspection.statement_required = True
    assert [c.code for c in services.clocks(inspection)] == [
        "report_published",
        "statement_of_action",
    ]


def test_the_numbers_come_from_the_library_file(inspection, settings, tmp_path):
    shipped = settings.SCRUTINY_INSPECTIONS_FILE.read_text()
    changed = tmp_path / "inspections.yaml"
    changed.write_text(
        shipped.replace("working_days: 70", "working_days: 5").replace(
            "working_days: 30", "working_days: 2"
        )
    )
    settings.SCRUTINY_INSPECTIONS_FILE = changed
    inspection.statement_required = True
    # Received Wednesday 1 April 2026: Thursday 2 April (1); Good Friday 3 April and Easter
    # Monday 6 April are bank holidays; 7, 8, 9, 10 April (5).
    inspection.report_received_on = D(2026, 4, 1)
    published, statement = services.clocks(inspection, today=D(2026, 4, 1))
    assert published.due == D(2026, 4, 7)  # 2 April (1), 7 April (2)
    assert statement.due == D(2026, 4, 10)
    assert statement.working_days_left == 5


def test_manager_records_judgements_report_findings_and_actions(
    client, login, manager, board, inspection, agency, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(client, manager)
    detail = inspection.get_absolute_url()
    for authority, judgement in [("Ashbourne", "good"), ("Northvale", "requires_improvement")]:
        client.post(
            reverse("inspections:judgement", args=[board.slug, inspection.pk]),
            {"local_authority": authority, "judgement": judgement},
        )
    client.post(
        reverse("inspections:judgement", args=[board.slug, inspection.pk]),
        {"local_authority": "Ashbourne", "judgement": "outstanding"},
    )
    assert sorted(inspection.judgements.values_list("local_authority", "judgement")) == [
        ("Ashbourne", "outstanding"),
        ("Northvale", "requires_improvement"),
    ]
    upload = reverse("inspections:report_upload", args=[board.slug, inspection.pk])
    bad = client.post(upload, {"report": SimpleUploadedFile("report.pdf", b"not a pdf at all")})
    assert "does not look like a PDF file" in bad.content.decode()
    assert not ReportFile.objects.exists()
    client.post(upload, {"report": SimpleUploadedFile("report.pdf", b"%PDF-1.4 the report")})
    download = client.get(reverse("inspections:report_download", args=[board.slug, inspection.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 the report"
    client.post(
        reverse("inspections:finding", args=[board.slug, inspection.pk]),
        {
            "finding-kind": "improvement",
            "finding-theme": "oversight",
            "finding-text": "The board does not test the impact of its training",
        },
    )
    finding = Finding.objects.get(board=board)
    assert finding.source == inspection
    response = client.post(
        reverse("inspections:action", args=[board.slug, inspection.pk, finding.pk]),
        {
            "title": "Evaluate training at three months",
            "agency": agency.pk,
            "due_date": "2026-06-30",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.source_id == finding.pk and list(action.boards.all()) == [board]
    page = client.get(detail).content.decode()
    assert "Evaluate training at three months" in page
    assert "Requires improvement" in page and "report.pdf" in page


def test_who_may_read_and_who_may_record(client, login, make_user, board, other_board, inspection):
    viewer = make_user(Role.VIEWER, board=board)
    lead_board_member = make_user(Role.BUSINESS_MANAGER, board=other_board)
    login(client, viewer)
    assert client.get(inspection.get_absolute_url()).status_code == 200
    assert client.get(reverse("inspections:add", args=[board.slug])).status_code == 403
    response = client.post(
        reverse("inspections:judgement", args=[board.slug, inspection.pk]),
        {"local_authority": "X", "judgement": "good"},
    )
    assert response.status_code == 403 and not inspection.judgements.exists()
    # Another board's manager: the board is not revealed, nor its inspection under their own.
    login(client, lead_board_member)
    assert client.get(inspection.get_absolute_url()).status_code == 404
    theirs = reverse("inspections:detail", args=[other_board.slug, inspection.pk])
    assert client.get(theirs).status_code == 404


def test_add_and_edit_with_the_edit_guard(client, login, manager, board):
    login(client, manager)
    response = client.post(
        reverse("inspections:add", args=[board.slug]),
        {
            "inspection_type": "jtai",
            "started_on": "2026-03-02",
            "report_received_on": "2026-02-01",
            "summary": "",
        },
    )
    assert "cannot be before the inspection started" in response.content.decode()
    client.post(
        reverse("inspections:add", args=[board.slug]),
        {"inspection_type": "jtai", "started_on": "2026-03-02", "summary": "Neglect"},
    )
    inspection = Inspection.objects.get(board=board)
    edit = reverse("inspections:edit", args=[board.slug, inspection.pk])
    loaded = inspection.revision
    data = {"inspection_type": "jtai", "started_on": "2026-03-02", "revision": loaded}
    assert client.post(edit, {**data, "summary": "First"}).status_code == 302
    assert client.post(edit, {**data, "summary": "Stale"}).status_code == 409
    inspection.refresh_from_db()
    assert inspection.summary == "First"


def test_demo_inspection_has_a_running_clock_a_judgement_a_finding_and_an_action(db):
    import holidays
    from django.utils import timezone

    from scrutiny.demo.inspections import create_demo_inspection
    from scrutiny.demo.region import create_demo_region

    inspection = create_demo_inspection(create_demo_region())
    (clock,) = services.clocks(inspection)
    today = timezone.localdate()
    bank = holidays.UK(subdiv="ENG", years=range(today.year - 1, today.year + 2))

    def count(start, end):  # weekdays after start up to end, bank holidays left out
        days = (start + datetime.timedelta(days=n) for n in range(1, (end - start).days + 1))
        return sum(1 for d in days if d.weekday() < 5 and d not in bank)

    # Received 15 working days before today (14 when today is a weekend day).
    assert count(inspection.report_received_on, today) in (14, 15)
    assert count(inspection.report_received_on, clock.due) == 30
    assert clock.working_days_left == count(today, clock.due) and clock.state == "open"
    assert inspection.judgements.count() == 1
    finding = Finding.objects.get(board=inspection.board)
    assert Action.objects.get().source_id == finding.pk


def test_the_inspections_list_is_kept_until_the_region_changes(
    client, login, make_user, manager, board, inspection, django_assert_num_queries
):
    url = reverse("inspections:list", args=[board.slug])
    add = reverse("inspections:add", args=[board.slug])
    viewer = make_user(Role.VIEWER, board=board)  # before the visits: a new role is a change
    login(client, manager)
    client.get(url)  # warm: the session, content types
    cache.clear()
    # 1 session, 2 user, 3 two-factor device, 4 the grants with their boards, 5 the region's
    # data version; then the inspections and their judgements
    # Shown again with nothing changed, the same page from what was kept: queries 1-5 only.
    afresh = get_page_afresh_and_kept(
        client, url, BOARD_PAGE + 3, BOARD_PAGE + 1, django_assert_num_queries
    )
    assert add in afresh.content.decode()
    login(client, viewer)  # other grants: drawn for them, without the add button
    page = client.get(url).content.decode()
    assert inspection.get_absolute_url() in page and add not in page
    assert "No clock yet" not in page
    inspection.report_received_on = None
    inspection.save()  # a change shows at once: no report, no clocks
    assert "No clock yet" in client.get(url).content.decode()
