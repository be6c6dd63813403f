"""Each statutory clock's arithmetic on dates across weekends and bank holidays.

The expected dates are worked out by hand on a calendar (England and Wales bank holidays from
gov.uk): Christmas Day is Friday 25 December 2026, Boxing Day falls on Saturday 26 December
so its substitute is Monday 28 December 2026, New Year's Day is Friday 1 January 2027; Good
Friday is 26 March 2027 and Easter Monday 29 March 2027. The day a clock starts does not count.
"""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from scrutiny.core.workingdays import add_working_days, is_working_day, working_days
from scrutiny.incidents import clocks
from scrutiny.incidents.clocks import Clock, Rag, clock_row, rule

D = datetime.date


def test_the_holidays_the_comments_rely_on():
    for day in (D(2026, 12, 25), D(2026, 12, 28), D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29)):
        assert not is_working_day(day), day
    assert not is_working_day(D(2026, 12, 26))  # a Saturday
    assert is_working_day(D(2026, 12, 24)) and is_working_day(D(2026, 12, 29))


def test_panel_notification_over_christmas_and_new_year():
    # Learned Wed 23 Dec 2026. Thu 24 (1); Fri 25, Sat, Sun, Mon 28 (substitute Boxing Day)
    # do not count; Tue 29 (2), Wed 30 (3), Thu 31 (4); Fri 1 Jan, Sat, Sun do not count;
    # Mon 4 Jan 2027 (5).
    assert rule("panel_notification").deadline(D(2026, 12, 23)) == D(2027, 1, 4)


def test_notification_learned_on_a_saturday():
    # Sat 6 Mar 2027: Mon 8 (1), Tue 9, Wed 10, Thu 11, Fri 12 (5).
    assert rule("panel_notification").deadline(D(2027, 3, 6)) == D(2027, 3, 12)
    assert rule("ofsted_notification").deadline(D(2027, 3, 6)) == D(2027, 3, 12)


def test_rapid_review_over_christmas_and_new_year():
    # Notified Thu 24 Dec 2026: Tue 29 (1), Wed 30 (2), Thu 31 (3), Mon 4 Jan (4), Tue 5 (5),
    # Wed 6 (6), Thu 7 (7), Fri 8 (8), Mon 11 (9), Tue 12 (10), Wed 13 (11), Thu 14 (12),
    # Fri 15 (13), Mon 18 (14), Tue 19 Jan 2027 (15).
    assert rule("rapid_review").deadline(D(2026, 12, 24)) == D(2027, 1, 19)


def test_rapid_review_over_easter():
    # Notified Wed 17 Mar 2027: Thu 18 (1), Fri 19 (2), Mon 22 (3), Tue 23 (4), Wed 24 (5),
    # Thu 25 (6); Good Friday 26 and Easter Monday 29 do not count; Tue 30 (7), Wed 31 (8),
    # Thu 1 Apr (9), Fri 2 (10), Mon 5 (11), Tue 6 (12), Wed 7 (13), Thu 8 (14), Fri 9 (15).
    assert rule("rapid_review").deadline(D(2027, 3, 17)) == D(2027, 4, 9)


def test_final_report_six_calendar_months_from_the_decision():
    assert rule("lcspr_final_report").deadline(D(2027, 1, 15)) == D(2027, 7, 15)
    # 31 August + 6 months: February 2027 has 28 days, so the last day of February.
    assert rule("lcspr_final_report").deadline(D(2026, 8, 31)) == D(2027, 2, 28)
    # 2028 is a leap year: 29 February.  And across the year end: 30 Sep 2026 -> 30 Mar 2027.
    assert rule("lcspr_final_report").deadline(D(2027, 8, 31)) == D(2028, 2, 29)
    assert rule("lcspr_final_report").deadline(D(2026, 9, 30)) == D(2027, 3, 30)


def test_publication_notice_seven_working_days_before_publication():
    # Publication Thu 8 Apr 2027, counting back: Wed 7 (1), Tue 6 (2), Mon 5 (3), Fri 2 (4),
    # Thu 1 (5), Wed 31 Mar (6), Tue 30 Mar (7).
    assert rule("lcspr_publication_notice").deadline(D(2027, 4, 8)) == D(2027, 3, 30)
    # Publication Tue 6 Apr 2027: Mon 5 (1), Fri 2 (2), Thu 1 (3), Wed 31 (4), Tue 30 (5);
    # Easter Monday 29, the weekend and Good Friday 26 do not count; Thu 25 (6), Wed 24 (7).
    assert rule("lcspr_publication_notice").deadline(D(2027, 4, 6)) == D(2027, 3, 24)


def test_add_working_days_is_the_inverse_of_working_days():
    start = D(2026, 12, 18)
    for n in range(0, 30):
        assert working_days(start, add_working_days(start, n)) == n


def _clock(deadline):
    return Clock("k", rule("panel_notification"), "Notify the Panel", deadline, "/x/")


@pytest.mark.parametrize(
    ("today", "left", "rag", "word"),
    [
        # Deadline Mon 4 Jan 2027. From Mon 21 Dec: 22, 23, 24, 29, 30, 31, 4 = 7 working days.
        (D(2026, 12, 21), 7, Rag.GREEN, "On track"),
        # From Tue 29 Dec: 30, 31, 4 = 3: within the amber setting (3).
        (D(2026, 12, 29), 3, Rag.AMBER, "Due soon"),
        (D(2027, 1, 4), 0, Rag.AMBER, "Due soon"),
        # Tue 5 Jan: one working day past.  Mon 11 Jan: 5, 6, 7, 8, 11 = five past.
        (D(2027, 1, 5), -1, Rag.RED, "Passed"),
        (D(2027, 1, 11), -5, Rag.RED, "Passed"),
    ],
)
def test_days_left_and_rag(settings, today, left, rag, word):
    settings.SCRUTINY_CLOCK_AMBER_WORKING_DAYS = 3
    row = clock_row(_clock(D(2027, 1, 4)), today)
    assert (row["left"], row["rag"], row["word"]) == (left, rag, word)
    assert row["past"] == max(0, -left)


def test_amber_follows_the_setting(settings):
    settings.SCRUTINY_CLOCK_AMBER_WORKING_DAYS = 2
    assert _clock(D(2027, 1, 4)).rag(D(2026, 12, 29)) == Rag.GREEN  # 3 left


def test_the_numbers_come_from_the_library_file(settings, tmp_path):
    text = (settings.SCRUTINY_STATUTORY_CLOCKS_FILE).read_text()
    changed = tmp_path / "clocks.yaml"
    changed.write_text(text.replace("working_days: 15", "working_days: 20"))
    settings.SCRUTINY_STATUTORY_CLOCKS_FILE = changed
    # 20 working days from Wed 17 Mar 2027: the 15th is Fri 9 Apr (above), then Mon 12 (16),
    # Tue 13 (17), Wed 14 (18), Thu 15 (19), Fri 16 Apr (20).
    assert rule("rapid_review").deadline(D(2027, 3, 17)) == D(2027, 4, 16)


def test_a_broken_clocks_file_fails_loudly(settings, tmp_path):
    broken = tmp_path / "clocks.yaml"
    broken.write_text("schema: scrutiny.clocks/1\nclocks:\n  rapid_review: {working_days: 0}\n")
    settings.SCRUTINY_STATUTORY_CLOCKS_FILE = broken
    with pytest.raises(ImproperlyConfigured):
        rule("rapid_review")
    clocks._rules_for.cache_clear()
