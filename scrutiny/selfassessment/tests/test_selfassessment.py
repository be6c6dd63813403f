"""Self-assessment: grading through the questionnaire engine, revisions and what changed,
evidence suggestions and links (own board only), the decision, the standing meeting item."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from scrutiny.actions.models import Action, ActionSource
from scrutiny.audits.models import Audit
from scrutiny.challenges.models import Challenge
from scrutiny.core.tests.query_counts import BOARD_PAGE, get_page_afresh_and_kept
from scrutiny.findings.models import Finding
from scrutiny.governance.models import Group, Meeting
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
from scrutiny.people.models import Role
from scrutiny.selfassessment import evidence, services
from scrutiny.selfassessment.models import EvidenceLink, Revision, SelfAssessment, StandingItem


@pytest.fixture
def ofsted(db):
    return FrameworkTemplate.objects.get(code="ofsted-lscb-review-good", owner_board=None)


@pytest.fixture
def manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board)


@pytest.fixture
def assessment(board, ofsted, manager):
    return services.start_assessment(board, ofsted, manager)


def q(template, number):
    return TemplateQuestion.objects.get(section__template=template, number=number)


def level(template, label):
    return ScaleLevel.objects.get(scale__template=template, label=label)


def grade_post(template, grades: dict[str, str], narrative="", note=""):
    data = {"note": note}
    for number, label in grades.items():
        question = q(template, number)
        data[f"q{question.pk}"] = str(level(template, label).pk)
        data[f"q{question.pk}_comment"] = narrative or f"Narrative for {number}"
    return data


def test_five_domain_tool_loads_from_the_library(db):
    tool = FrameworkTemplate.objects.get(code="five-domain-self-assessment", owner_board=None)
    assert tool.kind == "self_assessment"
    assert [s.title[:2] for s in tool.sections.all()] == ["1.", "2.", "3.", "4.", "5."]
    assert TemplateQuestion.objects.filter(section__template=tool).count() == 10


def test_start_page_offers_both_tools_and_refuses_a_second_of_the_same(
    client, login, manager, board, ofsted
):
    login(client, manager)
    response = client.get(reverse("selfassessment:start", args=[board.slug]))
    assert b"Five-domain self-assessment" in response.content
    assert b"Ofsted LSCB review" in response.content
    response = client.post(
        reverse("selfassessment:start", args=[board.slug]), {"template": ofsted.pk}
    )
    assessment = SelfAssessment.objects.get(board=board)
    assert response["Location"] == assessment.get_absolute_url()
    response = client.post(
        reverse("selfassessment:start", args=[board.slug]), {"template": ofsted.pk}
    )
    assert "already has a self-assessment" in response.content.decode()
    assert SelfAssessment.objects.filter(board=board).count() == 1


def test_every_save_is_a_numbered_revision_and_the_page_shows_what_changed(
    client, login, manager, board, ofsted, assessment
):
    login(client, manager)
    url = reverse("selfassessment:edit", args=[board.slug, assessment.pk])
    client.post(url, grade_post(ofsted, {"77": "Good", "79": "Requires improvement"}))
    client.post(
        url,
        grade_post(ofsted, {"77": "Good", "79": "Good"}, note="After the re-audit"),
    )
    revisions = list(assessment.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[1].saved_by == manager and revisions[1].note == "After the re-audit"
    assert revisions[0].snapshot["es-79-frontline-practice"]["grade_label"] == (
        "Requires improvement"
    )
    assert revisions[1].snapshot["es-79-frontline-practice"]["grade_label"] == "Good"
    # The grades live in the one questionnaire engine.
    answer = assessment.response.answers.get(question=q(ofsted, "79"))
    assert answer.level.label == "Good" and answer.text == "Narrative for 79"

    page = client.get(assessment.get_absolute_url()).content.decode()
    since = page.split('id="changes-since-previous"')[1].split("</table>")[0]
    assert "Requires improvement" in since and "79" in since
    assert "77" not in since  # unchanged
    assert "2 of 2 graded criteria are good or better" in page
    assert "Provisional: 9 criteria not yet graded" in page


def test_changes_since_the_last_board_review(client, login, manager, board, ofsted, assessment):
    group = Group.objects.create(board=board, name="Main board", is_main_board=True)
    today = timezone.localdate()
    earlier = Meeting.objects.create(group=group, held_on=today - datetime.timedelta(days=30))
    services.add_standing_item(assessment, earlier)
    first = services.record_revision(assessment, manager)
    Revision.objects.filter(pk=first.pk).update(
        saved_at=timezone.now() - datetime.timedelta(days=40)
    )
    login(client, manager)
    client.post(
        reverse("selfassessment:edit", args=[board.slug, assessment.pk]),
        grade_post(ofsted, {"84": "Outstanding"}),
    )
    page = client.get(assessment.get_absolute_url()).content.decode()
    since_review = page.split('id="changes-since-review"')[1].split("</table>")[0]
    assert "84" in since_review and "Outstanding" in since_review

    # The standing item on the next meeting shows the summary and the change since then.
    upcoming = Meeting.objects.create(group=group, held_on=today + datetime.timedelta(days=7))
    response = client.post(
        reverse("selfassessment:standing_item", args=[board.slug, assessment.pk]),
        {"meeting": upcoming.pk},
    )
    assert response.status_code == 302
    assert StandingItem.objects.filter(agenda_item__meeting=upcoming).count() == 1
    meeting_page = client.get(upcoming.get_absolute_url()).content.decode()
    standing = meeting_page.split('id="standing-self-assessment"')[1]
    assert "1 outstanding" in standing and "10 not graded" in standing
    assert "84" in standing.split('id="standing-changes"')[1]


def test_evidence_suggestions_rank_by_keywords_and_say_why(board, other_board, ofsted, manager):
    Audit.objects.create(
        board=board,
        title="Thresholds audit",
        theme=board.themes.get(code="thresholds"),
        planned_quarter="2026 Q1",
        tool=FrameworkTemplate.objects.get(
            code="thresholds-referral-quality-audit", owner_board=None
        ),
        lead=manager,
    )
    Finding.objects.create(
        board=board,
        kind="improvement",
        theme=board.themes.get(code="thresholds"),
        text="Referral quality varies",
        source_type=ContentType.objects.get_for_model(board),
        source_id=board.pk,
    )
    Finding.objects.create(
        board=board,
        kind="strength",
        theme=board.themes.get(code="other"),
        text="Good attendance at board",
        source_type=ContentType.objects.get_for_model(board),
        source_id=board.pk,
    )
    Finding.objects.create(
        board=other_board,
        kind="improvement",
        theme=board.themes.get(code="thresholds"),
        text="Other board's threshold",
        source_type=ContentType.objects.get_for_model(board),
        source_id=other_board.pk,
    )
    criterion = evidence.criterion_for(q(ofsted, "83"), ofsted.code)
    assert criterion.kinds == ("audits", "findings", "indicators", "actions")
    result = {k.kind: c for k, c in evidence.suggestions(board, criterion)}
    assert [c.label for c in result["audits"]] == ["Case-file audit: Thresholds audit (2026 Q1)"]
    findings = result["findings"]
    assert [c.text for c in findings] == ["Referral quality varies", "Good attendance at board"]
    # The finding's source here is the board itself: its kind is named "board".
    assert findings[0].reason == "a finding from board; mentions “referral”, “theme: thresholds”"
    assert (
        findings[1].reason == "a finding from board; the criterion rests on this kind of evidence"
    )
    assert "challenges" not in result  # 83 does not rest on the challenge log


def test_register_adds_a_kind_with_one_call(board, ofsted):
    found = []

    def find_extra(b, criterion):
        found.append(b)
        return [evidence.Candidate(b, "Extra: Child D", "learning from review")]

    before = evidence.registered()
    evidence.register("reviews", "Case reviews", find_extra)
    try:
        criterion = evidence.criterion_for(q(ofsted, "81"), ofsted.code)
        kinds = [k.kind for k, _ in evidence.suggestions(board, criterion)]
        assert kinds[0] == "reviews" and found == [board]
    finally:
        evidence._REGISTRY.clear()
        evidence._REGISTRY.update(before)


def test_reviews_training_and_engagement_are_suggested_from_the_board_only(
    board, other_board, ofsted
):
    import datetime

    from scrutiny.reviews.models import Review
    from scrutiny.training.models import Course, TrainingProgramme
    from scrutiny.voice.models import EngagementActivity

    for b, ref in [(board, "CSPR Child M"), (other_board, "CSPR Elsewhere")]:
        Review.objects.create(
            board=b,
            kind="cspr",
            reference=ref,
            title="Neglect",
            summary="Learning about neglect",
            commissioned_on=datetime.date(2025, 1, 1),
        )
        programme = TrainingProgramme.objects.create(board=b, year=2026)
        Course.objects.create(programme=programme, title=f"Neglect training {ref}")
        EngagementActivity.objects.create(
            board=b,
            voice="children",
            kind="consultation",
            level="strategic",
            title=f"Young people on {ref}",
            held_on=datetime.date(2026, 5, 1),
            you_said="Listen to us",
        )

    def labels(code):
        criterion = evidence.criterion_for(q(ofsted, code), ofsted.code)
        return {
            k.kind: [c.label for c in found] for k, found in evidence.suggestions(board, criterion)
        }

    assert labels("81")["reviews"] == ["Review: CSPR Child M: Neglect (commissioned)"]
    assert labels("82")["training"] == ["Training: Neglect training CSPR Child M (2026 programme)"]
    assert labels("87")["engagement"] == [
        "Engagement (children and young people): Young people on CSPR Child M, 01 May 2026"
    ]


def test_linking_evidence_only_from_the_board(
    client, login, manager, board, other_board, ofsted, assessment, agency
):
    own = Challenge.objects.create(
        board=board,
        to_agency=agency,
        issue="Section 11 standard 3 not met",
        raised_on=timezone.localdate(),
        response_due=timezone.localdate(),
    )
    theirs = Challenge.objects.create(
        board=other_board,
        to_agency=agency,
        issue="Their challenge",
        raised_on=timezone.localdate(),
        response_due=timezone.localdate(),
    )
    ct = ContentType.objects.get_for_model(Challenge).pk
    question = q(ofsted, "84")
    login(client, manager)
    page = client.get(
        reverse("selfassessment:criterion", args=[board.slug, assessment.pk, question.pk])
    ).content.decode()
    assert "Section 11 standard 3 not met" in page and "Their challenge" not in page
    assert "Which partner have we challenged this year" in page  # reflective question
    url = reverse("selfassessment:evidence_add", args=[board.slug, assessment.pk, question.pk])
    assert (
        client.post(
            url, {"kind": "challenges", "content_type": ct, "object_id": theirs.pk}
        ).status_code
        == 404
    )
    assert (
        client.post(
            url, {"kind": "challenges", "content_type": ct, "object_id": own.pk}
        ).status_code
        == 302
    )
    link = EvidenceLink.objects.get()
    assert link.target == own and link.question == question and link.kind == "challenges"
    assert "Section 11 standard 3" in link.label
    revision = assessment.revisions.get()
    assert revision.snapshot["es-84-holding-to-account"]["evidence"] == [link.label]
    client.post(
        reverse("selfassessment:evidence_remove", args=[board.slug, assessment.pk, link.pk])
    )
    assert not EvidenceLink.objects.exists() and assessment.revisions.count() == 2


def test_the_board_records_its_own_judgement(client, login, make_user, board, ofsted, assessment):
    chair = make_user(Role.CHAIR, board=board)
    qa = make_user(Role.QA_MEMBER, board=board)
    url = reverse("selfassessment:decide", args=[board.slug, assessment.pk])
    login(client, qa)
    assert client.get(url).status_code == 403
    login(client, chair)
    response = client.post(
        url, {"level": level(ofsted, "Good").pk, "reasoning": "Agreed at the March board"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.overall_level.label == "Good" and assessment.overall_decided_by == chair
    assert assessment.revisions.get().note == "Overall judgement decided: Good"


def test_another_boards_assessment_is_not_found(
    client, login, make_user, board, other_board, ofsted, assessment
):
    theirs = make_user(Role.BUSINESS_MANAGER, board=other_board)
    login(client, theirs)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    url = reverse("selfassessment:detail", args=[other_board.slug, assessment.pk])
    assert client.get(url).status_code == 404


def test_agency_leads_do_not_see_the_self_assessment(
    client, login, make_user, board, agency, assessment
):
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    assert client.get(assessment.get_absolute_url()).status_code == 403


def test_detail_page_queries_do_not_grow_with_evidence(
    client, login, manager, board, ofsted, assessment, django_assert_max_num_queries
):
    login(client, manager)

    def add_links(start, n):
        for i in range(start, start + n):
            EvidenceLink.objects.create(
                assessment=assessment,
                question=q(ofsted, "77"),
                kind="actions",
                target_type=ContentType.objects.get_for_model(Action),
                target_id=1000 + i,
                label=f"Action {i}",
            )
        services.record_revision(assessment, manager)

    add_links(0, 2)
    with django_assert_max_num_queries(40) as small:
        client.get(assessment.get_absolute_url())
    add_links(2, 20)
    with django_assert_max_num_queries(40) as large:
        client.get(assessment.get_absolute_url())
    assert len(large.captured_queries) == len(small.captured_queries)
    assert ActionSource.SELF_ASSESSMENT  # the tracker knows this source


def test_multi_agency_child_protection_standards_load_and_a_board_grades_itself_against_them(
    client, login, manager, board
):
    standards = FrameworkTemplate.objects.get(
        code="multi-agency-child-protection-standards", owner_board=None
    )
    assert standards.kind == "self_assessment"
    # Standard A has four statements, standard B six (counted in the YAML by hand).
    assert [(s.title[:2], s.questions.count()) for s in standards.sections.all()] == [
        ("A.", 4),
        ("B.", 6),
    ]
    login(client, manager)
    start = reverse("selfassessment:start", args=[board.slug])
    assert b"Multi-agency child protection standards" in client.get(start).content
    response = client.post(start, {"template": standards.pk})
    assessment = SelfAssessment.objects.get(board=board, template=standards)
    assert response["Location"] == assessment.get_absolute_url()
    client.post(
        reverse("selfassessment:edit", args=[board.slug, assessment.pk]),
        grade_post(standards, {"A.3": "Mostly met", "B.6": "Inconsistently met"}),
    )
    graded = services.snapshot(assessment)
    assert graded["a3-sharing-and-escalating"]["grade_label"] == "Mostly met"
    assert graded["b6-disagreement"]["grade_label"] == "Inconsistently met"
    assert graded["b1-collaboration"]["grade"] == ""


def test_the_self_assessments_list_is_kept_until_the_region_changes(
    client, login, make_user, manager, board, ofsted, django_assert_num_queries
):
    url = reverse("selfassessment:list", args=[board.slug])
    viewer = make_user(Role.VIEWER, board=board)  # before the visits: a new role is a change
    login(client, manager)
    client.get(url)  # warm: the session, content types
    cache.clear()
    # 1 session, 2 user, 3 two-factor device, 4 the grants with their boards, 5 the region's
    # data version; then the self-assessments with their tool and overall level
    # Shown again with nothing changed, the same page from what was kept: queries 1-5 only.
    afresh = get_page_afresh_and_kept(
        client, url, BOARD_PAGE + 2, BOARD_PAGE + 1, django_assert_num_queries
    )
    assert "No self-assessment yet." in afresh.content.decode()
    started = services.start_assessment(board, ofsted, manager)  # a change shows at once
    login(client, viewer)
    page = client.get(url).content.decode()
    assert started.get_absolute_url() in page and "No self-assessment yet." not in page
