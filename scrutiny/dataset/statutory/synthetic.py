"""Synthetic statutory returns: CIN census XML and SSDA903 CSV tables and XML, seeded.

For tests, the benchmark and anyone trying the import without a council's files. Sizes run
from a handful of children to a large council (20,000). Besides random children, the
edge cases the indicator definitions turn on are put in on purpose (`cin_edge_cases`,
`ssda903_edge_cases`): leap years, bank holidays, 45/46 working days, 15/16 working days,
plans of 729/730/731 days, re-referrals 364/365/366 days apart, NFA referrals, V3/V4 and
other legal statuses. No real child is in them; identifiers are made up.

The children are plain data (`CinChild`, `Episode`, `MissingSpell`), so a test can both
write the files and count what it expects from the files by its own means. Each child's
sex, date of birth, ethnicity code and disabilities (`Person`) are drawn from its
identifier (`person_for`), the same in the CIN census and the 903 header; a few edge-case
children have fixed ones (a 16th birthday on the day counted, 29 February, an unborn child).
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from dataclasses import dataclass, field

from scrutiny.core.workingdays import add_working_days

D = datetime.date
DAY = datetime.timedelta(days=1)


@dataclass
class CinReferral:
    date: datetime.date
    closure: datetime.date | None = None
    nfa: bool = False
    # (start, authorised)
    assessments: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)
    # (start, initial conference, conference not required)
    section_47s: list[tuple[datetime.date, datetime.date | None, bool]] = field(
        default_factory=list
    )
    # (start, end, number of previous plans)
    plans: list[tuple[datetime.date, datetime.date | None, int]] = field(default_factory=list)


@dataclass
class CinChild:
    child_id: str
    referrals: list[CinReferral]


@dataclass(frozen=True)
class Person:
    sex: str  # 1 male, 2 female, 0 not known, 9 not specified
    birth: datetime.date | None
    ethnicity: str  # a DfE ethnicity code, or "" when none is given
    disabilities: tuple[str, ...] = ()  # NONE or DfE codes; empty: none recorded
    expected: bool = False  # the birth date is an expected one (an unborn child)


ETHNIC_CODES = [  # roughly England's children's proportions, with some not known
    ("WBRI", 60), ("WOTH", 6), ("WIRT", 1), ("MWBC", 3), ("MOTH", 3), ("AIND", 4),
    ("APKN", 5), ("ABAN", 2), ("BAFR", 4), ("BCRB", 1), ("CHNE", 1), ("OOTH", 3),
    ("REFU", 1), ("NOBT", 2), ("", 1),
]  # fmt: skip
DISABILITY_CODES = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "AUT"]

EDGE_PEOPLE = {
    # Sixteen on the day counted: referred (and in need at) 31 March 2024, born 31 March 2008.
    "EDGE-OPEN": Person("1", D(2008, 3, 31), "BAFR", ("NONE",)),
    # Born on 29 February 2008: sixteen on 29 February 2024, the day of the referral.
    "EDGE-NFA29": Person("2", D(2008, 2, 29), "APKN", ("LD", "COMM")),
    # Referred before birth (expected 1 December 2023): unborn on the referral's day.
    "EDGE-SHUT": Person("0", D(2023, 12, 1), "NOBT", (), expected=True),
}


def person_for(child_id: str) -> Person:
    """The child's characteristics: fixed for an edge case, otherwise drawn from its id."""
    if child_id in EDGE_PEOPLE:
        return EDGE_PEOPLE[child_id]
    rng = random.Random(child_id)  # noqa: S311 - made-up children, not secrets
    codes, weights = zip(*ETHNIC_CODES, strict=True)
    roll = rng.random()
    disabilities: tuple[str, ...] = (
        () if roll < 0.05 else ("NONE",) if roll < 0.85 else tuple(rng.sample(DISABILITY_CODES, 2))
    )
    return Person(
        rng.choices(["1", "2", "0", "9"], [48, 48, 2, 2])[0],
        None if rng.random() < 0.02 else D(2006, 1, 1) + rng.randrange(18 * 365) * DAY,
        rng.choices(codes, weights)[0],
        disabilities,
    )


