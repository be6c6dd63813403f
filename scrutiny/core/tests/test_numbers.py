from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat

from scrutiny.core.numbers import NO_VALUE, decimal_text

VALUES = [
    0,
    0.0,
    -0.0,
    -0.04,
    -0.05,
    0.05,
    0.15,
    0.25,
    1.45,
    2.5,
    3.5,
    12,
    66.66666666666667,
    99.95,
    100.0,
    1234567.891,
    -12.345,
    Decimal("0"),
    Decimal("20"),
    Decimal("25.00"),
    Decimal("12.35"),
    Decimal("12.25"),
    Decimal("-3.45"),
    Decimal("1E+2"),
    Decimal("33.333333333333333333"),
]


@pytest.mark.parametrize("places", [0, 1, 2])
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_decimal_text_shows_what_floatformat_shows(value, places):
    assert decimal_text(value, places) == floatformat(value, places)


def test_decimal_text_of_no_value():
    assert decimal_text(None, 1) == NO_VALUE == "–"
    assert decimal_text(None, 0, empty="") == ""
