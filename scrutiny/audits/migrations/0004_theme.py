"""An audit's theme becomes one of its board's themes: add -> fill (by the old code) -> remove."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Audit = apps.get_model("audits", "Audit")
    Theme = apps.get_model("findings", "Theme")
    for audit in Audit.objects.all():
        theme = Theme.objects.filter(board_id=audit.board_id, code=audit.theme).first()
        if theme is None:  # a code no longer in the list keeps a theme of its own
            theme = Theme.objects.create(
                board_id=audit.board_id, code=audit.theme, name=audit.theme, order=200
            )
        audit.theme_ref = theme
        audit.save(update_fields=["theme_ref"])


def unfill(apps, schema_editor):
    Audit = apps.get_model("audits", "Audit")
    for audit in Audit.objects.select_related("theme_ref"):
        audit.theme = audit.theme_ref.code
        audit.save(update_fields=["theme"])


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0003_revision"),
        ("findings", "0003_themes"),
    ]

    operations = [
        migrations.AddField(
            model_name="audit",
            name="theme_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="audits",
                to="findings.theme",
            ),
        ),
        migrations.RunPython(fill, unfill),
        migrations.RemoveField(model_name="audit", name="theme"),
        migrations.RenameField(model_name="audit", old_name="theme_ref", new_name="theme"),
        migrations.AlterField(
            model_name="audit",
            name="theme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="audits",
                to="findings.theme",
            ),
        ),
    ]
