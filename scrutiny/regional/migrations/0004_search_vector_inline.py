"""Keep each resource's search vector in its row (PostgreSQL storage MAIN) rather than in the
TOAST table.

A search matches and ranks every resource of the region, reading each vector twice (`@@`, then
`ts_rank`). Stored out of line (the default once a row passes 2 kB, and a vector of a
realistic document is 1-5 kB), each read was a TOAST index look-up and a copy: most of the
library search's time at national size. MAIN keeps the vector in the row unless the row would
pass a page (the document's text is still moved out first), so both reads are in place.
`VACUUM FULL` rewrites the existing rows by the new rule (a few seconds for 10,000 resources;
it cannot run in a transaction, hence `atomic = False`). SQLite has no TOAST: nothing to do.
"""

from django.db import migrations


def _set_storage(schema_editor, storage: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'ALTER TABLE "regional_resource" ALTER COLUMN "search_vector" SET STORAGE {storage}'
    )
    schema_editor.execute('VACUUM FULL "regional_resource"')


def inline(apps, schema_editor):
    _set_storage(schema_editor, "MAIN")


def out_of_line(apps, schema_editor):
    _set_storage(schema_editor, "EXTENDED")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("regional", "0003_search_vector"),
    ]

    operations = [
        migrations.RunPython(inline, out_of_line),
    ]
