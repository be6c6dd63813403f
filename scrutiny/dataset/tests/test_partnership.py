"""A partnership over several local authorities: the list of authorities, each authority's
figures kept apart by the CIN census's LA number, and the partnership's pooled figure."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.dataset.disproportionality import breakdowns_for
from scrutiny.dataset.models import IndicatorValue, LocalAuthority, ValueSource
from scrutiny.dataset.statutory import synthetic
from scrutiny.dataset.statutory.service import compute_cin
from scrutiny.jobs.tests.helpers import through_job
from scrutiny.people.models import Role


@pytest.fixture
def manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board)


@pytest.fixture
def areas(board):
    return (
        LocalAuthority.objects.create(
            board=board, code="E06000001", name="Ashby", census_code="801"
        ),
        LocalAuthority.objects.create(
            board=board, code="E06000002", name="Brook", census_code="802"
        ),
    )


def upload(client, board, xml):
    response = through_job(
        client,
        client.post(
            reverse("dataset:statutory", args=[board.slug]),
            {
                "kind": "cin",
                "population": "10000",
                "files": [SimpleUploadedFile("census.xml", xml)],
            },
        ),
    )
    if response.status_code != 302:
        return response
    return client.post(response["Location"], {"action": "confirm"}, follow=True)


def figures(xml):
    """The file's own values, computed on their own: (numerator, denominator) by key."""
    result = compute_cin([("census.xml", xml)], population=10_000)
    return {(v.indicator, v.period): (v.numerator, v.denominator) for v in result.values}


def test_each_authoritys_census_is_kept_apart_and_the_pool_set_once_all_are_in(
    client, login, manager, board, areas
):
    login(client, manager)
    first = synthetic.cin_census(60, seed=11, lea="801")
    second = synthetic.cin_census(90, seed=12, lea="802")
    upload(client, board, first)
    ashby = IndicatorValue.with_areas.get(
        board=board, local_authority=areas[0], indicator__code="children-in-need"
    )
    assert ashby.numerator == figures(first)[("children-in-need", "2023-24")][0]
    # one authority of two: no part-pool stands for the partnership
    assert not IndicatorValue.objects.filter(board=board).exists()
    upload(client, board, second)
    a, b = figures(first), figures(second)
    for code, period in [("cin-rate", "2023-24"), ("re-referrals-12m", "2023 Q3")]:
        pooled = IndicatorValue.objects.get(board=board, indicator__code=code, period_label=period)
        assert (pooled.numerator, pooled.denominator) == (
            a[(code, period)][0] + b[(code, period)][0],
            a[(code, period)][1] + b[(code, period)][1],
        )
        assert pooled.source == ValueSource.POOLED and pooled.local_authority is None
    # cin-rate pooled: both populations of 10,000 added
    rate = IndicatorValue.objects.get(board=board, indicator__code="cin-rate")
    assert rate.denominator == D(20_000)
    page = client.get(reverse("dataset:indicator", args=[board.slug, "children-in-need"]))
    html = page.content.decode()
    assert 'id="indicator-areas"' in html and "Ashby" in html and "Brook" in html
    total = a[("children-in-need", "2023-24")][0] + b[("children-in-need", "2023-24")][0]
    assert page.context["row"].latest == total
    table = client.get(reverse("dataset:data_set", args=[board.slug])).content.decode()
    assert "partnership, pooled" in table and table.count("area-figure") >= 2
    # the breakdowns pool too: each group's counts of both authorities added
    result = breakdowns_for(board, "children-in-need", "2023-24")
    assert result.dimensions[0].total == total


def test_a_census_of_another_council_is_refused(client, login, manager, board, areas):
    login(client, manager)
    response = upload(client, board, synthetic.cin_census(10, seed=3, lea="999"))
    html = response.content.decode()
    assert "LA number 999, which is none of Alpha" in html
    assert not IndicatorValue.with_areas.exists()


def test_a_board_with_no_authorities_keeps_one_figure(client, login, manager, board):
    login(client, manager)
    upload(client, board, synthetic.cin_census(10, seed=3, lea="999"))
    assert IndicatorValue.objects.filter(board=board).exists()
    assert not IndicatorValue.with_areas.filter(local_authority__isnull=False).exists()


def test_the_list_of_authorities(client, login, manager, make_user, board, other_board):
    url = reverse("dataset:local_authorities", args=[board.slug])
    login(client, make_user(Role.VIEWER, board=board))
    assert client.get(url).status_code == 403
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    assert client.get(url).status_code == 404
    login(client, manager)
    refused = client.post(url, {"name": "Ashby", "code": "Ashby", "census_code": "8"})
    assert "like E06000023" in refused.content.decode()
    assert "3-digit LA number" in refused.content.decode()
    assert (
        client.post(url, {"name": "Ashby", "code": "e06000001", "census_code": "801"}).status_code
        == 302
    )
    area = LocalAuthority.objects.get(board=board)
    assert area.code == "E06000001"
    again = client.post(url, {"name": "Ashby again", "code": "E06000001", "census_code": ""})
    assert "is already one of the board" in again.content.decode()
    edit = reverse("dataset:local_authority_edit", args=[board.slug, area.pk])
    assert (
        client.post(
            edit,
            {"name": "Ashby Council", "code": "E06000001", "census_code": "801", "revision": "0"},
        ).status_code
        == 302
    )
    stale = client.post(
        edit, {"name": "Old name", "code": "E06000001", "census_code": "801", "revision": "0"}
    )
    assert stale.status_code == 409
    area.refresh_from_db()
    assert area.name == "Ashby Council"
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    assert client.get(edit).status_code == 404


def test_a_spreadsheet_keeps_each_authoritys_figures_and_pools_them(
    client, login, manager, board, areas
):
    login(client, manager)
    csv = (
        b"indicator,period,numerator,denominator,agency,local_authority\n"
        b"re-referrals-12m,2024 Q1,12,60,,E06000001\n"
        b"re-referrals-12m,2024 Q1,8,40,,e06000002\n"
        b"missing-episodes,2024 Q1,7,,,E06000001\n"
    )
    response = through_job(
        client,
        client.post(
            reverse("dataset:import", args=[board.slug]),
            {"file": SimpleUploadedFile("values.csv", csv, content_type="text/csv")},
        ),
    )
    assert response.status_code == 302
    client.post(response["Location"], {"action": "confirm"})
    assert IndicatorValue.with_areas.filter(local_authority__isnull=False).count() == 3
    pooled = IndicatorValue.objects.get(board=board, indicator__code="re-referrals-12m")
    assert (pooled.numerator, pooled.denominator) == (D(20), D(100))  # 12 + 8 over 60 + 40
    # only one authority's missing episodes: no pooled figure yet
    assert not IndicatorValue.objects.filter(indicator__code="missing-episodes").exists()
    unknown = through_job(
        client,
        client.post(
            reverse("dataset:import", args=[board.slug]),
            {
                "file": SimpleUploadedFile(
                    "values.csv",
                    b"indicator,period,numerator,denominator,local_authority\n"
                    b"missing-episodes,2024 Q1,3,,E09999999\n",
                    content_type="text/csv",
                )
            },
        ),
    )
    assert "is not one of Alpha" in unknown.content.decode()
