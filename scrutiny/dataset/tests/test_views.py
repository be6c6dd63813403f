"""Entering, importing and seeing the data set; targets; scorecards; who may do what."""

import io
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from scrutiny.dataset.board_data import board_rows
from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
from scrutiny.dataset.tests.values import indicator
from scrutiny.jobs.tests.helpers import through_job
from scrutiny.library.data_set import current_indicators
from scrutiny.library.models import IndicatorDefinition
from scrutiny.people.models import Role
from scrutiny.plan.models import Measure, Priority
from scrutiny.tenancy.models import Agency, AgencyType, Board, BoardAgency


def add(board, code, label, numerator, denominator=None):
    from scrutiny.dataset.periods import parse_period

    ind = indicator(code)
    return IndicatorValue.objects.create(
        board=board,
        indicator=ind,
        period_label=label,
        period_end=parse_period(label, ind.period).end,
        numerator=D(numerator),
        denominator=None if denominator is None else D(denominator),
        source=ValueSource.MANUAL,
    )


def csv_upload(text, name="values.csv"):
    return SimpleUploadedFile(name, text.encode())


def upload_and_confirm(client, board, upload):
    """Upload a file, then confirm its preview; the response is the result page."""
    preview = through_job(
        client, client.post(reverse("dataset:import", args=[board.slug]), {"file": upload})
    )
    assert preview.status_code == 302, preview.content.decode()[:2000]
    return client.post(preview["Location"], {"action": "confirm"}, follow=True)


def test_good_file_imports_every_row(client, login, manager, board):
    login(client, manager)
    text = (
        "indicator,period,numerator,denominator,agency\n"
        "assessments-45-days,2026 Q1,45,60,\n"
        "missing-episodes,2026 Q1,37,,\n"
    )
    response = upload_and_confirm(client, board, csv_upload(text))
    assert response.context["held"].outcome == {
        "new": 2,
        "changed": 0,
        "unchanged": 0,
        "left_out": 0,
    }
    values = {v.indicator.code: v.value for v in IndicatorValue.objects.all()}
    assert values == {"assessments-45-days": D(75), "missing-episodes": D(37)}


def test_a_bad_file_imports_nothing_and_names_every_bad_row(client, login, manager, board):
    login(client, manager)
    text = (
        "indicator,period,numerator,denominator,agency\n"
        "assessments-45-days,2026 Q1,45,60,\n"
        "no-such-thing,2026 Q1,1,,\n"
        "assessments-45-days,2026 Q5,45,60,\n"
        "assessments-45-days,2026 Q2,70,60,\n"
        "missing-episodes,2026 Q1,3,10,\n"
        "re-referrals-12m,2026 Q1,abc,,\n"
        "assessments-45-days,2026 Q1,40,60,\n"
        "missing-episodes,2026 Q2,5,,Nowhere Council\n"
    )
    response = through_job(
        client,
        client.post(reverse("dataset:import", args=[board.slug]), {"file": csv_upload(text)}),
    )
    problems = response.context["job"].result["problems"]
    assert b"Nothing was imported: 8 problems" in response.content
    assert problems == [
        "values.csv, row 3, indicator: 'no-such-thing' is not an indicator in the data set",
        "values.csv, row 4, period: '2026 Q5' is not a quarter like 2026 Q3 (or 2026-27 Q2)",
        "values.csv, row 5, numerator: 70 is more than the denominator 60",
        "values.csv, row 6, denominator: missing-episodes is a count: leave the denominator empty",
        "values.csv, row 7, numerator: 'abc' is not a number",
        "values.csv, row 7, denominator: re-referrals-12m needs a denominator (Referrals received)",
        "values.csv, row 8, period: assessments-45-days for 2026 Q1 is also in row 2",
        "values.csv, row 9, agency: 'Nowhere Council' does not serve Alpha",
    ]
    assert not IndicatorValue.objects.exists()


