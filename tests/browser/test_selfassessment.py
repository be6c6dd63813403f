"""A QA member grades a criterion and links evidence on the self-assessment (pages pass axe);
a peer from Northvale reads what Ashbourne shared, records a finding and a recommendation,
and is shut out once the review closes."""

import pytest
from playwright.sync_api import Page, expect

from scrutiny.demo.audits import create_demo_audits
from scrutiny.demo.plan import create_demo_plan
from scrutiny.demo.selfassessment import create_demo_self_assessments
from scrutiny.findings.models import Finding
from scrutiny.peerreview.models import PeerReview, Recommendation
from scrutiny.selfassessment.models import EvidenceLink, SelfAssessment

from .conftest import assert_accessible
from .test_shell import demo, pass_two_factor, sign_in  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_assessments(demo):  # noqa: F811
    create_demo_plan(demo)
    create_demo_audits(demo)
    create_demo_self_assessments(demo)
    return demo


def test_self_assessment_pages_and_grading(page: Page, demo_assessments):
    assessment = SelfAssessment.objects.get(board__slug="ashbourne")
    sign_in(page, "qa.ashbourne")
    page.get_by_role("link", name="Self-assessment", exact=True).click()
    page.get_by_role("link", name="Ofsted LSCB review - criteria for a good board").click()
    expect(page.get_by_role("heading", name="Overall judgement")).to_be_visible()
    expect(page.locator("#overall")).to_contain_text("Suggested best fit")
    assert_accessible(page)

    page.get_by_role("link", name="Grade the criteria").click()
    question = page.locator("#question-es-80-performance-information")
    question.get_by_label("Good", exact=True).check()
    question.get_by_label("Evidence and comments").fill("The data set is challenged each quarter")
    page.get_by_label("What changed (optional)").fill("After the data workshop")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved as revision 5.")).to_be_visible()
    expect(page.locator("#changes-since-previous")).to_contain_text("Requires improvement")
    expect(page.locator("#revisions")).to_contain_text("After the data workshop")

    page.get_by_role("link", name="Evidence for 80").click()
    expect(page.locator("#reflective")).to_contain_text("Which indicators do we challenge")
    assert_accessible(page)
    before = EvidenceLink.objects.filter(assessment=assessment).count()
    page.locator("#suggestions").get_by_role("button").first.click()
    expect(page.get_by_text("is linked as evidence for 80")).to_be_visible()
    assert EvidenceLink.objects.filter(assessment=assessment).count() == before + 1


def test_peer_reviewer_flow(page: Page, demo_assessments):
    review = PeerReview.objects.get()
    shared = review.shared.select_related("link").first().link
    unshared = EvidenceLink.objects.exclude(pk__in=review.shared.values("link_id")).first()
    sign_in(page, "qa.northvale")
    page.goto("/peer-reviews/")
    page.get_by_role("link", name="Regional peer review").click()
    expect(page.get_by_role("heading", name="Regional peer review")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=shared.label).first.click()
    expect(page.get_by_role("heading", name=shared.label)).to_be_visible()
    page.get_by_role("link", name="Back to the self-assessment").click()

    page.locator("#id_finding-heading").select_option(label="Vision and leadership")
    page.get_by_label("Area for improvement").check()
    page.get_by_label("Finding", exact=True).fill("Too many priorities for the board's capacity")
    page.get_by_role("button", name="Record the finding").click()
    expect(page.get_by_text("The finding has been recorded.")).to_be_visible()
    page.get_by_label("Recommendation", exact=True).fill("Reduce the priorities to three")
    page.get_by_role("button", name="Record the recommendation").click()
    expect(page.get_by_text("The recommendation has been recorded.")).to_be_visible()
    assert Finding.objects.filter(heading="vision", kind="improvement").exists()
    assert Recommendation.objects.filter(text="Reduce the priorities to three").exists()

    response = page.goto(f"/peer-reviews/{review.pk}/evidence/{unshared.pk}/")
    assert response.status == 404
    response = page.goto(f"/b/ashbourne/self-assessment/{review.assessment.pk}/")
    assert response.status == 404

    PeerReview.objects.filter(pk=review.pk).update(closed_at="2026-01-01T00:00:00Z")
    response = page.goto(f"/peer-reviews/{review.pk}/")
    assert response.status == 403


def test_peer_review_library_and_report_pages_are_accessible(page: Page, demo_assessments):
    review = PeerReview.objects.get()
    assessment = review.assessment
    sign_in(page, "admin")
    pass_two_factor(page)
    for path in [
        f"/b/ashbourne/peer-reviews/{review.pk}/",
        f"/b/ashbourne/self-assessment/{assessment.pk}/revisions/2/",
        f"/b/ashbourne/self-assessment/{assessment.pk}/decide/",
        "/b/ashbourne/regional-library/?q=neglect",
        "/r/riverside/library/",
        "/r/riverside/report/",
    ]:
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    page.goto("/r/riverside/report/")
    expect(page.locator("#report-grades")).to_contain_text("Ashbourne")
