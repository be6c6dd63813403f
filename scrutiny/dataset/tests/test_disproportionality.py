"""Disproportionality: breakdowns counted by the import against a separate counting of the
generated files (ElementTree, csv and the test's own tables of codes and ages), small
numbers suppressed on the page and in exports, the population page, and who sees what."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET  # noqa: S405 - the test's own reading of files it made
from collections import Counter
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.dataset.disproportionality import breakdowns_for
from scrutiny.dataset.models import Breakdown, Population, ValueSource
from scrutiny.dataset.statutory import synthetic
from scrutiny.dataset.statutory.characteristics import age_band
from scrutiny.dataset.statutory.service import compute_903, compute_cin
from scrutiny.jobs.tests.helpers import through_job
from scrutiny.library.models import IndicatorDefinition
from scrutiny.people.models import Role

from .statutory_fixtures import count_working_days

# The DfE's major groups, written out here rather than read from the library file.
ETHNICITY = {
    **dict.fromkeys(["WBRI", "WIRI", "WIRT", "WOTH", "WROM"], "white"),
    **dict.fromkeys(["MWBC", "MWBA", "MWAS", "MOTH"], "mixed"),
    **dict.fromkeys(["AIND", "APKN", "ABAN", "AOTH"], "asian"),
    **dict.fromkeys(["BCRB", "BAFR", "BOTH"], "black"),
    **dict.fromkeys(["CHNE", "OOTH"], "other"),
}
SEX = {"1": "male", "2": "female"}
QUARTERS = {
    "2023 Q2": (datetime.date(2023, 4, 1), datetime.date(2023, 6, 30)),
    "2023 Q3": (datetime.date(2023, 7, 1), datetime.date(2023, 9, 30)),
    "2023 Q4": (datetime.date(2023, 10, 1), datetime.date(2023, 12, 31)),
    "2024 Q1": (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)),
}
MARCH_31 = datetime.date(2024, 3, 31)


def band(birth, on):
    """Age band by counting birthdays one at a time (29 February's falls on 1 March)."""
    if birth is None:
        return "not-known"
    if birth > on:
        return "unborn"
    age = 0
    while True:
        year = birth.year + age + 1
        try:
            birthday = birth.replace(year=year)
        except ValueError:
            birthday = datetime.date(year, 3, 1)
        if birthday > on:
            break
        age += 1
    for low, name in ((16, "16-plus"), (10, "10-15"), (5, "5-9"), (1, "1-4"), (0, "under-1")):
        if age >= low:
            return name


def year_on(d):
    if (d.month, d.day) == (2, 29):
        return datetime.date(d.year + 1, 3, 1)
    return d.replace(year=d.year + 1)


def day(text):
    return datetime.date.fromisoformat(text) if text else None


def groups(person, on, disability=True):
    out = [
        ("ethnicity", ETHNICITY.get(person["ethnic"], "not-known")),
        ("sex", SEX.get(person["sex"], "not-known")),
        ("age", band(person["birth"], on)),
    ]
    if disability:
        codes = person["disabilities"]
        out.append(
            (
                "disability",
                "not-known"
                if not codes
                else "not-disabled"
                if set(codes) == {"NONE"}
                else "disabled",
            )
        )
    return out


def tally(items, people, disability=True):
    counts = Counter()
    for child, on in items:
        for key in groups(people[child], on, disability):
            counts[key] += 1
    return counts


def count_cin_groups(xml):
    """Referrals (rate, re-referrals, NFA), assessments within 45 working days and children
    in need at 31 March, by group, from the XML text."""
    root = ET.fromstring(xml)  # noqa: S314 - a file this test generated
    people, referrals, assessments = {}, {}, []
    for child in root.iter("Child"):
        cid = child.findtext("ChildIdentifiers/LAchildID")
        birth = child.findtext("ChildIdentifiers/PersonBirthDate") or child.findtext(
            "ChildIdentifiers/ExpectedPersonBirthDate"
        )
        people[cid] = {
            "ethnic": child.findtext("ChildCharacteristics/Ethnicity"),
            "sex": child.findtext("ChildIdentifiers/GenderCurrent"),
            "birth": day(birth),
            "disabilities": [
                d.text for d in child.findall("ChildCharacteristics/Disabilities/Disability")
            ],
        }
        for d in child.findall("CINdetails"):
            date = day(d.findtext("CINreferralDate"))
            referrals[(cid, date)] = (day(d.findtext("CINclosureDate")), d.findtext("ReferralNFA"))
            for a in d.findall("Assessments"):
                assessments.append(
                    (
                        cid,
                        day(a.findtext("AssessmentActualStartDate")),
                        day(a.findtext("AssessmentAuthorisationDate")),
                    )
                )
    earlier = {}
    for cid, date in referrals:
        earlier.setdefault(cid, []).append(date)
    out = {}
    for label, (first, last) in QUARTERS.items():
        new = [(c, d) for c, d in referrals if first <= d <= last]
        rerefs = [(c, d) for c, d in new if any(p < d <= year_on(p) for p in earlier[c])]
        nfa = [(c, d) for c, d in new if referrals[(c, d)][1] == "true"]
        done = [(c, e) for c, s, e in assessments if e and first <= e <= last]
        timely = [
            (c, e)
            for c, s, e in assessments
            if e and first <= e <= last and count_working_days(s, e) <= 45
        ]
        out[("referrals-rate", label)] = (tally(new, people), None)
        out[("re-referrals-12m", label)] = (tally(rerefs, people), tally(new, people))
        out[("referrals-nfa", label)] = (tally(nfa, people), tally(new, people))
        out[("assessments-45-days", label)] = (tally(timely, people), tally(done, people))
    in_need = {
        c
        for (c, d), (closed, nfa) in referrals.items()
        if nfa != "true" and d <= MARCH_31 and (closed is None or closed > MARCH_31)
    }
    out[("children-in-need", "2023-24")] = (tally([(c, MARCH_31) for c in in_need], people), None)
    return out


def as_counters(computation):
    found = {}
    for b in computation.breakdowns:
        numerators, denominators = found.setdefault((b.indicator, b.period), (Counter(), None))
        numerators[(b.dimension, b.group)] = b.numerator
        if b.denominator is not None:
            if denominators is None:
                denominators = Counter()
                found[(b.indicator, b.period)] = (numerators, denominators)
            denominators[(b.dimension, b.group)] = b.denominator
    return found


def strip_zeros(counter):
    return None if counter is None else +counter


@pytest.mark.parametrize("size,seed", [(40, 1), (400, 2)])
def test_cin_breakdowns_match_a_separate_counting(size, seed):
    xml = synthetic.cin_census(size, 2024, seed=seed)
    result = compute_cin([("census.xml", xml)], population=25_000)
    found = as_counters(result)
    for key, (numerators, denominators) in count_cin_groups(xml).items():
        got_num, got_den = found[key]
        assert +got_num == +numerators, key
        assert strip_zeros(got_den) == strip_zeros(denominators), key


def test_each_characteristic_adds_up_to_the_indicator():
    """Every child is in one group of each characteristic, for every indicator computed."""
    xml = synthetic.cin_census(300, 2024, seed=5)
    result = compute_cin([("census.xml", xml)], population=25_000)
    values = {(v.indicator, v.period): v for v in result.values}
    sums = Counter()
    for b in result.breakdowns:
        sums[(b.indicator, b.period, b.dimension)] += b.numerator
    assert {k[0] for k in sums} >= {
        "cp-plans-rate",
        "section-47-rate",
        "icpc-15-days",
        "cp-second-plans",
        "cp-plans-2-years",
        "cin-rate",
    }
    for (code, period, dimension), total in sums.items():
        assert D(total) == values[(code, period)].numerator, (code, period, dimension)
    assert {d for _, _, d in sums} == {"ethnicity", "sex", "age", "disability"}


def test_edge_ages_sixteen_on_the_day_29_february_and_unborn():
    xml = synthetic.cin_census(0, 2024)
    result = compute_cin([("census.xml", xml)], population=None)
    ages = {
        (b.indicator, b.period, b.group): b.denominator or b.numerator
        for b in result.breakdowns
        if b.dimension == "age"
    }
    # EDGE-OPEN: referred on, and in need at, 31 March 2024, born 31 March 2008.
    assert ages[("children-in-need", "2023-24", "16-plus")] >= 1
    # EDGE-NFA29 born 29 February 2008, referred 29 February 2024; EDGE-SHUT unborn.
    # (for referrals-nfa, the referrals: its denominator)
    assert ages[("referrals-nfa", "2024 Q1", "16-plus")] >= 1
    assert ages[("referrals-nfa", "2023 Q4", "unborn")] == 1
    assert age_band(datetime.date(2008, 2, 29), datetime.date(2024, 2, 29)) == "16-plus"
    assert age_band(datetime.date(2008, 2, 29), datetime.date(2024, 2, 28)) == "10-15"
    assert age_band(datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)) == "under-1"
    assert age_band(datetime.date(2024, 2, 29), datetime.date(2025, 3, 1)) == "1-4"
    assert age_band(datetime.date(2024, 1, 2), datetime.date(2024, 1, 1)) == "unborn"
    assert age_band(None, datetime.date(2024, 1, 1)) == "not-known"