def cin_edge_cases(year: int = 2024) -> list[CinChild]:
    """Children on the edges of each definition, for the collection year 2023-24 (the year
    holding 29 February 2024 and the Christmas and coronation bank holidays). Other years
    shift every date by whole years, keeping weekdays only approximately."""
    if year != 2024:
        shift = year - 2024
        return [_shift_child(c, shift) for c in cin_edge_cases(2024)]
    children = [
        # Assessments of 45 and 46 working days over Christmas and New Year.
        CinChild(
            "EDGE-A45",
            [
                CinReferral(
                    D(2023, 11, 6),
                    assessments=[(D(2023, 11, 6), add_working_days(D(2023, 11, 6), 45))],
                )
            ],
        ),
        CinChild(
            "EDGE-A46",
            [
                CinReferral(
                    D(2023, 11, 6),
                    assessments=[(D(2023, 11, 6), add_working_days(D(2023, 11, 6), 46))],
                )
            ],
        ),
        # Conferences 15 and 16 working days after a section 47 began, over the coronation
        # bank holiday (Monday 8 May 2023) and the early May bank holiday (1 May 2023).
        CinChild(
            "EDGE-C15",
            [
                CinReferral(
                    D(2023, 4, 26),
                    section_47s=[(D(2023, 4, 28), add_working_days(D(2023, 4, 28), 15), False)],
                )
            ],
        ),
        CinChild(
            "EDGE-C16",
            [
                CinReferral(
                    D(2023, 4, 26),
                    section_47s=[(D(2023, 4, 28), add_working_days(D(2023, 4, 28), 16), False)],
                )
            ],
        ),
        # Plans ending in the year after 729, 730 and 731 days: two calendar years are 730
        # days from 1 June 2021 but 731 from 10 March 2022 (29 February 2024 lies between).
        CinChild(
            "EDGE-P729",
            [
                CinReferral(
                    D(2021, 5, 20), D(2023, 6, 30), plans=[(D(2021, 6, 1), D(2023, 5, 31), 0)]
                )
            ],
        ),
        CinChild(
            "EDGE-P730",
            [
                CinReferral(
                    D(2021, 5, 20), D(2023, 6, 30), plans=[(D(2021, 6, 1), D(2023, 6, 1), 0)]
                )
            ],
        ),
        CinChild(
            "EDGE-P730L",
            [CinReferral(D(2022, 3, 1), None, plans=[(D(2022, 3, 10), D(2024, 3, 9), 0)])],
        ),
        CinChild(
            "EDGE-P731L",
            [CinReferral(D(2022, 3, 1), None, plans=[(D(2022, 3, 10), D(2024, 3, 10), 1)])],
        ),
        # Re-referrals: 366 days over 29 February (inside 12 months), and 364/365/366 days
        # in a year with no 29 February (the 366-day one is outside).
        CinChild(
            "EDGE-R366L", [CinReferral(D(2023, 3, 1), D(2023, 5, 1)), CinReferral(D(2024, 3, 1))]
        ),
        CinChild(
            "EDGE-R364", [CinReferral(D(2022, 6, 1), D(2023, 4, 15)), CinReferral(D(2023, 5, 31))]
        ),
        CinChild(
            "EDGE-R365", [CinReferral(D(2022, 6, 1), D(2023, 4, 15)), CinReferral(D(2023, 6, 1))]
        ),
        CinChild(
            "EDGE-R366", [CinReferral(D(2022, 6, 1), D(2023, 4, 15)), CinReferral(D(2023, 6, 2))]
        ),
        # A referral on 29 February, no further action, closed the same day.
        CinChild("EDGE-NFA29", [CinReferral(D(2024, 2, 29), D(2024, 2, 29), nfa=True)]),
        CinChild("EDGE-NFA", [CinReferral(D(2023, 9, 12), D(2023, 9, 12), nfa=True)]),
        # A second plan the file shows only as an earlier plan (NumberOfPreviousCPP 0), and
        # one plan recorded under two episodes: one child on a plan at 31 March, not two.
        CinChild(
            "EDGE-2ND",
            [
                CinReferral(
                    D(2022, 1, 5), D(2022, 12, 1), plans=[(D(2022, 2, 1), D(2022, 11, 30), 0)]
                ),
                CinReferral(D(2023, 8, 1), None, plans=[(D(2023, 8, 20), None, 0)]),
            ],
        ),
        CinChild(
            "EDGE-TWICE",
            [
                CinReferral(D(2023, 5, 2), None, plans=[(D(2023, 6, 1), None, 0)]),
                CinReferral(D(2023, 5, 3), None, plans=[(D(2023, 6, 1), None, 0)]),
            ],
        ),
        # In need at 31 March until the last day, and one closed on 31 March.
        CinChild("EDGE-OPEN", [CinReferral(D(2024, 3, 31))]),
        CinChild("EDGE-SHUT", [CinReferral(D(2023, 10, 1), D(2024, 3, 31))]),
    ]
    return children


