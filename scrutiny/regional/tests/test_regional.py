"""The regional library (contribute, curate, search on any database, criteria) and the
regional report for chairs (boards side by side, region mean and median, constant queries)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.core.tests.files import bomb_xlsx
from scrutiny.core.tests.transactions import calls_depth
from scrutiny.dataset.models import IndicatorValue
from scrutiny.library.models import (
    FrameworkTemplate,
    IndicatorDefinition,
    ScaleLevel,
    TemplateQuestion,
    TemplateSection,
)
from scrutiny.people.models import Role
from scrutiny.questionnaires.models import Answer, Response
from scrutiny.regional.forms import (
    SearchForm,
    criteria_by_framework,
    criteria_choices,
    library_criteria,
)
from scrutiny.regional.library import search
from scrutiny.regional.models import Resource, ResourceStatus
from scrutiny.regional.report import indicator_lines, kept_report_tables, regional_report
from scrutiny.returns.models import AgencyReturn, ReturnRequest, ReturnStatus
from scrutiny.selfassessment import services as sa_services
from scrutiny.tenancy.models import Board


def docx_bytes(text: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def ofsted(db):
    return FrameworkTemplate.objects.get(code="ofsted-lscb-review-good", owner_board=None)


@pytest.fixture
def contributor(make_user, board):
    return make_user(Role.QA_MEMBER, board=board)


def contribute(client, login, user, board, **extra):
    login(client, user)
    data = {"title": "Neglect toolkit", "description": "A toolkit for neglect cases", **extra}
    return client.post(reverse("regional:resource_add", args=[board.slug]), data)


def test_contributed_resource_waits_for_the_regional_admin(
    client, login, contributor, board, other_board, make_user, ofsted
):
    criterion = TemplateQuestion.objects.get(section__template=ofsted, number="79")
    upload = SimpleUploadedFile("graded-care.docx", docx_bytes("The graded care profile tool"))
    response = contribute(
        client,
        login,
        contributor,
        board,
        upload=upload,
        themes=["neglect"],
        criteria=[criterion.pk],
    )
    item = Resource.objects.get()
    assert response.status_code == 302 and item.status == ResourceStatus.PENDING
    assert "graded care profile" in item.extracted_text
    assert item.contributed_by_board == board and list(item.criteria.all()) == [criterion]

    neighbour = make_user(Role.BUSINESS_MANAGER, board=other_board)
    login(client, neighbour)
    url = reverse("regional:resource", args=[other_board.slug, item.pk])
    assert client.get(url).status_code == 404  # not published yet

    admin = make_user(Role.REGIONAL_ADMIN, region=board.region)
    login(client, admin)
    curate = reverse("regional:curate", args=[board.region.slug])
    client.post(curate, {"resource": item.pk, "status": "published"})
    item.refresh_from_db()
    assert item.status == ResourceStatus.PUBLISHED and item.curated_by == admin

    login(client, neighbour)
    assert client.get(url).status_code == 200
    download = client.get(reverse("regional:resource_file", args=[other_board.slug, item.pk]))
    assert download.content.startswith(b"PK")
    # Shown on the criterion's page of any board's self-assessment.
    assessment = sa_services.start_assessment(other_board, ofsted, neighbour)
    page = client.get(
        reverse("selfassessment:criterion", args=[other_board.slug, assessment.pk, criterion.pk])
    )
    assert "Neglect toolkit" in page.content.decode()

    login(client, admin)
    client.post(curate, {"resource": item.pk, "status": "hidden"})
    login(client, neighbour)
    assert client.get(url).status_code == 404


def test_bad_upload_is_refused_by_name_and_nothing_is_saved(client, login, contributor, board):
    upload = SimpleUploadedFile("tool.exe", b"MZ\x90\x00")
    response = contribute(client, login, contributor, board, upload=upload)
    assert "tool.exe is not a type we accept" in response.content.decode()
    response = contribute(client, login, contributor, board)
    assert "Upload a document or give a link" in response.content.decode()
    assert not Resource.objects.exists()


def test_viewers_cannot_contribute_and_other_regions_see_nothing(
    client, login, make_user, board, far_board
):
    login(client, make_user(Role.VIEWER, board=board))
    assert client.get(reverse("regional:resource_add", args=[board.slug])).status_code == 403
    Resource.objects.create(
        region=board.region, title="Ours", description="x", status=ResourceStatus.PUBLISHED
    )
    login(client, make_user(Role.BUSINESS_MANAGER, board=far_board))
    page = client.get(reverse("regional:library", args=[far_board.slug])).content.decode()
    assert "Ours" not in page


@pytest.fixture
def resources(board):
    made = {}
    for title, description, text in [
        ("Neglect toolkit", "Tools for neglect cases", ""),
        ("Exploitation screening", "A screening tool for exploitation", ""),
        ("Audit guide", "How we run audits", "The graded care profile and practice"),
    ]:
        made[title] = Resource.objects.create(
            region=board.region,
            title=title,
            description=description,
            extracted_text=text,
            status=ResourceStatus.PUBLISHED,
        )
    return made


@pytest.mark.parametrize("forced", [None, "sqlite"], ids=["database's own", "portable"])
def test_search_on_title_description_and_document_text(board, resources, forced):
    every = Resource.objects.all()

    def titles(query):
        return sorted(r.title for r in search(every, query, vendor=forced))

    assert titles("neglect") == ["Neglect toolkit"]
    assert titles("screening tool") == ["Exploitation screening"]
    assert titles("graded care profile") == ["Audit guide"]  # the document's text
    assert titles("neglect exploitation") == []  # every word must match
    assert len(titles("")) == 3


def test_library_page_filters_by_theme_and_criterion(client, login, contributor, board, ofsted):
    criterion = TemplateQuestion.objects.get(section__template=ofsted, number="85")
    one = Resource.objects.create(
        region=board.region,
        title="Missing protocol",
        description="Return interviews",
        themes=["exploitation"],
        status=ResourceStatus.PUBLISHED,
    )
    one.criteria.add(criterion)
    Resource.objects.create(
        region=board.region,
        title="Neglect strategy",
        description="Strategy",
        themes=["neglect"],
        status=ResourceStatus.PUBLISHED,
    )
    login(client, contributor)
    url = reverse("regional:library", args=[board.slug])
    by_theme = client.get(url, {"theme": "neglect"}).content.decode()
    assert "Neglect strategy" in by_theme and "Missing protocol" not in by_theme
    by_criterion = client.get(url, {"criterion": criterion.pk}).content.decode()
    assert "Missing protocol" in by_criterion and "Neglect strategy" not in by_criterion
    assert f'<option value="{criterion.pk}" selected>85 ' in by_criterion  # the choice kept
    both = client.get(url, {"criterion": criterion.pk, "theme": "neglect"}).content.decode()
    assert "Missing protocol" not in both and "Neglect strategy" not in both


def test_library_search_lists_each_match_with_its_link_and_details(
    client, login, contributor, board, other_board
):
    long = " ".join(f"w{n}" for n in range(40))  # cut after 30 words
    shared = Resource.objects.create(
        region=board.region,
        title="Neglect toolkit",
        description=long,
        themes=["neglect"],
        contributed_by_board=other_board,
        status=ResourceStatus.PUBLISHED,
    )
    own = Resource.objects.create(
        region=board.region,
        title="Neglect screening",
        description="Our draft",
        themes=["neglect", "exploitation"],
        contributed_by_board=board,
        status=ResourceStatus.PENDING,
    )
    Resource.objects.create(
        region=board.region,
        title="Neglect strategy",
        description="Strategy",
        themes=["exploitation"],
        status=ResourceStatus.PUBLISHED,
    )
    Resource.objects.create(  # another board's, not yet published: not shown
        region=board.region,
        title="Neglect pending elsewhere",
        description="x",
        themes=["neglect"],
        contributed_by_board=other_board,
    )
    login(client, contributor)
    url = reverse("regional:library", args=[board.slug])
    page = client.get(url, {"q": "neglect", "theme": "neglect"}).content.decode()
    assert "2 tools and examples</h2>" in page
    assert "Neglect strategy" not in page and "Neglect pending elsewhere" not in page
    shared_href = reverse("regional:resource", args=[board.slug, shared.pk])
    assert (
        f'<a class="govuk-link govuk-!-font-weight-bold" href="{shared_href}">Neglect toolkit</a>'
        f'<br><span class="govuk-body-s">{" ".join(f"w{n}" for n in range(30))} …'
        f" – {other_board.short_name}</span>"
    ) in page
    own_href = reverse("regional:resource", args=[board.slug, own.pk])
    assert (
        f'href="{own_href}">Neglect screening</a> <strong class="govuk-tag govuk-tag--grey">'
        "Awaiting the regional admin</strong><br>"
        f'<span class="govuk-body-s">Our draft – {board.short_name}</span>'
    ) in page
    every = client.get(url, {"q": "neglect"}).content.decode()
    assert "3 tools and examples</h2>" in every and "Neglect strategy" in every


def test_a_kept_search_shows_a_change_to_the_library_at_once(client, login, contributor, board):
    """What a search found is kept until anything in the region or the library changes."""
    toolkit = Resource.objects.create(
        region=board.region,
        title="Neglect toolkit",
        description="Tools",
        status=ResourceStatus.PUBLISHED,
    )
    login(client, contributor)
    url = reverse("regional:library", args=[board.slug])

    def found() -> str:
        return client.get(url, {"q": "neglect"}).content.decode()

    assert "1 tool and example</h2>" in found() and "Neglect toolkit" in found()
    Resource.objects.create(
        region=board.region,
        title="Neglect strategy",
        description="Strategy",
        status=ResourceStatus.PUBLISHED,
    )
    assert "2 tools and examples</h2>" in found() and "Neglect strategy" in found()
    toolkit.status = ResourceStatus.HIDDEN
    toolkit.save()
    assert "1 tool and example</h2>" in found() and "Neglect toolkit" not in found()


def test_a_kept_search_shows_each_board_its_own_and_each_person_their_buttons(
    client, login, make_user, contributor, board, other_board
):
    """A board's own contributions awaiting the regional admin are found for that board only;
    the button to contribute is drawn for who may, whoever searched first."""
    Resource.objects.create(
        region=board.region,
        title="Neglect screening",
        description="Our draft",
        contributed_by_board=board,
        status=ResourceStatus.PENDING,
    )
    url = reverse("regional:library", args=[board.slug])
    add = reverse("regional:resource_add", args=[board.slug])
    for _ in range(2):
        login(client, contributor)
        page = client.get(url, {"q": "neglect"}).content.decode()
        assert "Neglect screening" in page and add in page
        login(client, make_user(Role.VIEWER, board=board))
        page = client.get(url, {"q": "neglect"}).content.decode()
        assert "Neglect screening" in page and add not in page
        login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
        elsewhere = reverse("regional:library", args=[other_board.slug])
        assert "Neglect screening" not in client.get(elsewhere, {"q": "neglect"}).content.decode()


def test_criteria_picker_groups_every_criterion_under_its_framework(ofsted):
    groups = dict(criteria_by_framework())
    assert ofsted.title in groups
    offered = [pk for choices in groups.values() for pk, _ in choices]
    assert sorted(offered) == sorted(criteria_choices().values_list("pk", flat=True))
    question = TemplateQuestion.objects.get(section__template=ofsted, number="85")
    assert (question.pk, f"85 {question.text[:70]}") in groups[ofsted.title]


def test_search_form_offers_the_criteria_kept_until_the_library_changes(board, ofsted):
    """The picker is kept in the cache (read on every search), and offered afresh once the
    library changes (a change is audited, moving the region's data version)."""
    offered = dict(library_criteria(board.region_id))
    assert offered == dict(criteria_by_framework())
    section = TemplateSection.objects.filter(template=ofsted).order_by("order").first()
    added = TemplateQuestion.objects.create(
        section=section,
        code="added",
        number="999",
        text="An added criterion",
        answer_type="scale",
        order=999,
    )
    assert (added.pk, "999 An added criterion") in dict(library_criteria(board.region_id))[
        ofsted.title
    ]
    form = SearchForm({"criterion": str(added.pk)}, region_id=board.region_id)
    assert form.is_valid() and form.cleaned_data["criterion"] == added.pk


# The regional report


def grade_board(board, ofsted, user, labels: dict[str, str]):
    assessment = sa_services.start_assessment(board, ofsted, user)
    for number, label in labels.items():
        Answer.objects.create(
            response=assessment.response,
            question=TemplateQuestion.objects.get(section__template=ofsted, number=number),
            level=ScaleLevel.objects.get(scale__template=ofsted, label=label),
        )
    return assessment


def submitted_return(agency, code, requested_by=()):
    s11 = FrameworkTemplate.objects.get(code="section-11-audit", owner_board=None)
    response = Response.objects.create(template=s11)
    for question in TemplateQuestion.objects.filter(section__template=s11, answer_type="scale"):
        Answer.objects.create(
            response=response,
            question=question,
            level=ScaleLevel.objects.get(scale=question.scale, code=code),
        )
    agency_return = AgencyReturn.objects.create(
        template=s11,
        agency=agency,
        period_label="2025-26",
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2026, 3, 31),
        response=response,
        status=ReturnStatus.SUBMITTED,
    )
    for board in requested_by:
        ReturnRequest.objects.create(
            board=board, agency_return=agency_return, due_date=datetime.date(2026, 6, 30)
        )
    return agency_return


