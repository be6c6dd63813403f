"""Section 11 heat-map scores on known answers, inspection flags, and exports."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scrutiny.people.models import Role
from scrutiny.returns.comparison import agency_history, rating_matrix
from scrutiny.returns.models import Inspection, Inspectorate
from scrutiny.returns.services import schedule_returns

from .conftest import answers_post, edit_url, level

# Standard 1 has three statements: fully (100), partially (50), not met (0) -> 50%.
MIXED = {"s11-1-2": "partially-met", "s11-1-3": "not-met", "s11-8-1": "partially-met"}


@pytest.fixture
def submitted(client, login, lead, board, police_return, s11):
    login(client, lead)
    client.post(edit_url(board, police_return), answers_post(s11, intent="submit", below=MIXED))
    police_return.refresh_from_db()
    client.logout()
    return police_return


def test_scores_by_standard_on_known_answers(submitted, s11, agency, other_agency):
    sections, rows = rating_matrix(s11, [agency, other_agency], "2026-27")
    police, health = rows
    scores = {s.code: c.score for s, c in zip(sections, police.cells, strict=True)}
    assert scores["senior-management"] == pytest.approx(50.0)
    assert scores["information-sharing"] == pytest.approx(75.0)  # (50 + 100) / 2
    assert scores["training-supervision"] == pytest.approx(100.0)
    # overall is the mean of the eight standards
    assert police.overall == pytest.approx((50 + 100 * 6 + 75) / 8)
    assert health.agency_return is None and health.overall is None


def test_self_rating_higher_than_inspection_is_flagged(submitted, s11, board, agency):
    training = s11.sections.get(code="training-supervision")
    senior = s11.sections.get(code="senior-management")
    common = {
        "board": board,
        "agency": agency,
        "inspectorate": Inspectorate.HMICFRS,
        "inspected_on": datetime.date(2026, 5, 1),
    }
    disagree = Inspection.objects.create(
        section=training, judgement=level(s11, "partially-met"), **common
    )
    # self-rated 50% and found partially met (50%): no disagreement
    Inspection.objects.create(section=senior, judgement=level(s11, "partially-met"), **common)
    sections, (row,) = rating_matrix(s11, [agency], "2026-27", list(Inspection.objects.all()))
    flags = {s.code: c.flag for s, c in zip(sections, row.cells, strict=True)}
    assert flags["training-supervision"] == disagree
    assert flags["senior-management"] is None


def inspect_training_as_partly_met(board, agency, s11) -> Inspection:
    """HMICFRS found the agency's training and supervision partially met."""
    return Inspection.objects.create(
        board=board,
        agency=agency,
        section=s11.sections.get(code="training-supervision"),
        judgement=level(s11, "partially-met"),
        inspectorate=Inspectorate.HMICFRS,
        inspected_on=datetime.date(2026, 5, 1),
    )


def test_the_heat_map_shows_each_score_its_band_and_the_inspection_that_disagrees(
    submitted, s11, board, agency, other_agency, client, login, qa
):
    # Training and supervision self-rated 100% (Strong), the inspection found it partially
    # met; senior management self-rated 50% (Partly met); the other agency asked for nothing.
    inspect_training_as_partly_met(board, agency, s11)
    login(client, qa)
    text = client.get(reverse("returns:section_11", args=[board.slug])).content.decode()
    police = text[text.index(">Test Police</a></th>") :]
    police = police[: police.index("</tr>")]
    assert police.count('<td class="govuk-table__cell">') == 8 + 1  # eight standards, overall
    assert (
        '<strong class="govuk-tag govuk-tag--yellow">50%'
        '<span class="govuk-visually-hidden"> Partly met</span></strong>'
    ) in police
    assert (
        '<strong class="govuk-tag govuk-tag--green">100%'
        '<span class="govuk-visually-hidden"> Strong</span></strong>'
        '<br><span class="govuk-body-s scrutiny-flag">⚑ Inspection: Partially met</span>'
    ) in police
    assert police.count("scrutiny-flag") == 1
    health = text[text.index(">Test Health Trust</a></th>") :]
    health = health[: health.index("</tr>")]
    assert health.count('<span class="govuk-visually-hidden">not rated</span>') == 8
    assert "Not asked" in health