def _shift_child(child: CinChild, years: int) -> CinChild:
    def move(day: datetime.date | None) -> datetime.date | None:
        if day is None:
            return None
        try:
            return day.replace(year=day.year + years)
        except ValueError:  # 29 February
            return day.replace(year=day.year + years, day=28)

    return CinChild(
        child.child_id,
        [
            CinReferral(
                move(r.date),  # type: ignore[arg-type]
                move(r.closure),
                r.nfa,
                [(move(s), move(e)) for s, e in r.assessments],  # type: ignore[misc]
                [(move(s), move(c), n) for s, c, n in r.section_47s],  # type: ignore[misc]
                [(move(s), move(e), p) for s, e, p in r.plans],  # type: ignore[misc]
            )
            for r in child.referrals
        ],
    )


def random_cin_children(count: int, year: int = 2024, seed: int = 0) -> list[CinChild]:
    """`count` children referred in, or open during, the collection year ending 31 March
    `year`, in roughly England's proportions (at 5,000 children: a fifth of referrals are
    re-referrals, one in seven ends in no further action, 84% of assessments are within 45
    working days, a quarter of plans are a second plan)."""
    rng = random.Random(seed)  # noqa: S311 - made-up children, not secrets
    first = D(year - 1, 4, 1)
    children = []
    for n in range(count):
        referrals = []
        day = first + rng.randrange(365) * DAY
        if rng.random() < 0.25:  # a case open from an earlier year
            day -= rng.randrange(30, 900) * DAY
        if rng.random() < 0.3:  # an earlier, closed referral shortly before
            earlier = day - rng.randrange(60, 500) * DAY
            referrals.append(_random_referral(rng, earlier, closed_by=day - DAY))
        referrals.append(_random_referral(rng, day, closed_by=None))
        children.append(CinChild(f"SYN{seed:02d}-{n:06d}", referrals))
    return children


def _random_referral(
    rng: random.Random, day: datetime.date, closed_by: datetime.date | None
) -> CinReferral:
    referral = CinReferral(day)
    if rng.random() < 0.16:
        referral.nfa, referral.closure = True, day
        return referral
    if rng.random() < 0.85:
        start = day + rng.randrange(0, 5) * DAY
        done = start + rng.randrange(1, 80) * DAY if rng.random() < 0.9 else None
        referral.assessments.append((start, done))
    if rng.random() < 0.2:
        start = day + rng.randrange(0, 20) * DAY
        conference = start + rng.randrange(3, 35) * DAY if rng.random() < 0.6 else None
        referral.section_47s.append((start, conference, conference is None))
        if conference and rng.random() < 0.8:
            length = rng.choice([rng.randrange(30, 400), rng.randrange(600, 900)])
            end = conference + length * DAY if rng.random() < 0.6 else None
            previous = rng.choices([0, 1, 2], [0.75, 0.2, 0.05])[0]
            referral.plans.append((conference, end, previous))
    if closed_by is not None:
        referral.closure = min(closed_by, day + rng.randrange(20, 300) * DAY)
    elif rng.random() < 0.5:
        referral.closure = day + rng.randrange(20, 400) * DAY
    return referral


