"""`kept_on_board`: what a board page keeps, and what makes it work the part out afresh."""

from datetime import date

import pytest

from scrutiny.access.permissions import grants_key
from scrutiny.audit.versions import kept_on_board
from scrutiny.people.models import Role
from scrutiny.tenancy.models import Agency, AgencyType

pytestmark = pytest.mark.django_db


class Counted:
    """A part's work that says how often it ran."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self) -> str:
        self.runs += 1
        return f"drawn {self.runs}"


def test_kept_until_anything_in_the_region_changes(board, region):
    work = Counted()
    assert kept_on_board(board, "list:1", work) == "drawn 1"
    assert kept_on_board(board, "list:1", work) == "drawn 1"
    Agency.objects.create(region=region, name="New Trust", agency_type=AgencyType.HEALTH_ACUTE)
    assert kept_on_board(board, "list:1", work) == "drawn 2"
    assert work.runs == 2


def test_a_change_in_another_region_keeps_it(board, far_board):
    work = Counted()
    kept_on_board(board, "list:1", work)
    far_board.name = "Far Board renamed"
    far_board.save()
    assert kept_on_board(board, "list:1", work) == "drawn 1"


def test_each_board_part_and_variation_is_kept_apart(board, other_board):
    work = Counted()
    kept_on_board(board, "list:1", work)
    kept_on_board(other_board, "list:1", work)
    kept_on_board(board, "list:2", work)
    kept_on_board(board, "list:1", work, vary=["page=2"])
    assert work.runs == 4
    assert kept_on_board(board, "list:1", work, vary=["page=2"]) == "drawn 4"


def test_the_day_turning_works_it_out_afresh(board, monkeypatch):
    from scrutiny.audit import versions

    work = Counted()
    monkeypatch.setattr(versions.timezone, "localdate", lambda: date(2026, 3, 2))
    kept_on_board(board, "list:1", work)
    assert kept_on_board(board, "list:1", work) == "drawn 1"
    monkeypatch.setattr(versions.timezone, "localdate", lambda: date(2026, 3, 3))
    assert kept_on_board(board, "list:1", work) == "drawn 2"


def test_people_with_other_grants_do_not_share_what_is_kept(board, agency, make_user):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    other_manager = make_user(Role.BUSINESS_MANAGER, board=board)
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    work = Counted()
    assert kept_on_board(board, "list:1", work, vary=[grants_key(manager)]) == "drawn 1"
    assert kept_on_board(board, "list:1", work, vary=[grants_key(other_manager)]) == "drawn 1"
    assert kept_on_board(board, "list:1", work, vary=[grants_key(lead)]) == "drawn 2"


def test_the_key_holds_nothing_typed(board, monkeypatch):
    keys = []
    from scrutiny.audit import versions

    monkeypatch.setattr(versions.cache, "set", lambda key, *args: keys.append(key))
    kept_on_board(board, "list:1", Counted(), vary=["q=Jane Smith"])
    assert "Jane" not in keys[0] and " " not in keys[0] and len(keys[0]) < 250


def newest_entry(region_ids):
    """The version counted the plain way: the newest entry for the regions or for none."""
    from django.db.models import Q

    from scrutiny.audit.models import AuditEntry

    entry = (
        AuditEntry.objects.filter(Q(region_id__in=region_ids) | Q(region__isnull=True))
        .order_by("-pk")
        .first()
    )
    return (entry.pk, entry.timestamp.isoformat()) if entry else (0, "")


def test_the_version_is_the_newest_entry_for_the_regions_or_none(board, far_board, region):
    from scrutiny.audit.models import AuditEntry
    from scrutiny.audit.versions import region_data_version, regions_data_version

    Agency.objects.create(region=region, name="New Trust", agency_type=AgencyType.HEALTH_ACUTE)
    here = region_data_version(region.pk)
    assert here == newest_entry([region.pk])
    assert AuditEntry.objects.get(pk=here[0]).region_id == region.pk
    far_board.name = "Far Board renamed"
    far_board.save()  # newer, but in the other region
    assert region_data_version(region.pk) == here
    both = regions_data_version([region.pk, far_board.region_id])
    assert both == newest_entry([region.pk, far_board.region_id]) and both[0] > here[0]
    assert regions_data_version([]) == newest_entry([])
    # An aware stamp, as the news since the last visit compares it with one.
    assert "+00:00" in here[1]
