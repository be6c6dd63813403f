"""The partnership: the board's choice of partnership or LSCB and the words that follow it,
the partners and their named people, the relevant agencies register, document versions and
their sign-off, the budget, the home panel, and who signs the yearly report."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page
from scrutiny.core.uploads import EvidenceRejected
from scrutiny.library.models import FrameworkTemplate
from scrutiny.partnership import home, services
from scrutiny.partnership.models import Contribution, Partner, RelevantAgency
from scrutiny.people.models import Role
from scrutiny.reports import services as reports
from scrutiny.reports.models import SignatoryRole
from scrutiny.returns.services import schedule_returns
from scrutiny.tenancy.models import Agency, AgencyType, Arrangement, BoardAgency

TODAY = datetime.date(2026, 12, 7)
PDF = b"%PDF-1.4\n% a test document\n"


@pytest.fixture
def manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board)


@pytest.fixture
def leads(make_user, board):
    """The three partners, each with a named lead (a viewer on the board)."""
    people = {}
    for kind in ["local_authority", "icb", "police"]:
        person = make_user(Role.VIEWER, board=board)
        Partner.objects.create(board=board, kind=kind, lead=person, lead_title="Chief")
        people[kind] = person
    return people


def _template(code: str, title: str) -> FrameworkTemplate:
    """The shipped template (the test database loads the library), or one made for the test."""
    found = FrameworkTemplate.objects.filter(code=code, owner_board__isnull=True).first()
    return found or FrameworkTemplate.objects.create(
        code=code, version=1, title=title, kind="agency_return", source_file="t", checksum="t"
    )


# --- the board's choice and its words ------------------------------------------------------


def test_the_words_on_the_pages_follow_the_boards_choice(client, login, manager, board):
    login(client, manager)
    overview = reverse("partnership:overview", args=[board.slug])
    home_page = reverse("core:board_home", args=[board.slug])
    assert board.arrangement == Arrangement.PARTNERSHIP  # the default
    assert "The partnership" in client.get(overview).content.decode()
    assert "safeguarding children partnership" in client.get(home_page).content.decode()
    board.arrangement = Arrangement.LSCB
    board.save()
    page = client.get(overview).content.decode()
    assert "The board" in page and "The partnership" not in page
    # No lead safeguarding partners to name: said once, not flagged red on each partner.
    assert 'id="lscb-partners"' in page and "govuk-tag--red" not in page
    home = client.get(home_page).content.decode()
    assert "Local Safeguarding Children Board" in home
    assert "partners without a named lead" not in home
    assert reports.required_roles(board) == [SignatoryRole.CHAIR]


# --- partners ----------------------------------------------------------------------------


def test_the_business_manager_names_a_partners_people(client, login, manager, board, agency):
    lead = manager  # anyone on the board may be named
    login(client, manager)
    url = reverse("partnership:partner_edit", args=[board.slug, "police"])
    response = client.post(
        url,
        {
            "agency": agency.pk,
            "lead": lead.pk,
            "lead_title": "Chief Constable",
            "delegate": "",
            "delegate_title": "",
            "report_signer": "lead",
            "revision": "-1",
        },
    )
    assert response.status_code == 302
    partner = Partner.objects.get(board=board, kind="police")
    assert (partner.agency, partner.lead, partner.lead_title) == (agency, lead, "Chief Constable")
    page = client.get(reverse("partnership:overview", args=[board.slug])).content.decode()
    assert "Chief Constable" in page
    assert (
        client.get(reverse("partnership:partner_edit", args=[board.slug, "x"])).status_code == 404
    )


def test_viewers_read_but_do_not_edit(client, login, make_user, board):
    viewer = make_user(Role.VIEWER, board=board)
    login(client, viewer)
    assert client.get(reverse("partnership:overview", args=[board.slug])).status_code == 200
    url = reverse("partnership:partner_edit", args=[board.slug, "police"])
    assert client.get(url).status_code == 403
    assert not has_permission(viewer, Permission.PARTNERSHIP_MANAGE, board=board)


# --- documents -----------------------------------------------------------------------------


def test_a_version_is_agreed_when_all_three_leads_sign_and_supersedes_the_old(board, leads):
    first = services.add_version(
        board,
        "threshold",
        effective_on=TODAY,
        review_on=TODAY.replace(year=2027),
        url="https://x.example/1",
    )
    partners = {p.kind: p for p in Partner.objects.filter(board=board)}
    for kind in ["local_authority", "icb", "police"]:
        services.sign(first, partners[kind], leads[kind])
    second = services.add_version(
        board,
        "threshold",
        effective_on=TODAY,
        review_on=TODAY.replace(year=2028),
        url="https://x.example/2",
    )
    assert second.version == 2
    states = {s.version.pk: s for s in services.document_states(board)}
    assert states[first.pk].agreed and not states[first.pk].superseded
    assert not states[second.pk].agreed and states[second.pk].awaiting == 3
    for kind in ["local_authority", "icb"]:
        services.sign(second, partners[kind], leads[kind])
    assert services.awaiting_signoff_count(board) == 1  # the current version, one line open
    services.sign(second, partners["police"], leads["police"])
    states = {s.version.pk: s for s in services.document_states(board)}
    assert states[second.pk].agreed and states[first.pk].superseded
    assert services.awaiting_signoff_count(board) == 0


def test_only_the_named_lead_signs_for_their_partner(client, login, board, leads, make_user):
    version = services.add_version(
        board,
        "arrangements",
        effective_on=TODAY,
        review_on=TODAY.replace(year=2027),
        url="https://x.example",
    )
    police = Partner.objects.get(board=board, kind="police")
    # The local authority's lead cannot sign the police's line, nor can a chair.
    with pytest.raises(services.PartnershipError, match="Only the named lead"):
        services.sign(version, police, leads["local_authority"])
    chair = make_user(Role.CHAIR, board=board)
    login(client, chair)
    url = reverse("partnership:version_sign", args=[board.slug, version.pk, police.pk])
    client.post(url)
    assert not version.signatures.exists()
    login(client, leads["police"])
    page = client.get(reverse("partnership:documents", args=[board.slug])).content.decode()
    assert "Sign off for Chief officer of police" in page
    assert "Sign off for Local authority" not in page
    assert client.post(url).status_code == 302
    assert [s.signed_by for s in version.signatures.all()] == [leads["police"]]
    with pytest.raises(services.PartnershipError, match="already signed"):
        services.sign(version, police, leads["police"])


def test_a_version_needs_a_file_or_an_address_and_only_pdf_or_word(board, client, login, manager):
    with pytest.raises(services.PartnershipError):
        services.add_version(board, "threshold", effective_on=TODAY, review_on=TODAY)
    with pytest.raises(EvidenceRejected, match="PDF or Word"):
        services.add_version(
            board,
            "threshold",
            effective_on=TODAY,
            review_on=TODAY.replace(year=2027),
            upload=SimpleUploadedFile("t.csv", b"a,b\n"),
        )
    login(client, manager)
    url = reverse("partnership:version_add", args=[board.slug, "threshold"])
    response = client.post(
        url,
        {
            "document": SimpleUploadedFile("threshold.pdf", PDF),
            "effective_on": "2026-12-01",
            "review_on": "2027-12-01",
        },
    )
    assert response.status_code == 302
    version = board.partnership_documents.get()
    assert (version.original_name, version.size) == ("threshold.pdf", len(PDF))
    download = client.get(reverse("partnership:version_file", args=[board.slug, version.pk]))
    assert download.content == PDF
    assert 'filename="threshold.pdf"' in download["Content-Disposition"]
    # The review date must come after the effective date.
    response = client.post(
        url, {"url": "https://x.example", "effective_on": "2026-12-01", "review_on": "2026-11-01"}
    )
    assert response.status_code == 200 and "must be after" in response.content.decode()


def test_a_passed_review_date_shows_as_overdue(board, leads):
    services.add_version(
        board,
        "arrangements",
        effective_on=TODAY.replace(year=2024),
        review_on=TODAY - datetime.timedelta(days=1),
        url="https://x.example",
    )
    assert services.overdue_review_count(board, TODAY) == 1
    assert services.overdue_review_count(board, TODAY - datetime.timedelta(days=1)) == 0


# --- the home panel --------------------------------------------------------------------------


def test_the_home_panel_counts_the_newest_version_of_each_kind_by_its_signatures(
    board, make_user, django_assert_num_queries
):
    leads = {}
    for kind in ("local_authority", "police", "icb"):
        leads[kind] = make_user(Role.VIEWER, board=board)
        Partner.objects.create(board=board, kind=kind, lead=leads[kind])
    partners = {p.kind: p for p in Partner.objects.filter(board=board)}
    later = TODAY + datetime.timedelta(days=365)
    first = services.add_version(
        board, "threshold", effective_on=TODAY, review_on=later, url="https://x.example/1"
    )
    for kind, partner in partners.items():
        services.sign(first, partner, leads[kind])
    second = services.add_version(
        board, "threshold", effective_on=TODAY, review_on=later, url="https://x.example/2"
    )
    services.sign(second, partners["police"], leads["police"])
    services.sign(second, partners["icb"], leads["icb"])

    def counts():
        with django_assert_num_queries(3):  # the partners, the versions, their signatures
            return {c.label: c.count for c in home.board_counts(board, TODAY)}

    # By hand: the first version is agreed by all three, the second (the current one) lacks
    # the local authority's signature; every partner is named; nothing is past review.
    assert counts() == {"documents awaiting sign-off": 1}
    services.sign(second, partners["local_authority"], leads["local_authority"])
    assert counts() == {}


def test_the_home_panel_counts_and_links_to_filtered_lists(
    client, login, board, manager, make_user
):
    lead = make_user(Role.VIEWER, board=board)
    Partner.objects.create(board=board, kind="police", lead=lead)  # two partners unnamed
    services.add_version(
        board,
        "threshold",
        effective_on=TODAY,
        review_on=TODAY - datetime.timedelta(days=1),
        url="https://x.example",
    )
    counts = {c.label: c for c in home.board_counts(board, TODAY)}
    assert counts["documents awaiting sign-off"].count == 1
    assert counts["documents past their review date"].count == 1
    assert counts["partners without a named lead"].count == 2
    login(client, manager)
    page = client.get(counts["partners without a named lead"].href).content.decode()
    assert "Integrated care board" in page and "Local authority" in page
    assert "Chief officer of police</th>" not in page
    page = client.get(counts["documents awaiting sign-off"].href).content.decode()
    assert "Threshold document, version 1" in page
    assert (
        'id="panel-partnership"'
        in client.get(reverse("core:board_home", args=[board.slug])).content.decode()
    )


# --- the relevant agencies register ----------------------------------------------------------


def test_the_urn_is_six_digits(board, agency):
    entry = RelevantAgency(
        membership=BoardAgency.objects.get(board=board, agency=agency), urn="12345"
    )
    with pytest.raises(Exception, match="6 digits"):
        entry.full_clean()
    entry.urn = "123456"
    entry.full_clean()


def test_the_register_shows_whether_each_owed_audit_is_scheduled_this_year(
    client, login, board, other_board, agency, other_agency, manager
):
    section_11 = _template("section-11-audit", "Section 11 audit")
    schools = _template("school-safeguarding-audit", "School safeguarding audit")
    entry = RelevantAgency.objects.create(
        membership=BoardAgency.objects.get(board=board, agency=agency),
        setting_type="health_provider",
    )
    entry.owed_audits.set([section_11, schools])
    today = services.today()
    start = datetime.date(today.year - 1, 1, 1)
    schedule_returns(
        board=board,
        template=section_11,
        subject=None,
        period_label="this year",
        period_start=start,
        period_end=datetime.date(today.year + 1, 12, 31),
        due_date=today,
        agencies=[agency],
        requested_by=manager,
    )
    # Another board's own agency never shows on this board's register (canary).
    secret = Agency.objects.create(
        region=board.region, name="Canary Academy", agency_type=AgencyType.SCHOOLS
    )
    BoardAgency.objects.create(board=other_board, agency=secret)
    login(client, manager)
    url = reverse("partnership:register", args=[board.slug])
    page = client.get(url).content.decode()
    assert "Section 11 audit: <a" in page  # scheduled, linked to the returns
    assert f"{schools.title}: <strong" in page  # owed, not scheduled
    assert "Canary Academy" not in page
    filtered = client.get(url, {"setting": "health_provider"}).content.decode()
    assert agency.name in filtered and other_agency.name not in filtered
    export = client.get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Agency" and len(rows) == 3  # header and the board's two agencies
    line = next(r for r in rows if r[0] == agency.name)
    assert line[1:] == [
        "Yes",
        "Health provider",
        "",
        f"{schools.title}; Section 11 audit",  # by title, as the library orders templates
        "Section 11 audit",
    ]
    assert "Canary Academy" not in export.content.decode()
    assert client.get(url, {"format": "xlsx"})["Content-Type"].startswith("application/vnd")


def test_the_register_edit_page_saves_an_entry(client, login, board, agency, manager):
    login(client, manager)
    url = reverse("partnership:register_edit", args=[board.slug, agency.pk])
    response = client.post(
        url, {"is_relevant": "on", "setting_type": "academy", "urn": "12ab56", "revision": "-1"}
    )
    assert "6 digits" in response.content.decode()
    response = client.post(
        url, {"is_relevant": "on", "setting_type": "academy", "urn": "123456", "revision": "-1"}
    )
    assert response.status_code == 302
    entry = RelevantAgency.objects.get(membership__agency=agency)
    assert (entry.setting_type, entry.urn, entry.is_relevant) == ("academy", "123456", True)


@pytest.mark.parametrize("size", SIZES)
def test_the_register_costs_a_fixed_number_of_queries(
    client, login, board, manager, size, django_assert_num_queries
):
    template = _template("section-11-audit", "Section 11 audit")
    for n in range(size):
        extra = Agency.objects.create(
            region=board.region, name=f"School {n}", agency_type=AgencyType.SCHOOLS
        )
        entry = RelevantAgency.objects.create(
            membership=BoardAgency.objects.create(board=board, agency=extra), setting_type="school"
        )
        entry.owed_audits.set([template])
    login(client, manager)
    # The board page's own, then: the permission to edit (role assignments are cached, so
    # none), the count for the pagination, the page of memberships with agencies and entries,
    # their owed audits, and the returns scheduled this year.
    get_page(
        client,
        reverse("partnership:register", args=[board.slug]),
        BOARD_PAGE + 4,
        django_assert_num_queries,
    )


# --- the budget ------------------------------------------------------------------------------


def test_the_budget_totals_the_year_and_each_share(client, login, board, agency, manager, leads):
    partners = {p.kind: p for p in Partner.objects.filter(board=board)}
    for kind, amount in [("local_authority", "60000"), ("icb", "30000"), ("police", "9000")]:
        Contribution.objects.create(
            board=board, year="2026-27", partner=partners[kind], amount=Decimal(amount)
        )
    Contribution.objects.create(board=board, year="2026-27", agency=agency, amount=Decimal("1000"))
    Contribution.objects.create(board=board, year="2025-26", agency=agency, amount=Decimal("500"))
    budget = services.budget(board, "2026-27")
    # 60,000 + 30,000 + 9,000 + 1,000 = 100,000, so each share is its amount in thousands.
    assert budget.total == Decimal("100000") and budget.partners_total == Decimal("99000")
    assert [share for _, share in budget.rows] == [
        Decimal("1.0"),
        Decimal("30.0"),
        Decimal("60.0"),
        Decimal("9.0"),
    ] or sorted(share for _, share in budget.rows) == [
        Decimal("1.0"),
        Decimal("9.0"),
        Decimal("30.0"),
        Decimal("60.0"),
    ]
    login(client, manager)
    page = client.get(reverse("partnership:budget", args=[board.slug]), {"year": "2026-27"})
    assert "£100,000.00" in page.content.decode()
    add = reverse("partnership:contribution_add", args=[board.slug])
    response = client.post(add, {"year": "2026-28", "partner": partners["icb"].pk, "amount": "5"})
    assert "like 2026-27" in response.content.decode()
    response = client.post(
        add, {"year": "2026-27", "partner": partners["icb"].pk, "agency": agency.pk, "amount": "5"}
    )
    assert "either a safeguarding partner or another agency" in response.content.decode()
    response = client.post(
        add,
        {"year": "2026-27", "partner": partners["icb"].pk, "amount": "5", "pays_for": "Training"},
    )
    assert response.status_code == 302
    assert services.budget(board, "2026-27").total == Decimal("100005")


# --- the yearly report's sign-off reads the partners ----------------------------------------


def test_the_yearly_report_is_signed_by_each_partners_lead_or_delegate(board, leads, make_user):
    report = reports.start_report(board, "2026-27", None)
    police = Partner.objects.get(board=board, kind="police")
    assert reports.roles_user_signs_for(report, leads["police"]) == [SignatoryRole.POLICE]
    delegate = make_user(Role.VIEWER, board=board)
    police.delegate = delegate
    police.report_signer = "delegate"
    police.save()
    assert reports.roles_user_signs_for(report, leads["police"]) == []
    assert reports.roles_user_signs_for(report, delegate) == [SignatoryRole.POLICE]
    assert reports.signatory_for(board, "police").user == delegate
    # Naming a signatory from the report settings writes to the partner, not a second record.
    other = make_user(Role.VIEWER, board=board)
    reports.name_signatory(board, "icb", other, "Chief Executive")
    icb = Partner.objects.get(board=board, kind="icb")
    assert (icb.lead, icb.lead_title) == (other, "Chief Executive")
    assert not board.report_signatories.exists()
