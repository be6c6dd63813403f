"""What the meeting pages write, called directly."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scrutiny.core.tests.files import bomb_xlsx
from scrutiny.core.uploads import EvidenceRejected
from scrutiny.governance import services
from scrutiny.governance.models import AgendaItem, Group, Meeting


@pytest.fixture
def meeting(board):
    group = Group.objects.create(board=board, name="Alpha Board", is_main_board=True)
    return services.add_meeting(
        Meeting(group=group, held_on=datetime.date(2026, 11, 1)), with_standing_item=True
    )


def test_a_new_meeting_opens_with_the_standing_item(meeting):
    assert [(a.order, a.title, a.is_standing_progress_item) for a in meeting.agenda.all()] == [
        (1, "Standing item: progress against the priorities", True)
    ]


def test_agenda_items_go_to_the_end_and_a_refused_paper_saves_nothing(meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    added = services.add_agenda_item(meeting, AgendaItem(title="Neglect audit"))
    assert added.order == 2  # after the standing item
    with pytest.raises(EvidenceRejected):
        services.add_agenda_item(
            meeting,
            AgendaItem(title="Pack"),
            SimpleUploadedFile("pack.xlsx", bomb_xlsx(16)),
        )
    assert list(meeting.agenda.values_list("title", flat=True)) == [
        "Standing item: progress against the priorities",
        "Neglect audit",
    ]


def test_minutes_record_a_decision_only_when_one_is_given(meeting):
    services.save_minutes(meeting, minutes="Noted.", decision="  ", loaded_revision=0)
    services.save_minutes(meeting, minutes="Agreed.", decision=" Adopt it ", loaded_revision=1)
    meeting.refresh_from_db()
    assert meeting.minutes == "Agreed."
    assert list(meeting.decisions.values_list("text", flat=True)) == ["Adopt it"]


def test_every_registered_annotator_sees_the_agenda(meeting, monkeypatch):
    monkeypatch.setattr(services, "_ANNOTATORS", {})
    services.register_agenda_annotator(
        "count", lambda agenda, m: [setattr(a, "seen_for", m.pk) for a in agenda]
    )
    assert [a.seen_for for a in services.agenda_for(meeting)] == [meeting.pk]
