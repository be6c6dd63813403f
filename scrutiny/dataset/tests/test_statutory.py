"""Indicators computed from the CIN census and the SSDA903, checked against values worked
out by hand on small fixtures and counted independently on the sample files."""

import csv
import datetime
import xml.etree.ElementTree as ET  # noqa: S405 - the test's own reading of trusted sample files
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.dataset.models import IndicatorValue, ValueSource
from scrutiny.dataset.statutory import cin, ssda903
from scrutiny.dataset.statutory.common import (
    ReturnFileError,
    calendar_quarters,
    parse_xml,
    working_days,
)
from scrutiny.dataset.statutory.service import compute_903, compute_cin
from scrutiny.people.models import Role

SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "data"


def child(child_id, *details):
    return f"<Child><ChildIdentifiers><LAchildID>{child_id}</LAchildID></ChildIdentifiers>{''.join(details)}</Child>"


def referral(date, *parts):
    return f"<CINdetails><CINreferralDate>{date}</CINreferralDate>{''.join(parts)}</CINdetails>"


def assessment(start, done):
    return f"<Assessments><AssessmentActualStartDate>{start}</AssessmentActualStartDate><AssessmentAuthorisationDate>{done}</AssessmentAuthorisationDate></Assessments>"


def s47(start, icpc, not_required="false"):
    return f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate><DateOfInitialCPC>{icpc}</DateOfInitialCPC><ICPCnotRequired>{not_required}</ICPCnotRequired></Section47>"


def plan(start, end="", previous=0):
    end_tag = f"<CPPendDate>{end}</CPPendDate>" if end else ""
    return f"<ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate>{end_tag}<NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP></ChildProtectionPlans>"


def census(reference, children, namespace=""):
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    return (
        f"<Message{xmlns}><Header><CollectionDetails><Collection>CIN</Collection>"
        f"<ReferenceDate>{reference}</ReferenceDate></CollectionDetails></Header>"
        f"<Children>{''.join(children)}</Children></Message>"
    ).encode()


# Worked by hand (census year 1 July 2023 to 30 June 2024):
# C1 referred 1 Aug 2023, assessed in 10 working days (in time); referred again 5 Feb 2024
#   (a re-referral), assessed on 1 May 2024 (well over 45 working days: late).
# C2 referred 20 Mar 2024; section 47 from Thu 28 Mar 2024, conference Fri 19 Apr 2024: 14
#   working days, because Good Friday (29 Mar) and Easter Monday (1 Apr) do not count (16
#   without them: late). Plan from 19 Apr 2024, a second plan, still open on 30 June.
# C3 on a plan from 1 Mar 2021 to 15 May 2024: it ends in 2024 Q2 after more than two years.
# C4 referred 11 Nov 2023 with an assessment authorised before it started: left out.
HAND = [
    child(
        "C1",
        referral("2023-08-01", assessment("2023-08-01", "2023-08-15")),
        referral("2024-02-05", assessment("2024-02-05", "2024-05-01")),
    ),
    child(
        "C2",
        referral("2024-03-20", s47("2024-03-28", "2024-04-19"), plan("2024-04-19", previous=1)),
    ),
    child("C3", referral("2021-01-10", plan("2021-03-01", "2024-05-15"))),
    child("C4", referral("2023-11-11", assessment("2023-11-20", "2023-11-01"))),
]
EXPECTED = {
    ("re-referrals-12m", "2023 Q3"): (0, 1),
    ("re-referrals-12m", "2023 Q4"): (0, 1),
    ("re-referrals-12m", "2024 Q1"): (1, 2),
    ("re-referrals-12m", "2024 Q2"): (0, 0),
    ("assessments-45-days", "2023 Q3"): (1, 1),
    ("assessments-45-days", "2023 Q4"): (0, 0),
    ("assessments-45-days", "2024 Q2"): (0, 1),
    ("icpc-15-days", "2024 Q2"): (1, 1),
    ("cp-second-plans", "2024 Q2"): (1, 1),
    ("cp-plans-2-years", "2024 Q2"): (1, 1),
    ("section-47-rate", "2024 Q1"): (1, 10_000),
    ("cp-plans-rate", "2023 Q3"): (1, 10_000),
    ("cp-plans-rate", "2024 Q2"): (1, 10_000),
    ("referrals-rate", "2024 Q1"): (2, 10_000),
}


