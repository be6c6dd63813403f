"""Each source writes its findings through the one service, from its own pages: learning
reviews (recommendations) and external inspections. (Audits, peer reviews, challenges and
returns are tested in their own apps' tests.)"""

import datetime

from django.urls import reverse

from scrutiny.findings.models import Finding
from scrutiny.library.models import FrameworkTemplate, ScaleLevel
from scrutiny.people.models import Role
from scrutiny.returns.models import Inspection
from scrutiny.reviews.models import Recommendation, Review


def test_a_recommendation_saved_on_its_page_records_a_finding_per_theme(
    client, login, make_user, board, agency
):
    login(client, make_user(Role.QA_MEMBER, board=board))
    review = Review.objects.create(
        board=board,
        kind="cspr",
        reference="CSPR 7",
        title="t",
        commissioned_on=datetime.date(2025, 2, 1),
    )
    voice, sharing = board.themes.get(code="voice"), board.themes.get(code="information_sharing")
    add = reverse("reviews:recommendation_add", args=[board.slug, review.pk])
    posted = {"number": 1, "text": "Hear the child", "agencies": [agency.pk]}
    client.post(add, {**posted, "themes": [voice.pk, sharing.pk]})
    rec = Recommendation.objects.get()
    found = Finding.objects.filter(source_id=rec.pk, source_type__model="recommendation")
    assert sorted((f.theme.code, f.kind, f.text, f.found_on) for f in found) == [
        ("information_sharing", "improvement", "Hear the child", datetime.date(2025, 2, 1)),
        ("voice", "improvement", "Hear the child", datetime.date(2025, 2, 1)),
    ]
    page = client.get(reverse("reviews:recommendation", args=[board.slug, rec.pk]))
    assert all(f'id="finding-{f.pk}"' in page.content.decode() for f in found)
    # Edited: one theme dropped, the text changed; the findings follow.
    edit = reverse("reviews:recommendation_edit", args=[board.slug, review.pk, rec.pk])
    client.post(edit, {**posted, "text": "Hear every child", "themes": [voice.pk], "revision": 0})
    found = Finding.objects.filter(source_id=rec.pk, source_type__model="recommendation")
    assert [(f.theme.code, f.text) for f in found] == [("voice", "Hear every child")]
    # The review completes: its findings move to the year it completed.
    review_edit = reverse("reviews:edit", args=[board.slug, review.pk])
    client.post(
        review_edit,
        {
            "kind": "cspr",
            "reference": "CSPR 7",
            "title": "t",
            "status": "completed",
            "commissioned_on": "2025-02-01",
            "completed_on": "2026-01-15",
            "agencies": [agency.pk],
            "revision": review.revision,
        },
    )
    assert found.get().found_on == datetime.date(2026, 1, 15)


def test_an_inspection_recorded_on_its_page_is_a_finding_and_still_flags(
    client, login, make_user, board, agency
):
    s11 = FrameworkTemplate.objects.get(code="section-11-audit", owner_board=None)
    qa = make_user(Role.QA_MEMBER, board=board)
    login(client, qa)
    section = s11.sections.get(code="training-supervision")
    partly = ScaleLevel.objects.get(scale__template=s11, code="partially-met")
    client.post(
        reverse("returns:inspection_finding", args=[board.slug]),
        {
            "agency": agency.pk,
            "inspectorate": "hmicfrs",
            "inspected_on": "2026-05-01",
            "section": section.pk,
            "judgement": partly.pk,
            "summary": "Training reached too few officers",
            "theme": board.themes.get(code="training").pk,
        },
    )
    inspection = Inspection.objects.get()
    assert (inspection.board, inspection.judgement, inspection.recorded_by) == (board, partly, qa)
    finding = Finding.objects.get()
    assert (finding.source, finding.kind, finding.theme.code, finding.found_on) == (
        inspection,
        "improvement",  # partially met is below the top of the scale
        "training",
        datetime.date(2026, 5, 1),
    )
    assert finding.source_kind_label == "External inspection"
    page = client.get(reverse("returns:section_11", args=[board.slug])).content.decode()
    assert "Training reached too few officers" in page