def test_agency_history_across_years(submitted, s11, board, agency, manager, lead, client, login):
    schedule_returns(
        board=board,
        template=s11,
        subject=None,
        period_label="2027-28",
        period_start=datetime.date(2027, 4, 1),
        period_end=datetime.date(2028, 3, 31),
        due_date=datetime.date(2027, 12, 31),
        agencies=[agency],
        requested_by=manager,
    )
    later = agency.returns.get(period_label="2027-28")
    login(client, lead)
    client.post(edit_url(board, later), answers_post(s11, intent="submit"))
    periods, rows = agency_history(s11, agency)
    assert periods == ["2026-27", "2027-28"]
    senior = {s.code: [c.score for c in cells] for s, cells in rows}["senior-management"]
    assert senior == [pytest.approx(50.0), pytest.approx(100.0)]


def test_comparison_page_and_its_exports(client, login, qa, submitted, board):
    login(client, qa)
    page = client.get(reverse("returns:section_11", args=[board.slug]))
    assert b"Test Police" in page.content and b"50%" in page.content
    workbook = load_workbook(
        io.BytesIO(
            client.get(reverse("returns:section_11", args=[board.slug]), {"format": "xlsx"}).content
        )
    )
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert header[0] == "Agency" and header[1] == "Senior management commitment and accountability"
    police_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Test Police")
    assert police_row[1] == 50
    pdf = client.get(reverse("returns:section_11", args=[board.slug]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")


def test_the_comparison_shows_a_new_inspection_at_once(
    client, login, qa, submitted, board, s11, agency
):
    """The drawn comparison is kept between views until anything in the region changes."""
    login(client, qa)
    url = reverse("returns:section_11", args=[board.slug])
    before = client.get(url).content.decode()
    assert "scrutiny-flag" not in before
    assert client.get(url).content.decode().count("Test Police") == before.count("Test Police")
    inspect_training_as_partly_met(board, agency, s11)
    after = client.get(url).content.decode()
    assert "⚑ Inspection: Partially met" in after
    assert "Inspection findings recorded" in after and "Inspection findings recorded" not in before


def test_who_may_record_a_finding_is_not_kept_with_the_comparison(
    client, login, qa, make_user, submitted, board
):
    url = reverse("returns:section_11", args=[board.slug])
    login(client, qa)
    assert b"Record an inspection finding" in client.get(url).content
    login(client, make_user(Role.VIEWER, board=board))
    viewed = client.get(url).content
    assert b"Test Police" in viewed and b"Record an inspection finding" not in viewed
    login(client, qa)
    assert b"Record an inspection finding" in client.get(url).content


def test_return_exports(client, login, qa, submitted, board):
    login(client, qa)
    xlsx = client.get(reverse("returns:export", args=[board.slug, submitted.pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Section", "No.", "Question", "Answer")
    row_1_3 = next(r for r in rows if r[1] == "1.3")
    assert row_1_3[3] == "Not met" and row_1_3[5] == "Improve 1.3"
    pdf = client.get(reverse("returns:export", args=[board.slug, submitted.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF-")
    assert (
        client.get(reverse("returns:export", args=[board.slug, submitted.pk, "docx"])).status_code
        == 404
    )


def test_spreadsheet_text_that_looks_like_a_formula_stays_text():
    from scrutiny.core.exporters import Sheet, xlsx

    export = xlsx(
        "x.xlsx", [Sheet("S", ["A"], [['=HYPERLINK("http://evil")'], ["+1"], ["plain"], [5]])]
    )
    values = [
        r[0]
        for r in load_workbook(io.BytesIO(export.content)).active.iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert values == ['\'=HYPERLINK("http://evil")', "'+1", "plain", 5]


def test_draft_answers_never_reach_the_comparison(
    client, login, lead, board, police_return, s11, agency
):
    login(client, lead)
    client.post(edit_url(board, police_return), answers_post(s11, rated="not-met"))
    _, (row,) = rating_matrix(s11, [agency], "2026-27")
    assert all(c.score is None for c in row.cells)


def test_region_comparison_shows_every_agency_of_the_region(
    client, login, make_user, submitted, board, far_board, other_agency
):
    from scrutiny.tenancy.models import Agency

    Agency.objects.create(region=far_board.region, name="CANARY Far Police", agency_type="police")
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    page = client.get(reverse("returns:region_section_11", args=[board.region.slug]))
    assert b"Test Police" in page.content and b"Test Health Trust" in page.content
    assert b"CANARY" not in page.content
    assert (
        client.get(reverse("returns:region_section_11", args=[far_board.region.slug])).status_code
        == 404
    )


def test_a_board_is_credited_only_with_the_returns_it_asked_for(
    submitted, s11, board, other_board, other_agency, manager, client, login, lead
):
    # The health trust's return is asked for by the other board only.
    schedule_returns(
        board=other_board,
        template=s11,
        subject=None,
        period_label="2026-27",
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31),
        due_date=datetime.date(2026, 12, 31),
        agencies=[other_agency],
        requested_by=manager,
    )
    health_return = other_agency.returns.get()
    health_return.status = "submitted"
    health_return.save()
    _, (police, health) = rating_matrix(
        s11, [submitted.agency, other_agency], "2026-27", board=board
    )
    assert police.agency_return == submitted
    assert health.agency_return is None and health.overall is None
    _, (_, region_health) = rating_matrix(s11, [submitted.agency, other_agency], "2026-27")
    assert [b.short_name for b in region_health.requested_by] == [other_board.short_name]


def test_an_inspection_is_compared_only_with_the_same_periods_self_rating(
    submitted, s11, board, agency
):
    # Self-rated 100% on training; an inspection found "partially met", but in 2025, before the
    # 2026-27 return's period: it says nothing about that self-rating.
    Inspection.objects.create(
        board=board,
        agency=agency,
        inspectorate=Inspectorate.HMICFRS,
        inspected_on=datetime.date(2025, 11, 1),
        section=s11.sections.get(code="training-supervision"),
        judgement=level(s11, "partially-met"),
    )
    sections, (row,) = rating_matrix(s11, [agency], "2026-27", list(Inspection.objects.all()))
    assert all(c.flag is None for c in row.cells)


def test_heat_map_defaults_to_the_latest_submitted_period_with_a_selector(
    submitted, s11, board, agency, manager, client, login, qa
):
    schedule_returns(
        board=board,
        template=s11,
        subject=None,
        period_label="2027-28",
        period_start=datetime.date(2027, 4, 1),
        period_end=datetime.date(2028, 3, 31),
        due_date=datetime.date(2027, 12, 31),
        agencies=[agency],
        requested_by=manager,
    )  # asked for, not yet submitted
    login(client, qa)
    url = reverse("returns:section_11", args=[board.slug])
    page = client.get(url)
    assert page.context["period"] == "2026-27"
    assert page.context["periods"] == ["2027-28", "2026-27"]
    assert client.get(url, {"period": "2027-28"}).context["period"] == "2027-28"
    assert client.get(url, {"period": "1999-00"}).context["period"] == "2026-27"


@pytest.mark.parametrize("score", [0.0, 0.4, 12.5, 62.5, 66.66666666666667, 99.5, 100])
def test_a_heat_map_cell_shows_its_score_as_the_template_filter_would(score):
    from django.template import Context, Template

    from scrutiny.returns.comparison import Cell
    from scrutiny.returns.completeness import Tally

    shown = Template("{{ score|floatformat:0 }}").render(Context({"score": score}))
    assert f">{shown}%<span" in Cell(score).heatmap_cell()
    tally = Tally(expected=1000, received=round(score * 10))
    expected = Template("{{ c|floatformat:0 }}%").render(Context({"c": tally.completeness}))
    assert tally.percent == expected


def test_a_tally_with_nothing_expected_shows_no_percentage():
    from scrutiny.returns.completeness import Tally

    assert Tally().percent == "%"  # as `{{ None|floatformat:0 }}%`