def count_903_groups(tables):
    def rows(name):
        return list(csv.DictReader(io.StringIO(tables[name].decode())))

    def dmy(text):
        return datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None

    people = {
        r["CHILD"]: {"ethnic": r["ETHNIC"], "sex": r["SEX"], "birth": dmy(r["DOB"])}
        for r in rows("header.csv")
    }
    spells = {(r["CHILD"], dmy(r["MIS_START"])): r["MISSING"] for r in rows("missing.csv")}
    out = {}
    for label, (first, last) in QUARTERS.items():
        missing = [(c, s) for (c, s), kind in spells.items() if kind == "M" and first <= s <= last]
        looked_after = {
            e["CHILD"]
            for e in rows("episodes.csv")
            if dmy(e["DECOM"]) <= last
            and (not e["DEC"] or dmy(e["DEC"]) > last)
            and e["LS"] not in ("V3", "V4")
        }
        out[("missing-episodes", label)] = tally(missing, people, disability=False)
        out[("lac-rate", label)] = tally(
            [(c, last) for c in looked_after], people, disability=False
        )
    return out


def test_903_breakdowns_match_a_separate_counting_and_the_xml_gives_the_same():
    episodes, spells = synthetic.random_903(300, 2023, seed=3)
    tables = synthetic.ssda903_tables(episodes, spells)
    result = compute_903(list(tables.items()), "2023-24", population=12_000)
    found = as_counters(result)
    for key, expected in count_903_groups(tables).items():
        assert +found[key][0] == +expected, key
        assert found[key][1] is None  # a count and a rate: no counted denominator
    assert not any(b.dimension == "disability" for b in result.breakdowns)
    xml = compute_903([("903.xml", synthetic.ssda903_xml(episodes, spells))], "2023-24", 12_000)
    assert sorted(map(repr, xml.breakdowns)) == sorted(map(repr, result.breakdowns))


