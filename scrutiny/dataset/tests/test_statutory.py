"""Indicators computed from the CIN census and the SSDA903, checked against values worked
out by hand on a small census, and the statutory-returns page."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.core.workingdays import working_days
from scrutiny.dataset.models import IndicatorValue, ValueSource
from scrutiny.dataset.statutory import cin, ssda903
from scrutiny.dataset.statutory.common import (
    ReturnFileError,
    calendar_quarters,
    parse_bool,
    parse_date,
)
from scrutiny.dataset.statutory.service import compute_cin
from scrutiny.jobs.tests.helpers import through_job
from scrutiny.people.models import Role

from .statutory_fixtures import as_dict, assessment, census, child, plan, referral, s47

# Worked by hand, census year 2024 (1 April 2023 to 31 March 2024):
# C1 referred 1 Aug 2023, assessed in 10 working days (in time), closed 1 Oct 2023; referred
#   again 10 Jan 2024 (a re-referral: within 12 months), assessment authorised 28 Mar 2024
#   after 56 working days (late).
# C2 referred 4 Dec 2023; section 47 from Mon 11 Dec 2023, conference Wed 3 Jan 2024: 14
#   working days, because 25 and 26 December and 1 January do not count (17 without them:
#   late). A second plan from 3 Jan 2024, open on 31 March.
# C3 on a plan from 1 Mar 2021 to 15 May 2023: it ends in 2023 Q2 after more than two years.
# C4 referred 11 Nov 2023 with an assessment authorised before it started: that assessment
#   is left out; the child is still in need at 31 March.
# C5 referred 2 Oct 2023, no further action, closed the same day: not a child in need.
HAND = [
    child(
        "C1",
        referral("2023-08-01", assessment("2023-08-01", "2023-08-15"), closed="2023-10-01"),
        referral("2024-01-10", assessment("2024-01-10", "2024-03-28")),
    ),
    child(
        "C2",
        referral("2023-12-04", s47("2023-12-11", "2024-01-03"), plan("2024-01-03", previous=1)),
    ),
    child("C3", referral("2021-01-10", plan("2021-03-01", "2023-05-15"))),
    child("C4", referral("2023-11-11", assessment("2023-11-20", "2023-11-01"))),
    child("C5", referral("2023-10-02", closed="2023-10-02", nfa=True)),
]
EXPECTED = {
    ("re-referrals-12m", "2023 Q2"): (0, 0),
    ("re-referrals-12m", "2023 Q3"): (0, 1),
    ("re-referrals-12m", "2023 Q4"): (0, 3),
    ("re-referrals-12m", "2024 Q1"): (1, 1),
    ("referrals-nfa", "2023 Q4"): (1, 3),
    ("referrals-nfa", "2024 Q1"): (0, 1),
    ("assessments-45-days", "2023 Q3"): (1, 1),
    ("assessments-45-days", "2023 Q4"): (0, 0),
    ("assessments-45-days", "2024 Q1"): (0, 1),
    ("icpc-15-days", "2023 Q4"): (0, 0),
    ("icpc-15-days", "2024 Q1"): (1, 1),
    ("cp-second-plans", "2024 Q1"): (1, 1),
    ("cp-plans-2-years", "2023 Q2"): (1, 1),
    ("section-47-rate", "2023 Q4"): (1, 10_000),
    ("cp-plans-rate", "2023 Q2"): (0, 10_000),
    ("cp-plans-rate", "2024 Q1"): (1, 10_000),
    ("referrals-rate", "2023 Q4"): (3, 10_000),
    ("children-in-need", "2023-24"): (4, None),
    ("cin-rate", "2023-24"): (4, 10_000),
}


def expected(key):
    numerator, denominator = EXPECTED[key]
    return (D(numerator), None if denominator is None else D(denominator))


@pytest.mark.parametrize("namespace", ["", "http://www.dfe.gov.uk/CIN"])
def test_cin_indicators_match_the_hand_worked_values(namespace):
    result = compute_cin([("hand.xml", census(2024, HAND, namespace))], population=10_000)
    values = as_dict(result)
    for key in EXPECTED:
        assert values[key] == expected(key), key
    assert result.periods == ["2023 Q2", "2023 Q3", "2023 Q4", "2024 Q1", "2023-24"]
    assert {p for _, p in values} == set(result.periods)
    # without last year's census, a referral closed before 1 April 2023 is not seen
    assert result.not_covered == [
        (
            "2023-24",
            "re-referrals within 12 months: a census holds only the cases open on 1 April 2023 "
            "or referred since, so a referral that closed before then is seen only with the "
            "2022-23 census among the files",
        )
    ]
    assert result.skipped == ["hand.xml: child C4: an assessment authorised before it started"]


def test_working_days_skip_weekends_and_bank_holidays():
    assert working_days(datetime.date(2023, 12, 11), datetime.date(2024, 1, 3)) == 14
    assert working_days(datetime.date(2024, 3, 28), datetime.date(2024, 4, 19)) == 14  # Easter
    assert working_days(datetime.date(2023, 8, 1), datetime.date(2023, 8, 15)) == 10
    assert working_days(datetime.date(2024, 12, 24), datetime.date(2024, 12, 27)) == 1
    assert working_days(datetime.date(2024, 5, 3), datetime.date(2024, 5, 3)) == 0


def test_a_case_open_across_two_censuses_counts_once():
    earlier = census(
        2023,
        [child("C1", referral("2022-08-01", assessment("2022-08-01", "2022-08-15")))],
    )
    later = census(
        2024,
        [child("C1", referral("2022-08-01", assessment("2022-08-01", "2022-08-15")))] + HAND[1:],
    )
    result = compute_cin([("2023.xml", earlier), ("2024.xml", later)], population=None)
    assert [label for label, _ in result.not_covered] == ["2022-23"]  # 2023-24 has 2022-23's
    values = as_dict(result)
    assert values[("assessments-45-days", "2022 Q3")] == (D(1), D(1))
    assert values[("re-referrals-12m", "2022 Q3")] == (D(0), D(1))
    # C1's case, open on 31 March 2023 and 2024 and in both files, is one child each year.
    # At 31 March 2023 only the 2022-23 census counts, and it lists C1 alone (C3's case,
    # open since 2021 by the later file, is not in it); at 31 March 2024: C1, C2, C3 and C4.
    assert values[("children-in-need", "2022-23")] == (D(1), None)
    assert values[("children-in-need", "2023-24")] == (D(4), None)


def test_booleans_and_dates_in_either_format():
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


CENSUS_START = (
    b"<Message><Header><CollectionDetails><Year>2024</Year></CollectionDetails></Header>"
    b"<Children><Child><ChildIdentifiers><LAchildID>"
)
LAUGHS = b'<!DOCTYPE Message [<!ENTITY lol0 "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10)
)
HOSTILE = [
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b"<Message>&lol2;</Message>",
    b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><Message>&x;'
    b"</Message>",
    # a billion laughs (10^9 "lol"s) inside a child's identifier, where it would be read
    b'<?xml version="1.0"?>'
    + LAUGHS
    + b"]>"
    + CENSUS_START
    + b"&lol9;</LAchildID></ChildIdentifiers></Child></Children></Message>",
    # an external entity inside a child, and in a file in UTF-16
    b'<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    + CENSUS_START
    + b"&x;</LAchildID></ChildIdentifiers></Child></Children></Message>",
    '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    "<Message>&x;</Message>".encode("utf-16"),
    # an external DTD (fetched from the network if it were loaded) and a parameter entity
    b'<?xml version="1.0"?><!DOCTYPE Message SYSTEM "http://127.0.0.1:9/census.dtd"><Message/>',
    b'<!DOCTYPE Message [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><Message/>',
]


@pytest.mark.parametrize(
    "hostile",
    HOSTILE,
    ids=[
        "entity-expansion",
        "external-entity",
        "billion-laughs-in-a-child",
        "external-entity-in-a-child",
        "utf-16",
        "external-dtd",
        "parameter-entity",
    ],
)
def test_hostile_xml_is_refused_with_a_clear_message(hostile):
    with pytest.raises(ReturnFileError, match="evil.xml declares a document type or entities"):
        cin.read_census("evil.xml", hostile)
    with pytest.raises(ReturnFileError, match="evil.xml declares a document type or entities"):
        ssda903.read_903([("evil.xml", hostile)])


def test_files_that_are_not_returns_are_explained():
    with pytest.raises(ReturnFileError, match="not well-formed XML"):
        cin.read_census("broken.xml", b"<Message><Header>")
    with pytest.raises(ReturnFileError, match="other.xml is not a CIN census: its root is Report"):
        cin.read_census("other.xml", b"<Report/>")
    with pytest.raises(ReturnFileError, match="no.xml is not a CIN census: it has no"):
        cin.read_census("no.xml", b"<Message><Header/></Message>")
    with pytest.raises(ReturnFileError, match="bad.xml: Header/CollectionDetails/Year is '24'"):
        cin.read_census(
            "bad.xml",
            b"<Message><Header><CollectionDetails><Year>24</Year>"
            b"</CollectionDetails></Header></Message>",
        )
    with pytest.raises(ReturnFileError, match="is not a 903 XML file"):
        ssda903.read_903([("other.xml", b"<Message/>")])


def test_manager_computes_and_saves_from_a_census(client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("dataset:statutory", args=[board.slug])
    response = through_job(
        client,
        client.post(
            url,
            {
                "kind": "cin",
                "population": "10000",
                "files": [SimpleUploadedFile("census.xml", census(2024, HAND))],
            },
        ),
    )
    assert response.status_code == 302 and not IndicatorValue.objects.exists()
    result = client.post(response["Location"], {"action": "confirm"}, follow=True)
    assert result.context["held"].outcome["new"] > 0
    saved = IndicatorValue.objects.get(indicator__code="icpc-15-days", period_label="2024 Q1")
    assert (saved.value, saved.source) == (D(100), ValueSource.CIN)
    # an annual indicator is stored for the financial year
    in_need = IndicatorValue.objects.get(indicator__code="cin-rate", period_label="2023-24")
    assert (in_need.numerator, in_need.denominator) == (D(4), D(10_000))
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
    response = through_job(
        client,
        client.post(
            reverse("dataset:statutory", args=[board.slug]),
            {"kind": "cin", "files": [SimpleUploadedFile("evil.xml", HOSTILE[1])]},
        ),
    )
    assert b"evil.xml declares a document type or entities" in response.content
    assert not IndicatorValue.objects.exists()


def test_903_needs_its_year_and_agency_leads_cannot_compute(
    client, login, make_user, board, agency
):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("dataset:statutory", args=[board.slug])
    response = through_job(
        client,
        client.post(
            url,
            {
                "kind": "ssda903",
                "files": [SimpleUploadedFile("episodes.csv", b"CHILD,DECOM,DEC\n")],
            },
        ),
    )
    assert b"Enter the year the 903 return covers" in response.content
    client.logout()
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    assert client.get(url).status_code == 403


def test_no_child_identifier_is_stored(client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    through_job(
        client,
        client.post(
            reverse("dataset:statutory", args=[board.slug]),
            {"kind": "cin", "files": [SimpleUploadedFile("census.xml", census(2024, HAND))]},
        ),
    )
    stored = " ".join(str(v.__dict__) for v in IndicatorValue.objects.all())
    assert "C1" not in stored and "C2" not in stored


def test_the_census_is_read_one_child_at_a_time():
    """The streaming reader frees each child once read: at the end the document holds no
    children, so memory does not grow with the census (bench/statutory.py measures it)."""
    from scrutiny.dataset.statutory import synthetic
    from scrutiny.dataset.statutory.common import stream_xml

    data = synthetic.cin_census(200, seed=9)
    seen, root = 0, None
    for tag, element in stream_xml("big.xml", data, {"Child"}):
        if tag == "root":
            root = element
        else:
            seen += 1
            assert element.find("ChildIdentifiers/LAchildID") is not None
    assert seen == 200 + len(synthetic.cin_edge_cases())
    assert [e.tag.rsplit("}", 1)[-1] for e in root.iter()] == [
        "Message",
        "Header",
        "CollectionDetails",
        "Collection",
        "Year",
        "ReferenceDate",
        "Source",
        "SourceLevel",
        "LEA",
        "Children",
    ]


def test_a_large_return_shows_how_far_its_reading_has_gone(make_user, board, settings, tmp_path):
    """The job reports every 1,000 children (or rows) read, as a tenth of the file is a step:
    a 20,000-child census takes seconds, and its page moves on meanwhile."""
    from scrutiny.dataset import jobs
    from scrutiny.dataset.statutory import synthetic
    from scrutiny.jobs import uploads
    from scrutiny.jobs.models import Job

    settings.MEDIA_ROOT = tmp_path
    user = make_user(Role.BUSINESS_MANAGER, board=board)
    data = synthetic.cin_census(2_500, 2024, seed=3)  # and the edge cases: under 3,000 children
    episodes, spells = synthetic.random_903(1_500, 2023, seed=3)
    tables = synthetic.ssda903_tables(episodes, spells)
    runs = {
        "cin": [("census.xml", data)],
        "ssda903": [("903.xml", synthetic.ssda903_xml(episodes, spells))]
        + [("episodes.csv", tables["episodes.csv"])],
    }
    for kind, files in runs.items():
        job = Job.objects.create(
            kind=jobs.STATUTORY,
            board=board,
            started_by=user,
            params={
                "kind": kind,
                "year": "2023-24",
                "population": 10_000,
                "held_files": uploads.hold(files),
            },
        )
        calls: list[tuple[int, int, str]] = []
        result = jobs.run_statutory(job, lambda *call: calls.append(call))  # noqa: B023
        assert result.next_url and not result.problems
        total = 10 * len(files) + 2
        assert {t for _, t, _ in calls} == {total}
        assert calls[0] == (0, total, "Reading the returns")
        assert calls[-2:] == [
            (total - 2, total, "Computing the indicators from the returns"),
            (total - 1, total, "Checking the computed values"),
        ]
        reading = calls[1:-2]
        steps = [done for done, _, _ in reading]
        assert steps == sorted(steps) and steps[0] > 0 and steps[-1] < total - 2
        if kind == "cin":
            assert [message for _, _, message in reading] == [
                "Reading census.xml: 1,000 children",
                "Reading census.xml: 2,000 children",
            ]
            # a thousand of about 2,500 children is a third of the file or more, not all of it
            assert 3 <= steps[0] < steps[1] <= 9
        else:
            episode_rows = tables["episodes.csv"].count(b"\n") - 1
            assert [message for _, _, message in reading] == ["Reading 903.xml: 1,000 children"] + [
                f"Reading episodes.csv: {n:,} rows" for n in range(1_000, episode_rows + 1, 1_000)
            ]
            assert all(done >= 10 for done, _, m in reading if "episodes.csv" in m)


def test_a_903_table_that_goes_wrong_part_way_is_refused():
    """The tables are read row by row, so a fault after the first rows still refuses the
    file, naming it."""
    rows = b"".join(b"C%d,01/04/2023,,C2,S\n" % n for n in range(3_000))
    with pytest.raises(ReturnFileError, match="^episodes.csv is not UTF-8 text$"):
        ssda903.read_903([("episodes.csv", b"CHILD,DECOM,DEC,LS,RNE\n" + rows + b"C9,\xff\n")])
    with pytest.raises(ReturnFileError, match="^header.csv is not UTF-8 text$"):
        ssda903.read_903([("header.csv", b"CHILD,\xffSEX\n")])
    huge = b"CHILD,DECOM,DEC,LS,RNE\n" + b'"' + b"x" * 200_000 + b'",01/04/2023,,C2,S\n'
    with pytest.raises(ReturnFileError, match="^big.csv is not a readable CSV table: field"):
        ssda903.read_903([("big.csv", huge)])
