"""What returns teach the board becomes Findings:

- An inspection finding becomes an Inspection (the judgement the Section 11 comparison flags
  against) whose summary is the board's Finding: rename -> fill (a Finding per inspection,
  an area for improvement when the judgement is below the top of the scale) -> remove
  (the summary column).
- A rating below the top raised its action straight on the return; now it is a Finding of
  each board that asked for the return, and the action (one, seen by all of them) is raised
  from the first board's finding: fill (a Finding per action and board; the action moves
  onto the finding).
"""

import django.db.models.deletion
from django.db import migrations, models


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def _finding(Finding, **fields):
    recorded_at = fields.pop("recorded_at")
    finding = Finding.objects.create(**fields)
    Finding.objects.filter(pk=finding.pk).update(recorded_at=recorded_at)
    return finding


def fill(apps, schema_editor):
    Inspection = apps.get_model("returns", "Inspection")
    Finding = apps.get_model("findings", "Finding")
    Action = apps.get_model("actions", "Action")
    if Inspection.objects.exists():
        inspection_type = _content_type(apps, "returns", "inspection")
        for inspection in Inspection.objects.select_related("judgement").order_by("pk"):
            _finding(
                Finding,
                board_id=inspection.board_id,
                kind="improvement" if inspection.judgement.rank > 1 else "strength",
                text=inspection.summary,
                source_type=inspection_type,
                source_id=inspection.pk,
                recorded_by_id=inspection.recorded_by_id,
                found_on=inspection.inspected_on,
                recorded_at=inspection.recorded_at,
            )
    return_type = _content_type(apps, "returns", "agencyreturn")
    finding_type = _content_type(apps, "findings", "finding")
    for action in Action.objects.filter(source_type=return_type).order_by("pk"):
        board_ids = sorted(action.boards.values_list("pk", flat=True))
        first = None
        for board_id in board_ids:
            finding = _finding(
                Finding,
                board_id=board_id,
                kind="improvement",
                heading=action.source_key,  # the question's code
                text=action.description,
                source_type=return_type,
                source_id=action.source_id,
                recorded_by_id=action.created_by_id,
                found_on=action.created_at.date(),
                recorded_at=action.created_at,
            )
            first = first or finding
        if first is not None:
            action.source_type = finding_type
            action.source_id = first.pk
            action.source_key = "action"
            action.save(update_fields=["source_type", "source_id", "source_key"])


def unfill(apps, schema_editor):
    Inspection = apps.get_model("returns", "Inspection")
    Finding = apps.get_model("findings", "Finding")
    Action = apps.get_model("actions", "Action")
    inspection_type = _content_type(apps, "returns", "inspection")
    return_type = _content_type(apps, "returns", "agencyreturn")
    finding_type = _content_type(apps, "findings", "finding")
    for finding in Finding.objects.filter(source_type=inspection_type):
        Inspection.objects.filter(pk=finding.source_id).update(summary=finding.text)
    for finding in Finding.objects.filter(source_type=return_type):
        Action.objects.filter(source_type=finding_type, source_id=finding.pk).update(
            source_type=return_type, source_id=finding.source_id, source_key=finding.heading
        )
    Finding.objects.filter(source_type__in=[inspection_type, return_type]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0002_revision"),
        ("findings", "0003_themes"),
        ("actions", "0007_action_objective"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("tenancy", "0003_merge_0002_board_la_code_0002_revision"),
    ]

    operations = [
        migrations.RenameModel(old_name="InspectionFinding", new_name="Inspection"),
        migrations.AlterField(
            model_name="inspection",
            name="board",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="inspections",
                to="tenancy.board",
            ),
        ),
        migrations.AlterField(
            model_name="inspection",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="inspections",
                to="tenancy.agency",
            ),
        ),
        migrations.RunPython(fill, unfill),
        migrations.RemoveField(model_name="inspection", name="summary"),
    ]