def as_dict(computation):
    return {(v.indicator, v.period): (v.numerator, v.denominator) for v in computation.values}


@pytest.mark.parametrize("namespace", ["", "http://www.dfe.gov.uk/CIN"])
def test_cin_indicators_match_the_hand_worked_values(namespace):
    result = cin.compute(
        cin.read_census("hand.xml", census("2024-06-30", HAND, namespace)), population=10_000
    )
    values = as_dict(result)
    for key, (numerator, denominator) in EXPECTED.items():
        assert values[key] == (D(numerator), D(denominator)), key
    assert {p for _, p in values} == {"2023 Q3", "2023 Q4", "2024 Q1", "2024 Q2"}
    assert result.skipped == ["hand.xml: child C4: an assessment authorised before it started"]


def test_working_days_skip_weekends_and_bank_holidays():
    assert working_days(datetime.date(2024, 3, 28), datetime.date(2024, 4, 19)) == 14
    assert working_days(datetime.date(2023, 8, 1), datetime.date(2023, 8, 15)) == 10
    assert (
        working_days(datetime.date(2024, 12, 24), datetime.date(2024, 12, 27)) == 1
    )  # Christmas, Boxing Day
    assert working_days(datetime.date(2024, 5, 3), datetime.date(2024, 5, 3)) == 0


def test_a_case_open_across_two_censuses_counts_once():
    earlier = census(
        "2023-12-31", [child("C1", referral("2023-08-01", assessment("2023-08-01", "2023-08-15")))]
    )
    later = census("2024-06-30", HAND)
    computation = compute_cin([("2023.xml", earlier), ("2024.xml", later)], population=None)
    values = as_dict(computation)
    assert values[("assessments-45-days", "2023 Q3")] == (D(1), D(1))
    assert values[("re-referrals-12m", "2023 Q3")] == (D(0), D(1))


def test_booleans_and_dates_in_either_format():
    from scrutiny.dataset.statutory.common import parse_bool, parse_date

    assert [parse_bool(v) for v in ["true", "1", "false", "0", "maybe"]] == [
        True,
        True,
        False,
        False,
        None,
    ]
    assert parse_date("2024-03-31") == parse_date("31/03/2024") == datetime.date(2024, 3, 31)
    assert parse_date("31/02/2024") is None and parse_date("") is None


def test_calendar_quarters_are_whole_quarters_only():
    labels = [
        q.label for q in calendar_quarters(datetime.date(2021, 7, 22), datetime.date(2022, 7, 21))
    ]
    assert labels == ["2021 Q4", "2022 Q1", "2022 Q2"]


@pytest.mark.parametrize(
    "hostile",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Message>&lol2;</Message>',
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><Message>&x;</Message>',
    ],
    ids=["entity-expansion", "external-entity"],
)
def test_hostile_xml_is_refused_with_a_clear_message(hostile):
    with pytest.raises(ReturnFileError, match="evil.xml declares a document type or entities"):
        parse_xml("evil.xml", hostile)


def test_files_that_are_not_returns_are_explained():
    with pytest.raises(ReturnFileError, match="not well-formed XML"):
        cin.read_census("broken.xml", b"<Message><Header>")
    with pytest.raises(ReturnFileError, match="is not a CIN census"):
        cin.read_census("other.xml", b"<Report/>")
    with pytest.raises(ReturnFileError, match="is not a 903 XML file"):
        ssda903.read_903([("other.xml", b"<Message/>")])


# The sample files, counted independently with the standard library.


def test_cin_sample_file_referral_counts():
    path = SAMPLES / "cin" / "fake_CIN_data.xml"
    result = compute_cin([(path.name, path.read_bytes())], population=None)
    root = ET.parse(path).getroot()  # noqa: S314 - a trusted sample file, read for the check
    dates = [datetime.date.fromisoformat(e.text) for e in root.iter("CINreferralDate")]
    for (indicator, period), (_, denominator) in as_dict(result).items():
        if indicator != "re-referrals-12m":
            continue
        q = next(
            q
            for q in calendar_quarters(datetime.date(2021, 7, 22), datetime.date(2022, 7, 21))
            if q.label == period
        )
        assert denominator == sum(1 for d in dates if q.start <= d <= q.end), period
    assert len(root.findall(".//Child")) == 332


