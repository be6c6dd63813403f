"""The board's findings list: every source's findings with a link back and their actions,
filtered from the address, a page at a time; findings of audits a person may not open are
left out; every page lists findings through the one include."""

import datetime
import re

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from scrutiny.audits.models import Audit
from scrutiny.challenges.models import Challenge
from scrutiny.core.tests.query_counts import BOARD_PAGE
from scrutiny.findings.models import FindingKind
from scrutiny.findings.services import raise_action_from_finding, record_finding
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role

TODAY = timezone.localdate()


def listed(page: str) -> list[str]:
    """The ids of the findings on the page, in order."""
    return re.findall(r'<li[^>]* id="finding-(\d+)"', page)


@pytest.fixture
def sources(board, other_board, agency, make_user):
    """A challenge with an area for improvement (themed neglect, with an action) and one
    without; an audit with a strength; another board's finding."""
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    challenge = Challenge.objects.create(
        board=board,
        to_agency=agency,
        issue="Late strategy meetings",
        raised_on=TODAY,
        response_due=TODAY,
    )
    audit = Audit.objects.create(
        board=board,
        title="Neglect audit",
        theme=board.themes.get(code="neglect"),
        tool=FrameworkTemplate.objects.get(code="multi-agency-case-file-audit", owner_board=None),
        planned_quarter="2026 Q1",
        lead=make_user(Role.QA_MEMBER, board=board),
    )
    neglect = board.themes.get(code="neglect")
    acted = record_finding(
        board=board,
        source=challenge,
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        text="Strategy meetings start late",
        theme=neglect,
        found_on=TODAY - datetime.timedelta(days=3),
    )
    raise_action_from_finding(
        acted,
        title="Hold strategy meetings within a day",
        owner=None,
        agency=agency,
        due_date=TODAY + datetime.timedelta(days=30),
        created_by=manager,
    )
    bare = record_finding(
        board=board,
        source=challenge,
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        text="Minutes are not shared",
        found_on=TODAY - datetime.timedelta(days=2),
    )
    strength = record_finding(
        board=board,
        source=audit,
        kind=FindingKind.STRENGTH,
        text="Children are seen alone",
        found_on=TODAY - datetime.timedelta(days=1),
    )
    elsewhere = Challenge.objects.create(
        board=other_board, to_agency=agency, issue="Elsewhere", raised_on=TODAY, response_due=TODAY
    )
    record_finding(
        board=other_board, source=elsewhere, kind=FindingKind.STRENGTH, text="Another board's"
    )
    return {
        "manager": manager,
        "challenge": challenge,
        "audit": audit,
        "acted": acted,
        "bare": bare,
        "strength": strength,
        "neglect": neglect,
    }


def test_the_list_shows_every_source_with_its_link_back_and_actions(client, login, board, sources):
    login(client, sources["manager"])
    page = client.get(reverse("findings:list", args=[board.slug])).content.decode()
    # newest found first; another board's finding never appears
    assert listed(page) == [str(sources[k].pk) for k in ("strength", "bare", "acted")]
    assert "Another board&#x27;s" not in page and "Another board's" not in page
    assert "3 findings" in page
    challenge_url = reverse("challenges:detail", args=[board.slug, sources["challenge"].pk])
    audit_url = reverse("audits:audit", args=[board.slug, sources["audit"].pk])
    assert f'href="{challenge_url}">Challenge<' in page
    assert f'href="{audit_url}">Case-file audit<' in page
    assert "Hold strategy meetings within a day" in page
    assert "neglect" in page.lower()
    raise_url = reverse("findings:raise_action", args=[board.slug, sources["bare"].pk])
    assert raise_url in page  # the manager may raise actions


