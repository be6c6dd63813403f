"""Annual reports on known data: figures, publishing freezes, versions, who may do what; and
the quarterly board pack's exception lists, with another board's records as canaries."""

import datetime
import io
import re
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.challenges.models import Challenge
from scrutiny.jobs.tests.helpers import file_bytes, job_download
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role
from scrutiny.plan.models import Risk
from scrutiny.questionnaires.models import Response
from scrutiny.reports import services
from scrutiny.reports.boardpack import board_pack, parse_quarter
from scrutiny.reports.models import (
    AnnualReport,
    NarrativeSection,
    ReportFrozen,
    Signatory,
    SignatoryRole,
)
from scrutiny.reports.render import gather_report
from scrutiny.returns.models import AgencyReturn, ReturnRequest

from .signoff import sign_and_publish

TODAY = datetime.date(2026, 11, 23)
YEAR = "2026-27"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def action(board, agency, title, due, status=ActionStatus.NOT_STARTED):
    a = Action.objects.create(
        region=board.region, agency=agency, title=title, due_date=due, source="other", status=status
    )
    a.boards.add(board)
    return a


def challenge(board, agency, issue, raised, closed=None):
    return Challenge.objects.create(
        board=board,
        to_agency=agency,
        issue=issue,
        raised_on=raised,
        response_due=raised + datetime.timedelta(days=28),
        closed_on=closed,
        outcome="Changed practice" if closed else "",
    )


def return_request(board, agency, due, submitted=None, period="2026 Q2"):
    template = FrameworkTemplate.objects.get(code="quarterly-agency-report", owner_board=None)
    agency_return = AgencyReturn.objects.create(
        template=template,
        agency=agency,
        period_label=period,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
        response=Response.objects.create(template=template),
        first_submitted_at=submitted,
    )
    return ReturnRequest.objects.create(board=board, agency_return=agency_return, due_date=due)


@pytest.fixture
def records(board, other_board, agency, other_agency):
    """Known exceptions on `board`, and canaries on `other_board`."""
    return {
        "overdue": action(board, agency, "Police: refresh training", datetime.date(2026, 9, 1)),
        "not_due": action(board, other_agency, "Health: audit notes", datetime.date(2027, 1, 1)),
        "done": action(
            board, agency, "Done already", datetime.date(2026, 8, 1), ActionStatus.COMPLETED
        ),
        "canary_action": action(other_board, agency, "CANARY action", datetime.date(2026, 5, 1)),
        "open": challenge(board, agency, "Why are referrals late?", datetime.date(2026, 7, 1)),
        "closed": challenge(
            board, other_agency, "Supervision", datetime.date(2026, 5, 1), datetime.date(2026, 8, 1)
        ),
        "canary_challenge": challenge(
            other_board, agency, "CANARY challenge", datetime.date(2026, 7, 1)
        ),
        "late": return_request(board, agency, datetime.date(2026, 8, 15)),
        "on_time": return_request(
            board,
            other_agency,
            datetime.date(2026, 8, 15),
            submitted=datetime.datetime(2026, 8, 1, tzinfo=datetime.UTC),
        ),
        "canary_return": return_request(other_board, agency, datetime.date(2026, 8, 15), None, "x"),
        "high": Risk.objects.create(
            board=board,
            title="Front door demand",
            cause="x",
            likelihood=4,
            impact=4,
            review_date=TODAY,
        ),
        "low": Risk.objects.create(
            board=board, title="Low risk", cause="x", likelihood=1, impact=2, review_date=TODAY
        ),
        "canary_risk": Risk.objects.create(
            board=other_board,
            title="CANARY risk",
            cause="x",
            likelihood=5,
            impact=5,
            review_date=TODAY,
        ),
    }


def test_board_pack_lists_exactly_the_exceptions_of_the_board(board, records):
    pack = board_pack(board, parse_quarter("2026 Q4"), TODAY)
    assert pack.as_of == TODAY
    assert pack.overdue_actions == [records["overdue"]]
    assert pack.open_challenges == [records["open"]]
    assert pack.late_returns == [records["late"]]
    assert pack.high_risks == [records["high"]]
    assert pack.red_indicators == []
    assert pack.exceptions == 4


def test_board_pack_of_an_earlier_quarter_is_as_at_its_end(board, records):
    pack = board_pack(board, parse_quarter("2026 Q2"), TODAY)
    assert pack.as_of == datetime.date(2026, 6, 30)
    assert pack.overdue_actions == []  # due 1 September
    assert pack.late_returns == []  # due 15 August
    assert pack.open_challenges == []  # raised 1 July