def value(board, code, numerator, denominator=None, label="2026 Q1"):
    IndicatorValue.objects.create(
        board=board,
        indicator=IndicatorDefinition.objects.get(code=code),
        period_label=label,
        period_end=datetime.date(2026, 6, 30),
        numerator=Decimal(numerator),
        denominator=denominator and Decimal(denominator),
        source="manual",
    )


def test_report_puts_boards_side_by_side_with_mean_and_median(
    board, other_board, agency, other_agency, ofsted, make_user
):
    user = make_user(Role.BUSINESS_MANAGER, board=board)
    grade_board(board, ofsted, user, {"77": "Outstanding", "78": "Good"})
    grade_board(other_board, ofsted, user, {"77": "Requires improvement"})
    submitted_return(agency, "fully-met", [board, other_board])  # the police serve both boards
    submitted_return(other_agency, "not-met", [board])  # the health trust serves only Alpha
    value(board, "re-referrals-12m", 20, 100)
    value(other_board, "re-referrals-12m", 30, 100)

    report = regional_report(board.region)
    assert [b.short_name for b in report.boards] == ["Alpha", "Beta"]
    first = report.grades[0]
    assert [c.label for c in first.cells] == ["Outstanding", "Requires improvement"]
    assert first.mean == pytest.approx(200 / 3) and first.note == "1 of 2 boards good or better"
    assert [c.label for c in report.grades[1].cells] == ["Good", "Not graded"]

    assert report.section_11_period == "2025-26"
    overall = report.section_11[0]
    assert [c.value for c in overall.cells] == [50, 100]  # Alpha: police 100, health 0
    assert overall.median == 50

    line = next(x for x in report.indicators if x.title == "Re-referrals within 12 months")
    assert [c.value for c in line.cells] == [Decimal(20), Decimal(30)]
    assert [c.rank for c in line.cells] == [1, 2]  # lower is better
    assert line.mean == Decimal(25)