def cin_census_xml(
    children: list[CinChild], year: int, namespace: str = "", lea: str = "999"
) -> bytes:
    """A CIN census file for `<Year>year</Year>` (reference date 31 March of `year`), from
    the council whose LA number is `lea`."""
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<Message{xmlns}><Header><CollectionDetails>'
        f"<Collection>CIN</Collection><Year>{year}</Year>"
        f"<ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>"
        f"<Source><SourceLevel>L</SourceLevel><LEA>{lea}</LEA></Source></Header><Children>"
    ]
    for child in children:
        person = person_for(child.child_id)
        birth = ""
        if person.birth:
            tag = "ExpectedPersonBirthDate" if person.expected else "PersonBirthDate"
            birth = f"<{tag}>{person.birth}</{tag}>"
        disabilities = "".join(f"<Disability>{d}</Disability>" for d in person.disabilities)
        parts.append(
            f"<Child><ChildIdentifiers><LAchildID>{child.child_id}</LAchildID>{birth}"
            f"<GenderCurrent>{person.sex}</GenderCurrent></ChildIdentifiers>"
            "<ChildCharacteristics>"
            + (f"<Ethnicity>{person.ethnicity}</Ethnicity>" if person.ethnicity else "")
            + (f"<Disabilities>{disabilities}</Disabilities>" if disabilities else "")
            + "</ChildCharacteristics>"
        )
        for r in child.referrals:
            parts.append(f"<CINdetails><CINreferralDate>{r.date}</CINreferralDate>")
            parts.append("<ReferralSource>1A</ReferralSource><PrimaryNeedCode>N4</PrimaryNeedCode>")
            if r.closure:
                parts.append(f"<CINclosureDate>{r.closure}</CINclosureDate>")
            parts.append(f"<ReferralNFA>{'true' if r.nfa else 'false'}</ReferralNFA>")
            for start, done in r.assessments:
                parts.append(
                    f"<Assessments><AssessmentActualStartDate>{start}</AssessmentActualStartDate>"
                    + (
                        f"<AssessmentAuthorisationDate>{done}</AssessmentAuthorisationDate>"
                        if done
                        else ""
                    )
                    + "</Assessments>"
                )
            for start, conference, not_required in r.section_47s:
                parts.append(
                    f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate>"
                    + (f"<DateOfInitialCPC>{conference}</DateOfInitialCPC>" if conference else "")
                    + f"<ICPCnotRequired>{'true' if not_required else 'false'}</ICPCnotRequired>"
                    "</Section47>"
                )
            for start, end, previous in r.plans:
                parts.append(
                    f"<ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate>"
                    + (f"<CPPendDate>{end}</CPPendDate>" if end else "")
                    + "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
                    f"<NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP>"
                    "</ChildProtectionPlans>"
                )
            parts.append("</CINdetails>")
        parts.append("</Child>")
    parts.append("</Children></Message>\n")
    return "".join(parts).encode()


def cin_census(
    count: int,
    year: int = 2024,
    seed: int = 0,
    namespace: str = "",
    edge_cases: bool = True,
    lea: str = "999",
) -> bytes:
    """A census of `count` random children (plus the edge cases) for the year to 31 March."""
    children = random_cin_children(count, year, seed)
    if edge_cases:
        children += cin_edge_cases(year)
    return cin_census_xml(children, year, namespace, lea)


# SSDA903


@dataclass(frozen=True)
class Episode:
    child: str
    start: datetime.date
    end: datetime.date | None
    legal_status: str
    placement: str = "U1"


@dataclass(frozen=True)
class MissingSpell:
    child: str
    kind: str  # M missing, A away without authorisation
    start: datetime.date
    end: datetime.date | None


LEGAL_STATUSES = ["C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"]


