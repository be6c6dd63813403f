"""The common data set's definition: the library template that lists its indicators.

Here, not in `dataset`, so that apps below the sources (the plan's measures) can offer the
indicators without importing the data set app.
"""

from __future__ import annotations

from .models import FrameworkTemplate

DATA_SET_CODE = "common-data-set"


def current_data_set() -> FrameworkTemplate | None:
    return (
        FrameworkTemplate.objects.filter(code=DATA_SET_CODE, owner_board__isnull=True)
        .order_by("-version")
        .first()
    )