def test_report_shows_its_figures_as_text_worked_out_once(
    board, other_board, agency, ofsted, make_user
):
    user = make_user(Role.BUSINESS_MANAGER, board=board)
    grade_board(board, ofsted, user, {"77": "Outstanding"})
    grade_board(other_board, ofsted, user, {"77": "Requires improvement"})
    submitted_return(agency, "fully-met", [board])
    value(board, "re-referrals-12m", 20, 300)

    report = regional_report(board.region)
    assert (report.grades[0].mean_text, report.grades[0].median_text) == ("67", "67")
    assert [c.text for c in report.section_11[0].cells] == ["100 (strong)", "–"]
    line = next(x for x in report.indicators if x.title == "Re-referrals within 12 months")
    assert [c.text for c in line.cells] == ["6.7", "–"]
    assert [c.detail for c in line.cells] == ["rank 1", ""]
    assert (line.mean_text, line.pooled_text) == ("6.7", "6.7")


def test_report_tables_are_kept_until_the_region_changes(board, other_board, far_board):
    def row(tables: str) -> str:
        return tables[tables.index("Re-referrals within 12 months") :].split("</tr>")[0]

    value(board, "re-referrals-12m", 20, 100)
    period, first = kept_report_tables(board.region)
    assert ">20.0<" in row(first) and ">30.0<" not in row(first)
    assert kept_report_tables(board.region) == (period, first)

    value(far_board, "re-referrals-12m", 90, 100)  # another region: the tables stay
    assert kept_report_tables(board.region)[1] == first

    value(other_board, "re-referrals-12m", 30, 100)  # a change in the region: drawn again
    assert ">30.0<" in row(kept_report_tables(board.region)[1])


