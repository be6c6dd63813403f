"""Peer findings become the board's Findings (sourced from the peer review, under its heading),
and each recommendation records an area for improvement that its action is raised from:
add (Recommendation.finding) -> fill (a Finding per PeerFinding and per recommendation; the
actions raised on recommendations move onto their findings) -> remove (PeerFinding)."""

import django.db.models.deletion
from django.db import migrations, models


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def _finding(Finding, review_type, review, *, kind, heading, text, recorded_by_id, recorded_at):
    finding = Finding.objects.create(
        board_id=review.host_board_id,
        kind=kind,
        heading=heading,
        text=text,
        source_type=review_type,
        source_id=review.pk,
        recorded_by_id=recorded_by_id,
        found_on=recorded_at.date(),
    )
    # auto_now_add set it to now: keep when it was really recorded.
    Finding.objects.filter(pk=finding.pk).update(recorded_at=recorded_at)
    return finding


def fill(apps, schema_editor):
    PeerFinding = apps.get_model("peerreview", "PeerFinding")
    Recommendation = apps.get_model("peerreview", "Recommendation")
    Finding = apps.get_model("findings", "Finding")
    Action = apps.get_model("actions", "Action")
    if not (PeerFinding.objects.exists() or Recommendation.objects.exists()):
        return
    review_type = _content_type(apps, "peerreview", "peerreview")
    recommendation_type = _content_type(apps, "peerreview", "recommendation")
    finding_type = _content_type(apps, "findings", "finding")
    for old in PeerFinding.objects.select_related("review").order_by("pk"):
        _finding(
            Finding,
            review_type,
            old.review,
            kind=old.kind,
            heading=old.heading,
            text=old.text,
            recorded_by_id=old.recorded_by_id,
            recorded_at=old.recorded_at,
        )
    for recommendation in Recommendation.objects.select_related("review").order_by("pk"):
        finding = _finding(
            Finding,
            review_type,
            recommendation.review,
            kind="improvement",
            heading=recommendation.heading,
            text=recommendation.text,
            recorded_by_id=recommendation.recorded_by_id,
            recorded_at=recommendation.recorded_at,
        )
        recommendation.finding = finding
        recommendation.save(update_fields=["finding"])
        Action.objects.filter(
            source_type=recommendation_type, source_id=recommendation.pk
        ).update(source_type=finding_type, source_id=finding.pk, source_key="action")


def unfill(apps, schema_editor):
    PeerFinding = apps.get_model("peerreview", "PeerFinding")
    PeerReview = apps.get_model("peerreview", "PeerReview")
    Recommendation = apps.get_model("peerreview", "Recommendation")
    Finding = apps.get_model("findings", "Finding")
    Action = apps.get_model("actions", "Action")
    review_type = _content_type(apps, "peerreview", "peerreview")
    recommendation_type = _content_type(apps, "peerreview", "recommendation")
    finding_type = _content_type(apps, "findings", "finding")
    for recommendation in Recommendation.objects.exclude(finding=None):
        Action.objects.filter(source_type=finding_type, source_id=recommendation.finding_id).update(
            source_type=recommendation_type, source_id=recommendation.pk, source_key="recommendation"
        )
    linked = set(Recommendation.objects.values_list("finding_id", flat=True))
    for finding in Finding.objects.filter(source_type=review_type).exclude(pk__in=linked):
        review = PeerReview.objects.get(pk=finding.source_id)
        old = PeerFinding.objects.create(
            review=review,
            heading=finding.heading,
            kind=finding.kind,
            text=finding.text,
            recorded_by_id=finding.recorded_by_id,
        )
        PeerFinding.objects.filter(pk=old.pk).update(recorded_at=finding.recorded_at)
    Finding.objects.filter(source_type=review_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("peerreview", "0002_revision"),
        ("findings", "0003_themes"),
        ("actions", "0007_action_objective"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="finding",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="peer_recommendation",
                to="findings.finding",
            ),
        ),
        migrations.RunPython(fill, unfill),
        migrations.DeleteModel(name="PeerFinding"),
    ]
