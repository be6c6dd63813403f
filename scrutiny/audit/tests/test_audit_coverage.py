"""Every kind of change is audited with its board and region, and the board's log shows it:
challenge escalations, return events, questionnaire answers, template contents, case
auditors and reminders (issue 14). Built on the demo region, whose own entries must carry
their board too."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django_otp import DEVICE_ID_SESSION_KEY

from scrutiny.actions.models import Action, OverdueReminder
from scrutiny.audit.models import AuditEntry
from scrutiny.audits.models import AuditCase, CaseAuditor
from scrutiny.challenges.models import Escalation
from scrutiny.library import models as library
from scrutiny.library.loader import load_library_files, shipped_library_files
from scrutiny.people.models import User
from scrutiny.questionnaires.models import Answer
from scrutiny.returns.models import ReturnEvent, ReturnReminder, ReturnRequest
from scrutiny.selfassessment.models import SelfAssessment
from scrutiny.tenancy.models import Agency, Board


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if not library.FrameworkTemplate.objects.exists():  # emptied by a transactional test
            load_library_files(shipped_library_files())
        call_command("demo")
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)  # post_migrate reloads the library


@pytest.fixture
def ashbourne(demo) -> Board:
    return Board.objects.select_related("region").get(slug="ashbourne")


def manager_client() -> Client:
    manager = User.objects.get(email="manager.ashbourne@riverside.example")
    client = Client()
    client.force_login(manager)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = manager.totpdevice_set.get(confirmed=True).persistent_id
    session.save()
    return client


def entries_on_board(obj, board: Board):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), boards=board
    )


def assert_on_the_boards_log(obj, board: Board, action: int) -> None:
    entry = entries_on_board(obj, board).filter(action=action).latest("timestamp", "pk")
    assert entry.region_id == board.region_id
    response = manager_client().get(
        reverse("audit:board_log", args=[board.slug]),
        {"type": entry.content_type_id, "action": action},
    )
    assert response.status_code == 200
    assert escape(entry.object_repr) in response.content.decode()


@pytest.mark.django_db
def test_a_challenge_escalation_is_on_the_boards_log(ashbourne):
    escalation = Escalation.objects.filter(challenge__board=ashbourne).first()
    assert escalation is not None, "the demo escalates one challenge on every board"
    assert entries_on_board(escalation, ashbourne).filter(action=AuditEntry.Action.CREATE)
    escalation.reason = "No answer after two reminders"
    escalation.save()
    assert_on_the_boards_log(escalation, ashbourne, AuditEntry.Action.UPDATE)


@pytest.mark.django_db
def test_a_return_event_is_on_the_boards_log(ashbourne):
    event = ReturnEvent.objects.filter(
        agency_return__requests__board=ashbourne, agency_return__status="submitted"
    ).first()
    event.note = "Submitted after the QA group's call"
    event.save()
    assert_on_the_boards_log(event, ashbourne, AuditEntry.Action.UPDATE)

    # A draft's steps are the agency's own until it submits.
    draft_event = ReturnEvent.objects.filter(
        agency_return__requests__board=ashbourne, agency_return__status="draft"
    ).first()
    draft_event.note = "Evidence added"
    draft_event.save()
    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ReturnEvent), object_pk=str(draft_event.pk)
    ).latest("timestamp", "pk")
    assert entry.region_id == ashbourne.region_id
    assert not entry.boards.exists()


@pytest.mark.django_db
def test_questionnaire_answers_are_on_the_boards_log_unless_an_agencys_draft(ashbourne):
    assessment = SelfAssessment.objects.filter(board=ashbourne).first()
    answer = Answer.objects.filter(response=assessment.response).first()
    answer.text = "Our evidence is the neglect re-audit"
    answer.save()
    assert_on_the_boards_log(answer, ashbourne, AuditEntry.Action.UPDATE)

    submitted = Answer.objects.filter(
        response__agency_return__requests__board=ashbourne,
        response__agency_return__status="submitted",
    ).first()
    submitted.text = "Corrected after the challenge session"
    submitted.save()
    assert_on_the_boards_log(submitted, ashbourne, AuditEntry.Action.UPDATE)

    draft = Answer.objects.filter(
        response__agency_return__requests__board=ashbourne,
        response__agency_return__status="draft",
    ).first()
    draft.text = "Still being written"
    draft.save()
    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Answer), object_pk=str(draft.pk)
    ).latest("timestamp", "pk")
    assert entry.region_id == ashbourne.region_id
    assert not entry.boards.exists()  # the agency's own until it submits


@pytest.mark.django_db
def test_a_case_auditor_is_on_the_boards_log(ashbourne):
    case = AuditCase.objects.filter(audit__board=ashbourne).first()
    assert case is not None, "the demo audits cases on every board"
    auditor = CaseAuditor.objects.create(
        case=case,
        agency=Agency.objects.filter(memberships__board=ashbourne).first(),
        user=User.objects.get(email="qa.ashbourne@riverside.example"),
    )
    assert_on_the_boards_log(auditor, ashbourne, AuditEntry.Action.CREATE)
    auditor.user = User.objects.get(email="chair.ashbourne@riverside.example")
    auditor.save()
    assert_on_the_boards_log(auditor, ashbourne, AuditEntry.Action.UPDATE)
    pk = auditor.pk
    auditor.delete()
    auditor.pk = pk  # Django clears it on delete; the entry is filed under it
    assert_on_the_boards_log(auditor, ashbourne, AuditEntry.Action.DELETE)


@pytest.mark.django_db
def test_reminders_are_on_the_boards_log(ashbourne):
    request = ReturnRequest.objects.filter(board=ashbourne).first()
    reminder = ReturnReminder.objects.create(
        request=request, kind="overdue", sent_on=datetime.date(2026, 5, 1), recipients="a@b.example"
    )
    assert_on_the_boards_log(reminder, ashbourne, AuditEntry.Action.CREATE)

    action = Action.objects.filter(boards=ashbourne, owner__isnull=False).first()
    digest = OverdueReminder.objects.create(owner=action.owner, sent_on=datetime.date(2026, 5, 1))
    digest.actions.add(action)  # linking the actions is the entry that names the boards
    assert_on_the_boards_log(digest, ashbourne, AuditEntry.Action.UPDATE)


@pytest.mark.django_db
def test_template_contents_are_on_the_owning_boards_log(ashbourne):
    template = library.FrameworkTemplate.objects.create(
        code="ashbourne-neglect-tool",
        version=1,
        title="Ashbourne neglect audit tool",
        kind=library.TemplateKind.AUDIT_TOOL,
        owner_board=ashbourne,
        source_file="ashbourne-neglect-tool.yaml",
        checksum="0" * 64,
    )
    scale = library.RatingScale.objects.create(template=template, code="grade", title="Grade")
    level = library.ScaleLevel.objects.create(scale=scale, code="good", label="Good", rank=1)
    section = library.TemplateSection.objects.create(
        template=template, code="voice", title="Voice of the child", order=1
    )
    question = library.TemplateQuestion.objects.create(
        section=section,
        code="seen",
        text="Was the child seen alone?",
        answer_type=library.AnswerType.SCALE,
        scale=scale,
        order=1,
    )
    subject = library.TemplateSubject.objects.create(
        template=template, code="neglect", title="Neglect", order=1
    )
    indicator = library.IndicatorDefinition.objects.create(
        template=template,
        code="seen-alone",
        name="Children seen alone",
        stage=library.IndicatorStage.choices[0][0],
        unit=library.IndicatorUnit.PERCENT,
        polarity=library.Polarity.HIGHER_IS_BETTER,
        period=library.ReportingPeriod.choices[0][0],
        oba=library.OBAQuestion.choices[0][0],
        numerator="Children seen alone",
        order=1,
    )
    for content in [scale, level, section, question, subject, indicator]:
        assert_on_the_boards_log(content, ashbourne, AuditEntry.Action.CREATE)
    question.text = "Was the child seen alone, and their words recorded?"
    question.save()
    assert_on_the_boards_log(question, ashbourne, AuditEntry.Action.UPDATE)
    # Another board's log does not show it.
    northvale = Board.objects.get(slug="northvale")
    assert not entries_on_board(question, northvale).exists()
