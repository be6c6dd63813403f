"""The suggested best fit on known grades."""

import pytest

from scrutiny.library.models import ScaleLevel
from scrutiny.selfassessment.best_fit import best_fit

LEVELS = [
    ScaleLevel(code="outstanding", label="Outstanding", rank=1),
    ScaleLevel(code="good", label="Good", rank=2),
    ScaleLevel(code="requires-improvement", label="Requires improvement", rank=3),
    ScaleLevel(code="inadequate", label="Inadequate", rank=4),
]
O, G, R, I = LEVELS  # noqa: E741


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        ([G] * 11, "Good"),
        ([O] * 6 + [G] * 5, "Outstanding"),  # all good or better, most outstanding
        ([O] * 5 + [G] * 6, "Good"),  # not more than half outstanding
        ([O] * 10 + [R], "Good"),  # 10 of 11 good or better, none inadequate
        ([G] * 8 + [R] * 3, "Requires improvement"),  # 8 of 11 is under three quarters
        ([G] * 9 + [R] + [I], "Requires improvement"),  # one inadequate keeps it from good
        ([G] * 7 + [I] * 4, "Inadequate"),  # over a third inadequate
        ([R] * 8 + [I] * 3, "Requires improvement"),  # under a third inadequate
    ],
)
def test_best_fit_rule(grades, expected):
    fit = best_fit(grades, LEVELS)
    assert fit.level.label == expected
    assert not fit.provisional


def test_reasoning_is_in_words():
    fit = best_fit([G] * 7 + [R] * 4, LEVELS)
    assert fit.reasoning.startswith("7 of 11 graded criteria are good or better; 0 outstanding")
    assert "none inadequate" in fit.reasoning
    assert "Suggested: Requires improvement" in fit.reasoning


def test_ungraded_criteria_make_it_provisional():
    fit = best_fit([G, G, None], LEVELS)
    assert fit.level.label == "Good" and fit.provisional
    assert "1 criterion not yet graded" in fit.reasoning
    assert best_fit([None, None], LEVELS).level is None
