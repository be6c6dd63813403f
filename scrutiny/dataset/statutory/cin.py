"""Children in Need census (XML): referrals, assessments, section 47s, conferences and plans.

Indicators are computed for each whole calendar quarter of the census year (the twelve
months to the reference date). Repeated open cases across several census files are counted
once (by child and referral date).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .common import (
    Computation,
    ReturnFileError,
    calendar_quarters,
    parse_bool,
    parse_date,
    parse_xml,
    rate_denominator,
    text_of,
    working_days,
)

ASSESSMENT_WORKING_DAYS = 45
ICPC_WORKING_DAYS = 15
LONG_PLAN = datetime.timedelta(days=730)


@dataclass
class Plan:
    start: datetime.date
    end: datetime.date | None
    previous_plans: int


@dataclass
class Referral:
    child: str
    date: datetime.date
    closed: datetime.date | None
    assessments: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)
    section_47s: list[tuple[datetime.date, datetime.date | None, bool]] = field(
        default_factory=list
    )
    plans: list[Plan] = field(default_factory=list)


@dataclass
class Census:
    reference_date: datetime.date
    referrals: dict[tuple[str, datetime.date], Referral]
    skipped: list[str]


def read_census(name: str, data: bytes) -> Census:
    root = parse_xml(name, data)
    reference = parse_date(text_of(root.find("Header/CollectionDetails"), "ReferenceDate"))
    if root.tag != "Message" or reference is None:
        raise ReturnFileError(
            f"{name} is not a CIN census: it has no Message/Header/CollectionDetails/ReferenceDate"
        )
    referrals: dict[tuple[str, datetime.date], Referral] = {}
    skipped: list[str] = []
    for child in root.iter("Child"):
        child_id = (text_of(child.find("ChildIdentifiers"), "LAchildID") or "").strip()
        for details in child.iter("CINdetails"):
            date = parse_date(text_of(details, "CINreferralDate"))
            if not child_id or date is None:
                skipped.append(f"{name}: a CIN episode with no child ID or referral date")
                continue
            referral = Referral(child_id, date, parse_date(text_of(details, "CINclosureDate")))
            for a in details.iter("Assessments"):
                start = parse_date(text_of(a, "AssessmentActualStartDate"))
                done = parse_date(text_of(a, "AssessmentAuthorisationDate"))
                if start is None or (done is not None and done < start):
                    skipped.append(
                        f"{name}: child {child_id}: an assessment authorised before it started"
                    )
                    continue
                referral.assessments.append((start, done))
            for s in details.iter("Section47"):
                start = parse_date(text_of(s, "S47ActualStartDate"))
                icpc = parse_date(text_of(s, "DateOfInitialCPC"))
                not_required = parse_bool(text_of(s, "ICPCnotRequired")) or False
                if start is None or (icpc is not None and icpc < start):
                    skipped.append(
                        f"{name}: child {child_id}: a conference dated before its section 47 began"
                    )
                    continue
                referral.section_47s.append((start, icpc, not_required))
            for p in details.iter("ChildProtectionPlans"):
                start = parse_date(text_of(p, "CPPstartDate"))
                end = parse_date(text_of(p, "CPPendDate"))
                if start is None or (end is not None and end < start):
                    skipped.append(f"{name}: child {child_id}: a plan that ends before it starts")
                    continue
                previous = (text_of(p, "NumberOfPreviousCPP") or "0").strip()
                referral.plans.append(Plan(start, end, int(previous) if previous.isdigit() else 0))
            key = (child_id, date)
            if key in referrals:
                _merge(referrals[key], referral)  # an open case repeated in a later census
            else:
                referrals[key] = referral
    return Census(reference, referrals, skipped)


def _merge(kept: Referral, later: Referral) -> None:
    kept.closed = later.closed or kept.closed
    for attr in ("assessments", "section_47s"):
        for item in getattr(later, attr):
            if item not in getattr(kept, attr):
                getattr(kept, attr).append(item)
    starts = {p.start: p for p in kept.plans}
    for plan in later.plans:
        if plan.start in starts:
            starts[plan.start].end = plan.end or starts[plan.start].end
        else:
            kept.plans.append(plan)


def combine(censuses: list[Census]) -> Census:
    """Several census files (years) as one, each case once."""
    combined = Census(max(c.reference_date for c in censuses), {}, [])
    for census in sorted(censuses, key=lambda c: c.reference_date):
        combined.skipped.extend(census.skipped)
        for key, referral in census.referrals.items():
            if key in combined.referrals:
                _merge(combined.referrals[key], referral)
            else:
                combined.referrals[key] = referral
    return combined


def census_year_start(reference: datetime.date) -> datetime.date:
    """The first day of the twelve months a census covers (the day after a year before)."""
    try:
        year_before = reference.replace(year=reference.year - 1)
    except ValueError:  # 29 February
        year_before = reference.replace(year=reference.year - 1, day=28)
    return year_before + datetime.timedelta(days=1)


def compute(
    census: Census, population: int | None, first_day: datetime.date | None = None
) -> Computation:
    """The child's-journey indicators for each whole quarter from `first_day` (default: a year
    before the reference date) to the reference date."""
    result = Computation(skipped=list(census.skipped))
    first = first_day or census_year_start(census.reference_date)
    referrals = list(census.referrals.values())
    by_child: dict[str, list[datetime.date]] = {}
    for r in referrals:
        by_child.setdefault(r.child, []).append(r.date)
    plans = [p for r in referrals for p in r.plans]
    children = rate_denominator(population)
    for q in calendar_quarters(first, census.reference_date):
        in_quarter = [r for r in referrals if q.holds(r.date)]
        repeat = [
            r
            for r in in_quarter
            if any(r.date - datetime.timedelta(days=365) <= d < r.date for d in by_child[r.child])
        ]
        result.add("re-referrals-12m", q.label, len(repeat), len(in_quarter))
        done = [(s, d) for r in referrals for s, d in r.assessments if q.holds(d)]
        on_time = [1 for s, d in done if working_days(s, d) <= ASSESSMENT_WORKING_DAYS]  # type: ignore[arg-type]
        result.add("assessments-45-days", q.label, len(on_time), len(done))
        conferences = [(s, c) for r in referrals for s, c, _ in r.section_47s if q.holds(c)]
        timely = [1 for s, c in conferences if working_days(s, c) <= ICPC_WORKING_DAYS]  # type: ignore[arg-type]
        result.add("icpc-15-days", q.label, len(timely), len(conferences))
        started = [p for p in plans if q.holds(p.start)]
        result.add(
            "cp-second-plans",
            q.label,
            sum(1 for p in started if p.previous_plans > 0),
            len(started),
        )
        ended = [p for p in plans if q.holds(p.end)]
        long = sum(1 for p in ended if p.end - p.start >= LONG_PLAN)  # type: ignore[operator]
        result.add("cp-plans-2-years", q.label, long, len(ended))
        if children:
            result.add("referrals-rate", q.label, len(in_quarter), children)
            s47 = sum(1 for r in referrals for s, _, _ in r.section_47s if q.holds(s))
            result.add("section-47-rate", q.label, s47, children)
            open_plans = sum(
                1 for p in plans if p.start <= q.end and (p.end is None or p.end > q.end)
            )
            result.add("cp-plans-rate", q.label, open_plans, children)
    return result