def test_the_filter_is_in_the_address(client, login, board, sources):
    login(client, sources["manager"])
    url = reverse("findings:list", args=[board.slug])

    def ids(query: str) -> list[str]:
        return listed(client.get(f"{url}?{query}").content.decode())

    pk = {k: str(sources[k].pk) for k in ("acted", "bare", "strength")}
    assert ids("kind=strength") == [pk["strength"]]
    assert ids("kind=improvement") == [pk["bare"], pk["acted"]]
    assert ids(f"theme={sources['neglect'].pk}") == [pk["acted"]]
    assert ids("source=Challenge") == [pk["bare"], pk["acted"]]
    assert ids("source=Case-file+audit") == [pk["strength"]]
    assert ids("without_actions=1") == [pk["strength"], pk["bare"]]
    assert ids("kind=improvement&without_actions=1") == [pk["bare"]]
    neglect = sources["neglect"]
    chosen = client.get(f"{url}?theme={neglect.pk}").content.decode()
    assert f'<option value="{neglect.pk}" selected>{neglect.name}</option>' in chosen


def test_an_agency_lead_does_not_see_findings_of_audits_they_may_not_open(
    client, login, make_user, board, agency, sources
):
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    login(client, lead)
    page = client.get(reverse("findings:list", args=[board.slug])).content.decode()
    assert listed(page) == [str(sources["bare"].pk), str(sources["acted"].pk)]
    assert "Children are seen alone" not in page
    # on the audit's team, they see its findings
    sources["audit"].team.create(user=lead, agency=agency)
    page = client.get(reverse("findings:list", args=[board.slug])).content.decode()
    assert str(sources["strength"].pk) in listed(page)


def test_the_list_is_paginated_keeping_the_filter(client, login, board, agency, make_user):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    challenge = Challenge.objects.create(
        board=board, to_agency=agency, issue="Many", raised_on=TODAY, response_due=TODAY
    )
    for i in range(26):
        record_finding(
            board=board, source=challenge, kind=FindingKind.STRENGTH, text=f"Strength {i}"
        )
    login(client, manager)
    url = reverse("findings:list", args=[board.slug])
    first = client.get(f"{url}?kind=strength").content.decode()
    assert len(listed(first)) == 25
    assert "26 findings" in first
    assert 'href="?kind=strength&amp;page=2"' in first
    second = client.get(f"{url}?kind=strength&page=2").content.decode()
    assert len(listed(second)) == 1


def test_source_pages_list_findings_through_the_one_include(client, login, board, sources):
    with pytest.raises(TemplateDoesNotExist):
        get_template("findings/_findings.html")
    login(client, sources["manager"])
    for source, finding in (("audit", "strength"), ("challenge", "bare")):
        url = sources[source].get_board_url(board)
        page = client.get(url).content.decode()
        assert f'id="finding-{sources[finding].pk}"' in page, url
        assert reverse("findings:raise_action", args=[board.slug, sources[finding].pk]) in page
    challenge_page = client.get(sources["challenge"].get_board_url(board)).content.decode()
    assert "Hold strategy meetings within a day" in challenge_page  # the finding's action


def test_findings_is_in_the_act_navigation(client, login, board, sources):
    login(client, sources["manager"])
    page = client.get(reverse("core:board_home", args=[board.slug])).content.decode()
    assert f'href="{reverse("findings:list", args=[board.slug])}"' in page


def test_each_row_says_its_kind_theme_dates_recorder_and_actions(
    client, login, board, agency, sources
):
    """The rows built in Python say what the template's lookups and date filters said."""
    manager = sources["manager"]
    recorded = record_finding(
        board=board,
        source=sources["audit"],
        kind=FindingKind.STRENGTH,
        text="Plans are\nreviewed",
        recorded_by=manager,
        found_on=datetime.date(2026, 9, 4),
    )
    from scrutiny.actions.models import Action

    raised = Action.objects.get(title="Hold strategy meetings within a day")
    login(client, manager)
    page = client.get(reverse("findings:list", args=[board.slug])).content.decode()
    made = timezone.localtime(recorded.recorded_at)
    assert (
        '<strong class="govuk-tag govuk-tag--green">Strength</strong> Plans are<br>reviewed' in page
    )
    audit_url = reverse("audits:audit", args=[board.slug, sources["audit"].pk])
    assert (
        f'<a class="govuk-link" href="{audit_url}">Case-file audit<span class="govuk-visually-'
        f'hidden">: the source of this finding</span></a>, found 4 Sep 2026. Recorded '
        f"{made.day} {made:%b} {made.year} by {manager.full_name}</span>" in page
    )
    acted = sources["acted"]
    assert (
        f'<strong class="govuk-tag govuk-tag--orange">Area for improvement</strong> '
        f"{sources['neglect'].name}: Strategy meetings start late" in page
    )
    found = acted.found_on
    assert f", found {found.day} {found:%b} {found.year}. Recorded " in page
    due = raised.due_date
    action_url = reverse("actions:detail", args=[board.slug, raised.pk])
    assert (
        f'<li>Action: <a class="govuk-link" href="{action_url}">Hold strategy meetings within a '
        f"day</a>, {agency.name}, due {due.day} {due:%b} {due.year}, "
        f"{raised.get_status_display().lower()}</li>" in page
    )