# Stored breakdowns: suppression, population, page, export, permission.


@pytest.fixture
def cin_rate(db):
    return IndicatorDefinition.objects.filter(code="cin-rate").order_by("-pk").first()


def store(board, indicator, counts, *, dimension="ethnicity", period="2023-24", denominators=None):
    for group, n in counts.items():
        Breakdown.objects.create(
            board=board,
            indicator=indicator,
            period_label=period,
            period_end=datetime.date(2024, 3, 31),
            dimension=dimension,
            group=group,
            numerator=n,
            denominator=(denominators or {}).get(group),
            source=ValueSource.CIN,
        )


def test_small_groups_are_suppressed_and_one_more_withheld(board, cin_rate):
    store(board, cin_rate, {"white": 40, "black": 3, "asian": 12, "mixed": 6, "other": 9})
    Population.objects.create(
        board=board,
        year_label="2023-24",
        dimension="ethnicity",
        children={"white": 20_000, "black": 1_000, "asian": 3_000, "mixed": 1_000, "other": 1_000},
    )
    table = breakdowns_for(board, cin_rate, "2023-24").dimensions[0]
    rows = {r.code: r for r in table.rows}
    assert rows["black"].count_shown == "fewer than 5"
    assert rows["black"].value_shown is None and rows["black"].ratio_shown is None
    # the next smallest is withheld, or 70 - (40 + 12 + 9) would give the 3 away
    assert rows["mixed"].count_shown == "withheld" and rows["mixed"].value_shown is None
    assert rows["asian"].count_shown == "12"
    # all children: 70 counted of 26,000 -> 26.923 per 10,000; Asian: 12 of 3,000 -> 40
    assert rows["asian"].value_shown == D(40)
    assert round(table.all_value, 3) == D("26.923")
    assert round(rows["asian"].ratio_shown, 3) == round(D(40) / (D(70) / 26_000 * 10_000), 3)
    assert table.total_shown == "70"