def test_board_pack_page_links_to_each_record_and_shows_no_other_board(
    client, login, make_user, board, records
):
    login(client, make_user(Role.LAY_MEMBER, board=board))
    url = reverse("reports:board_pack", args=[board.slug])
    content = client.get(url, {"quarter": "2026 Q4"}).content.decode()
    assert reverse("actions:detail", args=[board.slug, records["overdue"].pk]) in content
    assert reverse("challenges:detail", args=[board.slug, records["open"].pk]) in content
    assert reverse("returns:detail", args=[board.slug, records["late"].agency_return.pk]) in content
    assert "Front door demand" in content
    assert "Done already" not in content and "Low risk" not in content
    assert "CANARY" not in content
    build = reverse("reports:board_pack_file", args=[board.slug])
    pdf = job_download(client, client.post(build, {"quarter": "2026 Q4", "format": "pdf"}))
    assert file_bytes(pdf).startswith(b"%PDF")
    word = job_download(client, client.post(build, {"quarter": "2026 Q4", "format": "docx"}))
    word = Document(io.BytesIO(file_bytes(word)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Overdue actions" in text and "CANARY" not in text


def test_board_pack_page_shows_a_change_at_once(client, login, make_user, board, records):
    """The page is kept in the cache between views until anything in the region changes."""
    login(client, make_user(Role.CHAIR, board=board))
    url = reverse("reports:board_pack", args=[board.slug])
    first = client.get(url, {"quarter": "2026 Q4"}).content.decode()
    assert "Front door demand" in first and "Late again" not in first
    assert client.get(url, {"quarter": "2026 Q4"}).content.decode().count("Front door") == 1
    late = records["overdue"]
    late.pk, late.title = None, "Late again"
    late.save()
    late.boards.add(board)
    assert "Late again" in client.get(url, {"quarter": "2026 Q4"}).content.decode()


def test_board_pack_page_rows_show_each_exception_as_the_lists_do(
    client, login, make_user, board, records
):
    records["open"].escalation_level = 2
    records["open"].save()
    login(client, make_user(Role.CHAIR, board=board))
    with mock.patch("scrutiny.reports.views.timezone.localdate", return_value=TODAY):
        content = client.get(
            reverse("reports:board_pack", args=[board.slug]), {"quarter": "2026 Q4"}
        ).content.decode()

    def row(*cells):
        tds = "".join(f'<td class="govuk-table__cell">{cell}</td>' for cell in cells)
        return f'<tr class="govuk-table__row">{tds}</tr>'

    def a(href, text):
        return f'<a class="govuk-link" href="{href}">{text}</a>'

    slug = board.slug
    # the action has no owner; the return was never received; the challenge was raised on
    # 1 July with 28 days to answer; the risk scores 4 × 4
    overdue = records["overdue"]
    action_url = reverse("actions:detail", args=[slug, overdue.pk])
    assert row(a(action_url, overdue.title), "Test Police", "–", "1 Sep 2026") in content
    late = reverse("returns:detail", args=[slug, records["late"].agency_return_id])
    assert (
        row(a(late, "Quarterly agency report 2026 Q2"), "Test Police", "15 Aug 2026", "Not yet")
        in content
    )
    challenge_url = reverse("challenges:detail", args=[slug, records["open"].pk])
    assert (
        row(
            "1 Jul 2026",
            "Test Police",
            a(challenge_url, "Why are referrals late?"),
            "29 Jul 2026",
            "Level 2",
        )
        in content
    )
    risks = reverse("plan:risks", args=[slug]) + "#risk-table"
    assert row(a(risks, "Front door demand"), "16 (high)", "23 Nov 2026") in content


def test_board_pack_late_returns_count_only_this_quarters_late_receipts(board, agency):
    def received(day):
        return datetime.datetime(*day, 12, tzinfo=datetime.UTC)

    late_now = return_request(
        board, agency, datetime.date(2026, 10, 1), received((2026, 10, 2)), "a"
    )
    return_request(board, agency, datetime.date(2026, 5, 1), received((2026, 5, 9)), "b")
    return_request(board, agency, datetime.date(2026, 10, 5), received((2026, 10, 5)), "c")
    outstanding = return_request(board, agency, datetime.date(2026, 3, 1), None, "d")
    pack = board_pack(board, parse_quarter("2026 Q4"), TODAY)
    # still outstanding from March; received a day late in this quarter (not: late in May,
    # or on the due day)
    assert pack.late_returns == [outstanding, late_now]
    assert pack.late_count == 2


def test_board_pack_page_shows_the_first_rows_with_the_count_and_the_files_list_all(
    client, login, make_user, board, agency, records, monkeypatch
):
    monkeypatch.setattr("scrutiny.reports.views.PAGE_ROWS", 2)
    more = [action(board, agency, f"Overdue {n}", datetime.date(2026, 10, n)) for n in (1, 2)]
    login(client, make_user(Role.CHAIR, board=board))
    url = reverse("reports:board_pack", args=[board.slug])
    content = client.get(url, {"quarter": "2026 Q4"}).content.decode()
    assert "Overdue actions (3)" in content
    assert "The first 2 of 3 overdue actions" in content
    assert reverse("actions:tracker", args=[board.slug]) + "?overdue=yes" in content
    shown = [a for a in [records["overdue"], *more] if f">{a.title}</a>" in content]
    assert shown == [records["overdue"], more[0]]  # by due date: 1 September, 1 October
    assert ": 6 in all." in content  # 3 overdue actions + 1 challenge, late return, high risk

    pack = board_pack(board, parse_quarter("2026 Q4"), TODAY)  # what the files list
    assert pack.overdue_actions == [records["overdue"], *more]
    assert pack.exceptions == 6


def test_board_pack_names_a_bad_quarter(client, login, make_user, board):
    login(client, make_user(Role.CHAIR, board=board))
    response = client.get(reverse("reports:board_pack", args=[board.slug]), {"quarter": "Q9"})
    assert response.status_code == 200
    assert "Quarter: &#x27;Q9&#x27; is not a quarter like 2026 Q3" in response.content.decode()


def test_agency_leads_do_not_see_the_board_pack(client, login, make_user, board, agency):
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    assert client.get(reverse("reports:board_pack", args=[board.slug])).status_code == 403


def test_board_pack_queries_do_not_grow_with_the_data(client, login, make_user, board, agency):
    login(client, make_user(Role.CHAIR, board=board))
    url = reverse("reports:board_pack", args=[board.slug])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"quarter": "2026 Q4"}).status_code == 200
        return len(captured)

    def add(start: int, n: int) -> None:
        for i in range(start, start + n):
            action(board, agency, f"Late {i}", datetime.date(2026, 1, 1))
            challenge(board, agency, f"Open {i}", datetime.date(2026, 7, 1))
            return_request(board, agency, datetime.date(2026, 8, 1), period=f"p{i}")

    add(0, 1)
    small = queries()
    add(1, 6)
    assert queries() == small


