"""Data-set records for tests: an indicator of the shipped data set, and a value held."""

from decimal import Decimal as D

from scrutiny.dataset.models import IndicatorValue, ValueSource
from scrutiny.library.models import IndicatorDefinition


def indicator(code):
    return IndicatorDefinition.objects.get(template__code="common-data-set", code=code)


def hold(board, code, label, end, numerator, denominator=None):
    return IndicatorValue.objects.create(
        board=board,
        indicator=indicator(code),
        period_label=label,
        period_end=end,
        numerator=D(numerator),
        denominator=None if denominator is None else D(denominator),
        source=ValueSource.MANUAL,
    )
