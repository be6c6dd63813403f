"""`core.sql.model_columns`: instances read with plain SQL are the ones the ORM gives."""

import datetime

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from scrutiny.core.sql import model_columns
from scrutiny.tenancy.models import BoardAgency

pytestmark = pytest.mark.django_db


def stored(instance):
    """Every stored field's value, with its Python type."""
    return {
        field.attname: (getattr(instance, field.attname), type(getattr(instance, field.attname)))
        for field in instance._meta.concrete_fields
    }


def test_a_row_read_in_sql_becomes_the_instance_the_orm_gives(agency, board):
    # A boolean and a date: stored as integers and text on SQLite, converted on the way out.
    membership = BoardAgency.objects.get(board=board, agency=agency)
    membership.joined_on = datetime.date(2024, 4, 1)
    membership.save()
    columns = model_columns(BoardAgency, "m")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns.select} FROM {BoardAgency._meta.db_table} m WHERE m.id = %s",  # noqa: S608
            [membership.pk],
        )
        built = columns.build(cursor.fetchone())
    from_orm = BoardAgency.objects.get(pk=membership.pk)
    assert stored(built) == stored(from_orm)
    assert built.statutory_partner is True and built.joined_on == datetime.date(2024, 4, 1)
    assert built._state.adding is False and built._state.db == "default"
    assert model_to_dict(built) == model_to_dict(from_orm)


def test_a_row_an_outer_join_did_not_find_is_none(board):
    columns = model_columns(BoardAgency, "m")
    assert columns.build([None] * columns.width) is None