def test_xlsx_imports_too_and_the_template_downloads(client, login, manager, board):
    login(client, manager)
    template = client.get(reverse("dataset:import_template", args=[board.slug]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = Workbook()
    ws = wb.active
    ws.append(["indicator", "period", "numerator", "denominator"])
    ws.append(["section-47-rate", "2026 Q1", 120, 48000])
    buffer = io.BytesIO()
    wb.save(buffer)
    upload_and_confirm(client, board, SimpleUploadedFile("v.xlsx", buffer.getvalue()))
    assert IndicatorValue.objects.get().value == D(25)


def test_unreadable_files_are_explained(client, login, manager, board):
    login(client, manager)
    url = reverse("dataset:import", args=[board.slug])
    assert (
        b"is not a .csv or .xlsx file"
        in through_job(client, client.post(url, {"file": csv_upload("x", "v.txt")})).content
    )
    assert (
        b"has no column called numerator"
        in through_job(client, client.post(url, {"file": csv_upload("indicator,period\n")})).content
    )
    assert (
        b"is not a readable Excel file"
        in through_job(
            client, client.post(url, {"file": SimpleUploadedFile("v.xlsx", b"nope")})
        ).content
    )


def test_agency_lead_enters_only_their_agencys_indicators(client, login, make_user, board, region):
    police = Agency.objects.create(
        region=region, name="Alpha Police", agency_type=AgencyType.POLICE
    )
    BoardAgency.objects.create(board=board, agency=police)
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=police))
    url = reverse("dataset:enter", args=[board.slug])
    form = client.get(url).context["form"]
    codes = set(form.fields["indicator"].queryset.values_list("code", flat=True))
    assert "police-domestic-abuse-notifications" in codes and "assessments-45-days" not in codes
    ok = client.post(
        url,
        {
            "indicator": indicator("police-domestic-abuse-notifications").pk,
            "period": "2026 Q2",
            "numerator": "212",
        },
    )
    assert ok.status_code == 302
    saved = IndicatorValue.objects.get()
    assert saved.agency == police and saved.source == ValueSource.MANUAL
    refused = client.post(
        url,
        {
            "indicator": indicator("assessments-45-days").pk,
            "period": "2026 Q2",
            "numerator": "1",
            "denominator": "2",
        },
    )
    assert b"Select a valid choice" in refused.content
    assert IndicatorValue.objects.count() == 1


def test_viewer_cannot_enter_values(client, login, make_user, board):
    login(client, make_user(Role.VIEWER, board=board))
    assert client.get(reverse("dataset:enter", args=[board.slug])).status_code == 403
    assert client.get(reverse("dataset:targets", args=[board.slug])).status_code == 403


def test_data_set_page_shows_rag_trend_and_regional_rank(
    client, login, manager, board, other_board, far_board
):
    for label, n in [("2026 Q1", 30), ("2026 Q2", 40), ("2026 Q3", 45)]:
        add(board, "assessments-45-days", label, n, 60)
    add(other_board, "assessments-45-days", "2026 Q3", 54, 60)  # 90%: better than Alpha's 75%
    add(far_board, "assessments-45-days", "2026 Q3", 6, 60)  # another region: not compared
    Target.objects.create(
        board=board,
        indicator=indicator("assessments-45-days"),
        period_label="2026 Q3",
        target=D(80),
        tolerance=D(5),
    )
    login(client, manager)
    page = client.get(reverse("dataset:data_set", args=[board.slug])).content.decode()
    shown = page[page.index("Assessments completed within 45") :].split("</tr>")[0]
    assert "Amber" in shown
    rows = board_rows(board, list(current_indicators()))
    row = next(r for r in rows if r.indicator.code == "assessments-45-days")
    assert row.latest == D(75) and row.rag.word == "Amber"
    assert row.trend.words == "Up 2 periods, improving"
    assert (row.benchmark.rank, row.benchmark.of) == (2, 2)
    assert row.change == D(0.5)
    detail = client.get(reverse("dataset:indicator", args=[board.slug, "assessments-45-days"]))
    assert b"<svg" in detail.content and b"Beta" in detail.content and b"Far" not in detail.content


