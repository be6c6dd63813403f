"""Small CIN census documents written out in full for the statutory-return tests."""

import datetime

# England and Wales bank holidays, copied by hand from gov.uk/bank-holidays, so that the
# tests count working days without the code (or the library) under test.
BANK_HOLIDAYS = {
    datetime.date.fromisoformat(d)
    for d in """
    2021-01-01 2021-04-02 2021-04-05 2021-05-03 2021-05-31 2021-08-30 2021-12-27 2021-12-28
    2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 2022-09-19
    2022-12-26 2022-12-27 2023-01-02 2023-04-07 2023-04-10 2023-05-01 2023-05-08 2023-05-29
    2023-08-28 2023-12-25 2023-12-26 2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27
    2024-08-26 2024-12-25 2024-12-26 2025-01-01 2025-04-18 2025-04-21 2025-05-05 2025-05-26
    2025-08-25 2025-12-25 2025-12-26
    """.split()  # noqa: SIM905 - a list as it is printed
}


def count_working_days(start, end):
    """Weekdays that are not bank holidays, after `start` up to and including `end`."""
    total, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        total += day.weekday() < 5 and day not in BANK_HOLIDAYS
    return total


def child(child_id, *details):
    return (
        f"<Child><ChildIdentifiers><LAchildID>{child_id}</LAchildID></ChildIdentifiers>"
        f"{''.join(details)}</Child>"
    )


def referral(date, *parts, closed="", nfa=False):
    closure = f"<CINclosureDate>{closed}</CINclosureDate>" if closed else ""
    return (
        f"<CINdetails><CINreferralDate>{date}</CINreferralDate>{closure}"
        f"<ReferralNFA>{'true' if nfa else 'false'}</ReferralNFA>{''.join(parts)}</CINdetails>"
    )


def assessment(start, done):
    return (
        f"<Assessments><AssessmentActualStartDate>{start}</AssessmentActualStartDate>"
        f"<AssessmentAuthorisationDate>{done}</AssessmentAuthorisationDate></Assessments>"
    )


def s47(start, icpc, not_required="false"):
    return (
        f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate>"
        f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>"
        f"<ICPCnotRequired>{not_required}</ICPCnotRequired></Section47>"
    )


def plan(start, end="", previous=0):
    end_tag = f"<CPPendDate>{end}</CPPendDate>" if end else ""
    return (
        f"<ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate>{end_tag}"
        f"<NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP></ChildProtectionPlans>"
    )


def census(year, children, namespace="", reference=None):
    """A census with `<Year>year</Year>`; the reference date defaults to 31 March."""
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    return (
        f"<Message{xmlns}><Header><CollectionDetails><Collection>CIN</Collection>"
        f"<Year>{year}</Year><ReferenceDate>{reference or f'{year}-03-31'}</ReferenceDate>"
        f"</CollectionDetails></Header><Children>{''.join(children)}</Children></Message>"
    ).encode()


def as_dict(computation):
    return {(v.indicator, v.period): (v.numerator, v.denominator) for v in computation.values}
