"""Themes become board data: one list per board, seeded from the library's list, replacing
both the fixed `Theme` choices of findings and audits and the reviews' `ReviewTheme` rows.

add (Theme, Finding.theme_ref, Finding.heading) -> fill -> remove (Finding.theme as a code),
then the reference takes the old name. The reviews and audits migrations that follow move
their own tags onto these themes and remove ReviewTheme.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models
from django.utils.text import slugify

# The library's list when this migration was written (frozen: the YAML may change later).
LIBRARY = [
    ("neglect", "Neglect"),
    ("domestic_abuse", "Domestic abuse"),
    ("exploitation", "Child sexual and criminal exploitation"),
    ("thresholds", "Thresholds and the front door"),
    ("voice", "Voice of the child"),
    ("information_sharing", "Information sharing"),
    ("oversight", "Management oversight and supervision"),
    ("assessment", "Assessment and planning"),
    ("training", "Training"),
    ("procedures", "Procedures"),
    ("fathers", "Working with fathers and significant males"),
    ("escalation", "Escalation and professional challenge"),
    ("other", "Other"),
]
# Names a board's review theme (or the old fixed choices) may carry for a library theme.
ALIASES = {
    **{name.lower(): code for code, name in LIBRARY},
    "management oversight": "oversight",
    "assessment": "assessment",
}


def _unique_code(name, used):
    base = slugify(name)[:34] or "theme"
    code, n = base, 1
    while code in used:
        n += 1
        code = f"{base}-{n}"
    return code


def themes_for_board(review_themes):
    """The board's themes as (code, name, retired, order) rows: its own review themes first
    (keeping their names and whether they were offered), then the library's missing ones.

    `review_themes` is [(name, in_use)]."""
    order_of = {code: i for i, (code, _) in enumerate(LIBRARY, start=1)}
    rows, used = [], set()
    for i, (name, in_use) in enumerate(sorted(review_themes), start=1):
        code = ALIASES.get(name.strip().lower())
        if code is None or code in used:
            code = _unique_code(name, used | set(order_of))
        used.add(code)
        rows.append((code, name, not in_use, order_of.get(code, 100 + i)))
    names = {name.lower() for _, name, _, _ in rows}
    for code, name in LIBRARY:
        if code not in used and name.lower() not in names:
            used.add(code)
            rows.append((code, name, False, order_of[code]))
    return rows


def fill(apps, schema_editor):
    Board = apps.get_model("tenancy", "Board")
    Theme = apps.get_model("findings", "Theme")
    Finding = apps.get_model("findings", "Finding")
    ReviewTheme = apps.get_model("reviews", "ReviewTheme")
    for board in Board.objects.all():
        review_themes = list(
            ReviewTheme.objects.filter(board=board).values_list("name", "in_use")
        )
        for code, name, retired, order in themes_for_board(review_themes):
            Theme.objects.create(board=board, code=code, name=name, retired=retired, order=order)
    for finding in Finding.objects.all():
        finding.theme_ref = theme_for_code(Theme, finding.board_id, finding.theme)
        finding.found_on = finding.recorded_at.date()
        finding.save(update_fields=["theme_ref", "found_on"])


def theme_for_code(Theme, board_id, code):
    """The board's theme with this old code; an unknown code becomes a theme of its own."""
    theme = Theme.objects.filter(board_id=board_id, code=code).first()
    if theme is None:
        theme = Theme.objects.create(board_id=board_id, code=code, name=code, order=200)
    return theme


def unfill(apps, schema_editor):
    Finding = apps.get_model("findings", "Finding")
    for finding in Finding.objects.select_related("theme_ref"):
        finding.theme = finding.theme_ref.code if finding.theme_ref else "other"
        finding.save(update_fields=["theme"])


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0002_revision"),
        ("reviews", "0004_revision"),
        ("tenancy", "0003_merge_0002_board_la_code_0002_revision"),
    ]

    operations = [
        migrations.CreateModel(
            name="Theme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("revision", models.PositiveIntegerField(default=0, editable=False)),
                (
                    "code",
                    models.SlugField(
                        help_text="Stable code, as in the library list (for example neglect)",
                        max_length=40,
                    ),
                ),
                ("name", models.CharField(max_length=80)),
                (
                    "retired",
                    models.BooleanField(default=False, help_text="No longer offered for new tags"),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "board",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="themes",
                        to="tenancy.board",
                    ),
                ),
            ],
            options={
                "ordering": ["order", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("board", "code"), name="theme_code_unique"),
                    models.UniqueConstraint(fields=("board", "name"), name="theme_name_unique"),
                ],
            },
        ),
        migrations.AddField(
            model_name="finding",
            name="theme_ref",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="findings",
                to="findings.theme",
            ),
        ),
        migrations.AddField(
            model_name="finding",
            name="heading",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="finding",
            name="found_on",
            field=models.DateField(default=django.utils.timezone.localdate),
        ),
        migrations.RunPython(fill, unfill),
        migrations.RemoveField(model_name="finding", name="theme"),
        migrations.RenameField(model_name="finding", old_name="theme_ref", new_name="theme"),
    ]
