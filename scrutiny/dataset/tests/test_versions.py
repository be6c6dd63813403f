"""A new version of the data set keeps every board's values and targets."""

from decimal import Decimal

import pytest

from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
from scrutiny.library.loader import load_library_sources
from scrutiny.library.models import FrameworkTemplate

pytestmark = pytest.mark.django_db

VERSION_1 = b"""
schema: scrutiny.library/1
code: test-data-set
version: 1
title: Test data set
kind: indicators
indicators:
  - code: re-referrals
    name: Re-referrals within 12 months
    stage: contacts_referrals
    unit: percent
    polarity: lower_is_better
    period: quarter
    oba: how_well
    numerator: Referrals within 12 months of a previous referral
    denominator: Referrals
  - code: dropped
    name: An indicator the next version drops
    stage: contacts_referrals
    unit: count
    polarity: higher_is_better
    period: quarter
    oba: how_much
    numerator: Things
"""

VERSION_2 = VERSION_1.replace(b"version: 1", b"version: 2").replace(
    b"""  - code: dropped
    name: An indicator the next version drops
    stage: contacts_referrals
    unit: count
    polarity: higher_is_better
    period: quarter
    oba: how_much
    numerator: Things
""",
    b"",
)


def test_values_and_targets_follow_the_indicator_code_to_the_new_version(board):
    (v1,) = load_library_sources([("data-set.yaml", VERSION_1)]).loaded
    old = v1.indicators.get(code="re-referrals")
    dropped = v1.indicators.get(code="dropped")
    IndicatorValue.objects.create(
        board=board,
        indicator=old,
        period_label="2024 Q1",
        period_end="2024-03-31",
        numerator=Decimal(22),
        denominator=Decimal(100),
        source=ValueSource.MANUAL,
    )
    IndicatorValue.objects.create(
        board=board,
        indicator=dropped,
        period_label="2024 Q1",
        period_end="2024-03-31",
        numerator=Decimal(5),
        source=ValueSource.MANUAL,
    )
    Target.objects.create(board=board, indicator=old, period_label="2024 Q1", target=20)

    (v2,) = load_library_sources([("data-set.yaml", VERSION_2)]).loaded

    new = v2.indicators.get(code="re-referrals")
    value = IndicatorValue.objects.get(board=board, indicator__code="re-referrals")
    assert value.indicator == new
    assert value.numerator == Decimal(22)
    assert Target.objects.get(board=board).indicator == new
    # an indicator the new version does not have keeps its figure where it was
    assert IndicatorValue.objects.get(indicator__code="dropped").indicator == dropped
    assert FrameworkTemplate.objects.filter(code="test-data-set").count() == 2


def test_breakdowns_follow_the_indicator_code_to_the_new_version(board):
    from scrutiny.dataset.models import Breakdown

    (v1,) = load_library_sources([("data-set.yaml", VERSION_1)]).loaded
    Breakdown.objects.create(
        board=board,
        indicator=v1.indicators.get(code="re-referrals"),
        period_label="2024 Q1",
        period_end="2024-03-31",
        dimension="sex",
        group="female",
        numerator=7,
        denominator=30,
        source=ValueSource.CIN,
    )
    (v2,) = load_library_sources([("data-set.yaml", VERSION_2)]).loaded
    moved = Breakdown.objects.get()
    assert moved.indicator.template == v2 and (moved.numerator, moved.denominator) == (7, 30)
