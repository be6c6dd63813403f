"""Recommendations are tagged with the board's themes (findings.Theme), which the findings
migration created from each board's review themes under the same names: add -> fill -> remove
(the old tags and ReviewTheme)."""

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
    ]
