"""Each defect found in the statutory indicators, on the generator's edge-case children,
with the numbers worked out by hand in the comments. Each test failed before the fix."""

import datetime
from decimal import Decimal as D

import pytest

from scrutiny.dataset.statutory import synthetic
from scrutiny.dataset.statutory.common import ReturnFileError
from scrutiny.dataset.statutory.service import compute_903, compute_cin

from .statutory_fixtures import as_dict, census, child, count_working_days, plan, referral

EDGES = {c.child_id: c for c in synthetic.cin_edge_cases(2024)}


def computed(*ids, population=10_000, year=2024):
    children = [EDGES[i] for i in ids]
    xml = synthetic.cin_census_xml(children, year)
    return as_dict(compute_cin([("edge.xml", xml)], population=population))


def test_re_referral_366_days_over_29_february_is_within_12_months():
    # 1 March 2023 -> 1 March 2024 is 366 days and exactly 12 calendar months
    (first, second) = EDGES["EDGE-R366L"].referrals
    assert (second.date - first.date).days == 366
    assert computed("EDGE-R366L")[("re-referrals-12m", "2024 Q1")] == (D(1), D(1))


def test_re_referrals_364_and_365_days_apart_are_within_12_months_366_is_not():
    # From 1 June 2022 (no 29 February before June 2023): 31 May and 1 June 2023 are within
    # 12 months, 2 June 2023 is not. All three fall in 2023 Q2.
    gaps = [
        (c.referrals[1].date - c.referrals[0].date).days
        for c in (EDGES["EDGE-R364"], EDGES["EDGE-R365"], EDGES["EDGE-R366"])
    ]
    assert gaps == [364, 365, 366]
    values = computed("EDGE-R364", "EDGE-R365", "EDGE-R366")
    assert values[("re-referrals-12m", "2023 Q2")] == (D(2), D(3))


def test_plans_lasting_two_calendar_years_not_730_days():
    lengths = {
        i: (EDGES[i].referrals[0].plans[0][1] - EDGES[i].referrals[0].plans[0][0]).days
        for i in ("EDGE-P729", "EDGE-P730", "EDGE-P730L", "EDGE-P731L")
    }
    assert lengths == {"EDGE-P729": 729, "EDGE-P730": 730, "EDGE-P730L": 730, "EDGE-P731L": 731}
    values = computed("EDGE-P729", "EDGE-P730", "EDGE-P730L", "EDGE-P731L")
    # 1 June 2021 -> 1 June 2023 (730 days) is two years; -> 31 May 2023 is not.
    assert values[("cp-plans-2-years", "2023 Q2")] == (D(1), D(2))
    # 10 March 2022 -> 10 March 2024 (731 days) is two years; -> 9 March 2024 (730) is not.
    assert values[("cp-plans-2-years", "2024 Q1")] == (D(1), D(2))


def test_assessments_of_45_working_days_are_in_time_46_are_not():
    # From Monday 6 November 2023, 45 working days (25, 26 December and 1 January skipped)
    # end on Thursday 11 January 2024; 46 on Friday 12 January.
    done = [EDGES[i].referrals[0].assessments[0] for i in ("EDGE-A45", "EDGE-A46")]
    assert [d for _, d in done] == [datetime.date(2024, 1, 11), datetime.date(2024, 1, 12)]
    assert [count_working_days(s, d) for s, d in done] == [45, 46]
    assert computed("EDGE-A45", "EDGE-A46")[("assessments-45-days", "2024 Q1")] == (D(1), D(2))


def test_conferences_at_15_working_days_are_in_time_16_are_not():
    # From Friday 28 April 2023, over 1 May and the coronation bank holiday on 8 May.
    held = [EDGES[i].referrals[0].section_47s[0][:2] for i in ("EDGE-C15", "EDGE-C16")]
    assert [c for _, c in held] == [datetime.date(2023, 5, 23), datetime.date(2023, 5, 24)]
    assert [count_working_days(s, c) for s, c in held] == [15, 16]
    assert computed("EDGE-C15", "EDGE-C16")[("icpc-15-days", "2023 Q2")] == (D(1), D(2))


