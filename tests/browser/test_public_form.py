"""The public form a child fills in, on a phone: axe finds nothing, and the screen reader's
view of the page (Playwright's ARIA snapshot: headings, groups, labels) reads right."""

import re

import pytest
from playwright.sync_api import Page, expect

from scrutiny.library.loader import load_library_files, shipped_library_files
from scrutiny.library.models import FrameworkTemplate
from scrutiny.tenancy.models import Board, Region
from scrutiny.voice.models import FeedbackForm, FeedbackSubmission

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def public_form(transactional_db):
    load_library_files(shipped_library_files())  # live-server tests start from an empty database
    region = Region.objects.create(name="North", slug="north")
    board = Board.objects.create(
        region=region,
        name="Ashbourne Safeguarding Children Partnership",
        short_name="Ashbourne",
        slug="ashbourne",
        help_line_name="Ashbourne children's services",
        help_line_phone="01632 960 000",
    )
    return FeedbackForm.objects.create(
        board=board,
        slug="have-your-say",
        title="Have your say",
        template=FrameworkTemplate.objects.get(code="have-your-say", owner_board=None),
    )


def test_a_child_answers_on_a_phone(page: Page, public_form):
    page.set_viewport_size(PHONE)
    page.goto(public_form.get_public_url())
    expect(page.get_by_role("heading", level=1, name="Have your say")).to_be_visible()
    assert_accessible(page)
    # nothing wider than the phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    banner = page.get_by_role("banner")
    expect(banner).to_contain_text("Ashbourne Safeguarding Children Partnership")
    expect(page.locator("body")).not_to_contain_text("Scrutiny")
    expect(page.get_by_role("link", name="0800 1111")).to_have_attribute("href", "tel:08001111")
    expect(page.get_by_role("link", name="01632 960 000")).to_be_visible()

    page.get_by_role("button", name="Send").click()  # nothing answered: the required are named
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    group = page.get_by_role("group", name=re.compile(r"^1 Do adults listen"))
    group.get_by_label("Yes, a bit").check()
    page.get_by_role("group", name=re.compile(r"^2 If you were worried")).get_by_label(
        "Yes, a lot"
    ).check()
    page.get_by_role("group", name=re.compile(r"^3 Do you feel safe")).get_by_label(
        "Not sure"
    ).check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("We got your answers")).to_be_visible()
    assert_accessible(page)
    assert FeedbackSubmission.objects.count() == 1


def test_the_screen_readers_view_of_the_form(page: Page, public_form):
    page.set_viewport_size(PHONE)
    page.goto(public_form.get_public_url())
    snapshot = page.locator("main").aria_snapshot()
    headings = re.findall(r'- heading "([^"]+)" \[level=(\d)\]', snapshot)
    # one h1, then h2s: help first (before the questions), then the form's two sections
    assert headings == [
        ("Have your say", "1"),
        ("If you are worried or need to talk", "2"),
        ("About you and the adults around you", "2"),
        ("Your ideas", "2"),
    ]
    groups = re.findall(r'- group "([^"]+)"', snapshot)
    assert groups == [
        "1 Do adults listen to you when you tell them something important? "
        "(you need to answer this)",
        "2 If you were worried, do you know who you could tell? (you need to answer this)",
        "3 Do you feel safe where you live and go to school? (you need to answer this)",
        "4 If you have had help from a worker, did it help?",
    ]
    # each group's five answers are radio buttons named by their labels
    for answer in ("Yes, a lot", "Yes, a bit", "Not sure", "Not really", "No, not at all"):
        assert snapshot.count(f'- radio "{answer}"') == 4
    # the text question is a labelled text box marked optional; the honeypot is hidden
    textboxes = re.findall(r'- textbox "([^"]+)"', snapshot)
    assert textboxes == [
        "5 What is one thing that would make things better for children and young people "
        "here? (optional)"
    ]
    assert "Leave this empty" not in snapshot