def test_the_threshold_is_a_setting(board, cin_rate, settings):
    settings.SCRUTINY_DISCLOSURE_THRESHOLD = 10
    store(board, cin_rate, {"white": 40, "black": 9, "asian": 12, "mixed": 8})
    rows = {r.code: r for r in breakdowns_for(board, cin_rate).dimensions[0].rows}
    assert rows["black"].count_shown == rows["mixed"].count_shown == "fewer than 10"
    assert rows["asian"].count_shown == "12"  # two suppressed: none withheld


def test_no_ratio_until_every_group_has_a_population(board, cin_rate):
    store(board, cin_rate, {"white": 40, "asian": 12})
    Population.objects.create(
        board=board, year_label="2023-24", dimension="ethnicity", children={"white": 20_000}
    )
    table = breakdowns_for(board, cin_rate).dimensions[0]
    rows = {r.code: r for r in table.rows}
    assert rows["white"].value_shown == D(20)  # 40 of 20,000 per 10,000
    assert rows["white"].ratio_shown is None and table.all_value is None
    assert "population of every group" in table.note


def test_a_percentage_is_shown_within_each_group(board, db):
    indicator = IndicatorDefinition.objects.filter(code="re-referrals-12m").order_by("-pk").first()
    store(
        board,
        indicator,
        {"male": 10, "female": 6},
        dimension="sex",
        period="2024 Q1",
        denominators={"male": 40, "female": 60},
    )
    table = breakdowns_for(board, indicator).dimensions[0]
    rows = {r.code: r for r in table.rows}
    assert rows["male"].value_shown == D(25) and rows["female"].value_shown == D(10)
    assert table.all_value == D(16)  # 16 of 100
    assert rows["male"].ratio_shown == D(25) / D(16)


@pytest.fixture
def viewer(make_user, board):
    return make_user(Role.VIEWER, board=board)


