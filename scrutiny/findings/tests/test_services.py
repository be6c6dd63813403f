"""The one findings service: recording, finding a source's findings, raising an owned action
that serves the source's objective (so it is on the golden thread), and the thematic view
counting every source's areas for improvement, worked out by hand on a small fixture."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from scrutiny.actions.models import Action, ActionSource
from scrutiny.audit.models import AuditEntry
from scrutiny.audits.models import Audit
from scrutiny.challenges.models import Challenge
from scrutiny.findings.models import Finding, FindingKind
from scrutiny.findings.services import findings_for, raise_action_from_finding, record_finding
from scrutiny.findings.thematic import thematic_view
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role
from scrutiny.plan.golden_thread import thread_for
from scrutiny.plan.models import Objective, Priority
from scrutiny.reviews.models import Recommendation, Review
from scrutiny.reviews.services import record_recommendation_findings

IMPROVEMENT, STRENGTH = FindingKind.AREA_FOR_IMPROVEMENT, FindingKind.STRENGTH


@pytest.fixture
def lead(make_user, board):
    return make_user(Role.QA_MEMBER, board=board)


@pytest.fixture
def priority(board):
    return Priority.objects.create(
        board=board,
        title="Neglect",
        start_date=datetime.date(2026, 4, 1),
        end_date=datetime.date(2027, 3, 31),
    )


def objective(priority, title, due):
    return Objective.objects.create(
        priority=priority, title=title, measure_of_success="-", due_date=due
    )


def make_audit(board, lead, priority=None, title="Neglect audit"):
    return Audit.objects.create(
        board=board,
        title=title,
        theme=board.themes.get(code="neglect"),
        tool=FrameworkTemplate.objects.get(code="multi-agency-case-file-audit", owner_board=None),
        planned_quarter="2026 Q2",
        lead=lead,
        priority=priority,
    )


def test_record_finding_keeps_its_source_and_is_audit_logged(board, other_board, lead):
    audit = make_audit(board, lead)
    other = make_audit(board, lead, title="Other audit")
    voice = board.themes.get(code="voice")
    finding = record_finding(
        board=board,
        source=audit,
        kind=IMPROVEMENT,
        text="Voice missing",
        theme=voice,
        recorded_by=lead,
    )
    record_finding(board=board, source=other, kind=STRENGTH, text="Elsewhere")
    assert list(findings_for(audit)) == [finding]
    assert finding.theme_label == "Voice of the child"
    assert finding.source_kind_label == "Case-file audit"
    assert finding.source_url == reverse("audits:audit", args=[board.slug, audit.pk])
    assert finding.get_board_url(board) == f"{finding.source_url}#finding-{finding.pk}"
    assert finding.found_on == datetime.date.today()
    assert AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Finding), object_pk=str(finding.pk)
    ).exists()
    untagged = record_finding(board=board, source=other, kind=STRENGTH, text="No theme")
    assert untagged.theme_label == ""
    with pytest.raises(ValueError, match="another board"):
        record_finding(
            board=board,
            source=audit,
            kind=STRENGTH,
            text="x",
            theme=other_board.themes.get(code="voice"),
        )
    with pytest.raises(ValueError, match="Unknown kind"):
        record_finding(board=board, source=audit, kind="opinion", text="x")


def test_an_action_from_a_finding_serves_the_sources_priority_on_the_golden_thread(
    client, login, make_user, board, agency, lead, priority
):
    later = objective(priority, "Later", datetime.date(2027, 3, 1))
    first = objective(priority, "First", datetime.date(2026, 9, 1))
    audit = make_audit(board, lead, priority)
    finding = record_finding(board=board, source=audit, kind=IMPROVEMENT, text="Plans weak")
    owner = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    action = raise_action_from_finding(
        finding,
        title="Audit every plan",
        owner=owner,
        agency=agency,
        due_date=datetime.date(2026, 12, 1),
        created_by=lead,
    )
    # No objective given: the first objective (by due date) of the audit's priority.
    assert (action.owner, action.agency, action.objective) == (owner, agency, first)
    assert action.source == ActionSource.AUDIT and action.source_object == finding
    assert action.source_label == str(audit) and action.description == "Plans weak"
    thread = thread_for(priority, datetime.date(2026, 6, 1))
    assert thread.actions_by_objective == {first.pk: [action], later.pk: []}
    assert thread.progress.total == 1
    # Raising again updates the same action rather than adding one.
    again = raise_action_from_finding(
        finding,
        title="Audit every plan again",
        owner=None,
        agency=agency,
        due_date=datetime.date(2026, 12, 1),
        objective=later,
        created_by=lead,
    )
    assert again.pk == action.pk and Action.objects.count() == 1
    assert (again.owner, again.objective) == (owner, later)
    # The action's page links back to the finding on its source's page, and to the objective.
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    page = client.get(reverse("actions:detail", args=[board.slug, action.pk])).content.decode()
    assert f"{finding.source_url}#finding-{finding.pk}" in page
    assert "Serves the objective" in page and "Later" in page


def test_an_objective_of_another_board_is_refused(board, other_board, lead):
    foreign = Priority.objects.create(
        board=other_board,
        title="Theirs",
        start_date=datetime.date(2026, 4, 1),
        end_date=datetime.date(2027, 3, 31),
    )
    finding = record_finding(
        board=board, source=make_audit(board, lead), kind=IMPROVEMENT, text="x"
    )
    with pytest.raises(ValueError, match="another board"):
        raise_action_from_finding(
            finding,
            title="x",
            owner=None,
            agency=None,
            due_date=datetime.date(2026, 12, 1),
            objective=objective(foreign, "Theirs", datetime.date(2026, 12, 1)),
            created_by=lead,
        )


def test_the_thematic_view_counts_every_sources_areas_for_improvement(
    board, other_board, agency, lead
):
    voice, neglect = board.themes.get(code="voice"), board.themes.get(code="neglect")
    audit = make_audit(board, lead)
    challenge = Challenge.objects.create(
        board=board,
        to_agency=agency,
        issue="i",
        raised_on=datetime.date(2026, 1, 5),
        response_due=datetime.date(2026, 2, 5),
    )
    review = Review.objects.create(
        board=board,
        kind="cspr",
        reference="CSPR 1",
        title="t",
        commissioned_on=datetime.date(2024, 3, 1),
        completed_on=datetime.date(2025, 7, 1),
    )
    for number in (1, 2):  # two recommendations of one review on voice: one piece of evidence
        rec = Recommendation.objects.create(review=review, number=number, text=f"r{number}")
        rec.themes.set([voice])
        record_recommendation_findings(rec)
    day = datetime.date
    record_finding(
        board=board, source=audit, kind=IMPROVEMENT, text="a", theme=voice, found_on=day(2026, 5, 1)
    )
    record_finding(
        board=board,
        source=audit,
        kind=IMPROVEMENT,
        text="b",
        theme=neglect,
        found_on=day(2026, 5, 1),
    )
    record_finding(
        board=board, source=audit, kind=STRENGTH, text="c", theme=neglect, found_on=day(2026, 5, 1)
    )  # strengths are not counted
    record_finding(
        board=board,
        source=challenge,
        kind=IMPROVEMENT,
        text="d",
        theme=voice,
        found_on=day(2026, 2, 1),
    )
    record_finding(
        board=board, source=challenge, kind=IMPROVEMENT, text="e", found_on=day(2026, 2, 1)
    )  # untagged
    record_finding(
        board=other_board,
        source=audit,
        kind=IMPROVEMENT,
        text="f",
        theme=other_board.themes.get(code="voice"),
        found_on=day(2026, 5, 1),
    )

    view = thematic_view(board)
    # voice: 2 in 2025 (the review), 2 in 2026 (audit, challenge); 3 pieces of evidence
    assert view.years == [2025, 2026]
    rows = {r.theme.code: r for r in view.rows}
    assert (rows["voice"].by_year, rows["voice"].total, rows["voice"].sources) == ([2, 2], 4, 3)
    assert rows["voice"].hotspot
    assert rows["voice"].kinds == ["Case-file audit", "Challenge", "Learning review"]
    assert (rows["neglect"].by_year, rows["neglect"].sources, rows["neglect"].hotspot) == (
        [0, 1],
        1,
        False,
    )
    assert view.rows[0].theme.code == "voice"
    assert view.untagged == 1
    # Retired themes with nothing counted drop out; those with counts stay.
    board.themes.filter(code__in=["neglect", "fathers"]).update(retired=True)
    codes = {r.theme.code for r in thematic_view(board).rows}
    assert "neglect" in codes and "fathers" not in codes
