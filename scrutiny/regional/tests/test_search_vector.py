"""The library's stored search vector: kept by the database on every write path, ranked by
title over description over document text, matched through its GIN index on PostgreSQL, and
an inert NULL column on SQLite (whose search reads the text columns)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from scrutiny.regional.library import search
from scrutiny.regional.models import Resource, ResourceStatus

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's"
)


def titles(query):
    return [r.title for r in search(Resource.objects.all(), query)]


def make(board, title, description="", text=""):
    return Resource.objects.create(
        region=board.region,
        title=title,
        description=description,
        extracted_text=text,
        status=ResourceStatus.PUBLISHED,
    )


@on_postgresql
def test_the_vector_follows_every_kind_of_write(board):
    item = make(board, "Neglect toolkit", "Tools for practitioners")
    assert titles("neglect") == ["Neglect toolkit"]  # on insert

    item.title = "Exploitation toolkit"
    item.save()  # on save
    assert titles("neglect") == []
    assert titles("exploitation") == ["Exploitation toolkit"]

    Resource.objects.filter(pk=item.pk).update(extracted_text="graded care profile")
    assert titles("graded care") == ["Exploitation toolkit"]  # on a queryset update

    Resource.objects.bulk_create(
        [
            Resource(region=board.region, title="Strategy", description="Missing children"),
            Resource(region=board.region, title="Protocol", description="Missing from home"),
        ]
    )
    assert sorted(titles("missing")) == ["Protocol", "Strategy"]  # on a bulk insert

    protocol = Resource.objects.get(title="Protocol")
    protocol.description = "Return interviews"
    Resource.objects.bulk_update([protocol], ["description"])
    assert titles("missing") == ["Strategy"]  # on a bulk update
    assert titles("return interview") == ["Protocol"]  # stemmed: interviews → interview


@on_postgresql
def test_a_word_in_the_title_outranks_the_description_and_the_document(board):
    make(board, "Audit guide", text="neglect " * 3)
    make(board, "Practice note", description="Neglect and drift")
    make(board, "Neglect strategy")
    assert titles("neglect") == ["Neglect strategy", "Practice note", "Audit guide"]


@on_postgresql
def test_the_search_matches_through_the_gin_index(board):
    for n in range(3):
        make(board, f"Toolkit {n}", "Neglect")
    sql, params = search(Resource.objects.all(), "neglect").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # three rows: force the planner's hand
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "regional_resource_search_gin" in plan, plan


def test_lists_never_read_the_vector_back(board):
    make(board, "Neglect toolkit")
    assert "search_vector" in Resource.objects.get().get_deferred_fields()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's inert column")
def test_on_sqlite_the_column_is_null_and_the_portable_search_finds(board):
    make(board, "Neglect toolkit")
    assert Resource.objects.values_list("search_vector", flat=True).get() is None
    assert titles("neglect") == ["Neglect toolkit"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_vector_of_existing_resources(region):
    executor = MigrationExecutor(connection)
    before, after = [("regional", "0002_revision")], [("regional", "0003_search_vector")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("regional", "Resource")
        old.objects.create(region_id=region.pk, title="Neglect toolkit", description="Tools")
        executor.loader.build_graph()
        executor.migrate(after)
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert titles("neglect") == ["Neglect toolkit"]


@on_postgresql
def test_the_vector_is_kept_in_the_row(board):
    """Storage MAIN (migration 0004): a search reads each vector in place, not from TOAST."""
    make(board, "Neglect toolkit", text=" ".join(f"word{n}" for n in range(400)))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'regional_resource'::regclass"
            " AND attname = 'search_vector'"
        )
        assert cursor.fetchone()[0] == "m"
        # a vector of 400 words is over 2 kB, which TOAST would have moved out of the row;
        # the document's text was compressed or moved out first
        cursor.execute(
            "SELECT pg_column_size(search_vector) > 2048, "
            "pg_column_size(r) > pg_column_size(search_vector) FROM regional_resource r"
        )
        assert cursor.fetchone() == (True, True)
    assert titles("word7") == ["Neglect toolkit"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_storage_migration_goes_both_ways(region):
    def storage():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attstorage FROM pg_attribute"
                " WHERE attrelid = 'regional_resource'::regclass AND attname = 'search_vector'"
            )
            return cursor.fetchone()[0]

    executor = MigrationExecutor(connection)
    Resource.objects.create(region=region, title="Neglect toolkit", description="Tools")
    try:
        executor.migrate([("regional", "0003_search_vector")])
        assert storage() == "x"
        executor.loader.build_graph()
        executor.migrate([("regional", "0004_search_vector_inline")])
        assert storage() == "m"
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert titles("neglect") == ["Neglect toolkit"]
