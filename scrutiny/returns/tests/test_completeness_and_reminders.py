import datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role
from scrutiny.returns.completeness import completeness
from scrutiny.returns.models import ReturnReminder, ReturnRequest
from scrutiny.returns.reminders import send_return_reminders
from scrutiny.returns.services import schedule_returns
from scrutiny.tenancy.models import Agency, BoardAgency

START, END = datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def four_agencies(region, board):
    agencies = []
    for name in ["A Police", "B Health", "C Schools", "D Housing"]:
        agency = Agency.objects.create(region=region, name=name, agency_type="other")
        BoardAgency.objects.create(board=board, agency=agency)
        agencies.append(agency)
    return agencies


@pytest.fixture
def quarter(board, four_agencies, manager):
    """Quarterly reports due 31 July: A on time, B late, C not received, D not received."""
    from scrutiny.library.models import FrameworkTemplate

    template = FrameworkTemplate.objects.get(code="quarterly-agency-report")
    schedule_returns(
        board=board,
        template=template,
        subject=None,
        period_label="2026 Q1",
        period_start=START,
        period_end=END,
        due_date=datetime.date(2026, 7, 31),
        agencies=four_agencies,
        requested_by=manager,
    )
    requests = {
        r.agency_return.agency.name: r
        for r in ReturnRequest.objects.select_related("agency_return__agency")
    }
    for name, day in [
        ("A Police", datetime.date(2026, 7, 30)),
        ("B Health", datetime.date(2026, 8, 10)),
    ]:
        ar = requests[name].agency_return
        ar.first_submitted_at = ar.submitted_at = at(day)
        ar.status = "submitted"
        ar.save()
    return requests


def test_completeness_counts_received_on_time_and_late(quarter, board):
    result = completeness(
        ReturnRequest.objects.filter(board=board), today=datetime.date(2026, 8, 15)
    )
    t = result.total
    assert (t.expected, t.received, t.on_time, t.late, t.outstanding) == (4, 2, 1, 3, 2)
    assert t.completeness == 50.0 and t.on_time_rate == 25.0
    assert result.by_agency["A Police"].on_time == 1
    assert result.by_agency["B Health"].late == 1 and result.by_agency["B Health"].received == 1
    # on the due date the two outstanding returns are not late yet; only B (received late) is
    on_due_date = completeness(
        ReturnRequest.objects.filter(board=board), today=datetime.date(2026, 7, 31)
    ).total
    assert (on_due_date.late, on_due_date.outstanding) == (1, 2)


def test_completeness_page_for_the_business_manager(client, login, manager, quarter, board):
    login(client, manager)
    page = client.get(reverse("returns:list", args=[board.slug]), {"period": "all"})
    content = page.content.decode()
    assert "Quarterly agency report" in content
    assert "50% complete" in content
    assert page.context["summary"].total.expected == 4


def test_the_list_shows_a_return_received_at_once(client, login, manager, quarter, board):
    """The drawn list is kept between views until anything in the region changes."""
    login(client, manager)
    url = reverse("returns:list", args=[board.slug])
    assert "50% complete" in client.get(url, {"period": "all"}).content.decode()
    assert "50% complete" in client.get(url, {"period": "all"}).content.decode()  # kept
    schools = ReturnRequest.objects.get(agency_return__agency__name="C Schools").agency_return
    schools.first_submitted_at = schools.submitted_at = at(datetime.date(2026, 8, 12))
    schools.status = "submitted"
    schools.save()
    assert "75% complete" in client.get(url, {"period": "all"}).content.decode()


def test_an_agency_lead_is_not_shown_the_list_kept_for_the_manager(
    client, login, make_user, manager, quarter, board, four_agencies
):
    url = reverse("returns:list", args=[board.slug])
    login(client, manager)
    everyone = client.get(url, {"period": "all"}).content.decode()
    assert "B Health" in everyone and "completeness-by-agency" in everyone
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=four_agencies[0]))
    own = client.get(url, {"period": "all"}).content.decode()
    assert "A Police" in own
    assert "B Health" not in own and "completeness-by-agency" not in own
    assert "Your agency&#x27;s returns" in own or "Your agency's returns" in own


