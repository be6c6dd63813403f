"""The common data set's definition: the library template that lists its indicators.

Here, not in `dataset`, so that apps below the sources (the plan's measures) can offer the
indicators without importing the data set app.
"""

from __future__ import annotations

from django.db.models import QuerySet, Subquery

from .models import FrameworkTemplate, IndicatorDefinition

DATA_SET_CODE = "common-data-set"


def _current() -> QuerySet[FrameworkTemplate]:
    return FrameworkTemplate.objects.filter(code=DATA_SET_CODE, owner_board__isnull=True).order_by(
        "-version"
    )


def current_data_set() -> FrameworkTemplate | None:
    return _current().first()


def current_indicators() -> QuerySet[IndicatorDefinition]:
    """The current data set's indicators (`current_data_set().indicators`) read in one query,
    the data set found inside it; none when no data set is loaded."""
    return IndicatorDefinition.objects.filter(template=Subquery(_current().values("pk")[:1]))
