"""The yearly report: one direction of imports, library structures, figures that say what they
rest on, the pre-publish check, sign-off, publishing, deadlines and the published files."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.challenges.models import Challenge
from scrutiny.findings.models import Finding, FindingKind, Theme
from scrutiny.findings.services import record_finding
from scrutiny.governance.models import Group, Member, MemberRole
from scrutiny.jobs.tests.helpers import file_bytes, job_download
from scrutiny.people.models import Role, RoleAssignment
from scrutiny.plan.models import Objective, Priority
from scrutiny.reports import services
from scrutiny.reports.framework import ReportYear, plural, section_kinds
from scrutiny.reports.models import (
    Approval,
    Arrangement,
    DeadlineReminder,
    Dispatch,
    ReportSettings,
    SignatoryRole,
)
from scrutiny.reports.render import gather_report
from scrutiny.reports.sections import gather_governance, gather_little_progress, gather_next_year
from scrutiny.reports.structures import all_structures, check_kinds, structure
from scrutiny.reviews.models import Review

from .signoff import name_signatories, sign_and_publish

YEAR = "2025-26"
AFTER = datetime.date(2026, 6, 1)  # the year has ended
DURING = datetime.date(2025, 11, 1)
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- one direction ---------------------------------------------------------------------------

REPORT_MODULES = [
    "scrutiny.reviews.report",
    "scrutiny.training.report",
    "scrutiny.voice.report",
    "scrutiny.selfassessment.report",
    "scrutiny.reports.sections",
    "scrutiny.reports.render",
]


def _fresh(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "scrutiny.test_settings"}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_each_apps_report_module_imports_first_in_a_fresh_interpreter():
    # Each module first, in its own interpreter, so no earlier import hides a cycle.
    for name in REPORT_MODULES:
        result = _fresh(
            "import importlib, django\ndjango.setup()\n"
            f"importlib.import_module({name!r})\nprint('ok')"
        )
        assert result.returncode == 0 and "ok" in result.stdout, (name, result.stderr[-2000:])


def test_the_framework_imports_no_app():
    result = _fresh(
        "import sys\nimport scrutiny.reports.framework\n"
        "print(sorted(m for m in sys.modules if m.startswith('scrutiny')))"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(
        ["scrutiny", "scrutiny.reports", "scrutiny.reports.framework"]
    )


def test_every_app_registers_its_kinds_from_ready(db):
    kinds = section_kinds()
    for key in ["reviews", "review_recommendations", "training", "voice", "self_assessment"]:
        assert key in kinds
    assert kinds["reviews"].gather.__module__ == "scrutiny.reviews.report"
    assert kinds["voice"].gather.__module__ == "scrutiny.voice.report"


# --- structures --------------------------------------------------------------------------------


def test_every_library_structure_names_only_registered_kinds():
    assert {code for code, _ in all_structures()} == {
        "regional-annual-report-2013",
        "wt2023-yearly-report",
    }
    for shape in all_structures().values():
        assert check_kinds(shape) == []


def test_the_working_together_structure_has_each_required_heading():
    shape = structure("wt2023-yearly-report")
    required = {s.kind for s in shape.sections if s.required}
    # what the partners have done and how effective; reviews and their recommendations;
    # impact including training; little progress; feedback; independent scrutiny
    assert {
        "governance",
        "self_assessment",
        "reviews",
        "review_recommendations",
        "data_set",
        "training",
        "little_progress",
        "voice",
    } <= required
    scrutiny_view = shape.section("independent_scrutiny")
    assert scrutiny_view.required and scrutiny_view.narrative_only
    assert len(structure("regional-annual-report-2013").sections) == 13


def test_a_board_chooses_its_structure_and_a_report_keeps_it(board):
    ReportSettings.objects.create(
        board=board,
        structure_code="wt2023-yearly-report",
        publish_by_months=6,
        send_within_days=7,
        recipients="Panel",
        remind_days_before=14,
    )
    report = services.start_report(board, YEAR, None)
    assert report.structure_code == "wt2023-yearly-report"
    figures = gather_report(report, AFTER)
    titles = [s["title"] for s in figures["structure"]["sections"]]
    assert titles[-2] == "The independent scrutiny's view"
    assert set(figures["sections"]) == {s.key for s in structure("wt2023-yearly-report").sections}


# --- figures -----------------------------------------------------------------------------------


def test_governance_pluralises_and_flags_groups_without_members(board):
    main = Group.objects.create(board=board, name="Alpha Board", is_main_board=True)
    Group.objects.create(board=board, name="Quality assurance sub-group")
    Member.objects.create(group=main, name="Lay one", role=MemberRole.LAY_MEMBER)
    data = gather_governance(board, ReportYear.of(YEAR, AFTER))
    assert "The board has 1 lay member; 2 are expected." in data["notes"]
    rows = {r[0]: r[1] for r in data["tables"][0]["rows"]}
    assert rows == {"Alpha Board": 1, "Quality assurance sub-group": "None recorded"}
    assert [p["code"].split("-")[0:3] for p in data["problems"]] == [
        ["group", "without", "members"]
    ]
    assert plural(0, "lay member") == "no lay members"
    assert plural(2, "lay member") == "2 lay members"


def test_a_statutory_partner_off_the_board_is_a_check_not_a_sentence(board, agency):
    Group.objects.create(board=board, name="Alpha Board", is_main_board=True)
    data = gather_governance(board, ReportYear.of(YEAR, AFTER))
    problems = {p["code"]: p["text"] for p in data["problems"]}
    assert problems["statutory-partner-missing"] == (
        "Statutory partners with no active member on the main board: Test Police."
    )
    assert "not on the board" not in str(data["notes"])


def test_next_years_priorities_never_head_this_years(board):
    Priority.objects.create(
        board=board,
        title="Neglect",
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2026, 3, 31),
    )
    year = ReportYear.of(YEAR, AFTER)
    data = gather_next_year(board, year)
    assert "tables" not in data
    assert data["notes"] == ["No priorities for 2026-27 are in the plan yet."]
    assert [p["code"] for p in data["problems"]] == ["no-next-priorities"]
    Priority.objects.create(
        board=board,
        title="Exploitation",
        start_date=datetime.date(2026, 4, 1),
        end_date=datetime.date(2028, 3, 31),
    )
    data = gather_next_year(board, year)
    assert data["tables"][0]["caption"] == "Priorities for 2026-27"
    assert [r[0] for r in data["tables"][0]["rows"]] == ["Exploitation"]


def test_section_11_says_no_return_was_due_rather_than_0_of_12(board, agency):
    report = services.start_report(board, YEAR, None)
    returns = gather_report(report, AFTER)["sections"]["returns"]
    s11 = next(row for row in returns["summary"] if row[0].startswith("Section 11"))
    assert s11[1] == "No return was due by 31 March 2026"
    assert "nothing-due-section_11" in [p["code"] for p in returns["problems"]]
    assert not any("standards scored weak" in row[0] for row in returns["summary"])
    assert returns["tables"][0]["rows"] == []
    assert returns["tables"][0]["empty"].startswith("No return for the year has been rated")


def _action(board, objective, title, due, status=ActionStatus.NOT_STARTED, completed=None):
    a = Action.objects.create(
        region=board.region,
        title=title,
        due_date=due,
        source="plan",
        status=status,
        completed_at=completed,
        source_type=ContentType.objects.get_for_model(Objective),
        source_id=objective.pk,
        source_key=title,
    )
    a.boards.add(board)
    return a


def test_priorities_with_little_progress_come_from_the_plans_rag(board):
    start, end = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
    stalled = Priority.objects.create(board=board, title="Stalled", start_date=start, end_date=end)
    moving = Priority.objects.create(board=board, title="Moving", start_date=start, end_date=end)
    o1 = Objective.objects.create(priority=stalled, title="a", measure_of_success="x", due_date=end)
    o2 = Objective.objects.create(priority=moving, title="b", measure_of_success="x", due_date=end)
    _action(board, o1, "Overdue one", datetime.date(2025, 9, 1))  # red: overdue at year end
    _action(board, o1, "Overdue two", datetime.date(2025, 10, 1))
    _action(
        board,
        o2,
        "Done",
        datetime.date(2025, 9, 1),
        ActionStatus.COMPLETED,
        datetime.datetime(2025, 8, 1, tzinfo=datetime.UTC),
    )
    data = gather_little_progress(board, ReportYear.of(YEAR, AFTER))
    rows = {r[0]: r for r in data["tables"][0]["rows"]}
    # priority, actions, completed, red, amber, green, milestones, little progress
    assert rows["Stalled"][1:4] == [2, 0, 2] and rows["Stalled"][-1] == "Yes"
    assert rows["Moving"][1:4] == [1, 1, 0] and rows["Moving"][-1] == "No"
    assert data["figures"] == {"priorities": 2, "little_progress": 1}


def test_areas_of_weakness_come_from_findings_of_every_source(board, other_board, agency):
    challenge = Challenge.objects.create(
        board=board,
        to_agency=agency,
        issue="x",
        raised_on=datetime.date(2025, 5, 1),
        response_due=datetime.date(2025, 6, 1),
    )
    review = Review.objects.create(
        board=board, kind="cspr", title="r", commissioned_on=datetime.date(2025, 5, 1)
    )
    for source, text, kind, where in [
        (challenge, "Escalation is slow", FindingKind.AREA_FOR_IMPROVEMENT, board),
        (review, "Fathers are not seen", FindingKind.AREA_FOR_IMPROVEMENT, board),
        (review, "Good multi-agency meeting", FindingKind.STRENGTH, board),
        (challenge, "CANARY", FindingKind.AREA_FOR_IMPROVEMENT, other_board),
    ]:
        theme, _ = Theme.objects.get_or_create(
            board=where, code="other", defaults={"name": "Other"}
        )
        f = record_finding(board=where, source=source, kind=kind, text=text, theme=theme)
        Finding.objects.filter(pk=f.pk).update(
            recorded_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
        )
    report = services.start_report(board, YEAR, None)
    weak = gather_report(report, datetime.date(2026, 3, 31))["sections"]["weaknesses"]
    assert weak["figures"] == {"areas_for_improvement": 2, "themes": 1, "sources": 2}
    texts = sorted(r[2] for r in weak["tables"][0]["rows"])
    assert texts == ["Escalation is slow", "Fathers are not seen"]


# --- the check ---------------------------------------------------------------------------------


def _codes(found):
    return {c.code for c in found}


def test_the_check_lists_what_is_wrong_and_acknowledging_settles_it(board, make_user):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    report = services.start_report(board, YEAR, manager)
    figures = gather_report(report, DURING)
    found = services.checks(report, figures, DURING)
    codes = _codes(found)
    assert "period-not-ended" in codes
    assert "required-without-text:introduction" in codes
    assert "empty:challenges" in codes  # no text and no challenge closed
    assert "signatory-missing" in codes
    assert "nothing-due-section_11:returns" in codes
    after = services.checks(report, gather_report(report, AFTER), AFTER)
    assert "period-not-ended" not in _codes(after)

    services.save_narrative(report, "introduction", "Our year.", manager)
    assert "required-without-text:introduction" not in _codes(
        services.checks(report, figures, DURING)
    )
    with pytest.raises(services.ReportError):
        services.acknowledge(report, "period-not-ended", "  ", manager)
    services.acknowledge(report, "period-not-ended", "Published early for the council.", manager)
    check = next(
        c for c in services.checks(report, figures, DURING) if c.code == "period-not-ended"
    )
    assert check.settled and check.acknowledgement.reason == "Published early for the council."


# --- sign-off --------------------------------------------------------------------------------


def _ready(board, manager, today=AFTER):
    report = services.start_report(board, YEAR, manager)
    figures = gather_report(report, today)
    for check in services.unsettled(services.checks(report, figures, today)):
        if check.code != "signatory-missing":
            services.acknowledge(report, check.code, "Known.", manager)
    return report, figures


def test_only_the_named_person_approves_and_all_three_are_needed(board, make_user):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    report, figures = _ready(board, manager)
    people = name_signatories(board)
    assert set(people) == {"local_authority", "icb", "police"}
    with pytest.raises(services.ReportError):  # the manager is not named for the police
        services.approve(report, manager, SignatoryRole.POLICE, figures)
    with pytest.raises(services.ReportError):  # the ICB's person cannot sign for the police
        services.approve(report, people["icb"], SignatoryRole.POLICE, figures)
    services.approve(report, people["local_authority"], SignatoryRole.LOCAL_AUTHORITY, figures)
    services.approve(report, people["icb"], SignatoryRole.ICB, figures)
    with pytest.raises(services.ReportError, match="Not yet approved by: Police"):
        services.publish(report, manager, AFTER, confirmed=True)
    services.approve(report, people["police"], SignatoryRole.POLICE, figures)
    with pytest.raises(services.ReportError, match="Confirm"):
        services.publish(report, manager, AFTER)
    published = services.publish(report, manager, AFTER, confirmed=True)
    assert published.is_published
    assert [a.role for a in published.approvals.all()] == ["local_authority", "icb", "police"]
    due = AFTER + datetime.timedelta(days=7)
    assert [(d.recipient, d.due_on) for d in published.dispatches.all()] == [
        ("Child Safeguarding Practice Review Panel", due),
        ("Department for Education", due),
    ]


def test_a_change_after_approval_clears_it(board, make_user, agency):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    report, figures = _ready(board, manager)
    people = name_signatories(board)
    for role, person in people.items():
        services.approve(report, person, role, figures)
    assert all(s.approved for s in services.sign_off(report, figures))
    # The text changes: every approval is cleared.
    services.save_narrative(report, "introduction", "A different foreword.", manager)
    assert Approval.objects.filter(report=report).count() == 0
    for role, person in people.items():
        services.approve(report, person, role, gather_report(report, AFTER))
    # The records change, so the figures do: the approvals no longer stand.
    Challenge.objects.create(
        board=board,
        to_agency=agency,
        issue="Late strategy meetings",
        raised_on=datetime.date(2025, 6, 1),
        response_due=datetime.date(2025, 7, 1),
    )
    changed = gather_report(report, AFTER)
    assert all(s.stale for s in services.sign_off(report, changed))
    with pytest.raises(services.ReportError, match="Not yet approved by"):
        services.publish(report, manager, AFTER, confirmed=True)


def test_a_board_keeping_the_lscb_model_is_signed_off_by_its_chair(board, make_user):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    board.arrangement = Arrangement.LSCB  # the board's own choice, not the report's
    board.save()
    ReportSettings.objects.create(
        board=board,
        publish_by_months=6,
        send_within_days=7,
        recipients="Panel",
        remind_days_before=14,
    )
    report, figures = _ready(board, manager)
    people = name_signatories(board)
    assert list(people) == ["chair"]
    services.approve(report, people["chair"], SignatoryRole.CHAIR, figures)
    assert services.publish(report, manager, AFTER, confirmed=True).is_published


@pytest.mark.parametrize("arrangement", [Arrangement.PARTNERSHIP, Arrangement.LSCB])
def test_who_signs_read_once_gives_the_same_roles_as_asking_for_each_person(
    board, make_user, arrangement
):
    board.arrangement = arrangement
    board.save()
    report = services.start_report(board, YEAR, None)
    people = name_signatories(board)
    nobody = make_user(Role.BUSINESS_MANAGER, board=board)
    named = services.signatories(board)
    assert {role: n.user for role, n in named.items()} == people
    for person in [*people.values(), nobody]:
        expected = [role for role, p in people.items() if p == person]
        assert services.roles_user_signs_for(report, person, named) == expected
        assert services.roles_user_signs_for(report, person) == expected


# --- pages -------------------------------------------------------------------------------------


def test_publishing_through_the_pages_needs_checks_sign_off_and_confirmation(
    client, login, make_user, board
):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    report, figures = _ready(board, manager)
    people = name_signatories(board)
    login(client, manager)
    publish_url = reverse("reports:publish", args=[board.slug, report.pk])
    page = client.get(publish_url).content.decode()
    assert "This version cannot be published yet" in page and "Not yet approved by" in page
    assert client.post(publish_url, {"confirm": "on"}).status_code == 200
    report.refresh_from_db()
    assert not report.is_published

    # A signatory sees the draft and approves it from the report page; others cannot.
    police = people["police"]
    RoleAssignment.objects.create(user=police, role=Role.VIEWER, board=board)
    login(client, police)
    page = client.get(reverse("reports:report", args=[board.slug, report.pk])).content.decode()
    assert "Approve version 1 for Police" in page
    assert "Approve version 1 for Local authority" not in page
    client.post(reverse("reports:approve", args=[board.slug, report.pk, "local_authority"]))
    assert not Approval.objects.filter(report=report, role="local_authority").exists()
    client.post(reverse("reports:approve", args=[board.slug, report.pk, "police"]))
    assert Approval.objects.filter(report=report, role="police", approved_by=police).exists()
    for role in ("local_authority", "icb"):
        services.approve(report, people[role], role, gather_report(report, AFTER))

    login(client, manager)
    page = client.get(publish_url).content.decode()
    assert "Approved by" in page and "Signatory police" in page
    unconfirmed = client.post(publish_url, {}).content.decode()
    assert "Confirm that this version can be published" in unconfirmed, unconfirmed[-6000:]
    response = client.post(publish_url, {"confirm": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_published

    publication = reverse("reports:publication", args=[board.slug, report.pk])
    client.post(
        publication,
        {
            "url": "https://alpha.example/annual-report",
            "published_on_0": "3",
            "published_on_1": "6",
            "published_on_2": "2026",
        }
        if "published_on_0" in client.get(publication).content.decode()
        else {"url": "https://alpha.example/annual-report", "published_on": "2026-06-03"},
    )
    assert report.publication.url == "https://alpha.example/annual-report"
    panel = report.dispatches.get(recipient="Department for Education")
    sent_url = reverse("reports:dispatch", args=[board.slug, report.pk, panel.pk])
    form = client.get(sent_url).content.decode()
    data = (
        {"sent_on_0": "4", "sent_on_1": "6", "sent_on_2": "2026"}
        if "sent_on_0" in form
        else {"sent_on": "2026-06-04"}
    )
    assert client.post(sent_url, data).status_code == 302
    panel.refresh_from_db()
    assert panel.sent_on == datetime.date(2026, 6, 4)


def test_the_kept_report_page_gives_each_person_their_buttons_and_token_and_changes_at_once(
    client, login, make_user, board
):
    """The draft's page is kept until the region changes: each person still gets their own
    approve buttons and their own CSRF token, a writer the links to write, and an approval
    or a new text shows on the next showing."""
    from django.test import Client

    from scrutiny.core.tests.query_counts import BOARD_PAGE

    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    report, _ = _ready(board, manager)
    people = name_signatories(board)
    for person in people.values():  # the same grants: one kept page for both signatories
        RoleAssignment.objects.create(user=person, role=Role.VIEWER, board=board)
    url = reverse("reports:report", args=[board.slug, report.pk])
    write = reverse("reports:narrative", args=[board.slug, report.pk, "introduction"])
    for _ in range(2):
        login(client, manager)
        page = client.get(url).content.decode()
        assert write in page and "Publish version 1" in page and "Approve version" not in page
        login(client, people["police"])
        page = client.get(url).content.decode()
        assert "Approve version 1 for Police" in page and "for Local authority" not in page
        assert write not in page and "Publish version 1" not in page
        login(client, people["local_authority"])
        page = client.get(url).content.decode()
        assert "Approve version 1 for Local authority" in page and "for Police" not in page

    # A browser that checks its token approves from the kept page (drawn for someone else).
    browser = login(Client(enforce_csrf_checks=True), people["police"])
    page = browser.get(url)
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    approve = reverse("reports:approve", args=[board.slug, report.pk, "police"])
    assert browser.post(approve, {"csrfmiddlewaretoken": token}).status_code == 302
    assert Approval.objects.filter(report=report, role="police").exists()
    shown = browser.get(url).content.decode()
    police_row = shown.split('<th scope="row" class="govuk-table__header">Police</th>')[1]
    assert police_row.split("</tr>")[0].count("Approved</strong>") == 1

    login(client, manager)
    client.post(write, {"text": "A foreword written after the approval."})
    page = client.get(url).content.decode()
    assert "A foreword written after the approval." in page
    assert "Approved</strong>" not in page  # the text changed: the approval is cleared

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as kept:  # kept: the report and the data version
        client.get(url)
    assert len(kept) == BOARD_PAGE + 2


def test_the_check_page_acknowledges_with_a_reason(client, login, make_user, board):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    report = services.start_report(board, YEAR, manager)
    login(client, manager)
    url = reverse("reports:checks", args=[board.slug, report.pk])
    assert "No one is named to sign off for" in client.get(url).content.decode()
    empty = client.post(url, {"code": "signatory-missing", "reason": ""})
    assert "Enter the reason the report can be published with this" in empty.content.decode()
    client.post(url, {"code": "signatory-missing", "reason": "Named next week."})
    assert report.acknowledgements.get(code="signatory-missing").reason == "Named next week."
    assert client.post(url, {"code": "made-up", "reason": "x"}).status_code == 404


def test_settings_page_chooses_structure_arrangement_and_signatories(
    client, login, make_user, board, agency
):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, manager)
    url = reverse("reports:settings", args=[board.slug])
    assert client.get(url).status_code == 200
    logo = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (40, 20), "navy").save(logo, format="PNG")
    logo.seek(0)
    logo.name = "logo.png"
    response = client.post(
        url,
        {
            "structure_code": "wt2023-yearly-report",
            "arrangement": "lscb",
            "publish_by_months": "5",
            "send_within_days": "7",
            "recipients": "Panel\nDfE",
            "remind_days_before": "10",
            "logo_upload": logo,
            "revision": "0",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    saved = ReportSettings.objects.get(board=board)
    board.refresh_from_db()
    assert (saved.structure_code, board.arrangement, saved.publish_by_months) == (
        "wt2023-yearly-report",
        "lscb",
        5,
    )
    assert board.logo.name.endswith(".png")  # the board's own logo, on its public forms too
    chair = make_user(Role.CHAIR, board=board)
    signatory_url = reverse("reports:signatory", args=[board.slug, "chair"])
    assert client.post(signatory_url, {"user": chair.pk, "job_title": "Chair"}).status_code == 302
    assert services.roles_user_signs_for(services.start_report(board, YEAR, None), chair) == [
        SignatoryRole.CHAIR
    ]
    # An agency lead cannot reach the settings.
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    assert client.get(url).status_code == 403


# --- deadlines ---------------------------------------------------------------------------------


def test_reminders_come_before_each_deadline_once(board, make_user):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    assert services.publish_deadline(board, YEAR) == datetime.date(2026, 9, 30)
    call_command("send_report_reminders", date=datetime.date(2026, 9, 1), stdout=io.StringIO())
    assert mail.outbox == []  # more than 14 days before
    call_command("send_report_reminders", date=datetime.date(2026, 9, 20), stdout=io.StringIO())
    call_command("send_report_reminders", date=datetime.date(2026, 9, 21), stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.email]
    assert "Publish the 2025-26 report" in mail.outbox[0].subject
    report = sign_and_publish(services.start_report(board, YEAR, manager), manager, AFTER)
    Dispatch.objects.filter(report=report).update(sent_on=None)
    call_command("send_report_reminders", date=datetime.date(2026, 6, 5), stdout=io.StringIO())
    subjects = sorted(m.subject for m in mail.outbox[1:])
    assert subjects == [
        "Due soon: Send the 2025-26 report to Child Safeguarding Practice Review Panel "
        "(by 8 June 2026)",
        "Due soon: Send the 2025-26 report to Department for Education (by 8 June 2026)",
    ]
    call_command("send_report_reminders", date=datetime.date(2026, 6, 6), stdout=io.StringIO())
    assert len(mail.outbox) == 3
    assert DeadlineReminder.objects.count() == 3


# --- the published files -----------------------------------------------------------------------


def test_published_files_meet_the_document_standard(board, make_user):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    report = services.start_report(board, YEAR, manager)
    services.save_narrative(report, "introduction", "Our year.\n\nSecond paragraph.", manager)
    report = sign_and_publish(report, manager, AFTER)
    assert report.pdf.name.endswith("alpha-annual-report-2025-26-v1.pdf")
    assert report.docx.name.endswith("alpha-annual-report-2025-26-v1.docx")

    if os.environ.get("REPORT_PDF_OUT"):  # pragma: no cover - for looking at the pages
        Path(os.environ["REPORT_PDF_OUT"]).write_bytes(report.pdf.open("rb").read())
    reader = PdfReader(report.pdf.open("rb"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert reader.metadata.title == "Alpha Board: annual report 2025-26"
    text = reader.pages[1].extract_text()  # the contents, with page numbers
    assert "Contents" in text and "1. Introduction from the independent chair" in text
    assert "Page 3 of" in reader.pages[2].extract_text()

    word = Document(report.docx.open("rb"))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Contents"
    assert "1. Introduction from the independent chair" in headings
    xml = word.element.xml
    assert "TOC \\o" in xml
    assert section.header.paragraphs[0].text == "Alpha Board: annual report 2025-26"
    footer = section.footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert word.element.body.find(".//" + qn("w:tblHeader")) is not None
    properties = word.core_properties
    assert properties.title == "Alpha Board: annual report 2025-26"
    assert properties.author == "Alpha Board"
    assert properties.created.date() == report.published_at.date()
    assert properties.language == "en-GB"


def test_the_board_pack_meets_the_same_standard(client, login, make_user, board):
    login(client, make_user(Role.CHAIR, board=board))
    url = reverse("reports:board_pack_file", args=[board.slug])
    pdf = file_bytes(
        job_download(client, client.post(url, {"quarter": "2026 Q1", "format": "pdf"}))
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    word = job_download(client, client.post(url, {"quarter": "2026 Q1", "format": "docx"}))
    word = Document(io.BytesIO(file_bytes(word)))
    assert round(word.sections[0].page_width.mm) == 210
    assert word.sections[0].header.paragraphs[0].text == "Alpha Board: board pack 2026 Q1"
    assert word.core_properties.author == "Alpha Board"


def test_a_published_file_downloads_under_the_name_a_person_would_choose(
    client, login, make_user, board
):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    report = sign_and_publish(services.start_report(board, YEAR, manager), manager, AFTER)
    login(client, manager)
    response = client.get(reverse("reports:download", args=[board.slug, report.pk, "pdf"]))
    assert response["Content-Disposition"] == (
        'attachment; filename="alpha-annual-report-2025-26-v1.pdf"'
    )
