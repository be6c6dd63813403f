import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from scrutiny.core.lists import id_links, paginate, paginate_counted, slug_links
from scrutiny.tenancy.models import Board


@pytest.fixture
def boards(region):
    for n in range(7):
        Board.objects.create(region=region, name=f"Board {n}", short_name=f"B{n}", slug=f"b-{n}")
    return Board.objects.filter(region=region).order_by("name")


@pytest.mark.parametrize("asked", ["", "1", "2", "3", "9", "x", "-1"])
def test_paginate_counted_gives_the_page_paginate_gives(boards, asked):
    request = RequestFactory().get("/", {"page": asked, "q": "b"} if asked else {"q": "b"})
    counted, query = paginate_counted(request, boards, per_page=3)
    plain, plain_query = paginate(request, boards, per_page=3)
    assert [b.pk for b in counted.object_list] == [b.pk for b in plain.object_list]
    assert (counted.number, counted.paginator.count, counted.paginator.num_pages) == (
        plain.number,
        plain.paginator.count,
        plain.paginator.num_pages,
    )
    assert counted.elided == plain.elided and query == plain_query == "q=b"


def test_paginate_counted_reads_the_page_and_the_count_in_one_query(
    boards, django_assert_num_queries
):
    request = RequestFactory().get("/", {"page": "2"})
    with django_assert_num_queries(1):
        page, _ = paginate_counted(request, boards, per_page=3)
        total = page.paginator.count
    assert total == boards.count() == 7
    assert len(page.object_list) == 3 and page.has_next()


def test_paginate_counted_with_nothing_found(region):
    page, _ = paginate_counted(RequestFactory().get("/"), Board.objects.filter(pk=-1))
    assert page.paginator.count == 0 and list(page.object_list) == []


def test_id_links_give_each_id_the_address_reverse_gives():
    link = id_links("actions:detail", "alpha")
    for pk in (1, 42, 918273):
        assert link(pk) == reverse("actions:detail", args=["alpha", pk])
    raise_link = id_links("findings:raise_action", "beta")
    assert raise_link(7) == reverse("findings:raise_action", args=["beta", 7])
    # an id after other arguments, and the marker itself as a real id
    assert id_links("actions:evidence", "b1", 3)(12) == "/b/b1/actions/3/evidence/12/"
    assert link(918273645546372819) == "/b/alpha/actions/918273645546372819/"


def test_slug_links_give_each_slug_the_address_reverse_gives():
    link = slug_links("dataset:indicator", "alpha")
    for code in ("contacts", "early-help_2", "A1"):
        assert link(code) == reverse("dataset:indicator", args=["alpha", code])
    with pytest.raises(NoReverseMatch):
        link("not a slug")
    with pytest.raises(NoReverseMatch):
        reverse("dataset:indicator", args=["alpha", "not a slug"])