def test_the_report_page_draws_its_tables_afresh_after_a_change_in_the_region(
    client, login, make_user, board, other_board
):
    """The page keeps its drawn tables: a change shows at once."""
    value(board, "re-referrals-12m", 20, 100)
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    url = reverse("regional:region_report", args=[board.region.slug])

    def data_set_row() -> str:
        page = client.get(url).content.decode()
        table = page[page.index('id="report-data-set"') :]
        return table[table.index("Re-referrals within 12 months") :].split("</tr>")[0]

    first = data_set_row()
    assert ">20.0<" in first and ">30.0<" not in first
    assert data_set_row() == first  # drawn once, shown again
    value(other_board, "re-referrals-12m", 30, 100)
    assert ">30.0<" in data_set_row()


def test_report_queries_stay_constant_as_boards_grow(
    board, other_board, ofsted, make_user, agency, django_assert_max_num_queries
):
    user = make_user(Role.BUSINESS_MANAGER, board=board)
    submitted_return(agency, "fully-met", [board])

    def add_board(n):
        extra = Board.objects.create(
            region=board.region, name=f"Board {n}", short_name=f"B{n}", slug=f"b{n}"
        )
        grade_board(extra, ofsted, user, {"77": "Good", "80": "Good"})
        value(extra, "re-referrals-12m", 10 + n, 100)

    add_board(1)
    with django_assert_max_num_queries(30) as small:
        regional_report(board.region)
    for n in range(2, 6):
        add_board(n)
    with django_assert_max_num_queries(30) as large:
        regional_report(board.region)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_report_for_chairs_through_their_board_and_admins_through_the_region(
    client, login, make_user, board, far_board
):
    chair = make_user(Role.CHAIR, board=board)
    login(client, chair)
    assert client.get(reverse("regional:board_report", args=[board.slug])).status_code == 200
    assert client.get(reverse("regional:region_report", args=[board.region.slug])).status_code == (
        404
    )
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    assert client.get(reverse("regional:board_report", args=[board.slug])).status_code == 403
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    page = client.get(reverse("regional:region_report", args=[board.region.slug]))
    assert page.status_code == 200 and "Far" not in page.content.decode()


