"""Model rows read with plain SQL, for the few queries every signed-in page makes.

The ORM spends two to three times a simple query's round trip building its SQL again on every
request. For the reads that every page pays (the person's grants, the data version) that is
a good part of the page, so they are written out once here; everything else uses the ORM.
Values pass through the same converters the ORM applies (SQLite's dates and booleans, JSON),
so the instances are the ones a queryset would give.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class ModelColumns(Generic[M]):
    """Every stored column of `model` under a table alias, and how to make an instance of a
    row's share of them."""

    model: type[M]
    alias: str
    attnames: tuple[str, ...]
    select: str
    cols: tuple[Any, ...]
    converters: tuple[tuple[Callable[..., Any], ...], ...]
    pk_index: int

    @property
    def width(self) -> int:
        return len(self.attnames)

    def build(self, values: Sequence[Any]) -> M | None:
        """The instance held in `values` (this model's columns, in order); None where an
        outer join found no row."""
        if values[self.pk_index] is None:
            return None
        converted = []
        for value, converters, col in zip(values, self.converters, self.cols, strict=True):
            for convert in converters:
                value = convert(value, col, connection)
            converted.append(value)
        return self.model.from_db(connection.alias, list(self.attnames), converted)


@functools.cache
def _columns(model: type[Model], alias: str, vendor: str) -> ModelColumns[Any]:
    quote = connection.ops.quote_name
    fields = model._meta.concrete_fields
    cols = tuple(field.get_col(alias) for field in fields)
    attnames = tuple(field.attname for field in fields)
    return ModelColumns(
        model=model,
        alias=alias,
        attnames=attnames,
        select=", ".join(f"{quote(alias)}.{quote(field.column)}" for field in fields),
        cols=cols,
        converters=tuple(
            tuple(connection.ops.get_db_converters(col) + col.get_db_converters(connection))
            for col in cols
        ),
        pk_index=attnames.index(model._meta.pk.attname),
    )


def model_columns(model: type[M], alias: str) -> ModelColumns[M]:
    """`model`'s columns under `alias`, worked out once for the database in use."""
    return _columns(model, alias, connection.vendor)