def test_children_on_a_plan_at_31_march_counts_children_not_plans():
    # EDGE-TWICE's one plan is recorded under two episodes: one child.
    values = computed("EDGE-TWICE", "EDGE-2ND")
    assert values[("cp-plans-rate", "2024 Q1")] == (D(2), D(10_000))


def test_an_earlier_plan_in_the_files_makes_a_second_plan():
    # EDGE-2ND's plan of 20 August 2023 says NumberOfPreviousCPP 0, but the census holds
    # their earlier plan (February to November 2022).
    assert computed("EDGE-2ND")[("cp-second-plans", "2023 Q3")] == (D(1), D(1))
    # NumberOfPreviousCPP above 0 with no earlier plan in the files counts too
    xml = census(2024, [child("X", referral("2023-05-01", plan("2023-05-02", previous=2)))])
    values = as_dict(compute_cin([("x.xml", xml)], None))
    assert values[("cp-second-plans", "2023 Q2")] == (D(1), D(1))


def test_children_in_need_at_31_march_and_no_further_action_referrals():
    # EDGE-OPEN (referred on 31 March) is in need; EDGE-SHUT closed on 31 March, and the two
    # NFA referrals (one on 29 February) are not children in need.
    values = computed("EDGE-OPEN", "EDGE-SHUT", "EDGE-NFA29", "EDGE-NFA", population=20_000)
    assert values[("children-in-need", "2023-24")] == (D(1), None)
    assert values[("cin-rate", "2023-24")] == (D(1), D(20_000))
    assert values[("referrals-nfa", "2024 Q1")] == (D(1), D(2))  # 29 Feb and 31 Mar
    assert values[("referrals-nfa", "2023 Q3")] == (D(1), D(1))
    assert values[("referrals-rate", "2024 Q1")] == (D(2), D(20_000))  # rates on children


def test_the_census_year_comes_from_the_header_not_the_reference_date():
    # Year 2024 with a reference date of 30 June: still 1 April 2023 to 31 March 2024, all
    # four quarters (the reference date once cut the year to 2023 Q3 - 2024 Q2).
    xml = census(2024, [child("A", referral("2023-04-03"))], reference="2024-06-30")
    result = compute_cin([("mid.xml", xml)], None)
    assert result.periods == ["2023 Q2", "2023 Q3", "2023 Q4", "2024 Q1", "2023-24"]
    assert as_dict(result)[("re-referrals-12m", "2023 Q2")] == (D(0), D(1))


def test_every_year_the_files_cover_is_computed_and_a_gap_is_named():
    files = [
        ("2022.xml", census(2022, [child("A", referral("2021-05-03"))])),
        ("2024.xml", census(2024, [child("B", referral("2023-05-03"))])),
    ]
    result = compute_cin(files, None)
    assert result.periods == [
        *["2021 Q2", "2021 Q3", "2021 Q4", "2022 Q1", "2021-22"],
        *["2023 Q2", "2023 Q3", "2023 Q4", "2024 Q1", "2023-24"],
    ]
    assert [(label, reason[:27]) for label, reason in result.not_covered] == [
        ("2021-22", "re-referrals within 12 mont"),  # no 2020-21 census before it
        ("2022-23", "no census for 2022-23 among"),
        ("2023-24", "re-referrals within 12 mont"),
    ]


def test_a_case_open_in_an_earlier_census_only_is_not_open_in_a_later_year():
    # A is open at 31 March 2022 by the 2021-22 census, but the 2023-24 census does not
    # list A: A's case closed in between and A is no child in need, nor on a plan, in 2024.
    files = [
        ("2022.xml", census(2022, [child("A", referral("2021-05-03", plan("2021-06-01")))])),
        ("2024.xml", census(2024, [child("B", referral("2023-05-03"))])),
    ]
    values = as_dict(compute_cin(files, 10_000))
    assert values[("children-in-need", "2021-22")] == (D(1), None)
    assert values[("cp-plans-rate", "2022 Q1")] == (D(1), D(10_000))
    assert values[("children-in-need", "2023-24")] == (D(1), None)  # B only
    assert values[("cp-plans-rate", "2024 Q1")] == (D(0), D(10_000))


