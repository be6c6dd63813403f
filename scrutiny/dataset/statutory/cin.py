"""Children in Need census (XML): referrals, assessments, section 47s, conferences and plans.

A census covers the collection year its header names: `<Year>2024</Year>` is 1 April 2023
to 31 March 2024 (the reference date is not used for this). Indicators are computed for
every collection year the files cover: the quarterly ones for each calendar quarter of the
year, the annual ones (children in need at 31 March) for the year. Open cases repeated in
several census files are counted once (by child and referral date), plans once (by child
and start date). The definitions follow the DfE's "Characteristics of children in need"
statistics; each one is stated in the README's data-set section.

The file is read streaming, one child at a time (`common.stream_xml`).

Each indicator is also counted by the child's ethnicity, sex (GenderCurrent), age band (from
PersonBirthDate, or ExpectedPersonBirthDate for an unborn child) and disability
(Disabilities) for disproportionality (`characteristics`); only the groups are kept.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from scrutiny.core.workingdays import working_days

from .characteristics import Traits, disability_group, ethnicity_group, sex_group
from .common import (
    REPORT_EVERY,
    Computation,
    Element,
    FileProgress,
    Item,
    Quarter,
    ReturnFileError,
    anniversary,
    calendar_quarters,
    financial_year_label,
    first_child,
    local_name,
    no_cycle_collection,
    parse_bool,
    parse_date,
    rate_denominator,
    share_read,
    stream_xml,
    text_of,
    texts,
)

ASSESSMENT_WORKING_DAYS = 45
ICPC_WORKING_DAYS = 15
RE_REFERRAL_YEARS = 1
LONG_PLAN_YEARS = 2
NOT_GIVEN = Traits(disability=disability_group([]))  # a child the census gives no details of


@dataclass
class Plan:
    child: str
    start: datetime.date
    end: datetime.date | None
    previous_plans: int
    # Collection years whose census lists the plan: only those can say it is still open.
    census_years: set[int] = field(default_factory=set)


@dataclass
class Referral:
    child: str
    date: datetime.date
    closed: datetime.date | None
    no_further_action: bool = False
    assessments: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)
    section_47s: list[tuple[datetime.date, datetime.date | None, bool]] = field(
        default_factory=list
    )
    plans: list[Plan] = field(default_factory=list)
    census_years: set[int] = field(default_factory=set)  # as for plans


@dataclass
class Census:
    years: set[int]  # collection years by the year they end in: 2024 is 2023-24
    referrals: dict[tuple[str, datetime.date], Referral]
    skipped: list[str]
    # Each child's characteristics (the latest census's when several give them).
    traits: dict[str, Traits] = field(default_factory=dict)
    # The LA numbers (Header/Source/LEA) the files are from: which authority of a partnership.
    areas: set[str] = field(default_factory=set)


def collection_year(year: int) -> tuple[datetime.date, datetime.date]:
    """The days a census for `<Year>year</Year>` covers: 1 April of year-1 to 31 March."""
    return datetime.date(year - 1, 4, 1), datetime.date(year, 3, 31)


@no_cycle_collection()
def read_census(name: str, data: bytes, progress: FileProgress | None = None) -> Census:
    referrals: dict[tuple[str, datetime.date], Referral] = {}
    skipped: list[str] = []
    traits: dict[str, Traits] = {}
    year: int | None = None
    areas: set[str] = set()
    children, source = 0, io.BytesIO(data)
    for tag, element in stream_xml(name, data, {"CollectionDetails", "Source", "Child"}, source):
        if tag == "root":
            if local_name(element.tag) != "Message":
                raise ReturnFileError(
                    f"{name} is not a CIN census: its root is {local_name(element.tag)}, "
                    "not Message"
                )
        elif tag == "CollectionDetails":
            year = _census_year(name, element)
        elif tag == "Source":
            lea = (text_of(element, "LEA") or "").strip()
            if lea:
                areas.add(lea)
        elif year is None:
            raise ReturnFileError(
                f"{name} is not a CIN census: it has no Header/CollectionDetails before the "
                "children"
            )
        else:
            children += 1
            child_id, child_traits = _traits(element)
            if child_id:
                traits[child_id] = child_traits
            for referral in _referrals(name, child_id, element, skipped):
                referral.census_years.add(year)
                for p in referral.plans:
                    p.census_years.add(year)
                key = (referral.child, referral.date)
                if key in referrals:
                    _merge(referrals[key], referral)
                else:
                    referrals[key] = referral
            if progress is not None and children % REPORT_EVERY == 0:
                progress(share_read(source), f"{children:,} children")
    if year is None:
        raise ReturnFileError(
            f"{name} is not a CIN census: it has no Message/Header/CollectionDetails/Year"
        )
    return Census({year}, referrals, skipped, traits, areas)


def _traits(child: Element) -> tuple[str, Traits]:
    ids = texts(first_child(child, "ChildIdentifiers"))
    features = first_child(child, "ChildCharacteristics")
    disabilities = first_child(features, "Disabilities")
    return (ids.get("LAchildID") or "").strip(), Traits(
        ethnicity=ethnicity_group(text_of(features, "Ethnicity")),
        sex=sex_group(ids.get("GenderCurrent")),
        birth=parse_date(ids.get("PersonBirthDate"))
        or parse_date(ids.get("ExpectedPersonBirthDate")),
        disability=disability_group(
            [d.text or "" for d in disabilities.iter("Disability")]
            if disabilities is not None
            else []
        ),
    )


def _census_year(name: str, details: Element) -> int:
    text = (text_of(details, "Year") or "").strip()
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise ReturnFileError(
            f"{name}: Header/CollectionDetails/Year is '{text}'; it should be the year the "
            "collection ends, like 2024 for 1 April 2023 to 31 March 2024"
        )
    return int(text)


def _referrals(name: str, child_id: str, child: Element, skipped: list[str]) -> list[Referral]:
    found = []
    for details in child.iter("CINdetails"):
        fields = texts(details)
        date = parse_date(fields.get("CINreferralDate"))
        if not child_id or date is None:
            skipped.append(f"{name}: a CIN episode with no child ID or referral date")
            continue
        referral = Referral(
            child_id,
            date,
            parse_date(fields.get("CINclosureDate")),
            parse_bool(fields.get("ReferralNFA")) or False,
        )
        # One pass over the episode for its assessments, enquiries and plans.
        for part in details.iter("Assessments", "Section47", "ChildProtectionPlans"):
            fields = texts(part)
            if part.tag == "Assessments":
                start = parse_date(fields.get("AssessmentActualStartDate"))
                done = parse_date(fields.get("AssessmentAuthorisationDate"))
                if start is None or (done is not None and done < start):
                    skipped.append(
                        f"{name}: child {child_id}: an assessment authorised before it started"
                    )
                    continue
                referral.assessments.append((start, done))
            elif part.tag == "Section47":
                start = parse_date(fields.get("S47ActualStartDate"))
                icpc = parse_date(fields.get("DateOfInitialCPC"))
                not_required = parse_bool(fields.get("ICPCnotRequired")) or False
                if start is None or (icpc is not None and icpc < start):
                    skipped.append(
                        f"{name}: child {child_id}: a conference dated before its section 47 began"
                    )
                    continue
                referral.section_47s.append((start, icpc, not_required))
            else:
                start = parse_date(fields.get("CPPstartDate"))
                end = parse_date(fields.get("CPPendDate"))
                if start is None or (end is not None and end < start):
                    skipped.append(f"{name}: child {child_id}: a plan that ends before it starts")
                    continue
                previous = (fields.get("NumberOfPreviousCPP") or "0").strip()
                referral.plans.append(
                    Plan(child_id, start, end, int(previous) if previous.isdigit() else 0)
                )
        found.append(referral)
    return found


def _merge(kept: Referral, later: Referral) -> None:
    kept.closed = later.closed or kept.closed
    kept.no_further_action = kept.no_further_action or later.no_further_action
    kept.census_years |= later.census_years
    for attr in ("assessments", "section_47s"):
        for item in getattr(later, attr):
            if item not in getattr(kept, attr):
                getattr(kept, attr).append(item)
    starts = {p.start: p for p in kept.plans}
    for plan in later.plans:
        if plan.start in starts:
            starts[plan.start].end = plan.end or starts[plan.start].end
            starts[plan.start].census_years |= plan.census_years
        else:
            kept.plans.append(plan)


def combine(censuses: list[Census]) -> Census:
    """Several census files (years) as one, each case once."""
    combined = Census(set(), {}, [])
    for census in sorted(censuses, key=lambda c: min(c.years)):
        combined.years |= census.years
        combined.skipped.extend(census.skipped)
        combined.traits.update(census.traits)
        combined.areas |= census.areas
        for key, referral in census.referrals.items():
            if key in combined.referrals:
                _merge(combined.referrals[key], referral)
            else:
                combined.referrals[key] = referral
    return combined


def _unique_plans(referrals: list[Referral]) -> list[Plan]:
    """Each plan once, by child and start date, whichever referral a file filed it under."""
    plans: dict[tuple[str, datetime.date], Plan] = {}
    for r in referrals:
        for p in r.plans:
            kept = plans.setdefault((p.child, p.start), p)
            if kept is not p:
                kept.end = kept.end or p.end
                kept.previous_plans = max(kept.previous_plans, p.previous_plans)
                kept.census_years |= p.census_years
    return list(plans.values())


def is_re_referral(date: datetime.date, earlier: list[datetime.date]) -> bool:
    """Within 12 calendar months of a previous referral, up to and including its anniversary:
    1 March 2023 to 1 March 2024 is (366 days, over 29 February); 1 June 2022 to 2 June 2023
    (366 days) is not."""
    return any(d < date <= anniversary(d, RE_REFERRAL_YEARS) for d in earlier)


def lasted_two_years(plan: Plan) -> bool:
    """Two calendar years or more, to the second anniversary: 10 March 2022 to 10 March 2024
    has (731 days); to 9 March 2024 (730 days, over 29 February) has not."""
    return plan.end is not None and plan.end >= anniversary(plan.start, LONG_PLAN_YEARS)


def compute(census: Census, population: int | None) -> Computation:
    """Every indicator for each collection year in the census, and which years between the
    first and the last the files leave out."""
    if len(census.areas) > 1:
        raise ReturnFileError(
            "The census files are from different local authorities (LEA "
            f"{', '.join(sorted(census.areas))}): import each authority's census on its own"
        )
    result = Computation(skipped=list(census.skipped), area=min(census.areas, default=""))
    referrals = list(census.referrals.values())
    referral_dates: dict[str, list[datetime.date]] = {}
    for r in referrals:
        referral_dates.setdefault(r.child, []).append(r.date)
    plans = _unique_plans(referrals)
    plan_starts: dict[str, list[datetime.date]] = {}
    for p in plans:
        plan_starts.setdefault(p.child, []).append(p.start)
    children = rate_denominator(population)

    def traits(child: str) -> Traits:
        return census.traits.get(child, NOT_GIVEN)

    for year in range(min(census.years), max(census.years) + 1):
        first, last = collection_year(year)
        label = financial_year_label(year - 1)
        if year not in census.years:
            result.not_covered.append(
                (label, f"no census for {year - 1}-{year % 100:02d} among the files")
            )
            continue
        if year - 1 not in census.years:
            result.not_covered.append((label, _earlier_referrals_unseen(year)))
        for q in calendar_quarters(first, last):
            result.periods.append(q.label)
            _quarter(
                result, q, year, referrals, referral_dates, plans, plan_starts, children, traits
            )
        result.periods.append(label)
        # Open at 31 March by that year's census (an earlier file cannot say it still is).
        in_need = {
            r.child
            for r in referrals
            if year in r.census_years
            and not r.no_further_action
            and r.date <= last
            and (r.closed is None or r.closed > last)
        }
        at_year_end = [(child, last) for child in sorted(in_need)]
        result.add("children-in-need", label, len(in_need), None)
        result.add_breakdown("children-in-need", label, at_year_end, None, traits)
        if children:
            result.add("cin-rate", label, len(in_need), children)
            result.add_breakdown("cin-rate", label, at_year_end, None, traits)
    return result


def _earlier_referrals_unseen(year: int) -> str:
    return (
        f"re-referrals within 12 months: a census holds only the cases open on 1 April "
        f"{year - 1} or referred since, so a referral that closed before then is seen only "
        f"with the {year - 2}-{(year - 1) % 100:02d} census among the files"
    )


def _quarter(
    result: Computation,
    q: Quarter,
    year: int,
    referrals: list[Referral],
    referral_dates: dict[str, list[datetime.date]],
    plans: list[Plan],
    plan_starts: dict[str, list[datetime.date]],
    children: Decimal | None,
    traits: Callable[[str], Traits],
) -> None:
    def add(code: str, counted: list[Item], out_of: list[Item] | None) -> None:
        """The indicator and its breakdowns, from the same children."""
        result.add(code, q.label, len(counted), children if out_of is None else len(out_of))
        result.add_breakdown(code, q.label, counted, out_of, traits)

    first, last = q.start, q.end  # (`q.holds`, written out: 20,000 children make it count)
    in_quarter = [r for r in referrals if first <= r.date <= last]
    referred = [(r.child, r.date) for r in in_quarter]
    add(
        "re-referrals-12m",
        [(r.child, r.date) for r in in_quarter if is_re_referral(r.date, referral_dates[r.child])],
        referred,
    )
    add("referrals-nfa", [(r.child, r.date) for r in in_quarter if r.no_further_action], referred)
    done = [
        (r.child, s, d)
        for r in referrals
        for s, d in r.assessments
        if d is not None and first <= d <= last
    ]
    add(
        "assessments-45-days",
        [(c, d) for c, s, d in done if working_days(s, d) <= ASSESSMENT_WORKING_DAYS],
        [(c, d) for c, _, d in done],
    )
    conferences = [
        (r.child, s, c)
        for r in referrals
        for s, c, _ in r.section_47s
        if c is not None and first <= c <= last
    ]
    add(
        "icpc-15-days",
        [(ch, c) for ch, s, c in conferences if working_days(s, c) <= ICPC_WORKING_DAYS],
        [(ch, c) for ch, _, c in conferences],
    )
    started = [p for p in plans if q.holds(p.start)]
    add(
        "cp-second-plans",
        [
            (p.child, p.start)
            for p in started
            if p.previous_plans > 0 or any(s < p.start for s in plan_starts[p.child])
        ],
        [(p.child, p.start) for p in started],
    )
    ended = [p for p in plans if q.holds(p.end)]
    add(
        "cp-plans-2-years",
        [(p.child, p.end) for p in ended if lasted_two_years(p)],  # type: ignore[misc]
        [(p.child, p.end) for p in ended],  # type: ignore[misc]
    )
    if children:
        add("referrals-rate", referred, None)
        add(
            "section-47-rate",
            [(r.child, s) for r in referrals for s, _, _ in r.section_47s if first <= s <= last],
            None,
        )
        on_plan = {
            p.child
            for p in plans
            if year in p.census_years and p.start <= q.end and (p.end is None or p.end > q.end)
        }
        add("cp-plans-rate", [(child, q.end) for child in sorted(on_plan)], None)
