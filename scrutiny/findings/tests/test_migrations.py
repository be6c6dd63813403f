"""The migrations that made one evidence chain, run on old-shaped rows: nothing is lost.

Migrates back to before them, writes rows the old way (a review theme, an audit and a finding
with theme codes, a peer finding and a peer recommendation with its action, an inspection
finding, a return's rating action), migrates forward and checks where each ended up."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("findings", "0002_revision"),
    ("reviews", "0004_revision"),
    ("audits", "0003_revision"),
    ("peerreview", "0002_revision"),
    ("returns", "0002_revision"),
    ("actions", "0006_revision"),
]
AFTER = [
    ("findings", "0003_themes"),
    ("reviews", "0005_themes"),
    ("audits", "0004_theme"),
    ("peerreview", "0003_findings"),
    ("returns", "0003_inspections_and_findings"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor = MigrationExecutor(connection)  # the models as every applied migration left them
    return executor._create_project_state(with_applied_migrations=True).apps


@pytest.fixture
def back_to_before():
    """Migrate back before the chain's migrations; afterwards, forward to the latest again."""
    yield _migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_old_rows_survive_the_migrations(back_to_before):
    old = back_to_before
    ContentType = old.get_model("contenttypes", "ContentType")
    Region, Board = old.get_model("tenancy", "Region"), old.get_model("tenancy", "Board")
    Agency = old.get_model("tenancy", "Agency")
    User = old.get_model("people", "User")
    region = Region.objects.create(name="R", slug="r")
    board = Board.objects.create(region=region, name="Old Board", short_name="Old", slug="old")
    agency = Agency.objects.create(region=region, name="Police", agency_type="police")
    user = User.objects.create(email="qa@example.org", full_name="QA")
    ReviewTheme = old.get_model("reviews", "ReviewTheme")
    ReviewTheme.objects.create(board=board, name="Assessment", in_use=True)
    ReviewTheme.objects.create(board=board, name="Our own theme", in_use=False)
    Review = old.get_model("reviews", "Review")
    review = Review.objects.create(
        board=board,
        kind="cspr",
        reference="CSPR 1",
        title="t",
        commissioned_on=datetime.date(2024, 1, 1),
    )
    Recommendation = old.get_model("reviews", "Recommendation")
    rec = Recommendation.objects.create(review=review, number=1, text="Share information")
    rec.themes.set(ReviewTheme.objects.all())
    Template = old.get_model("library", "FrameworkTemplate")
    tool = Template.objects.filter(kind="audit_tool").first()
    Audit = old.get_model("audits", "Audit")
    audit = Audit.objects.create(
        board=board,
        title="Old audit",
        theme="exploitation",
        tool=tool,
        planned_quarter="2026 Q1",
        lead=user,
    )
    Finding = old.get_model("findings", "Finding")
    audit_type = ContentType.objects.get_or_create(app_label="audits", model="audit")[0]
    finding = Finding.objects.create(
        board=board,
        kind="improvement",
        theme="voice",
        text="Voice missing",
        source_type=audit_type,
        source_id=audit.pk,
        recorded_by=user,
    )
    SelfAssessment = old.get_model("selfassessment", "SelfAssessment")
    ofsted = Template.objects.filter(code="ofsted-lscb-review-good").first()
    assessment = SelfAssessment.objects.create(
        board=board,
        template=ofsted,
        created_by=user,
        response=old.get_model("questionnaires", "Response").objects.create(template=ofsted),
    )
    PeerReview = old.get_model("peerreview", "PeerReview")
    peer_review = PeerReview.objects.create(
        host_board=board,
        assessment=assessment,
        title="Peer",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 2, 1),
    )
    old.get_model("peerreview", "PeerFinding").objects.create(
        review=peer_review,
        heading="vision",
        kind="strength",
        text="Clear vision",
        recorded_by=user,
    )
    peer_rec = old.get_model("peerreview", "Recommendation").objects.create(
        review=peer_review, heading="capacity", text="Fund a post", recorded_by=user
    )
    Action = old.get_model("actions", "Action")
    peer_rec_type = ContentType.objects.get_or_create(
        app_label="peerreview", model="recommendation"
    )[0]
    peer_action = Action.objects.create(
        region=region,
        title="Fund a post",
        due_date=datetime.date(2026, 9, 1),
        source="peer_review",
        source_type=peer_rec_type,
        source_id=peer_rec.pk,
        source_key="recommendation",
    )
    peer_action.boards.set([board])
    s11 = Template.objects.get(code="section-11-audit", owner_board=None)
    section = s11.sections.get(code="training-supervision")
    Scale = old.get_model("library", "ScaleLevel")
    partly = Scale.objects.get(scale__template=s11, code="partially-met")
    old.get_model("returns", "InspectionFinding").objects.create(
        board=board,
        agency=agency,
        inspectorate="hmicfrs",
        inspected_on=datetime.date(2026, 3, 1),
        section=section,
        judgement=partly,
        summary="Training reached too few officers",
        recorded_by=user,
    )
    AgencyReturn = old.get_model("returns", "AgencyReturn")
    agency_return = AgencyReturn.objects.create(
        agency=agency,
        template=s11,
        period_label="2025-26",
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2026, 3, 31),
        response=old.get_model("questionnaires", "Response").objects.create(template=s11),
    )
    return_type = ContentType.objects.get_or_create(app_label="returns", model="agencyreturn")[0]
    rating_action = Action.objects.create(
        region=region,
        title="5.2 Improve",
        description="Rated Partially met: 5.2",
        due_date=datetime.date(2026, 9, 1),
        source="agency_return",
        source_type=return_type,
        source_id=agency_return.pk,
        source_key="s11-5-2",
        created_by=user,
    )
    rating_action.boards.set([board])

    new = _migrate(AFTER)
    Theme = new.get_model("findings", "Theme")
    Finding = new.get_model("findings", "Finding")
    themes = {t.name: t for t in Theme.objects.filter(board_id=board.pk)}
    assert themes["Assessment"].code == "assessment" and not themes["Assessment"].retired
    assert themes["Our own theme"].retired and "Neglect" in themes
    rec = new.get_model("reviews", "Recommendation").objects.get(pk=rec.pk)
    assert {t.name for t in rec.themes.all()} == {"Assessment", "Our own theme"}
    rec_type = ContentType.objects.get(app_label="reviews", model="recommendation")
    recorded = Finding.objects.filter(source_type_id=rec_type.pk, source_id=rec.pk)
    assert sorted((f.theme.name, f.kind, f.text, f.found_on) for f in recorded) == [
        ("Assessment", "improvement", "Share information", datetime.date(2024, 1, 1)),
        ("Our own theme", "improvement", "Share information", datetime.date(2024, 1, 1)),
    ]
    audit = new.get_model("audits", "Audit").objects.get(pk=audit.pk)
    assert audit.theme.code == "exploitation"
    finding = Finding.objects.get(pk=finding.pk)
    assert (finding.theme.code, finding.text) == ("voice", "Voice missing")
    peer_type = ContentType.objects.get(app_label="peerreview", model="peerreview")
    peer = Finding.objects.filter(source_type_id=peer_type.pk, source_id=peer_review.pk)
    assert sorted((f.heading, f.kind, f.text) for f in peer) == [
        ("capacity", "improvement", "Fund a post"),
        ("vision", "strength", "Clear vision"),
    ]
    peer_rec = new.get_model("peerreview", "Recommendation").objects.get(pk=peer_rec.pk)
    Action = new.get_model("actions", "Action")
    finding_type = ContentType.objects.get(app_label="findings", model="finding")
    moved = Action.objects.get(pk=peer_action.pk)
    assert (moved.source_type_id, moved.source_id) == (finding_type.pk, peer_rec.finding_id)
    inspection = new.get_model("returns", "Inspection").objects.get()
    inspection_type = ContentType.objects.get(app_label="returns", model="inspection")
    said = Finding.objects.get(source_type_id=inspection_type.pk, source_id=inspection.pk)
    assert (said.kind, said.text, said.found_on) == (
        "improvement",
        "Training reached too few officers",
        datetime.date(2026, 3, 1),
    )
    rating = Finding.objects.get(source_type_id=return_type.pk, source_id=agency_return.pk)
    assert (rating.heading, rating.board_id, rating.text) == (
        "s11-5-2",
        board.pk,
        "Rated Partially met: 5.2",
    )
    moved = Action.objects.get(pk=rating_action.pk)
    assert (moved.source_type_id, moved.source_id, moved.source_key) == (
        finding_type.pk,
        rating.pk,
        "action",
    )
    assert rating.recorded_at <= timezone.now()
    connection.check_constraints()  # no row points at one that is gone