# --- the annual report ----------------------------------------------------------------------


def test_figures_count_this_board_and_year_only(board, records):
    report = services.start_report(board, YEAR, None)
    sections = gather_report(report, TODAY)["sections"]
    assert sections["challenges"]["figures"] == {
        "raised": 2,
        "closed": 1,
        "escalated": 0,
        "open_at_year_end": 1,
    }
    assert [row[2] for row in sections["challenges"]["tables"][0]["rows"]] == ["Supervision"]
    assert sections["priorities"]["figures"]["actions_due_in_year"] == 3
    assert "CANARY" not in str(sections)


def test_start_refuses_a_bad_or_repeated_year(client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("reports:start", args=[board.slug])
    bad = client.post(url, {"year": "2026"})
    assert "Financial year: &#x27;2026&#x27; is not a financial year like 2026-27" in (
        bad.content.decode()
    )
    assert client.post(url, {"year": YEAR}).status_code == 302
    again = client.post(url, {"year": YEAR})
    assert "There is already an annual report for 2026-27" in again.content.decode()
    assert AnnualReport.objects.filter(board=board).count() == 1


def test_manager_writes_narrative_and_publishing_freezes_everything(
    client, login, make_user, board, agency, records
):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, manager)
    report = services.start_report(board, YEAR, manager)
    narrative_url = reverse("reports:narrative", args=[board.slug, report.pk, "challenges"])
    assert client.get(narrative_url).status_code == 200
    client.post(narrative_url, {"text": "The challenge on supervision changed practice."})
    assert report.narratives.get(section_key="challenges").text.startswith("The challenge")

    sign_and_publish(report, manager, TODAY)
    report.refresh_from_db()
    assert report.is_published and report.figures["sections"]["challenges"]["figures"]["raised"]
    pdf_before = report.pdf.read()
    assert pdf_before.startswith(b"%PDF")
    word = Document(report.docx.open("rb"))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "11. Challenge log successes" in headings

    # The records change; the published report does not.
    challenge(board, agency, "Closed after publication", TODAY, closed=datetime.date(2026, 11, 22))
    live = gather_report(report, TODAY)["sections"]["challenges"]
    assert live["figures"]["closed"] == 2 and "Closed after publication" in str(live)
    page = client.get(reverse("reports:report", args=[board.slug, report.pk]))
    assert report.figures["sections"]["challenges"]["figures"]["closed"] == 1
    assert "Supervision" in page.content.decode()
    assert "Closed after publication" not in page.content.decode()
    download = client.get(reverse("reports:download", args=[board.slug, report.pk, "pdf"]))
    assert b"".join(download.streaming_content) == pdf_before

    # Editing is refused, through the page and underneath it.
    response = client.post(narrative_url, {"text": "Rewritten"})
    assert response.status_code == 302
    assert report.narratives.get(section_key="challenges").text.startswith("The challenge")
    with pytest.raises(ReportFrozen):
        services.save_narrative(report, "challenges", "Rewritten", manager)
    with pytest.raises(ReportFrozen):
        NarrativeSection.objects.create(report=report, section_key="audits", text="x")
    report.year = "2025-26"
    with pytest.raises(ReportFrozen):
        report.save()
    with pytest.raises(ReportFrozen):
        services.publish(report, manager, TODAY, confirmed=True)


