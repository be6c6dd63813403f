"""The public form a child fills in: what it says about skipping is true, the board (not the
product) is named, help is on the form itself, and the board's help line is the board's to set."""

import lxml.html
import pytest
from django.core.cache import cache
from django.urls import reverse

from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
from scrutiny.people.models import Role
from scrutiny.voice.models import FeedbackForm, FeedbackSubmission


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def template(db):
    return FrameworkTemplate.objects.get(code="have-your-say", owner_board=None)


@pytest.fixture
def public_form(board, template):
    board.help_line_name = "Alpha children's services"
    board.help_line_phone = "0161 234 5678"
    board.save()
    return FeedbackForm.objects.create(
        board=board, slug="young-people", title="Have your say", template=template
    )


def page_of(response):
    return lxml.html.fromstring(response.content)


def test_the_page_names_the_board_not_the_product(client, public_form, board):
    page = page_of(client.get(public_form.get_public_url()))
    text = page.text_content()
    assert "Scrutiny" not in text and "Framework library" not in text
    assert "quality assurance" not in text  # the product's tagline
    assert page.xpath("//title")[0].text_content().strip() == "Have your say – Alpha Board"
    assert page.xpath("string(//*[@id='public-board-name'])").strip() == "Alpha Board"
    assert not page.xpath("//a[contains(@href, '/library/') or contains(@href, '/login')]")


def test_childline_and_the_boards_help_line_are_on_the_form_itself(client, public_form):
    page = page_of(client.get(public_form.get_public_url()))
    help_box = page.xpath("//main//*[@id='help']")[0]
    # on the form page, before the form, not only after sending
    assert help_box.getnext() is not None and help_box.xpath("following::form")
    links = {a.get("href") for a in help_box.xpath(".//a")}
    assert {"tel:08001111", "https://www.childline.org.uk", "tel:01612345678"} <= links
    assert "Alpha children's services" in help_box.text_content()
    assert "0800 1111" in help_box.text_content()


def test_without_a_help_line_childline_is_still_shown(client, public_form, board):
    board.help_line_name = board.help_line_phone = ""
    board.save()
    page = page_of(client.get(public_form.get_public_url()))
    assert not page.xpath("//*[@id='board-help-line']")
    assert "0800 1111" in page.xpath("//*[@id='help']")[0].text_content()


def required_questions(template):
    return [
        q
        for q in TemplateQuestion.objects.filter(section__template=template).order_by(
            "section__order", "order"
        )
        if q.required
    ]


def test_what_is_required_matches_what_the_form_says(client, public_form, template):
    url = public_form.get_public_url()
    page = page_of(client.get(url))
    said = page.xpath("string(//*[@id='what-to-answer'])")
    required = required_questions(template)
    # the shipped form requires questions 1 to 3 (counted from its YAML by hand)
    assert [q.number for q in required] == ["1", "2", "3"]
    assert "You can skip any question" not in said
    assert "you need to answer this" in said
    legends = [lg.text_content().strip() for lg in page.xpath("//legend")]
    marked = [lg for lg in legends if lg.endswith("(you need to answer this)")]
    assert [m.split()[0] for m in marked] == ["1", "2", "3"]
    assert not any("(you need to answer this)" in lg for lg in legends if lg.startswith("4"))
    # sending none of them is refused, naming each
    refused = client.post(url, {})
    assert refused.status_code == 200 and not FeedbackSubmission.objects.exists()
    summary = page_of(refused).xpath("string(//div[@class='govuk-error-summary'])")
    assert all(f"Answer {n}:" in summary for n in ("1", "2", "3"))


def test_a_form_that_requires_nothing_says_any_question_can_be_skipped(
    client, public_form, template
):
    TemplateQuestion.objects.filter(section__template=template).update(required=False)
    url = public_form.get_public_url()
    page = page_of(client.get(url))
    assert "You can skip any question" in page.xpath("string(//*[@id='what-to-answer'])")
    assert "you need to answer this" not in page.text_content()
    assert client.post(url, {}).status_code == 302  # and nothing is required
    assert FeedbackSubmission.objects.count() == 1


def test_thanks_page_keeps_the_help(client, public_form, template):
    level = ScaleLevel.objects.filter(scale__code="how-much").first()
    data = {f"q{q.pk}": str(level.pk) for q in required_questions(template)}
    response = client.post(public_form.get_public_url(), data, follow=True)
    page = page_of(response)
    assert "We got your answers" in page.text_content()
    assert "0800 1111" in page.xpath("string(//*[@id='help'])")
    assert "Scrutiny" not in page.text_content()


def test_the_business_manager_sets_the_help_line(client, login, make_user, board):
    url = reverse("voice:help_line", args=[board.slug])
    login(client, make_user(Role.VIEWER, board=board))
    assert client.get(url).status_code == 403
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    page = page_of(client.get(url))
    revision = page.xpath("string(//input[@name='revision']/@value)")
    half = client.post(url, {"help_line_name": "Front door", "revision": revision})
    assert b"Enter the phone number too" in half.content
    client.post(
        url,
        {"help_line_name": "Front door", "help_line_phone": "0800 123", "revision": revision},
    )
    board.refresh_from_db()
    assert (board.help_line_name, board.help_line_phone) == ("Front door", "0800 123")