def test_page_and_export_never_show_a_small_number(client, login, viewer, board, cin_rate):
    store(board, cin_rate, {"white": 40, "black": 3, "asian": 12, "mixed": 6, "other": 9})
    login(client, viewer)
    url = reverse("dataset:disproportionality", args=[board.slug, "cin-rate"])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "fewer than 5" in html and 'id="chart-ethnicity-title"' in html
    black = html.split("Black, African, Caribbean or Black British</th>")[1].split("</tr>")[0]
    assert ">3<" not in black and "fewer than 5" in black
    export = client.get(url, {"format": "csv", "period": "2023-24"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    by_group = {r[1]: r for r in rows[1:]}
    assert by_group["Black, African, Caribbean or Black British"][2] == "fewer than 5"
    assert by_group["Mixed or multiple ethnic groups"][2] == "withheld"
    assert by_group["All children"][2] == "70"
    assert "3" not in [cell for r in rows[1:] for cell in r[2:3]]
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')


def test_another_board_sees_nothing_of_it(client, login, make_user, board, other_board, cin_rate):
    store(board, cin_rate, {"white": 4321})
    store(other_board, cin_rate, {"white": 9876})
    outsider = make_user(Role.BUSINESS_MANAGER, board=other_board)
    login(client, outsider)
    assert (
        client.get(reverse("dataset:disproportionality", args=[board.slug, "cin-rate"])).status_code
        == 404
    )
    own = client.get(reverse("dataset:disproportionality", args=[other_board.slug, "cin-rate"]))
    assert "9876" in own.content.decode() and "4321" not in own.content.decode()
    assert breakdowns_for(other_board, "cin-rate").dimensions[0].total == 9876


def test_population_page_is_for_who_runs_the_statutory_imports(
    client, login, make_user, board, viewer, agency
):
    url = reverse("dataset:population", args=[board.slug])
    login(client, viewer)
    assert client.get(url).status_code == 403
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    assert client.get(url).status_code == 403
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    assert client.get(url).status_code == 200
    chosen = client.post(url, {"year": "2023/24", "dimension": "sex"})
    assert chosen.status_code == 200 and "like 2023-24" in chosen.content.decode()
    chosen = client.post(url, {"year": "2023-24", "dimension": "sex"})
    edit = chosen["Location"]
    assert edit == reverse("dataset:population_edit", args=[board.slug, "2023-24", "sex"])
    saved = client.post(edit, {"group_male": "5100", "group_female": "4900", "revision": "-1"})
    assert saved.status_code == 302
    held = Population.objects.get(board=board, year_label="2023-24", dimension="sex")
    assert held.children == {"male": 5100, "female": 4900}
    # a second editor who loaded it before that save is refused, not overwriting
    stale = client.post(edit, {"group_male": "1", "group_female": "1", "revision": "-1"})
    assert stale.status_code == 409
    held.refresh_from_db()
    assert held.children == {"male": 5100, "female": 4900}


def test_confirming_a_census_import_stores_its_breakdowns_and_replaces_them(
    client, login, make_user, board
):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("dataset:statutory", args=[board.slug])

    def upload(xml):
        response = through_job(
            client,
            client.post(
                url,
                {
                    "kind": "cin",
                    "population": "25000",
                    "files": [SimpleUploadedFile("census.xml", xml)],
                },
            ),
        )
        assert response.status_code == 302
        client.post(response["Location"], {"action": "confirm"})

    first = synthetic.cin_census(60, 2024, seed=8)
    upload(first)
    expected = count_cin_groups(first)[("children-in-need", "2023-24")][0]
    stored = {
        (b.dimension, b.group): b.numerator
        for b in Breakdown.objects.filter(
            board=board, indicator__code="children-in-need", period_label="2023-24"
        )
    }
    assert stored == dict(+expected)
    page = client.get(reverse("dataset:indicator", args=[board.slug, "children-in-need"]))
    assert 'id="disproportionality-link"' in page.content.decode()
    upload(synthetic.cin_census(20, 2024, seed=9))
    again = count_cin_groups(synthetic.cin_census(20, 2024, seed=9))
    stored = {
        (b.dimension, b.group): b.numerator
        for b in Breakdown.objects.filter(
            board=board, indicator__code="children-in-need", period_label="2023-24"
        )
    }
    assert stored == dict(+again[("children-in-need", "2023-24")][0])


def test_page_queries_do_not_grow_with_groups_or_periods(client, login, viewer, board, cin_rate):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    store(board, cin_rate, {"white": 40, "asian": 12})
    login(client, viewer)
    url = reverse("dataset:disproportionality", args=[board.slug, "cin-rate"])
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in (2019, 2020, 2021):
        for dimension, groups in {
            "ethnicity": ["white", "mixed", "asian", "black", "other", "not-known"],
            "sex": ["male", "female"],
            "age": ["under-1", "1-4", "5-9", "10-15", "16-plus"],
        }.items():
            store(
                board,
                cin_rate,
                dict.fromkeys(groups, 30),
                dimension=dimension,
                period=f"{year}-{(year + 1) % 100:02d}",
            )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    # the data set, the indicator, the periods, the breakdowns, the populations: the same
    # number of queries however many groups and periods
    assert len(many) == len(few)
