"""One form schedules a return for every agency it applies to, for each period of a year."""

import datetime

import lxml.html
import pytest
from django.urls import reverse

from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role
from scrutiny.returns.models import AgencyReturn, ReturnRequest
from scrutiny.returns.yearly import plan_periods
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency

D = datetime.date


@pytest.fixture
def quarterly(db):
    return FrameworkTemplate.objects.get(code="quarterly-agency-report", owner_board=None)


@pytest.fixture
def schools(region, board):
    """An agency of the board the quarterly report does not apply to."""
    agency = Agency.objects.create(region=region, name="Schools", agency_type=AgencyType.SCHOOLS)
    BoardAgency.objects.create(board=board, agency=agency)
    return agency


def test_quarterly_periods_and_due_dates_by_the_rule():
    # worked by hand: 2026-27's quarters end 30 June, 30 September, 31 December, 31 March
    periods = plan_periods(2026, "quarter", 31)
    assert [(p.label, p.start, p.end, p.due) for p in periods] == [
        ("2026 Q2", D(2026, 4, 1), D(2026, 6, 30), D(2026, 7, 31)),
        ("2026 Q3", D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 31)),
        ("2026 Q4", D(2026, 10, 1), D(2026, 12, 31), D(2027, 1, 31)),
        ("2027 Q1", D(2027, 1, 1), D(2027, 3, 31), D(2027, 5, 1)),
    ]
    assert [(p.label, p.due) for p in plan_periods(2026, "year", 0)] == [
        ("2026-27", D(2027, 3, 31))
    ]


def inputs(response):
    """What the browser would send from the page's main form (ticked boxes only)."""
    form = lxml.html.fromstring(response.content).xpath("//main//form")[-1]
    data: dict[str, list[str]] = {}
    for i in form.xpath(".//input"):
        if i.get("type") in ("checkbox", "radio") and i.get("checked") is None:
            continue
        data.setdefault(i.get("name"), []).append(i.get("value") or "")
    return data


def set_date(data, name, day):
    """Type a date into the field, whichever date widget the form uses."""
    if name in data:
        data[name] = [day.isoformat()]
    else:  # the GOV.UK date input: day, month, year
        for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
            key = next(k for k in data if k.startswith(name) and k.endswith(part))
            data[key] = [str(value)]


def test_a_years_quarterly_returns_asked_of_every_agency_it_applies_to_once(
    client, login, make_user, board, agency, schools, quarterly
):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("returns:schedule_year", args=[board.slug])
    assert client.get(url).status_code == 200
    step_one = {"template": quarterly.pk, "year": 2026, "how_often": "quarter", "days_after": 31}
    confirm = client.post(url, step_one)
    assert confirm.status_code == 200
    assert ReturnRequest.objects.count() == 0  # nothing asked before confirming
    data = inputs(confirm)
    assert data["agencies"] == [str(agency.pk)]  # police ticked; schools not
    set_date(data, "due_2026_Q3", D(2026, 11, 6))  # the person moves one date
    done = client.post(url, data)
    assert done.status_code == 302
    asked = sorted(
        ReturnRequest.objects.filter(board=board).values_list(
            "agency_return__period_label", "agency_return__agency__name", "due_date"
        )
    )
    assert asked == [
        ("2026 Q2", "Test Police", D(2026, 7, 31)),
        ("2026 Q3", "Test Police", D(2026, 11, 6)),
        ("2026 Q4", "Test Police", D(2027, 1, 31)),
        ("2027 Q1", "Test Police", D(2027, 5, 1)),
    ]
    # run twice: the existing requests are listed and skipped, nothing is duplicated
    again = client.post(url, step_one)
    listed = lxml.html.fromstring(again.content).xpath("//ul[@id='already-asked']/li")
    assert len(listed) == 4 and "Test Police, 2026 Q3: due 6 November 2026" in [
        li.text_content().strip() for li in listed
    ]
    followed = client.post(url, inputs(again), follow=True)
    assert ReturnRequest.objects.count() == 4 and AgencyReturn.objects.count() == 4
    assert b"4 already asked, so not asked again" in followed.content


def test_only_those_who_schedule_returns_may(client, login, make_user, board):
    login(client, make_user(Role.VIEWER, board=board))
    assert client.get(reverse("returns:schedule_year", args=[board.slug])).status_code == 403


def test_a_due_date_before_its_period_starts_is_refused(
    client, login, make_user, board, agency, quarterly
):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("returns:schedule_year", args=[board.slug])
    step_one = {"template": quarterly.pk, "year": 2026, "how_often": "quarter", "days_after": 31}
    data = inputs(client.post(url, step_one))
    set_date(data, "due_2026_Q2", D(2026, 3, 1))
    refused = client.post(url, data)
    assert b"The 2026 Q2 return cannot be due before its period starts" in refused.content
    assert ReturnRequest.objects.count() == 0


def test_the_section_11_heat_map_names_its_columns(client, login, make_user, board, agency):
    from scrutiny.returns.services import schedule_returns

    s11 = FrameworkTemplate.objects.get(code="section-11-audit", owner_board=None)
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    schedule_returns(
        board=board,
        template=s11,
        subject=None,
        period_label="2026-27",
        period_start=D(2026, 4, 1),
        period_end=D(2027, 3, 31),
        due_date=D(2027, 1, 31),
        agencies=[agency],
        requested_by=manager,
    )
    login(client, manager)
    page = lxml.html.fromstring(
        client.get(reverse("returns:section_11", args=[board.slug])).content
    )
    headers = [
        " ".join(th.text_content().split())
        for th in page.xpath("//table[@id='section-11-heatmap']/thead//th")
    ]
    # the shipped Section 11 audit's first and last standards, from its YAML
    assert headers[0] == "Agency" and headers[-1] == "Overall"
    assert headers[1] == "1. Senior management commitment and accountability"
    assert headers[-2] == "8. Information sharing"
