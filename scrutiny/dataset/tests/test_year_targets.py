"""A year's targets for every indicator on one page: the grid, copying, all-or-nothing, guard."""

from decimal import Decimal as D

import lxml.html
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from scrutiny.audit.models import AuditEntry
from scrutiny.dataset.models import Target
from scrutiny.dataset.tests.values import indicator
from scrutiny.people.models import Role

QUARTERLY = "assessments-45-days"  # quarterly percent
YEARLY = "children-in-need"  # yearly count
# 2026-27 by hand: April-June 2026 is calendar 2026 Q2; January-March 2027 is 2027 Q1.
QUARTERS_2026 = ["2026 Q2", "2026 Q3", "2026 Q4", "2027 Q1"]


def url(board, year=2026, extra=""):
    return reverse("dataset:year_targets", args=[board.slug]) + f"?year={year}{extra}"


def form_data(response):
    """What the browser would send: every input of the page's target form as shown."""
    page = lxml.html.fromstring(response.content)
    form = page.xpath("//form[.//table[@id='year-targets']]")[0]
    return {i.get("name"): i.get("value") or "" for i in form.xpath(".//input") if i.get("name")}


def cell(ind, label):
    return f"t-{ind.pk}-{label.replace(' ', '_')}"


def test_only_those_who_set_targets_reach_the_grid(client, login, make_user, board):
    login(client, make_user(Role.VIEWER, board=board))
    assert client.get(url(board)).status_code == 403
    assert client.post(url(board), {}).status_code == 403


def test_one_value_for_all_quarters_and_the_year_saved_at_once(client, login, manager, board):
    login(client, manager)
    page = client.get(url(board))
    assert page.status_code == 200
    data = form_data(page)
    q, y = indicator(QUARTERLY), indicator(YEARLY)
    # a quarterly indicator has a cell per quarter and none for the year; a yearly one the reverse
    assert all(cell(q, label) in data for label in QUARTERS_2026)
    assert cell(q, "2026-27") not in data and cell(y, "2026-27") in data
    assert cell(y, "2026 Q2") not in data
    data.update({f"all-{q.pk}": "80", f"tol-{q.pk}": "5", cell(y, "2026-27"): "1200"})
    response = client.post(url(board), data)
    assert response.status_code == 302
    saved = {
        (t.indicator.code, t.period_label): (t.target, t.tolerance) for t in Target.objects.all()
    }
    expected = {(QUARTERLY, label): (D(80), D(5)) for label in QUARTERS_2026}
    expected[(YEARLY, "2026-27")] = (D(1200), D(0))
    assert saved == expected
    # every target written is in the audit log
    kind = ContentType.objects.get_for_model(Target)
    assert AuditEntry.objects.filter(content_type=kind).count() == 5


def test_one_bad_cell_saves_nothing_and_names_indicator_and_period(client, login, manager, board):
    login(client, manager)
    data = form_data(client.get(url(board)))
    q, y = indicator(QUARTERLY), indicator(YEARLY)
    data.update({cell(q, "2026 Q2"): "70", cell(q, "2026 Q4"): "lots", cell(y, "2026-27"): "1.234"})
    response = client.post(url(board), data)
    assert response.status_code == 200
    assert Target.objects.count() == 0
    problems = lxml.html.fromstring(response.content).xpath("//ul[@id='target-problems']/li")
    texts = [p.text_content().strip() for p in problems]
    # in the data set's order: children in need comes before assessments
    assert texts == [
        f"{y.name}, 2026-27: the target must be a number with at most two decimal places",
        f"{q.name}, 2026-27 Q3: the target must be a number",
    ]
    # each problem links to its cell, and what was typed is kept
    assert problems[1].xpath(".//a/@href") == [f"#{cell(q, '2026 Q4')}"]
    assert form_data(response)[cell(q, "2026 Q2")] == "70"


def test_copy_last_years_targets_fills_empty_cells_without_saving(client, login, manager, board):
    q = indicator(QUARTERLY)
    for label, value in zip(
        ["2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1"], [60, 65, 70, 75], strict=True
    ):
        Target.objects.create(
            board=board, indicator=q, period_label=label, target=value, tolerance=3
        )
    Target.objects.create(board=board, indicator=q, period_label="2026 Q3", target=90)
    login(client, manager)
    data = form_data(client.get(url(board, extra="&copy=previous")))
    assert [data[cell(q, label)] for label in QUARTERS_2026] == ["60", "90", "70", "75"]
    assert Target.objects.count() == 5  # nothing saved by copying
    assert client.post(url(board), data).status_code == 302
    assert sorted(
        Target.objects.filter(period_label__in=QUARTERS_2026).values_list("period_label", "target")
    ) == [("2026 Q2", D(60)), ("2026 Q3", D(90)), ("2026 Q4", D(70)), ("2027 Q1", D(75))]