def test_the_data_set_table_shows_a_new_value_at_once(client, login, manager, board):
    """The table is kept in the cache between views until anything in the region changes."""
    login(client, manager)
    url = reverse("dataset:data_set", args=[board.slug])

    def shown() -> str:
        page = client.get(url).content.decode()
        return page[page.index("Assessments completed within 45") :].split("</tr>")[0]

    before = shown()
    assert shown() == before
    add(board, "assessments-45-days", "2026 Q3", 45, 60)
    assert "75.0%" in shown() and "75.0%" not in before


def test_the_indicator_page_shows_a_new_value_at_once(client, login, manager, board):
    """The page below its title is kept in the cache until anything in the region changes."""
    login(client, manager)
    url = reverse("dataset:indicator", args=[board.slug, "assessments-45-days"])
    before = client.get(url).content.decode()
    assert "75.0%" not in before
    add(board, "assessments-45-days", "2026 Q3", 45, 60)
    assert "75.0%" in client.get(url).content.decode()


def test_an_unknown_indicator_is_not_found_twice(client, login, manager, board):
    """A 404 is not kept: nothing is drawn for a code the data set lacks."""
    login(client, manager)
    url = reverse("dataset:indicator", args=[board.slug, "no-such-indicator"])
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_targets_are_set_by_the_manager(client, login, manager, board):
    login(client, manager)
    url = reverse("dataset:targets", args=[board.slug])
    bad = client.post(
        url,
        {
            "indicator": indicator("cp-plans-rate").pk,
            "period": "2026-27",
            "target": "40",
            "tolerance": "2",
        },
    )
    assert b"is not a quarter like 2026 Q3" in bad.content
    client.post(
        url,
        {
            "indicator": indicator("cp-plans-rate").pk,
            "period": "2026 Q3",
            "target": "40",
            "tolerance": "2",
        },
    )
    assert Target.objects.get().target == D(40)


def test_scorecard_groups_a_prioritys_indicators_by_oba(client, login, manager, board):
    import datetime

    priority = Priority.objects.create(
        board=board,
        title="Neglect",
        start_date=datetime.date(2026, 4, 1),
        end_date=datetime.date(2027, 3, 31),
    )
    Measure.objects.create(
        priority=priority,
        category="how_well",
        description="Timely assessments",
        indicator_code="assessments-45-days",
    )
    Measure.objects.create(
        priority=priority,
        category="better_off",
        description="Re-referrals",
        indicator_code="re-referrals-12m",
    )
    add(board, "assessments-45-days", "2026 Q3", 45, 60)
    login(client, manager)
    response = client.get(reverse("dataset:scorecard", args=[board.slug, priority.pk]))
    groups = {label: [r.indicator.code for r in rows] for label, rows in response.context["groups"]}
    assert groups == {
        "How much did we do?": [],
        "How well did we do it?": ["assessments-45-days"],
        "Is anyone better off?": ["re-referrals-12m"],
    }


def test_data_set_page_query_count_is_constant(client, login, manager, board, region):
    login(client, manager)
    url = reverse("dataset:data_set", args=[board.slug])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    add(board, "assessments-45-days", "2026 Q1", 45, 60)
    few = count()
    for i in range(5):
        other = Board.objects.create(
            region=region, name=f"Board {i}", short_name=f"B{i}", slug=f"b{i}"
        )
        for q in (1, 2, 3, 4):
            add(other, "assessments-45-days", f"2026 Q{q}", 40 + i, 60)
            add(other, "missing-episodes", f"2026 Q{q}", 10 + i)
            add(board, "missing-episodes", f"2025 Q{q}", 10 + i) if i == 0 else None
    assert count() == few