def test_a_default_namespace_changes_nothing():
    children = synthetic.random_cin_children(40, 2024, seed=3) + list(EDGES.values())
    plain = compute_cin([("a.xml", synthetic.cin_census_xml(children, 2024))], 9_000)
    spaced = compute_cin(
        [("b.xml", synthetic.cin_census_xml(children, 2024, namespace="http://www.dfe.gov.uk"))],
        9_000,
    )
    assert as_dict(plain) == as_dict(spaced) and plain.values


# SSDA903

EPISODES, SPELLS = synthetic.ssda903_edge_cases(2023)


def test_903_looked_after_at_31_march_excludes_short_term_breaks():
    # At 31 March 2024: EDGE-V2, EDGE-V3C2 (now C2) and EDGE-CAME (arrived 31 March) are
    # looked after; EDGE-V3, EDGE-V4 and EDGE-C2V4 are on short breaks; EDGE-LEFT left.
    files = list(synthetic.ssda903_tables(EPISODES, SPELLS).items())
    values = as_dict(compute_903(files, "2023-24", population=10_000))
    assert values[("lac-rate", "2024 Q1")] == (D(3), D(10_000))


@pytest.mark.parametrize(
    "names",
    [
        ("header.csv", "Episodes_2018.csv", "missing.csv"),
        ("SSDA903_2020_header.csv", "SSDA903_2020_episodes.csv", "SSDA903_2020_missing.csv"),
        ("a.csv", "b.csv", "c.csv"),
    ],
)
def test_903_tables_are_recognised_by_their_columns_not_their_names(names):
    files = list(synthetic.ssda903_tables(EPISODES, SPELLS, names).items())
    result = compute_903(files, "2023-24", population=10_000)
    values = as_dict(result)
    assert values[("lac-rate", "2024 Q1")] == (D(3), D(10_000))
    # one M spell on 29 February 2024 and one on 27 December 2023 (the A spell is away)
    assert values[("missing-episodes", "2024 Q1")] == (D(1), None)
    assert values[("missing-episodes", "2023 Q4")] == (D(1), None)
    assert result.not_covered == []


def test_a_file_that_is_no_903_table_is_refused_naming_it_and_its_columns():
    files = list(synthetic.ssda903_tables(EPISODES, SPELLS).items())
    files.append(("budget.csv", b"cost centre,amount\nCS01,100\n"))
    with pytest.raises(ReturnFileError) as caught:
        compute_903(files, "2023-24", population=None)
    assert "budget.csv is not an SSDA903 table: its columns are cost centre, amount" in str(
        caught.value
    )


def test_missing_spells_without_episodes_give_no_looked_after_rate_of_zero():
    tables = synthetic.ssda903_tables(EPISODES, SPELLS)
    result = compute_903([("missing.csv", tables["missing.csv"])], "2023-24", 10_000)
    assert not [v for v in result.values if v.indicator == "lac-rate"]
    assert (
        "2024 Q1",
        "children looked after: no episodes table (or 903 XML) among the files",
    ) in result.not_covered


def test_the_same_missing_spell_in_two_years_files_counts_once():
    this_year = synthetic.ssda903_tables(EPISODES, SPELLS)
    next_year = synthetic.ssda903_tables(
        EPISODES, SPELLS, ("h2.csv", "2024_episodes.csv", "2024_missing.csv")
    )
    files = list(this_year.items()) + list(next_year.items())
    values = as_dict(compute_903(files, "2023-24", population=None))
    assert values[("missing-episodes", "2024 Q1")] == (D(1), None)
    assert values[("missing-episodes", "2023 Q4")] == (D(1), None)


def test_the_903_xml_gives_the_same_values_as_the_csv_tables():
    episodes, spells = synthetic.random_903(60, 2023, seed=5)
    episodes += EPISODES
    spells += SPELLS
    tables = compute_903(list(synthetic.ssda903_tables(episodes, spells).items()), "2023-24", 5)
    xml = compute_903([("903.xml", synthetic.ssda903_xml(episodes, spells))], "2023-24", 5)
    assert as_dict(tables) == as_dict(xml) and tables.values
