"""Retake the README screenshots from a running `./bin/serve` (demo region loaded).

.venv/bin/python docs/screenshots/take.py   (SCRUTINY_SCREENSHOT_BASE for another address)
"""

import os
from pathlib import Path

from django_otp.oath import totp
from playwright.sync_api import sync_playwright

BASE = os.environ.get("SCRUTINY_SCREENSHOT_BASE", "http://127.0.0.1:8000")
HERE = Path(__file__).parent
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"

with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{BASE}/login/")
    page.get_by_label("Email address").fill("manager.ashbourne@riverside.example")
    page.get_by_label("Password").fill("demo-password-2026")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill(
        f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    for name, path in [
        ("board-home", "/b/ashbourne/"),
        ("people", "/b/ashbourne/people/"),
        ("audit-log", "/b/ashbourne/audit-log/"),
        ("returns", "/b/ashbourne/returns/"),
        ("section-11", "/b/ashbourne/returns/section-11/"),
        ("actions", "/b/ashbourne/actions/"),
        ("clocks", "/b/ashbourne/incidents/clocks/"),
        ("partnership", "/b/ashbourne/partnership/"),
        ("findings", "/b/ashbourne/findings/"),
    ]:
        page.goto(f"{BASE}{path}")
        page.screenshot(path=str(HERE / f"{name}.png"))
    page.goto(f"{BASE}/b/ashbourne/")
    page.screenshot(path=str(HERE / "manager-home.png"), full_page=True)
    page.goto(f"{BASE}/b/ashbourne/plan/")
    page.get_by_role("link", name="1. Neglect").click()
    page.wait_for_url("**/priorities/**")
    page.screenshot(path=str(HERE / "golden-thread.png"))
    page.goto(f"{BASE}/library/")
    page.get_by_role("link", name="Ofsted LSCB review - criteria for a good board").click()
    page.wait_for_url("**/library/*/")
    page.screenshot(path=str(HERE / "library.png"))
    # The police lead's one page across every board the police serve (no two-factor).
    lead = browser.new_page(viewport={"width": 1100, "height": 900})
    lead.goto(f"{BASE}/login/")
    lead.get_by_label("Email address").fill("police.lead@riverside.example")
    lead.get_by_label("Password").fill("demo-password-2026")
    lead.get_by_role("button", name="Sign in").click()
    lead.goto(f"{BASE}/my-work/")
    lead.screenshot(path=str(HERE / "agency-lead-home.png"), full_page=True)
    browser.close()