def test_text_is_read_from_word_and_pdf_documents_for_search():
    from docx import Document
    from weasyprint import HTML

    from scrutiny.regional.library import extract_text

    pdf = HTML(string="<p>Use the graded care profile for neglect.</p>").write_pdf()
    assert "graded care profile" in extract_text("toolkit.pdf", pdf)
    document = Document()
    document.add_paragraph("Missing from home return interviews")
    buffer = io.BytesIO()
    document.save(buffer)
    assert "return interviews" in extract_text("guide.docx", buffer.getvalue())
    assert extract_text("broken.pdf", b"%PDF-1.4 not really") == ""


def test_a_zip_bomb_contribution_is_refused_by_name_and_nothing_is_saved(
    client, login, contributor, board
):
    upload = SimpleUploadedFile("toolkit.xlsx", bomb_xlsx(16))
    response = contribute(client, login, contributor, board, upload=upload)
    content = response.content.decode()
    assert "toolkit.xlsx is compressed" in content and "the limit is 100 to 1" in content
    assert 'href="#id_upload"' in content
    assert not Resource.objects.exists()


def test_text_extraction_refuses_a_zip_bomb_whoever_calls_it():
    from scrutiny.core.uploads import UploadRejected
    from scrutiny.regional.library import extract_text

    data = bomb_xlsx(16)
    with pytest.raises(UploadRejected, match=r"^stored\.xlsx is compressed"):
        extract_text("stored.xlsx", data)


def test_text_extraction_stops_reading_once_the_kept_text_is_full(monkeypatch):
    from openpyxl import Workbook

    from scrutiny.regional import library

    monkeypatch.setattr(library, "MAX_TEXT", 50)
    book = Workbook()
    for n in range(1000):
        book.active.append([f"cell{n:04d}"])
    buffer = io.BytesIO()
    book.save(buffer)
    # "cell0000 cell0001 ..." : each cell is 8 characters and a space.
    expected = " ".join(f"cell{n:04d}" for n in range(6))[:50]
    assert library.extract_text("many.xlsx", buffer.getvalue()) == expected

    pulled = []

    def pieces():
        for n in range(1000):
            pulled.append(n)
            yield "x" * 10

    assert library._bounded(pieces(), " ") == ("x" * 10 + " ") * 4 + "x" * 6
    assert len(pulled) == 5  # 5 pieces of 10 plus separators fill 50; no sixth is read


def test_a_contribution_is_read_and_checked_before_any_transaction_opens(
    client, login, contributor, board
):
    upload = SimpleUploadedFile("guide.docx", docx_bytes("Return interviews guide"))
    with calls_depth("scrutiny.regional.library.extract_text") as depths:
        response = contribute(client, login, contributor, board, upload=upload)
    assert response.status_code == 302
    assert depths == [0]
    assert "Return interviews guide" in Resource.objects.get().extracted_text


