"""Sign in as every demo role and follow every same-origin link each page shows.

No page may answer a server error, and no page may offer a link that the person following it
is refused (403) or told does not exist (404): navigation shows only what a role can open.

The crawl is bounded so it stays quick on both databases: GET only, a visited set, at most
`PER_ROUTE` URLs of one route per role (the second review's page exercises the same code as
the first; the first one reached is fetched) and at most `PER_ROLE` pages per role. Links that sign out, or that render
PDFs (each takes seconds in WeasyPrint, and is covered by the reports' own tests), are
checked to resolve but not fetched.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve
from django_otp import DEVICE_ID_SESSION_KEY

from scrutiny.library.loader import load_library_files, shipped_library_files
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import User

PER_ROUTE = 1
PER_ROLE = 250
# Not fetched: signing out ends the crawl's session; PDFs are slow to render.
NOT_FETCHED = {"logout"}


def fetched_by_the_crawl(route: str, url: str) -> bool:
    return route not in NOT_FETCHED and "pdf" not in url.lower()


DEMO_LOGINS = [
    "admin",
    "chair.ashbourne",
    "manager.ashbourne",
    "qa.ashbourne",
    "lay.ashbourne",
    "viewer.ashbourne",
    "qa.northvale",  # a peer reviewer of Ashbourne
    "police.lead",
    "health.lead",  # an agency lead on two boards
    "scrutineer.ashbourne",  # the independent scrutineer: only its plan's pages
    # The other agency leads see what these two see, for their own agency.
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def same_origin_links(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        url, _ = urldefrag(urljoin("http://testserver" + page_url, href))
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc == "testserver":
            links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def route_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo region, built once for the module (it is slow to build)."""
    with django_db_blocker.unblock():
        if not FrameworkTemplate.objects.exists():  # emptied by an earlier transactional test
            load_library_files(shipped_library_files())
        call_command("demo")
    yield
    with django_db_blocker.unblock():
        # Flushing runs post_migrate, which loads the shipped library again.
        call_command("flush", "--no-input", verbosity=0)


def signed_in(local: str) -> Client:
    user = User.objects.get(email=f"{local}@riverside.example")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is not None:  # the demo roles that need a second factor have one
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def crawl(client: Client) -> tuple[list[str], int]:
    """Follow links from the start page; return the problems found and pages fetched."""
    problems: list[str] = []
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    seen: set[str] = {"/"}
    per_route: dict[str, int] = {}
    fetched = 0
    while queue and fetched < PER_ROLE:
        url, found_on = queue.popleft()
        name = route_name(url)
        if name is None:
            problems.append(f"{url} (linked from {found_on}) matches no route")
            continue
        if not fetched_by_the_crawl(name, url):
            continue
        if per_route.get(name, 0) >= PER_ROUTE:
            continue
        per_route[name] = per_route.get(name, 0) + 1
        response = client.get(url)
        fetched += 1
        status = response.status_code
        if status >= 500 or status in (403, 404, 405):
            problems.append(f"{url} answers {status} (linked from {found_on})")
            continue
        if status in (301, 302):
            target = response["Location"]
            parts = urlsplit(target)
            if not parts.netloc or parts.netloc == "testserver":
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if target not in seen:
                    seen.add(target)
                    queue.append((target, url))
            continue
        content_type = response.get("Content-Type", "")
        if not content_type.startswith("text/html"):
            continue
        for link in same_origin_links(url, response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return problems, fetched


@pytest.mark.django_db
@pytest.mark.parametrize("login", DEMO_LOGINS)
def test_every_link_a_demo_role_is_shown_opens(demo, login):
    problems, fetched = crawl(signed_in(login))
    print(f"{login}: {fetched} pages")
    assert fetched > 10, f"the crawl for {login} reached only {fetched} pages"
    assert not problems, "\n".join(problems)
