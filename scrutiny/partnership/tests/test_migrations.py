"""The migrations that moved the board's choice and the partners' signatories, run on
old-shaped rows: an LSCB's choice reaches its board, each partner signatory becomes its
partner's lead, the chair's row stays, and nothing is lost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0005_remove_reportsettings_logo"), ("partnership", None)]
AFTER = [("partnership", "0002_signatories_to_partners")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor = MigrationExecutor(connection)
    return executor._create_project_state(with_applied_migrations=True).apps


@pytest.fixture
def back_to_before():
    yield _migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_choice_and_the_signatories_move_without_loss(back_to_before):
    old = back_to_before
    Region, Board = old.get_model("tenancy", "Region"), old.get_model("tenancy", "Board")
    User = old.get_model("people", "User")
    Settings = old.get_model("reports", "ReportSettings")
    Signatory = old.get_model("reports", "Signatory")
    region = Region.objects.create(name="R", slug="r")
    lscb = Board.objects.create(region=region, name="Old LSCB", short_name="L", slug="l")
    scp = Board.objects.create(region=region, name="Partnership", short_name="P", slug="p")
    chair = User.objects.create(email="chair@example.org", full_name="Chair")
    police = User.objects.create(email="police@example.org", full_name="Police")
    common = {
        "publish_by_months": 6,
        "send_within_days": 7,
        "recipients": "x",
        "remind_days_before": 1,
    }
    Settings.objects.create(board=lscb, arrangement="lscb", **common)
    Settings.objects.create(board=scp, arrangement="partnership", **common)
    Signatory.objects.create(board=lscb, role="chair", user=chair, job_title="Chair")
    Signatory.objects.create(board=scp, role="police", user=police, job_title="Chief Constable")

    new = _migrate(AFTER)
    Board = new.get_model("tenancy", "Board")
    assert dict(Board.objects.values_list("slug", "arrangement")) == {
        "l": "lscb",
        "p": "partnership",
    }
    Partner = new.get_model("partnership", "Partner")
    moved = Partner.objects.get(board_id=scp.pk, kind="police")
    assert (moved.lead_id, moved.lead_title) == (police.pk, "Chief Constable")
    Signatory = new.get_model("reports", "Signatory")
    assert list(Signatory.objects.values_list("board_id", "role")) == [(lscb.pk, "chair")]
