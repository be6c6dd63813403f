"""The working-day function's bank holidays, and that their calendar is loaded with the apps
(at start-up), not by the first request that counts working days."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

from scrutiny.core.workingdays import add_working_days, is_working_day, working_days

ROOT = Path(__file__).resolve().parents[3]


def test_england_bank_holidays_of_2026_are_not_working_days():
    # Worked out by hand: New Year's Day (Thu), Good Friday, Easter Monday, early May, spring,
    # summer, Christmas (Fri) and Boxing Day moved to Monday 28 December (the 26th a Saturday).
    for day in [(1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)]:
        assert not is_working_day(datetime.date(2026, *day)), day
    assert is_working_day(datetime.date(2026, 12, 24))
    # After Thursday 24 December up to Tuesday 29th: only the 29th counts.
    assert working_days(datetime.date(2026, 12, 24), datetime.date(2026, 12, 29)) == 1
    assert add_working_days(datetime.date(2026, 12, 24), 1) == datetime.date(2026, 12, 29)


def test_the_holiday_calendar_is_loaded_with_the_apps():
    code = (
        "import sys, django; django.setup(); "
        "print('holidays.countries.united_kingdom' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "scrutiny.test_settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "True"