def test_a_target_changed_since_loading_is_reported_not_overwritten(
    client, login, manager, make_user, board
):
    q = indicator(QUARTERLY)
    target = Target.objects.create(board=board, indicator=q, period_label="2026 Q3", target=50)
    login(client, manager)
    data = form_data(client.get(url(board)))
    # someone else saves the same target after the page loaded
    other = make_user(Role.BUSINESS_MANAGER, board=board)
    other_client = client.__class__()
    login(other_client, other)
    theirs = form_data(other_client.get(url(board)))
    theirs[cell(q, "2026 Q3")] = "55"
    assert other_client.post(url(board), theirs).status_code == 302
    data.update({cell(q, "2026 Q3"): "60", cell(q, "2026 Q2"): "40"})
    response = client.post(url(board), data)
    assert response.status_code == 409
    target.refresh_from_db()
    assert target.target == D(55)
    assert not Target.objects.filter(period_label="2026 Q2").exists()  # all or nothing
    text = lxml.html.fromstring(response.content).xpath("//ul[@id='target-problems']")[0]
    assert "changed this target to 55 after you loaded the page" in text.text_content()
    # a target someone else added to an empty cell is not overwritten either
    data = form_data(client.get(url(board)))
    Target.objects.create(board=board, indicator=q, period_label="2026 Q4", target=1)
    data[cell(q, "2026 Q4")] = "2"
    assert client.post(url(board), data).status_code == 409
    assert Target.objects.get(period_label="2026 Q4").target == D(1)


def test_clearing_a_cell_removes_its_target(client, login, manager, board):
    q = indicator(QUARTERLY)
    Target.objects.create(board=board, indicator=q, period_label="2026 Q3", target=50)
    login(client, manager)
    data = form_data(client.get(url(board)))
    data[cell(q, "2026 Q3")] = ""
    assert client.post(url(board), data).status_code == 302
    assert not Target.objects.exists()


def test_variance_of_a_percentage_is_in_percentage_points():
    from scrutiny.dataset.measures import variance_words

    # by hand: 75% against a target of 80% is 5 points below, not 6.25% below
    assert variance_words("percent", D("75"), D("80")).shown == "\u22125.0 pp"
    assert variance_words("percent", D("83.24"), D("80")).shown == "+3.2 pp"
    assert variance_words("percent", D("83.24"), D("80")).spoken == (
        "3.2 percentage points above target"
    )
    assert variance_words("percent", D("80"), D("80")).spoken == "on target"
    # a count's variance stays relative: 90 against 120 is 25% below
    assert variance_words("count", D("90"), D("120")).shown == "\u221225%"
    assert variance_words("count", D("90"), None) is None


def test_data_set_page_shows_percentage_points(client, login, manager, board):
    from scrutiny.dataset.periods import parse_period
    from scrutiny.dataset.tests.values import hold

    q = indicator(QUARTERLY)
    hold(board, QUARTERLY, "2026 Q3", parse_period("2026 Q3", "quarter").end, 45, 60)  # 75%
    Target.objects.create(board=board, indicator=q, period_label="2026 Q3", target=80)
    login(client, manager)
    page = lxml.html.fromstring(client.get(reverse("dataset:data_set", args=[board.slug])).content)
    row = next(
        tr
        for tr in page.xpath("//table[@id='data-set-table']/tbody/tr")
        if q.name in tr.text_content()
    )
    assert "\u22125.0 pp" in row.text_content()
    assert "5.0 percentage points below target" in row.text_content()


def test_a_target_set_on_the_single_form_since_loading_is_not_overwritten(
    client, login, manager, board
):
    q = indicator(QUARTERLY)
    Target.objects.create(board=board, indicator=q, period_label="2026 Q3", target=50)
    login(client, manager)
    data = form_data(client.get(url(board)))
    single = reverse("dataset:targets", args=[board.slug])
    client.post(single, {"indicator": q.pk, "period": "2026 Q3", "target": "52", "tolerance": "0"})
    data[cell(q, "2026 Q3")] = "60"
    assert client.post(url(board), data).status_code == 409
    assert Target.objects.get().target == D(52)
