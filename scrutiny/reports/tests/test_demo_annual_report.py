"""The demo region's annual report: every figure checked against the records, counted here
with plain ORM queries, independently of the report's own code."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from docx import Document

from scrutiny.actions.models import Action
from scrutiny.audits.models import Audit
from scrutiny.challenges.models import Challenge
from scrutiny.dataset.models import IndicatorValue, Target
from scrutiny.findings.models import Finding
from scrutiny.governance.models import Attendance, Meeting
from scrutiny.jobs.tests.helpers import file_bytes, job_download
from scrutiny.library.loader import load_library_files, shipped_library_files
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import User
from scrutiny.plan.models import Objective, Priority
from scrutiny.reports.models import AnnualReport, financial_year
from scrutiny.reports.render import gather_report
from scrutiny.reports.structures import structure
from scrutiny.returns.models import ReturnRequest

OPEN = ["not_started", "in_progress"]
SECTIONS = structure("regional-annual-report-2013").sections


@pytest.fixture(scope="module")
def demo_report(django_db_setup, django_db_blocker):
    """The demo region once for the module (it is slow to build), with its figures."""
    with django_db_blocker.unblock():
        if not FrameworkTemplate.objects.exists():  # emptied by an earlier transactional test
            load_library_files(shipped_library_files())
        call_command("demo")
        report = AnnualReport.objects.select_related("board").get(
            board__slug="ashbourne", status="draft"
        )
        figures = gather_report(report, timezone.localdate())
    yield report, figures
    with django_db_blocker.unblock():
        # Flushing runs post_migrate, which loads the shipped library again.
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture
def year(demo_report):
    report, figures = demo_report
    start, end = financial_year(report.year)
    return start, end, datetime.date.fromisoformat(figures["as_of"])


def in_year(field, start, end):
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


@pytest.mark.django_db
def test_the_demo_board_has_a_draft_with_every_section(demo_report):
    report, figures = demo_report
    assert not report.is_published
    assert list(figures["sections"]) == [s.key for s in SECTIONS]
    assert report.narratives.filter(section_key="introduction").exists()


@pytest.mark.django_db
def test_governance_figures_match_the_meetings_and_attendance(demo_report, year):
    report, figures = demo_report
    start, end, _ = year
    board = report.board
    got = figures["sections"]["governance"]["figures"]
    meetings = Meeting.objects.filter(in_year("held_on", start, end), group__board=board)
    assert got["meetings_held"] == meetings.count() > 0
    assert got["main_board_meetings"] == meetings.filter(group__is_main_board=True).count()
    rows = Attendance.objects.filter(
        in_year("meeting__held_on", start, end),
        meeting__group__board=board,
        meeting__group__is_main_board=True,
        member__active=True,
    )
    assert got["attendance_expected"] == rows.count() > 0
    assert got["attendance_present"] == rows.filter(status="present").count()
    assert got["attendance_rate"] == round(
        100 * rows.filter(status="present").count() / rows.count(), 1
    )


@pytest.mark.django_db
def test_priority_figures_match_the_plan_and_tracker(demo_report, year):
    report, figures = demo_report
    start, end, as_of = year
    board = report.board
    got = figures["sections"]["priorities"]["figures"]
    priorities = Priority.objects.filter(board=board, start_date__lte=end, end_date__gte=start)
    assert got["priorities"] == priorities.count() > 0
    objectives = Objective.objects.filter(priority__in=priorities).values("pk")
    # Raised on an objective, or raised from a finding (an audit's) and serving one.
    plan_actions = Action.objects.filter(
        Q(source_type=ContentType.objects.get_for_model(Objective), source_id__in=objectives)
        | Q(objective__in=objectives)
    )
    assert got["plan_actions"] == plan_actions.count() > 0
    assert got["plan_actions_completed"] == plan_actions.filter(status="completed").count()
    assert (
        got["plan_actions_overdue"]
        == plan_actions.filter(status__in=OPEN, due_date__lt=as_of).count()
    )
    due = Action.objects.filter(in_year("due_date", start, end), boards=board)
    assert got["actions_due_in_year"] == due.count()


@pytest.mark.django_db
def test_data_set_figures_match_the_values_and_targets(demo_report, year):
    report, figures = demo_report
    _, end, _ = year
    board = report.board
    got = figures["sections"]["data_set"]["figures"]
    latest: dict[int, IndicatorValue] = {}
    for v in (
        IndicatorValue.objects.filter(board=board, period_end__lte=end)
        .select_related("indicator")
        .order_by("period_end")
    ):
        latest[v.indicator_id] = v
    assert got["with_values"] == len(latest) > 0
    red = 0
    for v in latest.values():
        target = Target.objects.filter(
            board=board, indicator=v.indicator, period_label=v.period_label
        ).first()
        if target is None or v.value is None:
            continue
        better_high = v.indicator.polarity == "higher_is_better"
        short = (target.target - v.value) if better_high else (v.value - target.target)
        red += short > target.tolerance
    assert got["red"] == red
    table = figures["sections"]["data_set"]["tables"][0]["rows"]
    assert len(table) == got["indicators"]


@pytest.mark.django_db
def test_returns_audits_and_challenges_match_the_records(demo_report, year):
    report, figures = demo_report
    start, end, as_of = year
    board = report.board
    s = figures["sections"]
    s11 = ReturnRequest.objects.filter(
        board=board,
        agency_return__template__code="section-11-audit",
        agency_return__period_label=report.year,
    )
    # Only returns due by the report's date are expected; the rest are counted apart.
    assert s11.exists()
    assert s["returns"]["figures"]["section_11_due_later"] == s11.filter(due_date__gt=as_of).count()
    s11 = s11.filter(due_date__lte=as_of)
    assert s["returns"]["figures"]["section_11_expected"] == s11.count()
    assert (
        s["returns"]["figures"]["section_11_received"]
        == s11.filter(agency_return__first_submitted_at__isnull=False).count()
    )
    quarters = [f"{start.year} Q2", f"{start.year} Q3", f"{start.year} Q4", f"{end.year} Q1"]
    assert (
        s["audits"]["figures"]["audits"]
        == Audit.objects.filter(board=board, planned_quarter__in=quarters).count()
    )
    challenges = Challenge.objects.filter(board=board)
    assert (
        s["challenges"]["figures"]["raised"]
        == challenges.filter(in_year("raised_on", start, end)).count()
        > 0
    )
    assert (
        s["challenges"]["figures"]["closed"]
        == challenges.filter(in_year("closed_on", start, end)).count()
    )
    closed_rows = s["challenges"]["tables"][0]["rows"]
    assert len(closed_rows) == s["challenges"]["figures"]["closed"]


@pytest.mark.django_db
def test_weaknesses_are_the_findings_of_every_source(demo_report, year):
    report, figures = demo_report
    start, _, as_of = year
    got = figures["sections"]["weaknesses"]
    findings = Finding.objects.filter(
        board=report.board,
        kind="improvement",
        recorded_at__date__gte=start,
        recorded_at__date__lte=as_of,
    )
    assert got["figures"]["areas_for_improvement"] == findings.count() > 0
    assert sorted(r[2] for r in got["tables"][0]["rows"]) == sorted(f.text for f in findings)


@pytest.mark.django_db
def test_last_years_report_is_published_after_its_sign_off(demo_report):
    report, _ = demo_report
    published = AnnualReport.objects.get(board=report.board, status="published")
    start, _ = financial_year(published.year)
    assert start.year == financial_year(report.year)[0].year - 1
    assert sorted(a.role for a in published.approvals.all()) == ["icb", "local_authority", "police"]
    assert published.publication.url.startswith("https://")
    assert published.dispatches.filter(sent_on__isnull=False).count() == 1
    assert f"ashbourne-annual-report-{published.year}-v1" in published.pdf.name
    # Every check was fixed or acknowledged with a reason before it was published.
    assert all(a.reason for a in published.acknowledgements.all())


@pytest.mark.django_db
def test_the_report_page_pdf_and_word_file(demo_report, client, login):
    report, figures = demo_report
    manager = User.objects.get(email="manager.ashbourne@riverside.example")
    login(client, manager)
    page = client.get(reverse("reports:report", args=["ashbourne", report.pk]))
    assert page.status_code == 200
    meetings = figures["sections"]["governance"]["figures"]["meetings_held"]
    assert f'<dd class="govuk-summary-list__value">{meetings}</dd>'.encode() in page.content
    for section in SECTIONS:
        assert section.title.replace("'", "&#x27;").encode() in page.content
    pdf = client.post(reverse("reports:download", args=["ashbourne", report.pk, "pdf"]))
    pdf = job_download(client, pdf)
    assert pdf["Content-Disposition"] == (
        f'attachment; filename="ashbourne-annual-report-{report.year}-v{report.version}.pdf"'
    )
    assert file_bytes(pdf).startswith(b"%PDF")
    word = client.post(reverse("reports:download", args=["ashbourne", report.pk, "docx"]))
    document = Document(io.BytesIO(file_bytes(job_download(client, word))))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Contents"] + [f"{n}. {s.title}" for n, s in enumerate(SECTIONS, 1)]
    assert len(document.inline_shapes) >= 4  # the charts


@pytest.mark.django_db
def test_review_and_child_death_figures_match_the_register(demo_report, year):
    from scrutiny.reviews.models import ChildDeath, Dissemination, Recommendation, Review

    report, figures = demo_report
    start, end, as_of = year
    board = report.board
    got = figures["sections"]["reviews"]["figures"]
    completed = Review.objects.filter(in_year("completed_on", start, end), board=board)
    assert got["reviews_completed"] == completed.count() > 0
    assert got["reviews_published"] == (
        Review.objects.filter(in_year("published_on", start, end), board=board).count()
    )
    assert (
        got["reviews_in_progress"]
        == Review.objects.filter(
            Q(completed_on__isnull=True) | Q(completed_on__gt=as_of),
            board=board,
            commissioned_on__lte=as_of,
        ).count()
    )
    assert got["recommendations"] == Recommendation.objects.filter(review__in=completed).count()
    review_actions = Action.objects.filter(
        boards=board, source_type=ContentType.objects.get_for_model(Recommendation)
    )
    assert (
        got["actions_signed_off"]
        == review_actions.filter(status="completed", signed_off_at__isnull=False).count()
        > 0
    )
    assert got["actions_outstanding"] == review_actions.exclude(status="completed").count() > 0
    shared = Dissemination.objects.filter(in_year("held_on", start, as_of), review__board=board)
    assert got["disseminations"] == shared.count()
    assert got["people_reached"] == sum(d.reach or 0 for d in shared)
    deaths = ChildDeath.objects.filter(board=board, reviewed_in=start.year)
    assert got["child_deaths_reviewed"] == deaths.count() > 0
    assert got["child_deaths_modifiable"] == deaths.filter(modifiable_factors=True).count()


@pytest.mark.django_db
def test_training_and_voice_figures_match_the_records(demo_report, year):
    from scrutiny.training.models import Booking, Evaluation, TrainingSession
    from scrutiny.voice.models import EngagementActivity, FeedbackSubmission

    report, figures = demo_report
    start, end, as_of = year
    board = report.board
    got = figures["sections"]["training"]["figures"]
    bookings = Booking.objects.filter(
        session__course__programme__board=board, session__course__programme__year=start.year
    )
    assert got["booked"] == bookings.count() > 0
    assert got["attended"] == bookings.filter(attended=True).count() > 0
    assert (
        got["sessions"]
        == TrainingSession.objects.filter(
            course__programme__board=board, course__programme__year=start.year, date__lte=as_of
        ).count()
    )
    evaluations = Evaluation.objects.filter(
        session__course__programme__board=board, session__course__programme__year=start.year
    )
    assert got["end_evaluations"] == evaluations.filter(stage="end").count() > 0

    got = figures["sections"]["voice"]["figures"]
    activities = EngagementActivity.objects.filter(in_year("held_on", start, as_of), board=board)
    children = activities.filter(voice="children")
    assert got["children_activities"] == children.count() > 0
    assert got["children_taking_part"] == sum(a.participants or 0 for a in children)
    assert got["staff_activities"] == activities.filter(voice="staff").count() > 0
    assert (
        got["feedback_answers"]
        == FeedbackSubmission.objects.filter(
            in_year("submitted_on", start, as_of), form__board=board
        ).count()
    )


@pytest.mark.django_db
def test_self_assessment_figures_match_the_assessment(demo_report, year):
    from scrutiny.questionnaires.models import Answer
    from scrutiny.selfassessment.models import EvidenceLink, SelfAssessment

    report, figures = demo_report
    start, _, as_of = year
    got = figures["sections"]["self_assessment"]["figures"]
    assessment = SelfAssessment.objects.get(
        board=report.board, template__code="ofsted-lscb-review-good"
    )
    graded = Answer.objects.filter(response=assessment.response, level__isnull=False)
    assert got["graded"] == graded.count() > 0
    assert got["evidence_links"] == EvidenceLink.objects.filter(assessment=assessment).count() > 0
    assert (
        got["revisions_in_year"]
        == assessment.revisions.filter(saved_at__date__gte=start, saved_at__date__lte=as_of).count()
    )
    assert got["decided"] == (assessment.overall_level.label if assessment.overall_level else "")