def test_reporting_completeness_per_agency(client, login, manager, board, region):
    import datetime

    from django.utils import timezone

    from scrutiny.dataset.completeness import data_completeness

    police = Agency.objects.create(
        region=region, name="Alpha Police", agency_type=AgencyType.POLICE
    )
    BoardAgency.objects.create(board=board, agency=police)
    police_codes = [
        i
        for i in IndicatorDefinition.objects.filter(template__code="common-data-set")
        if "police" in i.reported_by
    ]
    assert len(police_codes) == 4  # domestic abuse, protection powers, missing episodes, training
    on_time = add(board, "police-domestic-abuse-notifications", "2025 Q2", 200)
    late = add(board, "police-protection-powers", "2025 Q2", 4)
    IndicatorValue.objects.filter(pk=on_time.pk).update(
        entered_at=timezone.make_aware(datetime.datetime(2025, 7, 15))
    )
    IndicatorValue.objects.filter(pk=late.pk).update(
        entered_at=timezone.make_aware(datetime.datetime(2025, 9, 1))
    )
    periods = {"quarter": ["2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1"], "year": ["2025-26"]}
    indicators = list(IndicatorDefinition.objects.filter(template__code="common-data-set"))
    (row,) = data_completeness(board, indicators, periods, datetime.date(2026, 6, 1))
    assert (row.agency, row.expected, row.received, row.on_time) == ("Alpha Police", 16, 2, 1)
    # On 15 October 2025 only 2025 Q2 (due 30 July) has come due: 4 indicators × 1 quarter;
    # Q3 (due 30 October), Q4 and 2026 Q1 are counted apart, 4 × 3 = 12.
    (row,) = data_completeness(board, indicators, periods, datetime.date(2025, 10, 15))
    assert (row.expected, row.received, row.on_time, row.due_later) == (4, 2, 1, 12)
    assert row.completeness == 50.0
    login(client, manager)
    page = client.get(reverse("dataset:completeness", args=[board.slug]), {"year": "2025-26"})
    assert b"Alpha Police" in page.content


def test_completeness_shows_a_new_value_at_once(client, login, manager, make_user, board, region):
    """The drawn rows are kept between views until anything in the region changes; everyone
    who may see the board sees the same rows, each set of grants kept apart."""
    police = Agency.objects.create(
        region=region, name="Alpha Police", agency_type=AgencyType.POLICE
    )
    BoardAgency.objects.create(board=board, agency=police)
    url = reverse("dataset:completeness", args=[board.slug])

    def row() -> str:
        page = client.get(url, {"year": "2025-26"}).content.decode()
        return page[page.index("Alpha Police") :].split("</tr>")[0]

    login(client, manager)
    before = row()
    assert row() == before  # kept
    add(board, "police-domestic-abuse-notifications", "2025 Q2", 200)
    after = row()
    assert after != before
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=police))
    assert row() == after


def test_data_set_exports_as_csv_and_excel(client, login, manager, board):
    add(board, "assessments-45-days", "2026 Q1", 45, 60)
    login(client, manager)
    url = reverse("dataset:data_set", args=[board.slug])
    exported = client.get(url, {"format": "csv"})
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    text = exported.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Indicator,Unit,Period,Value")
    assert "Assessments completed within 45 working days,Percentage,2026 Q1,75.0" in text
    assert client.get(url, {"format": "xlsx"}).content[:2] == b"PK"


def test_csv_export_guards_against_formulas():
    from scrutiny.core.exporters import Sheet, csv_export

    content = csv_export(
        "x.csv", Sheet("S", ["A"], [["=cmd|' /C calc'!A0"], ["@SUM(1)"], ["plain"]])
    ).content.decode("utf-8-sig")
    assert content.splitlines()[1:] == ["'=cmd|' /C calc'!A0", "'@SUM(1)", "plain"]
