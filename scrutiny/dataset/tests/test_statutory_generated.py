"""The importer on generated returns of a few hundred children, against a separate counting
written here: the standard library's ElementTree and csv, and plain date arithmetic."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET  # noqa: S405 - the test's own reading of files it made
from collections import defaultdict
from decimal import Decimal as D

import pytest

from scrutiny.dataset.statutory import synthetic
from scrutiny.dataset.statutory.service import compute_903, compute_cin

from .statutory_fixtures import as_dict, count_working_days

QUARTERS = {  # the collection year 2023-24
    "2023 Q2": (datetime.date(2023, 4, 1), datetime.date(2023, 6, 30)),
    "2023 Q3": (datetime.date(2023, 7, 1), datetime.date(2023, 9, 30)),
    "2023 Q4": (datetime.date(2023, 10, 1), datetime.date(2023, 12, 31)),
    "2024 Q1": (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)),
}
MARCH_31 = datetime.date(2024, 3, 31)


def day(text):
    return datetime.date.fromisoformat(text) if text else None


def same_day_later(d, years):
    if d.month == 2 and d.day == 29 and (d.year + years) % 4:
        return datetime.date(d.year + years, 3, 1)
    return datetime.date(d.year + years, d.month, d.day)


def count_cin(xml, population):
    """Every indicator for 2023-24, counted from the XML text by another route."""
    root = ET.fromstring(xml)  # noqa: S314 - a file this test generated
    for e in root.iter():
        e.tag = e.tag.rsplit("}", 1)[-1]
    referrals, plans, s47s, assessments = {}, {}, [], []
    for child in root.iter("Child"):
        cid = child.find("ChildIdentifiers/LAchildID").text
        for d in child.findall("CINdetails"):
            date = day(d.findtext("CINreferralDate"))
            referrals[(cid, date)] = (day(d.findtext("CINclosureDate")), d.findtext("ReferralNFA"))
            for a in d.findall("Assessments"):
                done = day(a.findtext("AssessmentAuthorisationDate"))
                assessments.append((day(a.findtext("AssessmentActualStartDate")), done))
            for s in d.findall("Section47"):
                s47s.append(
                    (day(s.findtext("S47ActualStartDate")), day(s.findtext("DateOfInitialCPC")))
                )
            for p in d.findall("ChildProtectionPlans"):
                start = day(p.findtext("CPPstartDate"))
                plans[(cid, start)] = (
                    day(p.findtext("CPPendDate")),
                    int(p.findtext("NumberOfPreviousCPP")),
                )
    by_child = defaultdict(list)
    for cid, date in referrals:
        by_child[cid].append(date)
    plan_starts = defaultdict(list)
    for cid, start in plans:
        plan_starts[cid].append(start)
    out = {}
    for label, (first, last) in QUARTERS.items():

        def inside(d, first=first, last=last):
            return d is not None and first <= d <= last

        new = [(c, d) for c, d in referrals if inside(d)]
        rerefs = [1 for c, d in new if any(p < d <= same_day_later(p, 1) for p in by_child[c])]
        nfa = [1 for key in new if referrals[key][1] == "true"]
        done = [(s, e) for s, e in assessments if inside(e)]
        conf = [(s, c) for s, c in s47s if inside(c)]
        started = [(c, s) for c, s in plans if inside(s)]
        ended = [(c, s) for (c, s), (e, _) in plans.items() if inside(e)]
        out[("re-referrals-12m", label)] = (len(rerefs), len(new))
        out[("referrals-nfa", label)] = (len(nfa), len(new))
        out[("assessments-45-days", label)] = (
            sum(count_working_days(s, e) <= 45 for s, e in done),
            len(done),
        )
        out[("icpc-15-days", label)] = (
            sum(count_working_days(s, c) <= 15 for s, c in conf),
            len(conf),
        )
        out[("cp-second-plans", label)] = (
            sum(plans[(c, s)][1] > 0 or min(plan_starts[c]) < s for c, s in started),
            len(started),
        )
        out[("cp-plans-2-years", label)] = (
            sum(plans[(c, s)][0] >= same_day_later(s, 2) for c, s in ended),
            len(ended),
        )
        out[("referrals-rate", label)] = (len(new), population)
        out[("section-47-rate", label)] = (sum(inside(s) for s, _ in s47s), population)
        on_plan = {c for (c, s), (e, _) in plans.items() if s <= last and (e is None or e > last)}
        out[("cp-plans-rate", label)] = (len(on_plan), population)
    in_need = {
        c
        for (c, d), (closed, nfa) in referrals.items()
        if nfa != "true" and d <= MARCH_31 and (closed is None or closed > MARCH_31)
    }
    out[("children-in-need", "2023-24")] = (len(in_need), None)
    out[("cin-rate", "2023-24")] = (len(in_need), population)
    return {k: (D(n), None if d is None else D(d)) for k, (n, d) in out.items()}


@pytest.mark.parametrize("size,seed", [(5, 1), (300, 2), (800, 7)])
def test_generated_census_matches_a_separate_counting(size, seed):
    xml = synthetic.cin_census(size, 2024, seed=seed, namespace="http://www.dfe.gov.uk/CIN")
    result = compute_cin([("census.xml", xml)], population=25_000)
    assert as_dict(result) == count_cin(xml, 25_000)
    assert result.skipped == [] and [label for label, _ in result.not_covered] == ["2023-24"]


def test_the_generator_is_seeded_and_holds_its_edge_cases():
    assert synthetic.cin_census(50, seed=4) == synthetic.cin_census(50, seed=4)
    assert synthetic.cin_census(50, seed=4) != synthetic.cin_census(50, seed=5)
    xml = synthetic.cin_census(20, seed=4).decode()
    assert xml.count("<Child>") == 20 + len(synthetic.cin_edge_cases())
    assert "<CINreferralDate>2024-02-29</CINreferralDate>" in xml
    assert "<ReferralNFA>true</ReferralNFA>" in xml


def count_903(tables, population):
    """Children looked after at each quarter end (V3/V4 excluded) and missing spells (M),
    from the CSV text, each spell once."""

    def rows(name):
        return list(csv.DictReader(io.StringIO(tables[name].decode())))

    def dmy(text):
        return datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None

    episodes = rows("episodes.csv")
    spells = {(r["CHILD"], dmy(r["MIS_START"])): r["MISSING"] for r in rows("missing.csv")}
    out = {}
    for label, (first, last) in QUARTERS.items():
        out[("missing-episodes", label)] = (
            D(sum(kind == "M" and first <= s <= last for (_, s), kind in spells.items())),
            None,
        )
        looked_after = {
            e["CHILD"]
            for e in episodes
            if dmy(e["DECOM"]) <= last
            and (not e["DEC"] or dmy(e["DEC"]) > last)
            and e["LS"] not in ("V3", "V4")
        }
        out[("lac-rate", label)] = (D(len(looked_after)), D(population))
    return out


@pytest.mark.parametrize("size,seed", [(4, 1), (400, 3)])
def test_generated_903_matches_a_separate_counting(size, seed):
    episodes, spells = synthetic.random_903(size, 2023, seed=seed)
    edge_episodes, edge_spells = synthetic.ssda903_edge_cases(2023)
    tables = synthetic.ssda903_tables(episodes + edge_episodes, spells + edge_spells)
    result = compute_903(list(tables.items()), "2023-24", population=12_000)
    assert as_dict(result) == count_903(tables, 12_000)
    assert any(e.legal_status in ("V3", "V4") for e in episodes) or size < 10