def test_corrections_are_a_new_version_with_the_narrative_carried_over(
    client, login, make_user, board
):
    manager = make_user(Role.CHAIR, board=board)
    login(client, manager)
    report = services.start_report(board, YEAR, manager)
    services.save_narrative(report, "introduction", "Our year.", manager)
    sign_and_publish(report, manager, TODAY)
    response = client.post(reverse("reports:new_version", args=[board.slug, report.pk]))
    draft = AnnualReport.objects.get(board=board, version=2)
    assert response["Location"] == reverse("reports:report", args=[board.slug, draft.pk])
    assert not draft.is_published
    assert draft.narratives.get(section_key="introduction").text == "Our year."
    client.post(reverse("reports:new_version", args=[board.slug, report.pk]))
    assert AnnualReport.objects.filter(board=board).count() == 2  # one draft at a time


def test_drafts_are_for_writers_and_published_reports_for_every_member(
    client, login, make_user, board, agency, other_board
):
    report = services.start_report(board, YEAR, None)
    url = reverse("reports:report", args=[board.slug, report.pk])
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    login(client, lead)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("reports:download", args=[board.slug, report.pk, "pdf"])).status_code
        == 404
    )
    narrative = reverse("reports:narrative", args=[board.slug, report.pk, "introduction"])
    assert client.get(narrative).status_code == 403
    assert client.post(reverse("reports:publish", args=[board.slug, report.pk])).status_code == 403
    sign_and_publish(report, None, TODAY)
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("reports:list", args=[board.slug])).content.count(
            b"Annual report 2026-27"
        )
        == 1
    )
    # Another board's member never reaches it.
    login(client, make_user(Role.CHAIR, board=other_board))
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("reports:report", args=[other_board.slug, report.pk])).status_code == 404
    )


def test_unknown_section_is_not_found(client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    report = services.start_report(board, YEAR, None)
    url = reverse("reports:narrative", args=[board.slug, report.pk, "nonsense"])
    assert client.get(url).status_code == 404


def test_report_list_kept_starts_a_report_with_the_persons_own_token(login, make_user, board):
    """The kept list's start form carries the person's own CSRF token (put in at each
    showing), so a browser's request from the kept list is accepted, and the new report
    shows at once."""
    csrf_client = Client(enforce_csrf_checks=True)
    login(csrf_client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("reports:list", args=[board.slug])
    csrf_client.get(url)
    page = csrf_client.get(url).content.decode()  # kept
    assert "kept-page-token" not in page
    form = page[page.index(f'action="{reverse("reports:start", args=[board.slug])}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = csrf_client.post(
        reverse("reports:start", args=[board.slug]), {"csrfmiddlewaretoken": token, "year": YEAR}
    )
    assert response.status_code == 302
    assert f"Annual report {YEAR}" in csrf_client.get(url).content.decode()


def test_report_list_kept_shows_drafts_only_to_those_who_see_them(client, login, make_user, board):
    """Two viewers share their grants, but only the one named to sign sees the draft: the
    kept list varies by who sees drafts, as well as by grants (a manager sees the form)."""
    services.start_report(board, YEAR, None)
    url = reverse("reports:list", args=[board.slug])
    signer = make_user(Role.VIEWER, board=board)
    Signatory.objects.create(board=board, role=SignatoryRole.CHAIR, user=signer)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    assert "Start the report" in client.get(url).content.decode()
    login(client, signer)
    page = client.get(url).content.decode()
    assert f"Annual report {YEAR}" in page and "Start the report" not in page
    other = make_user(Role.VIEWER, board=board)
    login(client, other)
    page = client.get(url).content.decode()
    assert f"Annual report {YEAR}" not in page and "has been published yet" in page
    # Named to sign (an audited change), they see the draft at once.
    Signatory.objects.create(board=board, role=SignatoryRole.POLICE, user=other)
    assert f"Annual report {YEAR}" in client.get(url).content.decode()
