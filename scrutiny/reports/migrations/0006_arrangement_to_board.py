# Whether a board is a partnership or an LSCB moves to the board (tenancy.Board.arrangement):
# add (tenancy 0006) -> fill (here, from each board's report settings) -> remove.

from django.db import migrations


def copy_to_board(apps, schema_editor):
    ReportSettings = apps.get_model("reports", "ReportSettings")
    Board = apps.get_model("tenancy", "Board")
    for board_id, arrangement in ReportSettings.objects.values_list("board_id", "arrangement"):
        Board.objects.filter(pk=board_id).update(arrangement=arrangement)


def copy_back(apps, schema_editor):
    ReportSettings = apps.get_model("reports", "ReportSettings")
    for record in ReportSettings.objects.select_related("board"):
        record.arrangement = record.board.arrangement
        record.save(update_fields=["arrangement"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_remove_reportsettings_logo"),
        ("tenancy", "0006_board_arrangement"),
    ]

    operations = [
        migrations.RunPython(copy_to_board, copy_back),
        migrations.RemoveField(model_name="reportsettings", name="arrangement"),
    ]
