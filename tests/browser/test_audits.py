"""An auditor (a front-line practitioner on the audit team) adds a case, is warned about a
name in the notes, grades it and completes it; the audit pages pass axe."""

import pytest
from playwright.sync_api import Page, expect

from scrutiny.audits.models import Audit, AuditCase, AuditTeamMember, CaseStatus
from scrutiny.demo.audits import create_demo_audits
from scrutiny.demo.plan import create_demo_plan
from scrutiny.demo.region import demo_email
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import User

from .conftest import assert_accessible
from .test_shell import demo, pass_two_factor, sign_in  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_auditor_completes_a_case(page: Page, demo):  # noqa: F811
    board = demo.boards.get(slug="ashbourne")
    tool = FrameworkTemplate.objects.get(code="multi-agency-case-file-audit", owner_board=None)
    lead = User.objects.get(email=demo_email("qa.ashbourne"))
    auditor = User.objects.get(email=demo_email("viewer.ashbourne"))
    audit = Audit.objects.create(
        board=board,
        title="Domestic abuse audit",
        theme=board.themes.get(code="domestic_abuse"),
        tool=tool,
        planned_quarter="2026 Q4",
        lead=lead,
    )
    AuditTeamMember.objects.create(audit=audit, user=auditor, role="practitioner")

    sign_in(page, "viewer.ashbourne")
    page.get_by_role("link", name="Audits", exact=True).click()
    page.get_by_role("link", name="Domestic abuse audit").click()
    page.get_by_role("link", name="Add a case").click()
    page.get_by_label("Case reference").fill("DA-2026-001")
    page.get_by_label("Riverside Police").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Case DA-2026-001")).to_be_visible()
    assert_accessible(page)

    questions = page.locator(".scrutiny-question")
    for i in range(questions.count()):
        question = questions.nth(i)
        if question.get_by_label("Good", exact=True).count():
            question.get_by_label("Good", exact=True).check()
        elif question.get_by_label("Yes", exact=True).count():
            question.get_by_label("Yes", exact=True).check()
    page.get_by_label("6.2 What should agencies learn from this case?").fill(
        "Mrs Green should have been asked about the children"
    )
    page.get_by_role("button", name="Complete the case").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="“Mrs Green” looks like a name.")).to_be_visible()
    expect(page.get_by_label("This does not identify a child or family")).to_have_count(1)
    assert_accessible(page)
    summary.get_by_role("link", name="“Mrs Green” looks like a name.").click()
    # the box after the field names it too (for screen readers), so find the field by its role
    answer = page.get_by_role("textbox", name="6.2 What should agencies learn from this case?")
    expect(answer).to_be_focused()
    answer.fill("The mother should have been asked about the children")
    page.get_by_role("button", name="Complete the case").click()
    expect(page.get_by_text("Case DA-2026-001 has been completed.")).to_be_visible()
    case = AuditCase.objects.get(reference="DA-2026-001")
    assert case.status == CaseStatus.COMPLETED and case.auditor == auditor

    page.get_by_role("link", name="Back to the audit").click()
    expect(page.locator("#question-summaries")).to_contain_text("100% good or better")
    assert_accessible(page)


def test_audit_pages_are_accessible(page: Page, demo):  # noqa: F811
    create_demo_plan(demo)
    create_demo_audits(demo)
    board = demo.boards.get(slug="ashbourne")
    re_audit = board.audits.get(title="Neglect: re-audit")
    completed = re_audit.cases.filter(status="completed").first()
    sign_in(page, "qa.ashbourne")
    for path in [
        "/b/ashbourne/audits/",
        "/b/ashbourne/audits/plan/",
        f"/b/ashbourne/audits/{re_audit.pk}/",
        f"/b/ashbourne/audits/{re_audit.pk}/compare/",
        f"/b/ashbourne/audits/{re_audit.pk}/cases/{completed.pk}/",
        f"/b/ashbourne/audits/{re_audit.pk}/cases/{completed.pk}/moderate/",
        f"/b/ashbourne/audits/{re_audit.pk}/findings/add/",
        f"/b/ashbourne/audits/{re_audit.pk}/interviews/add/",
    ]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    page.goto(f"/b/ashbourne/audits/{re_audit.pk}/compare/")
    expect(page.locator("#re-audit-changes")).to_contain_text("Is the child's voice recorded?")
