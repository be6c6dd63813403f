"""Every page of the self-assessment, peer review and regional apps renders on the demo data,
and Ashbourne's self-assessment never shows another board's records."""

import pytest
from django.urls import reverse

from scrutiny.demo.audits import create_demo_audits
from scrutiny.demo.dataset import create_demo_data_set
from scrutiny.demo.plan import create_demo_plan
from scrutiny.demo.region import create_demo_region, demo_email
from scrutiny.demo.returns import create_demo_returns
from scrutiny.demo.selfassessment import create_demo_self_assessments
from scrutiny.peerreview.models import PeerReview
from scrutiny.people.models import User
from scrutiny.regional.models import Resource
from scrutiny.selfassessment.models import SelfAssessment, StandingItem


@pytest.fixture
def demo(db):
    region = create_demo_region()
    create_demo_returns(region)
    create_demo_plan(region)
    create_demo_data_set(region)
    create_demo_audits(region)
    create_demo_self_assessments(region)
    return region


def test_pages_render_on_the_demo(client, login, demo):
    admin = User.objects.get(email=demo_email("admin"))
    assessment = SelfAssessment.objects.get(board__slug="ashbourne")
    review = PeerReview.objects.get()
    question = assessment.template.sections.get().questions.get(number="84")
    meeting = StandingItem.objects.select_related("agenda_item__meeting").get()
    resource = Resource.objects.filter(status="published").first()
    login(client, admin)
    a = ["ashbourne", assessment.pk]
    urls = [
        reverse("selfassessment:list", args=["ashbourne"]),
        assessment.get_absolute_url(),
        reverse("selfassessment:edit", args=a),
        reverse("selfassessment:decide", args=a),
        reverse("selfassessment:standing_item", args=a),
        reverse("selfassessment:revision", args=[*a, 2]),
        reverse("selfassessment:criterion", args=[*a, question.pk]),
        meeting.agenda_item.meeting.get_absolute_url(),
        reverse("peerreview:host_list", args=["ashbourne"]),
        review.get_absolute_url(),
        reverse("regional:library", args=["ashbourne"]) + "?q=neglect",
        reverse("regional:resource", args=["ashbourne", resource.pk]),
        reverse("regional:curate", args=["riverside"]),
        reverse("regional:region_report", args=["riverside"]),
        reverse("regional:board_report", args=["ashbourne"]),
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    meeting_page = pages[meeting.agenda_item.meeting.get_absolute_url()]
    assert 'id="standing-self-assessment"' in meeting_page
    assert "Evidence linked for" in meeting_page
    report = pages[reverse("regional:region_report", args=["riverside"])]
    for name in ["Ashbourne", "Northvale", "Eastmoor", "Westbridge"]:
        assert name in report
    criterion = pages[reverse("selfassessment:criterion", args=[*a, question.pk])]
    for other in ["Northvale", "Eastmoor", "Westbridge"]:
        assert f"Meeting: {other}" not in criterion
    for kind in ["letter.docx", "letter.pdf"]:
        fmt = kind.split(".")[1]
        response = client.get(reverse("peerreview:host_letter", args=["ashbourne", review.pk, fmt]))
        assert response.status_code == 200