def test_due_soon_and_overdue_reminders_go_to_the_agencys_leads(
    make_user, quarter, board, four_agencies, settings
):
    police, health, schools, housing = four_agencies
    lead = make_user(
        Role.AGENCY_LEAD, board=board, agency=schools, email="schools.lead@example.org"
    )
    make_user(Role.AGENCY_LEAD, board=board, agency=police, email="police.lead@example.org")
    due = datetime.date(2026, 7, 31)

    run = send_return_reminders(due - datetime.timedelta(days=settings.RETURN_REMINDER_DAYS_BEFORE))
    # A and B were received; C has a lead; D has nobody to remind
    assert (run.sent, run.skipped_no_lead) == (1, 1)
    (email,) = mail.outbox
    assert email.to == [lead.email]
    assert email.subject == "Due 31 July: Quarterly agency report for Alpha"
    assert "/b/alpha/returns/" in email.body

    mail.outbox.clear()
    assert send_return_reminders(due - datetime.timedelta(days=3)).sent == 0
    assert send_return_reminders(due + datetime.timedelta(days=1)).sent == 1
    assert mail.outbox[-1].subject == "Overdue: Quarterly agency report for Alpha"
    assert "1 day ago" in mail.outbox[-1].body
    assert send_return_reminders(due + datetime.timedelta(days=1)).sent == 0  # not twice in a day
    assert send_return_reminders(due + datetime.timedelta(days=8)).sent == 1  # weekly while overdue
    assert ReturnReminder.objects.count() == 3


def test_reminder_command(quarter, make_user, board, four_agencies, capsys):
    from django.core.management import call_command

    make_user(Role.AGENCY_LEAD, board=board, agency=four_agencies[2])
    call_command("send_return_reminders", "--date", "2026-08-01")
    assert (
        "1 reminder(s) sent; 1 return(s) have no agency lead to remind." in capsys.readouterr().out
    )


def test_the_list_shows_the_last_year_by_default(client, login, manager, board, four_agencies):
    from scrutiny.library.models import FrameworkTemplate

    template = FrameworkTemplate.objects.get(code="quarterly-agency-report")
    today = timezone.localdate()
    for label, due in [
        ("Old", today - datetime.timedelta(days=500)),
        ("Recent", today - datetime.timedelta(days=30)),
    ]:
        schedule_returns(
            board=board,
            template=template,
            subject=None,
            period_label=label,
            period_start=START,
            period_end=END,
            due_date=due,
            agencies=four_agencies[:1],
            requested_by=manager,
        )
    login(client, manager)
    url = reverse("returns:list", args=[board.slug])
    default = client.get(url).context["rows"]
    assert [row.request.period_label for row in default] == ["Recent"]
    everything = client.get(url, {"period": "all"}).context["rows"]
    assert len(everything) == 2
    assert [
        row.request.period_label for row in client.get(url, {"period": "Old"}).context["rows"]
    ] == ["Old"]


