"""Recommendations are tagged with the board's themes (findings.Theme), which the findings
migration created from each board's review themes under the same names: add -> fill -> remove
(the old tags and ReviewTheme); then each recommendation is recorded as findings, which the
thematic view counts with every other source's."""

from django.db import migrations, models


def fill(apps, schema_editor):
    Recommendation = apps.get_model("reviews", "Recommendation")
    Theme = apps.get_model("findings", "Theme")
    themes = {(t.board_id, t.name): t for t in Theme.objects.all()}
    for recommendation in Recommendation.objects.select_related("review").prefetch_related(
        "themes"
    ):
        board_id = recommendation.review.board_id
        tags = []
        for old in recommendation.themes.all():
            theme = themes.get((board_id, old.name))
            if theme is None:  # not expected: the findings migration made one per name
                theme = Theme.objects.create(
                    board_id=board_id, code=f"review-theme-{old.pk}", name=old.name, order=200
                )
                themes[board_id, old.name] = theme
            tags.append(theme)
        recommendation.theme_tags.set(tags)


def record_findings(apps, schema_editor):
    """Each recommendation becomes an area for improvement on each of its themes (one untagged
    if it has none), found in its review's year, as the reviews service now records them."""
    Recommendation = apps.get_model("reviews", "Recommendation")
    Finding = apps.get_model("findings", "Finding")
    if not Recommendation.objects.exists():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    source_type = ContentType.objects.get_or_create(app_label="reviews", model="recommendation")[0]
    for recommendation in Recommendation.objects.select_related("review").prefetch_related(
        "themes"
    ):
        review = recommendation.review
        for theme in list(recommendation.themes.all()) or [None]:
            Finding.objects.create(
                board_id=review.board_id,
                kind="improvement",
                theme=theme,
                text=recommendation.text,
                source_type=source_type,
                source_id=recommendation.pk,
                found_on=review.completed_on or review.commissioned_on,
            )


def forget_findings(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Finding = apps.get_model("findings", "Finding")
    Finding.objects.filter(
        source_type__app_label="reviews", source_type__model="recommendation"
    ).delete()


def unfill(apps, schema_editor):
    Recommendation = apps.get_model("reviews", "Recommendation")
    ReviewTheme = apps.get_model("reviews", "ReviewTheme")
    for recommendation in Recommendation.objects.select_related("review"):
        olds = []
        for theme in recommendation.theme_tags.all():
            old, _ = ReviewTheme.objects.get_or_create(
                board_id=recommendation.review.board_id,
                name=theme.name,
                defaults={"in_use": not theme.retired},
            )
            olds.append(old)
        recommendation.themes.set(olds)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0004_revision"),
        ("findings", "0003_themes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="theme_tags",
            field=models.ManyToManyField(related_name="+", to="findings.theme"),
        ),
        migrations.RunPython(fill, unfill),
        migrations.RemoveField(model_name="recommendation", name="themes"),
        migrations.RenameField(
            model_name="recommendation", old_name="theme_tags", new_name="themes"
        ),
        migrations.AlterField(
            model_name="recommendation",
            name="themes",
            field=models.ManyToManyField(related_name="recommendations", to="findings.theme"),
        ),
        migrations.DeleteModel(name="ReviewTheme"),
        migrations.RunPython(record_findings, forget_findings),
    ]
