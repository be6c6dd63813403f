"""An index of a board's values of an indicator in period order (the board's own figures):
the latest value of each indicator is one step down it, not a sort of the board's values."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dataset", "0006_target_revision"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="indicatorvalue",
            index=models.Index(
                condition=models.Q(("local_authority__isnull", True)),
                fields=["board", "indicator", "period_end", "period_label"],
                name="value_board_indicator_end",
            ),
        ),
    ]
