"""Themes are board data: seeded from the library list, edited by the chair and business
manager (add, rename, retire) behind the edit guard; retired themes are no longer offered but
keep what is tagged with them; and the migration that made them kept every board's own list."""

import datetime
import importlib
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from conftest import user_for_role
from scrutiny.audits.forms import FindingForm
from scrutiny.people.models import Role
from scrutiny.reviews.forms import RecommendationForm
from scrutiny.reviews.models import Recommendation, Review

LIBRARY = Path(__file__).resolve().parents[2] / "library" / "lists" / "themes.yaml"


def test_a_new_board_starts_with_the_librarys_themes_in_order(board):
    listed = yaml.safe_load(LIBRARY.read_text())["themes"]
    assert [(t.code, t.name) for t in board.themes.all()] == [
        (t["code"], t["name"]) for t in listed
    ]
    assert not board.themes.filter(retired=True).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.BUSINESS_MANAGER, 200),
        (Role.CHAIR, 200),
        (Role.QA_MEMBER, 403),
        (Role.AGENCY_LEAD, 403),
        (Role.LAY_MEMBER, 403),
    ],
)
def test_the_themes_page_is_for_the_chair_and_business_manager(
    client, login, make_user, board, agency, role, status
):
    login(client, user_for_role(make_user, role, board, agency))
    assert client.get(reverse("findings:themes", args=[board.slug])).status_code == status
    theme = board.themes.get(code="neglect")
    edit = reverse("findings:theme_edit", args=[board.slug, theme.pk])
    assert client.post(edit, {"name": "Changed", "revision": 0}).status_code in (status, 302)
    theme.refresh_from_db()
    assert (theme.name == "Changed") == (status == 200)


def test_another_boards_themes_are_out_of_reach(client, login, make_user, board, other_board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    foreign = other_board.themes.get(code="neglect")
    url = reverse("findings:theme_edit", args=[board.slug, foreign.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("findings:themes", args=[other_board.slug])).status_code == 404


def test_the_manager_adds_renames_and_retires_a_theme(client, login, make_user, board, agency):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, manager)
    url = reverse("findings:themes", args=[board.slug])
    assert "There is already a theme called neglect" in (
        client.post(url, {"name": "neglect"}).content.decode()
    )
    client.post(url, {"name": "Children missing from education"})
    added = board.themes.get(name="Children missing from education")
    assert added.code == "children-missing-from-education"
    assert added.order == max(board.themes.exclude(pk=added.pk).values_list("order", flat=True)) + 1

    # A recommendation tagged with the theme keeps it once it is retired.
    review = Review.objects.create(
        board=board,
        kind="cspr",
        reference="CSPR 1",
        title="t",
        commissioned_on=datetime.date(2026, 1, 1),
    )
    tagged = Recommendation.objects.create(review=review, number=1, text="x")
    tagged.themes.set([added])
    edit = reverse("findings:theme_edit", args=[board.slug, added.pk])
    clash = client.post(edit, {"name": "Neglect", "revision": added.revision})
    assert "There is already a theme called Neglect" in clash.content.decode()
    client.post(edit, {"name": "Missing education", "retired": "on", "revision": added.revision})
    added.refresh_from_db()
    assert (added.name, added.code, added.retired) == (
        "Missing education",
        "children-missing-from-education",
        True,
    )
    assert list(tagged.themes.all()) == [added]
    # Retired: not offered for new tags, still offered where it is already used.
    offered = FindingForm(board=board).fields["theme"].queryset
    assert added not in offered and board.themes.get(code="neglect") in offered
    fresh = RecommendationForm(review=review).fields["themes"].queryset
    assert added not in fresh
    assert added in RecommendationForm(review=review, instance=tagged).fields["themes"].queryset
    # The edit guard: a save from a page loaded before the rename is refused.
    stale = client.post(edit, {"name": "Something else", "revision": 0})
    assert stale.status_code == 409
    added.refresh_from_db()
    assert added.name == "Missing education"


MIGRATION = importlib.import_module("scrutiny.findings.migrations.0003_themes")


def test_the_migration_keeps_each_boards_review_themes_and_adds_the_librarys():
    rows = MIGRATION.themes_for_board(
        [
            ("Assessment", True),  # the old default name of a library theme
            ("Training", False),  # no longer offered: kept, retired
            ("Our own theme", True),
            ("Management oversight", True),  # the old findings label of "oversight"
            ("Management oversight and supervision", True),  # same code: a theme of its own
        ]
    )
    by_name = {name: (code, retired) for code, name, retired, _ in rows}
    assert by_name["Assessment"] == ("assessment", False)
    assert by_name["Training"] == ("training", True)
    assert by_name["Our own theme"] == ("our-own-theme", False)
    assert by_name["Management oversight"] == ("oversight", False)
    # same code as "Management oversight": a code of its own, from its name cut to 34 letters
    assert by_name["Management oversight and supervision"] == (
        "management-oversight-and-supervisi",
        False,
    )
    # Every library code the board had no theme for is added under the library's name.
    assert by_name["Neglect"] == ("neglect", False)
    assert by_name["Child sexual and criminal exploitation"] == ("exploitation", False)
    assert "Assessment and planning" not in by_name  # the board's "Assessment" is that theme
    # 5 of the board's own + the 13 library themes less assessment, training and oversight
    assert len(rows) == 5 + 13 - 3
    codes = [code for code, _, _, _ in rows]
    assert len(codes) == len(set(codes))