def test_903_csv_missing_episodes_and_children_looked_after():
    files = [(p.name, p.read_bytes()) for p in (SAMPLES / "ssda903").glob("*.csv")]
    values = as_dict(compute_903(files, "2017-18", population=50_000))
    with open(SAMPLES / "ssda903" / "missing.csv", newline="") as f:
        missing = [
            (r["MISSING"], datetime.datetime.strptime(r["MIS_START"], "%d/%m/%Y").date())
            for r in csv.DictReader(f)
            if r["MIS_START"]
        ]
    with open(SAMPLES / "ssda903" / "episodes.csv", newline="") as f:
        episodes = list(csv.DictReader(f))

    def day(text):
        return datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None

    for q in calendar_quarters(datetime.date(2017, 4, 1), datetime.date(2018, 3, 31)):
        assert values[("missing-episodes", q.label)][0] == sum(
            1 for kind, d in missing if kind == "M" and q.start <= d <= q.end
        )
        looked_after = {
            e["CHILD"]
            for e in episodes
            if day(e["DECOM"]) <= q.end and (not e["DEC"] or day(e["DEC"]) > q.end)
        }
        assert values[("lac-rate", q.label)] == (D(len(looked_after)), D(50_000))


def test_903_xml_names_its_fields_differently_but_gives_the_same_kind_of_answer():
    path = SAMPLES / "ssda903" / "fake_903.xml"
    values = as_dict(compute_903([(path.name, path.read_bytes())], "2017-18", population=None))
    root = ET.parse(path).getroot()  # noqa: S314 - a trusted sample file, read for the check
    spells = [
        (
            m.findtext("MISSING"),
            datetime.datetime.strptime(m.findtext("MIS_START"), "%d/%m/%Y").date(),
        )
        for m in root.iter("AMISSING")
    ]
    total = sum(n for (ind, _), (n, _) in values.items() if ind == "missing-episodes")
    in_year = sum(
        1
        for kind, d in spells
        if kind == "M" and datetime.date(2017, 4, 1) <= d <= datetime.date(2018, 3, 31)
    )
    assert total == in_year


def test_manager_computes_and_saves_from_a_census(client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("dataset:statutory", args=[board.slug])
    response = client.post(
        url,
        {
            "kind": "cin",
            "population": "10000",
            "files": [SimpleUploadedFile("census.xml", census("2024-06-30", HAND))],
        },
    )
    assert response.status_code == 302 and not IndicatorValue.objects.exists()
    result = client.post(response["Location"], {"action": "confirm"}, follow=True)
    assert result.context["held"].outcome["new"] > 0
    saved = IndicatorValue.objects.get(indicator__code="icpc-15-days", period_label="2024 Q2")
    assert (saved.value, saved.source) == (D(100), ValueSource.CIN)
    # a quarter with nothing to measure is left out, not stored as zero
    assert not IndicatorValue.objects.filter(
        indicator__code="assessments-45-days", period_label="2023 Q4"
    ).exists()
    assert (
        "Assessments completed within 45 working days, 2023 Q4: nothing to measure"
        in result.context["preview"].left_out
    )


def test_hostile_upload_saves_nothing(client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    evil = b'<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><Message>&x;</Message>'
    response = client.post(
        reverse("dataset:statutory", args=[board.slug]),
        {"kind": "cin", "files": [SimpleUploadedFile("evil.xml", evil)]},
    )
    assert b"evil.xml declares a document type or entities" in response.content
    assert not IndicatorValue.objects.exists()


def test_903_needs_its_year_and_agency_leads_cannot_compute(
    client, login, make_user, board, agency
):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("dataset:statutory", args=[board.slug])
    response = client.post(
        url,
        {"kind": "ssda903", "files": [SimpleUploadedFile("episodes.csv", b"CHILD,DECOM,DEC\n")]},
    )
    assert b"Enter the year the 903 return covers" in response.content
    client.logout()
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    assert client.get(url).status_code == 403


def test_no_child_identifier_is_stored(client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    client.post(
        reverse("dataset:statutory", args=[board.slug]),
        {"kind": "cin", "files": [SimpleUploadedFile("census.xml", census("2024-06-30", HAND))]},
    )
    stored = " ".join(str(v.__dict__) for v in IndicatorValue.objects.all())
    assert "C1" not in stored and "C2" not in stored
