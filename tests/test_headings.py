"""Headings do not skip levels: on each main page the first heading is the one h1, and each
heading is at most one level below the one before it (h1 then h2, never h1 then h3). Read
from the rendered page with lxml, as a screen reader's heading list reads it."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse

from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role
from scrutiny.voice.models import FeedbackForm

BOARD_PAGES = [
    "core:board_home",
    "actions:tracker",
    "returns:list",
    "returns:schedule",
    "returns:schedule_year",
    "returns:section_11",
    "reviews:register",
    "regional:library",
    "dataset:data_set",
    "dataset:targets",
    "dataset:year_targets",
    "voice:register",
    "voice:forms",
    "voice:help_line",
    "partnership:overview",
    "partnership:register",
    "partnership:documents",
    "partnership:budget",
]


def skipped_levels(html: bytes) -> list[str]:
    """Each place the headings skip a level, as "h1 'Title' -> h3 'Title'"."""
    page = lxml.html.fromstring(html)
    main = page.xpath("//main")[0]
    headings = [
        (int(h.tag[1]), " ".join(h.text_content().split()))
        for h in main.iter("h1", "h2", "h3", "h4", "h5", "h6")
    ]
    problems = []
    if not headings or headings[0][0] != 1:
        problems.append(f"the first heading is not an h1: {headings[:1]}")
    if [level for level, _ in headings].count(1) != 1:
        problems.append("not exactly one h1")
    for (before, before_text), (level, text) in zip(headings, headings[1:], strict=False):
        if level > before + 1:
            problems.append(f"h{before} {before_text!r} -> h{level} {text!r}")
    return problems


def test_the_check_finds_a_skipped_level():
    assert skipped_levels(b"<main><h1>A</h1><h3>B</h3></main>") == ["h1 'A' -> h3 'B'"]
    assert skipped_levels(b"<main><h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2></main>") == []


@pytest.mark.parametrize("route", BOARD_PAGES)
def test_main_board_pages_do_not_skip_heading_levels(route, client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = client.get(reverse(route, args=[board.slug]))
    assert response.status_code == 200
    assert skipped_levels(response.content) == []


def test_the_childs_public_form_does_not_skip_heading_levels(client, board):
    form = FeedbackForm.objects.create(
        board=board,
        slug="have-your-say",
        title="Have your say",
        template=FrameworkTemplate.objects.get(code="have-your-say", owner_board=None),
    )
    response = client.get(form.get_public_url())
    assert skipped_levels(response.content) == []
    errors = client.post(form.get_public_url(), {})
    assert skipped_levels(errors.content) == []
