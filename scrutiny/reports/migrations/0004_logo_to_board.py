"""The logo moves from the yearly report's settings to the board (fill): each board takes the
logo its report settings hold. The file stays where it is; only its name is copied."""

from django.db import migrations


def to_board(apps, schema_editor):
    ReportSettings = apps.get_model("reports", "ReportSettings")
    Board = apps.get_model("tenancy", "Board")
    for record in ReportSettings.objects.exclude(logo="").exclude(logo__isnull=True):
        Board.objects.filter(pk=record.board_id, logo="").update(logo=record.logo.name)


def to_settings(apps, schema_editor):
    ReportSettings = apps.get_model("reports", "ReportSettings")
    Board = apps.get_model("tenancy", "Board")
    for board in Board.objects.exclude(logo=""):
        ReportSettings.objects.filter(board_id=board.pk, logo="").update(logo=board.logo.name)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_yearly_report_signoff"),
        ("tenancy", "0005_board_logo"),
    ]

    operations = [migrations.RunPython(to_board, to_settings)]
