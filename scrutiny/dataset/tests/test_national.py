"""Published DfE figures loaded by a region, statistical neighbours, and the comparison a board
sees beside its own value. Expected values are worked out by hand from the small files here."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.dataset.models import IndicatorValue, NationalFigure, StatisticalNeighbour
from scrutiny.dataset.national import parse_dfe_csv, period_from_time_period
from scrutiny.library.models import IndicatorDefinition
from scrutiny.people.models import Role

HEADER = "time_period,time_identifier,geographic_level,country_code,new_la_code,la_name,old_la_code,percent\n"
GOOD = HEADER + (
    "202324,Financial year,National,E92000001,,,,22.4\n"
    "202324,Financial year,Regional,E92000001,,,,21.0\n"
    "202324,Financial year,Local authority,E92000001,E08000025,Birmingham,330,20.0\n"
    "202324,Financial year,Local authority,E92000001,E08000026,Coventry,331,26.0\n"
    "202324,Financial year,Local authority,E92000001,E08000027,Dudley,332,c\n"
    "202324,Financial year,Local authority,E92000001,E08000028,Sandwell,333,31.0\n"
)


def rereferrals():
    return IndicatorDefinition.objects.get(
        template__code="common-data-set", code="re-referrals-12m"
    )


def upload(text, name="la_children_in_need.csv"):
    return SimpleUploadedFile(name, text.encode())


@pytest.fixture
def admin(make_user, region):
    return make_user(Role.REGIONAL_ADMIN, region=region)


def load(client, region, text, name="la_children_in_need.csv"):
    return client.post(
        reverse("dataset:region_national_figures", args=[region.slug]),
        {"indicator": rereferrals().pk, "value_column": "percent", "file": upload(text, name)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("raw", "label"),
    [("202324", "2023-24"), ("199900", "1999-00"), ("2023", None), ("202325", None)],
)
def test_time_period_is_a_financial_year(raw, label):
    assert period_from_time_period(raw) == label


def test_published_file_is_read_with_regional_rows_left_out_and_suppression_kept():
    parsed = parse_dfe_csv("f.csv", GOOD.encode(), "percent")
    assert parsed.problems == [] and parsed.skipped == 1
    by_code = {f.area_code: f for f in parsed.figures}
    assert by_code["E92000001"].value == D("22.4") and by_code["E92000001"].area_name == "England"
    assert by_code["E08000027"].value is None and by_code["E08000027"].suppressed == "c"
    assert {f.period_label for f in parsed.figures} == {"2023-24"}


def test_every_bad_row_is_named_and_nothing_is_loaded(client, login, admin, region):
    bad = HEADER + (
        "202324,Financial year,National,E92000001,,,,22.4\n"
        "2023,Financial year,Local authority,E92000001,E08000025,Birmingham,330,20\n"
        "202324,Financial year,Local authority,E92000001,X1,Coventry,331,26\n"
        "202324,Financial year,Local authority,E92000001,E08000027,Dudley,332,lots\n"
        "202324,Financial year,Local authority,E92000001,E08000028,Sandwell,333,31\n"
        "202324,Financial year,Local authority,E92000001,E08000028,Sandwell,333,32\n"
    )
    login(client, admin)
    page = load(client, region, bad, "bad.csv").content.decode()
    assert "Nothing was loaded: 4 problems" in page
    assert "bad.csv, row 3, column time_period: “2023” is not a year such as 202324" in page
    assert "bad.csv, row 4, column new_la_code" in page
    assert "bad.csv, row 5, column percent: “lots” is not a number" in page
    assert "bad.csv, row 7, column new_la_code: Sandwell 2023-24 is already on row 6" in page
    assert NationalFigure.objects.count() == 0


def test_a_file_without_the_value_column_names_its_columns(client, login, admin, region):
    login(client, admin)
    text = GOOD.replace(",percent\n", ",rate\n", 1)
    page = load(client, region, text).content.decode()
    assert "row 1, column percent: not among the file&#x27;s columns" in page
    assert NationalFigure.objects.count() == 0


def test_oversized_file_is_refused_before_reading(client, login, admin, region, settings):
    settings.SCRUTINY_MAX_IMPORT_MB = 1
    login(client, admin)
    padded = GOOD + "\n" * (1024 * 1024)
    page = load(client, region, padded).content.decode()
    assert "la_children_in_need.csv is 1.0 MB; the limit is 1 MB." in page
    assert NationalFigure.objects.count() == 0


def test_region_loads_and_a_board_sees_england_and_its_neighbours(
    client, login, admin, manager, region, board
):
    login(client, admin)
    page = load(client, region, GOOD).content.decode()
    assert "5 figures read from la_children_in_need.csv (5 new, 0 changed" in page
    assert NationalFigure.objects.filter(region=region).count() == 5
    # A reload with one changed value changes it, and says so.
    page = load(client, region, GOOD.replace("31.0", "30.0")).content.decode()
    assert "(0 new, 1 changed" in page

    login(client, manager)
    response = client.post(
        reverse("dataset:neighbours", args=[board.slug]),
        {"form": "neighbours", "la_code": "e08000025", "codes": "E08000026, E08000027\nE08000028"},
        follow=True,
    )
    assert "3 statistical neighbours saved" in response.content.decode()
    board.refresh_from_db()
    assert board.la_code == "E08000025"
    assert list(board.neighbours.values_list("la_code", flat=True)) == [
        "E08000026",
        "E08000027",
        "E08000028",
    ]
    IndicatorValue.objects.create(
        board=board,
        indicator=rereferrals(),
        period_label="2023-24",
        period_end="2024-03-31",
        numerator=D(45),
        denominator=D(200),
        source="manual",
    )
    page = client.get(reverse("dataset:indicator", args=[board.slug, "re-referrals-12m"]))
    national = page.context["national"]
    assert national.period_label == "2023-24" and national.england == D("22.4")
    assert national.own_la == D(20)
    # Coventry 26, Dudley suppressed, Sandwell 30: (26 + 30) / 2 = 28.
    assert national.neighbours_mean == D(28)
    text = page.content.decode()
    assert "Mean of statistical neighbours (unweighted)" in text and "Not published (c)" in text


def test_neighbour_codes_are_checked(client, login, manager, board):
    login(client, manager)
    page = client.post(
        reverse("dataset:neighbours", args=[board.slug]),
        {"form": "neighbours", "la_code": "", "codes": "E08000026\nBirmingham\nE08000026"},
    ).content.decode()
    assert "Code 2, “BIRMINGHAM”, is not a code such as E08000025" in page
    assert "Code 3, E08000026, is already in the list" in page
    assert StatisticalNeighbour.objects.count() == 0


def test_a_board_loads_only_what_it_compares_with(client, login, manager, board):
    StatisticalNeighbour.objects.create(board=board, la_code="E08000026")
    login(client, manager)
    client.post(
        reverse("dataset:neighbours", args=[board.slug]),
        {
            "form": "figures",
            "indicator": rereferrals().pk,
            "value_column": "percent",
            "file": upload(GOOD),
        },
    )
    assert sorted(NationalFigure.objects.values_list("area_code", flat=True)) == [
        "E08000026",
        "E92000001",
    ]


def test_who_may_load(client, login, make_user, region, board, far_board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("dataset:region_national_figures", args=[region.slug])
    assert client.get(url).status_code in (403, 404)
    login(client, make_user(Role.QA_MEMBER, board=board))
    assert client.get(reverse("dataset:neighbours", args=[board.slug])).status_code == 403
    login(client, make_user(Role.REGIONAL_ADMIN, region=far_board.region))
    assert client.get(url).status_code == 404


def test_indicator_page_queries_stay_constant_as_neighbours_grow(
    client, login, manager, board, region
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    IndicatorValue.objects.create(
        board=board,
        indicator=rereferrals(),
        period_label="2023-24",
        period_end="2024-03-31",
        numerator=D(45),
        denominator=D(200),
        source="manual",
    )
    url = reverse("dataset:indicator", args=[board.slug, "re-referrals-12m"])
    login(client, manager)

    def add_neighbours(first, last):
        for n in range(first, last):
            code = f"E0800{n:04d}"
            StatisticalNeighbour.objects.create(board=board, la_code=code, position=n)
            NationalFigure.objects.create(
                region=region,
                indicator=rereferrals(),
                period_label="2023-24",
                geographic_level="Local authority",
                area_code=code,
                area_name=f"Council {n}",
                value=D(20 + n),
                source_file="f.csv",
                value_column="percent",
            )

    add_neighbours(1, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_neighbours(2, 10)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["national"].neighbours) == 9
    assert len(many.captured_queries) == len(few.captured_queries)