def ssda903_edge_cases(year_start: int = 2023) -> tuple[list[Episode], list[MissingSpell]]:
    """Children on the edges of 'looked after at 31 March' and of missing spells, for the
    collection year starting 1 April `year_start`."""
    end = D(year_start + 1, 3, 31)
    episodes = [
        Episode("EDGE-V3", D(year_start, 6, 1), None, "V3"),  # short breaks: not counted
        Episode("EDGE-V4", D(year_start, 6, 1), None, "V4"),
        Episode("EDGE-V2", D(year_start, 6, 1), None, "V2"),  # a single short break: counted
        # Short breaks that became a care order: looked after at 31 March.
        Episode("EDGE-V3C2", D(year_start, 5, 1), D(year_start, 9, 1), "V3"),
        Episode("EDGE-V3C2", D(year_start, 9, 1), None, "C2"),
        # A care order that became short breaks: not looked after at 31 March.
        Episode("EDGE-C2V4", D(year_start, 5, 1), D(year_start, 9, 1), "C2"),
        Episode("EDGE-C2V4", D(year_start, 9, 1), None, "V4"),
        Episode("EDGE-LEFT", D(year_start, 4, 20), end, "C1"),  # left on 31 March
        Episode("EDGE-CAME", end, None, "L2"),  # arrived on 31 March
    ]
    spells = [
        MissingSpell(
            "EDGE-V2",
            "M",
            D(year_start + 1, 2, 29) if _leap(year_start + 1) else D(year_start + 1, 2, 28),
            None,
        ),
        MissingSpell("EDGE-LEFT", "A", D(year_start, 12, 25), D(year_start, 12, 26)),
        MissingSpell("EDGE-LEFT", "M", D(year_start, 12, 27), D(year_start, 12, 27)),
    ]
    return episodes, spells


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def random_903(
    count: int, year_start: int = 2023, seed: int = 0
) -> tuple[list[Episode], list[MissingSpell]]:
    """`count` children looked after at some time in the year from 1 April `year_start`,
    each with one to three episodes (legal status, including V3/V4 short breaks, changing
    between them) and some missing or away spells."""
    rng = random.Random(seed)  # noqa: S311 - made-up children, not secrets
    first, last = D(year_start, 4, 1), D(year_start + 1, 3, 31)
    episodes, spells = [], []
    for n in range(count):
        child = f"SYN{seed:02d}-{n:06d}"
        day = first + rng.randrange(-700, 360) * DAY
        for _ in range(rng.choice([1, 1, 2, 3])):
            length = rng.randrange(10, 500)
            end = day + length * DAY
            ends = end if end <= last and rng.random() < 0.8 else None
            episodes.append(
                Episode(child, day, ends, rng.choices(LEGAL_STATUSES, [1] * 10 + [0.5, 1, 1])[0])
            )
            if ends is None:
                break
            day = ends
        for _ in range(rng.choice([0, 0, 0, 1, 3])):
            start = first + rng.randrange(365) * DAY
            spells.append(
                MissingSpell(child, rng.choice("MMA"), start, start + rng.randrange(3) * DAY)
            )
    return episodes, spells


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def ssda903_tables(
    episodes: list[Episode],
    spells: list[MissingSpell],
    names: tuple[str, str, str] = ("header.csv", "episodes.csv", "missing.csv"),
) -> dict[str, bytes]:
    """The header, episodes and missing tables as the DfE lays them out, under `names`."""
    children = sorted({e.child for e in episodes} | {s.child for s in spells})
    return {
        names[0]: _csv(
            ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
            [
                [c, p.sex, _day(p.birth), p.ethnicity, "", "", ""]
                for c, p in ((c, person_for(c)) for c in children)
            ],
        ),
        names[1]: _csv(
            ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
            [
                [
                    e.child,
                    _day(e.start),
                    "S",
                    e.legal_status,
                    "N1",
                    e.placement,
                    "PR1",
                    _day(e.end),
                    "E11" if e.end else "",
                ]
                for e in episodes
            ],
        ),
        names[2]: _csv(
            ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
            [[s.child, "01/01/2010", s.kind, _day(s.start), _day(s.end)] for s in spells],
        ),
    }


def ssda903_xml(episodes: list[Episode], spells: list[MissingSpell]) -> bytes:
    """The same return as the 903 XML (CHILDID, nested EPISODE and AMISSING)."""
    by_child: dict[str, tuple[list[Episode], list[MissingSpell]]] = {}
    for e in episodes:
        by_child.setdefault(e.child, ([], []))[0].append(e)
    for s in spells:
        by_child.setdefault(s.child, ([], []))[1].append(s)
    parts = ["<?xml version='1.0' encoding='us-ascii'?>\n<EXPSSDA903>"]
    for child, (child_episodes, child_spells) in sorted(by_child.items()):
        p = person_for(child)
        parts.append(
            f"<CHILD><HEADER><CHILDID>{child}</CHILDID><SEX>{p.sex}</SEX><DOB>{_day(p.birth)}"
            f"</DOB><ETHNIC>{p.ethnicity}</ETHNIC></HEADER>"
        )
        for e in child_episodes:
            parts.append(
                f"<EPISODE><DECOM>{_day(e.start)}</DECOM><RNE>S</RNE><LS>{e.legal_status}</LS>"
                f"<PL>{e.placement}</PL><DEC>{_day(e.end)}</DEC></EPISODE>"
            )
        for s in child_spells:
            parts.append(
                f"<AMISSING><MISSING>{s.kind}</MISSING><MIS_START>{_day(s.start)}</MIS_START>"
                f"<MIS_END>{_day(s.end)}</MIS_END></AMISSING>"
            )
        parts.append("</CHILD>")
    parts.append("</EXPSSDA903>\n")
    return "".join(parts).encode()
