"""Sign in (with two-factor), switch board, refused cross-board URL, and axe on the main pages."""

import re
import time

import pytest
from django.core import mail
from django.db.models import Max
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from scrutiny.demo.region import DEMO_PASSWORD, DEMO_TOTP_KEY, create_demo_region, demo_email
from scrutiny.library.loader import load_library_files, shipped_library_files
from scrutiny.library.models import FrameworkTemplate
from scrutiny.tenancy.models import Agency

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    load_library_files(shipped_library_files())  # live-server tests start from an empty database
    return create_demo_region()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Scrutiny")).to_be_visible()


def sign_in(page: Page, local: str, *, check_accessibility: bool = False) -> None:
    page.goto("/login/")
    if check_accessibility:
        assert_accessible(page)
    page.get_by_label("Email address").fill(demo_email(local))
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def pass_two_factor(page: Page, *, check_accessibility: bool = False) -> None:
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    if check_accessibility:
        assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(f"{_unused_code():06d}")
    page.get_by_role("button", name="Continue").click()


def _unused_code() -> int:
    """The current code, or the next one if a sign-in in this 30-second step already used it:
    django-otp refuses a code it has accepted (replay) but allows one step of drift."""
    now_step = int(time.time()) // 30
    last_used = TOTPDevice.objects.aggregate(last=Max("last_t"))["last"]
    at_step = max(now_step, (last_used or -1) + 1)
    return totp(bytes.fromhex(DEMO_TOTP_KEY), step=30, drift=at_step - now_step)


def test_business_manager_signs_in_with_two_factor(page: Page, demo):
    sign_in(page, "manager.ashbourne", check_accessibility=True)
    pass_two_factor(page, check_accessibility=True)
    expect(
        page.get_by_role("heading", name="Ashbourne Safeguarding Children Partnership")
    ).to_be_visible()
    expect(page.locator("#my-roles")).to_have_text("Business manager")
    assert_accessible(page)


def test_wrong_password_shows_an_error_summary(page: Page, demo):
    page.goto("/login/")
    page.get_by_label("Email address").fill(demo_email("viewer.ashbourne"))
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a correct email address and password")
    assert_accessible(page)


def test_agency_lead_switches_board(page: Page, demo):
    sign_in(page, "police.lead")
    expect(page.get_by_role("heading", name="Your boards")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ashbourne Safeguarding Children Partnership").click()
    expect(page).to_have_url(re.compile(r"/b/ashbourne/$"))
    page.get_by_label("Switch board").select_option(label="Northvale")
    page.get_by_role("button", name="Go").click()
    expect(page).to_have_url(re.compile(r"/b/northvale/$"))
    expect(
        page.get_by_role("heading", name="Northvale Local Safeguarding Children Board")
    ).to_be_visible()
    expect(page.locator("#my-roles")).to_have_text("Agency lead")


def test_cross_board_url_is_refused(page: Page, demo):
    sign_in(page, "viewer.ashbourne")
    expect(page).to_have_url(re.compile(r"/b/ashbourne/$"))
    response = page.goto("/b/northvale/agencies/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert "Northvale" not in page.content()
    assert_accessible(page)


def test_main_pages_are_accessible(page: Page, demo):
    sign_in(page, "admin")
    pass_two_factor(page)
    police = Agency.objects.get(name="Riverside Police")
    ofsted = FrameworkTemplate.objects.get(code="ofsted-lscb-review-good", owner_board=None)
    for path in [
        "/",
        "/b/ashbourne/",
        "/b/ashbourne/agencies/",
        f"/b/ashbourne/agencies/{police.pk}/",
        f"/b/ashbourne/agencies/{police.pk}/edit/",
        "/b/ashbourne/agencies/add/",
        "/b/ashbourne/people/",
        "/b/ashbourne/people/add/",
        "/b/ashbourne/audit-log/",
        "/r/riverside/",
        "/r/riverside/agencies/add/",
        "/library/",
        f"/library/{ofsted.pk}/",
        "/b/ashbourne/templates/",
        "/b/ashbourne/templates/adapt/",
        "/account/",
    ]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)


def test_business_manager_invites_a_person_from_the_form(page: Page, demo):
    sign_in(page, "manager.eastmoor")
    pass_two_factor(page)
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Add a person").click()
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter their email address")
    assert_accessible(page)  # the form with its errors shown
    page.get_by_label("Email address").fill("new.lead@eastmoor.example")
    page.get_by_label("Full name").fill("Nia Roberts")
    page.get_by_label("Role").select_option(label="Agency lead")
    page.get_by_label("Agency").select_option(label="Eastmoor Youth Offending Team")
    page.get_by_role("button", name="Add person").click()
    expect(
        page.get_by_text("Nia Roberts is now Agency lead for Eastmoor Youth Offending Team")
    ).to_be_visible()
    expect(page.locator("#people-table")).to_contain_text("new.lead@eastmoor.example")
    assert [m.to for m in mail.outbox] == [["new.lead@eastmoor.example"]]


def test_the_accessibility_check_catches_a_violation(page: Page):
    page.set_content(
        '<html><body><main><img src="chart.png"><button></button></main></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