def test_only_returns_due_by_today_are_expected_and_later_ones_are_listed_apart(
    quarter, board, manager, four_agencies, client, login
):
    # Beside the quarter's four (due 31 July 2026), next year's annual return is asked of two
    # agencies, due 30 June 2027; one has already sent it.
    template = FrameworkTemplate.objects.get(code="quarterly-agency-report", owner_board=None)
    schedule_returns(
        board=board,
        template=template,
        subject=None,
        period_label="2026 Q2",
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
        due_date=datetime.date(2027, 6, 30),
        agencies=four_agencies[:2],
        requested_by=manager,
    )
    early = ReturnRequest.objects.get(
        agency_return__period_label="2026 Q2", agency_return__agency=four_agencies[0]
    ).agency_return
    early.first_submitted_at = early.submitted_at = at(datetime.date(2026, 8, 1))
    early.status = "submitted"
    early.save()
    result = completeness(ReturnRequest.objects.filter(board=board), datetime.date(2026, 8, 15))
    # By hand: 4 due (2 received, as before); the 2 due in 2027 are not expected yet.
    assert (result.total.expected, result.total.received) == (4, 2)
    assert result.total.completeness == 50.0
    assert len(result.due_later) == 2 and result.received_early == 1
    assert {key: t.expected for key, t in result.by_template.items()} == {
        (template.title, "2026 Q1"): 4
    }
    login(client, manager)
    with mock.patch(
        "scrutiny.returns.views.timezone.localdate", return_value=datetime.date(2026, 8, 15)
    ):
        page = client.get(reverse("returns:list", args=[board.slug]), {"period": "all"})
    text = page.content.decode()
    assert page.context["summary"].total.expected == 4
    assert "2 more asked for are due later (1 already received)" in text
    assert 'id="returns-due-later"' in text and 'id="completeness-by-template"' in text


def test_the_list_rows_link_each_return_and_say_when_it_came_and_its_status(
    client, login, manager, quarter, board
):
    login(client, manager)
    with mock.patch(
        "scrutiny.returns.views.timezone.localdate", return_value=datetime.date(2026, 8, 15)
    ):
        text = client.get(reverse("returns:list", args=[board.slug]), {"period": "all"})
    text = text.content.decode()
    table = text[text.index('id="returns-table"') :]
    a_police = quarter["A Police"].agency_return
    detail = reverse("returns:detail", args=[board.slug, a_police.pk])
    # A sent it the day before the due date (31 July), B ten days after it, C and D not at all.
    assert (
        f'<a class="govuk-link" href="{detail}">Quarterly agency report'
        '<span class="govuk-visually-hidden"> from A Police</span></a>'
    ) in table
    assert "30 Jul 2026 (on time)" in table and "10 Aug 2026 (late)" in table
    assert table.count("Not yet") == 2
    assert table.count('<strong class="govuk-tag govuk-tag--blue">Submitted</strong>') == 2
    assert table.count('<strong class="govuk-tag govuk-tag--red">Overdue</strong>') == 2


def test_the_list_shows_a_page_of_returns_and_counts_them_all(
    client, login, manager, quarter, board, four_agencies
):
    # Beside the quarter's four, seven earlier quarters asked of the same four: 32 returns,
    # all due by today, none received after the quarter's two.
    template = FrameworkTemplate.objects.get(code="quarterly-agency-report", owner_board=None)
    for n in range(1, 8):
        schedule_returns(
            board=board,
            template=template,
            subject=None,
            period_label=f"Earlier {n}",
            period_start=START - datetime.timedelta(days=100 * n),
            period_end=END - datetime.timedelta(days=100 * n),
            due_date=datetime.date(2026, 7, 31) - datetime.timedelta(days=100 * n),
            agencies=four_agencies,
            requested_by=manager,
        )
    login(client, manager)
    url = reverse("returns:list", args=[board.slug])
    with mock.patch(
        "scrutiny.returns.views.timezone.localdate", return_value=datetime.date(2026, 8, 15)
    ):
        first = client.get(url, {"period": "all"})
        second = client.get(url, {"period": "all", "page": 2})
    assert len(first.context["rows"]) == 25 and len(second.context["rows"]) == 7
    for page in (first, second):
        text = page.content.decode()
        assert "Every return due (32)" in text
        total = page.context["summary"].total
        assert (total.expected, total.received, total.on_time) == (32, 2, 1)
        assert ">32</span>expected by today" in text
    # the earliest due first: the oldest quarter's four open the first page
    assert {r.request.period_label for r in first.context["rows"][:4]} == {"Earlier 7"}
    assert {r.request.period_label for r in second.context["rows"]} == {"2026 Q1"} | {"Earlier 1"}
