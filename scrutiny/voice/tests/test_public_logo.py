"""The board's logo on the public form a child fills in: beside the board's name, with alt
text; served by a public view that serves a board's logo and nothing else; the migration
that moved the logo from the yearly report's settings to the board keeps an existing one."""

import io

import lxml.html
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from PIL import Image

from scrutiny.library.models import FrameworkTemplate
from scrutiny.voice.models import FeedbackForm


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 10), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_form(db, board):
    return FeedbackForm.objects.create(
        board=board,
        slug="young-people",
        title="Have your say",
        template=FrameworkTemplate.objects.get(code="have-your-say", owner_board=None),
    )


def test_the_logo_is_beside_the_boards_name_on_the_public_form(client, board, public_form):
    board.logo.save("alpha.png", ContentFile(png("navy")), save=True)
    page = lxml.html.fromstring(client.get(public_form.get_public_url()).content)
    (logo,) = page.xpath("//header//img[@id='public-board-logo']")
    assert logo.get("alt") == "Alpha Board logo"
    assert logo.get("src") == reverse("tenancy:board_logo", args=[board.slug])
    assert logo.getnext().get("id") == "public-board-name"  # beside the name
    served = client.get(logo.get("src"))  # not signed in, as a child is
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png("navy")


def test_without_a_logo_the_form_shows_the_name_alone(client, board, public_form):
    page = lxml.html.fromstring(client.get(public_form.get_public_url()).content)
    assert not page.xpath("//img[@id='public-board-logo']")
    assert page.xpath("string(//*[@id='public-board-name'])").strip() == "Alpha Board"
    assert client.get(reverse("tenancy:board_logo", args=[board.slug])).status_code == 404


def test_the_logo_view_serves_a_boards_logo_and_nothing_else(client, board, other_board):
    board.logo.save("alpha.png", ContentFile(png("navy")), save=True)
    other_board.logo.save("beta.png", ContentFile(png("red")), save=True)
    other = client.get(reverse("tenancy:board_logo", args=[other_board.slug]))
    assert b"".join(other.streaming_content) == png("red")  # each board its own
    # A file that is not an image under the logo field is not served.
    board.logo.save("minutes.pdf", ContentFile(b"%PDF-1.4 confidential"), save=True)
    assert client.get(reverse("tenancy:board_logo", args=[board.slug])).status_code == 404
    # No address reaches another upload through the view: it takes a board, never a path.
    assert client.get(reverse("tenancy:board_logo", args=["no-such-board"])).status_code == 404
    assert client.get(f"/b/{board.slug}/logo/../../media/minutes.pdf").status_code == 404
    assert client.post(reverse("tenancy:board_logo", args=[other_board.slug])).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_an_existing_logo():
    """Report settings with a logo, before the move: afterwards the board has that logo."""
    executor = MigrationExecutor(connection)
    executor.migrate(
        [("reports", "0003_yearly_report_signoff"), ("tenancy", "0004_board_help_line")]
    )
    try:
        old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
        Region, Board = old.get_model("tenancy", "Region"), old.get_model("tenancy", "Board")
        ReportSettings = old.get_model("reports", "ReportSettings")
        region = Region.objects.create(name="R", slug="r")
        with_logo = Board.objects.create(region=region, name="Old", short_name="Old", slug="old")
        without = Board.objects.create(region=region, name="Plain", short_name="P", slug="plain")
        for board, logo in ((with_logo, "reports/1/logo-old.png"), (without, "")):
            ReportSettings.objects.create(
                board=board,
                logo=logo,
                publish_by_months=6,
                send_within_days=14,
                recipients="Panel",
                remind_days_before=14,
            )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("reports", "0005_remove_reportsettings_logo")])
        new = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
        NewBoard = new.get_model("tenancy", "Board")
        assert NewBoard.objects.get(slug="old").logo.name == "reports/1/logo-old.png"
        assert NewBoard.objects.get(slug="plain").logo.name == ""
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