def test_a_source_gone_does_not_hide_the_links_of_others_of_its_kind(
    client, login, board, agency, sources
):
    """Whether a kind of source's page opens is asked once per kind: a finding whose source
    was deleted (no link) first does not take the link from the others."""
    gone = Challenge.objects.create(
        board=board, to_agency=agency, issue="Withdrawn", raised_on=TODAY, response_due=TODAY
    )
    orphan = record_finding(
        board=board, source=gone, kind=FindingKind.STRENGTH, text="Orphaned", found_on=TODAY
    )
    Challenge.objects.filter(pk=gone.pk).delete()
    login(client, sources["manager"])
    page = client.get(reverse("findings:list", args=[board.slug])).content.decode()
    assert listed(page)[0] == str(orphan.pk)  # newest: its source first in the list
    challenge_url = reverse("challenges:detail", args=[board.slug, sources["challenge"].pk])
    assert page.count(f'href="{challenge_url}">Challenge<') == 2
    assert '-display-block">Challenge, found ' in page  # the orphan's kind, not linked


def test_the_kept_list_shows_a_change_at_once(client, login, board, agency, sources):
    """The drawn list is kept until anything in the region changes: a finding recorded, or
    an action raised from one, is on the next request."""
    login(client, sources["manager"])
    url = reverse("findings:list", args=[board.slug])
    assert "3 findings" in client.get(url).content.decode()
    added = record_finding(
        board=board,
        source=sources["challenge"],
        kind=FindingKind.STRENGTH,
        text="Agencies share minutes now",
        found_on=TODAY,
    )
    page = client.get(url).content.decode()
    assert listed(page)[0] == str(added.pk) and "4 findings" in page
    raise_action_from_finding(
        sources["bare"],
        title="Share the minutes within a week",
        owner=None,
        agency=agency,
        due_date=TODAY + datetime.timedelta(days=7),
        created_by=sources["manager"],
    )
    assert "Share the minutes within a week" in client.get(url).content.decode()
    assert listed(client.get(f"{url}?without_actions=1").content.decode()) == [
        str(added.pk),
        str(sources["strength"].pk),
    ]


def test_the_kept_list_is_not_shared_with_who_sees_less(
    client, login, make_user, board, agency, sources, django_assert_num_queries
):
    """Kept for the manager, the list is not what an agency lead is shown (no audit's
    findings, no raising actions), nor is one lead's (on the audit's team) another's with
    the same grants (off it); another manager is shown the kept list."""
    on_team = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    off_team = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    other_manager = make_user(Role.BUSINESS_MANAGER, board=board)
    sources["audit"].team.create(user=on_team, agency=agency)
    url = reverse("findings:list", args=[board.slug])
    raise_url = reverse("findings:raise_action", args=[board.slug, sources["bare"].pk])
    login(client, sources["manager"])
    page = client.get(url).content.decode()
    assert str(sources["strength"].pk) in listed(page) and raise_url in page
    login(client, on_team)
    page = client.get(url).content.decode()
    assert str(sources["strength"].pk) in listed(page) and raise_url not in page
    login(client, off_team)
    page = client.get(url).content.decode()
    assert listed(page) == [str(sources["bare"].pk), str(sources["acted"].pk)]
    login(client, other_manager)
    with django_assert_num_queries(BOARD_PAGE + 1):  # the region's data version: kept
        page = client.get(url).content.decode()
    assert str(sources["strength"].pk) in listed(page) and raise_url in page