def test_report_scores_a_board_only_on_the_returns_it_asked_for(
    board, other_board, agency, other_agency
):
    # The police serve both boards but only Beta asked them for a return; the health trust's
    # was asked for by Alpha. Alpha: health 0 only; Beta: police 100 only.
    submitted_return(agency, "fully-met", [other_board])
    submitted_return(other_agency, "not-met", [board])
    overall = regional_report(board.region).section_11[0]
    assert [c.value for c in overall.cells] == [0, 100]


def test_report_section_11_defaults_to_the_latest_submitted_period_with_a_choice(
    board, agency, other_agency
):
    submitted_return(agency, "fully-met", [board])
    later = submitted_return(other_agency, "not-met", [board])
    later.period_label, later.status = "2026-27", ReturnStatus.DRAFT
    later.period_start, later.period_end = datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)
    later.save()
    report = regional_report(board.region)
    assert report.section_11_period == "2025-26"
    assert report.section_11_periods == ["2026-27", "2025-26"]
    assert regional_report(board.region, "2026-27").section_11_period == "2026-27"


def test_report_data_set_pools_flags_small_numbers_and_shows_england(board, other_board, make_user):
    from scrutiny.dataset.models import NationalFigure

    # Re-referrals, lower is better. Alpha 0 of 4 (small numbers), Beta 30 of 120 = 25%.
    value(board, "re-referrals-12m", 0, 4, label="2025-26")
    value(other_board, "re-referrals-12m", 30, 120, label="2025-26")
    NationalFigure.objects.create(
        region=board.region,
        indicator=IndicatorDefinition.objects.get(code="re-referrals-12m"),
        period_label="2025-26",
        geographic_level="National",
        area_code="E92000001",
        area_name="England",
        value=Decimal("22.4"),
        source_file="f.csv",
        value_column="percent",
    )
    line = next(x for x in regional_report(board.region).indicators if x.title.startswith("Re-"))
    alpha, beta = line.cells
    assert alpha.small and alpha.rank is None  # a 0 from four children is not "best"
    assert not beta.small and beta.rank == 1
    assert line.mean == Decimal("12.5")  # (0 + 25) / 2, each board once
    assert line.pooled == Decimal(30) / Decimal(124) * 100  # 30 / (4 + 120)
    assert line.england == Decimal("22.4")
    assert "quartile 1 = best; lower is better" in line.note


def test_report_data_set_takes_the_regions_latest_period_from_years_of_history(
    board, other_board, far_board, django_assert_num_queries
):
    """Worked by hand. Re-referrals (a percentage, lower is better). Alpha 2025 Q3 10/100 and
    2026 Q1 20/100; Beta 2025 Q3 90/100 and 2026 Q1 45/150; Gamma only 2025 Q3 5/50; a board
    in another region has a later 2026 Q2, which is not this region's. The region's latest
    period is 2026 Q1: Alpha 20%, Beta 30%, Gamma no value; the mean of the boards' rates
    (20 + 30) / 2 = 25; the region's pooled rate (20 + 45) / (100 + 150) = 26%."""
    gamma = Board.objects.create(
        region=board.region, name="Gamma Board", short_name="Gamma", slug="gamma"
    )
    indicator = IndicatorDefinition.objects.get(code="re-referrals-12m")

    def at(who, label, end, numerator, denominator):
        IndicatorValue.objects.create(
            board=who,
            indicator=indicator,
            period_label=label,
            period_end=end,
            numerator=Decimal(numerator),
            denominator=Decimal(denominator),
            source="manual",
        )

    q3, q1, q2 = datetime.date(2025, 9, 30), datetime.date(2026, 3, 31), datetime.date(2026, 6, 30)
    at(board, "2025 Q3", q3, 10, 100)
    at(board, "2026 Q1", q1, 20, 100)
    at(other_board, "2025 Q3", q3, 90, 100)
    at(other_board, "2026 Q1", q1, 45, 150)
    at(gamma, "2025 Q3", q3, 5, 50)
    at(far_board, "2026 Q2", q2, 1, 100)

    boards = list(board.region.boards.order_by("name"))
    # the data set template, its indicators, the values of each indicator's latest period in
    # the region (one query), the national figures
    with django_assert_num_queries(4):
        lines = indicator_lines(boards, board.region)
    line = next(x for x in lines if x.title.startswith("Re-referrals"))
    assert [c.value for c in line.cells] == [Decimal(20), Decimal(30), None]
    assert [c.rank for c in line.cells] == [1, 2, None]
    assert line.mean == Decimal(25)
    assert line.median == Decimal(25)
    assert line.pooled == Decimal(26)
    assert line.note.startswith("2026 Q1;")
