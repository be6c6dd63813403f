from django.db import migrations

# Frozen here: later edits to the default list must not change what this migration did.
THEMES = [
    "Information sharing",
    "Assessment",
    "Management oversight and supervision",
    "Voice of the child",
    "Training",
    "Procedures",
    "Working with fathers and significant males",
    "Escalation and professional challenge",
    "Neglect",
    "Domestic abuse",
]


def add_default_themes(apps, schema_editor):
    Board = apps.get_model("tenancy", "Board")
    ReviewTheme = apps.get_model("reviews", "ReviewTheme")
    ReviewTheme.objects.bulk_create(
        [ReviewTheme(board=board, name=name) for board in Board.objects.all() for name in THEMES],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(add_default_themes, migrations.RunPython.noop)]
