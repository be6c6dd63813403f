"""The home pages: counts that say what needs doing, each linking to its list filtered to
exactly those rows; an agency lead's page across boards; what is new since a member's last
visit; a constant number of queries whatever the data."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from scrutiny.actions.models import Action, ActionSource, ActionStatus
from scrutiny.challenges.models import Challenge
from scrutiny.core.tests.query_counts import same_but_csrf
from scrutiny.core.workingdays import add_working_days
from scrutiny.dataset.board_data import current_data_set
from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
from scrutiny.findings.models import FindingKind
from scrutiny.findings.services import raise_action_from_finding, record_finding
from scrutiny.governance.models import AgendaItem, Group, Meeting
from scrutiny.incidents.models import SeriousIncident
from scrutiny.incidents.services import record_incident, request_contribution
from scrutiny.library.models import FrameworkTemplate
from scrutiny.pages.models import BoardVisit
from scrutiny.people.models import Role
from scrutiny.returns.services import schedule_returns
from scrutiny.training.models import (
    Booking,
    Course,
    EvaluationInvitation,
    EvaluationStage,
    StaffRole,
    TrainingProgramme,
    TrainingSession,
)

TODAY = timezone.localdate()
LONG_AGO = TODAY - datetime.timedelta(days=20)


def schedule(board, agency, manager, label, due):
    schedule_returns(
        board=board,
        template=FrameworkTemplate.objects.get(code="section-11-audit", owner_board=None),
        subject=None,
        period_label=label,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31),
        due_date=due,
        agencies=[agency],
        requested_by=manager,
    )


def make_action(board, agency, title, due, status=ActionStatus.NOT_STARTED):
    action = Action.objects.create(
        region=board.region,
        source=ActionSource.OTHER,
        source_label="Test",
        title=title,
        description="",
        agency=agency,
        due_date=due,
        status=status,
    )
    action.boards.add(board)
    return action


def build(board, agency, other_agency, manager, n):
    """n of everything: n red indicators and 1 green, n overdue returns and 1 due today, n challenges past their date and
    1 awaiting in time, 1 answered; n areas for improvement without an action, 1 with one and
    1 strength; n overdue police actions and 1 health one, 1 done; n
    meetings ahead, each with one paper of two items."""
    for i in range(n):
        schedule(board, agency, manager, f"late {i}", LONG_AGO)
    schedule(board, agency, manager, "this month", TODAY)
    for i in range(n):
        Challenge.objects.create(
            board=board, to_agency=agency, issue=f"Late {i}", raised_on=LONG_AGO,
            response_due=LONG_AGO,
        )  # fmt: skip
    in_time = Challenge.objects.create(
        board=board, to_agency=agency, issue="In time", raised_on=TODAY, response_due=TODAY
    )
    for i in range(n):
        record_finding(board=board, source=in_time, kind=FindingKind.AREA_FOR_IMPROVEMENT,
                       text=f"Gap {i}")  # fmt: skip
    acted_on = record_finding(
        board=board, source=in_time, kind=FindingKind.AREA_FOR_IMPROVEMENT, text="Acted on"
    )
    raise_action_from_finding(
        acted_on, title="Close the gap", owner=None, agency=None,
        due_date=TODAY + datetime.timedelta(days=60), created_by=manager,
    )  # fmt: skip
    record_finding(board=board, source=in_time, kind=FindingKind.STRENGTH, text="Strong")
    Challenge.objects.create(
        board=board, to_agency=agency, issue="Answered", raised_on=LONG_AGO,
        response_due=LONG_AGO, responded_at=timezone.now(),
    )  # fmt: skip
    for i in range(n):
        make_action(board, agency, f"Police late {i}", LONG_AGO)
    make_action(board, other_agency, "Health late", LONG_AGO)
    make_action(board, agency, "Done", LONG_AGO, status=ActionStatus.COMPLETED)
    indicators = list(current_data_set().indicators.order_by("pk")[: n + 1])
    for i, indicator in enumerate(indicators):
        IndicatorValue.objects.create(
            board=board, indicator=indicator, period_label="2025-26",
            period_end=datetime.date(2026, 3, 31), numerator=1, denominator=100,
            source=ValueSource.MANUAL,
        )  # fmt: skip
        # a target far beyond the value makes it red; far short of it, green (the last one)
        beyond = (i < n) == indicator.higher_is_better
        Target.objects.create(
            board=board, indicator=indicator, period_label="2025-26",
            target=10**6 if beyond else -1, tolerance=0,
        )  # fmt: skip
    course = Course.objects.create(
        programme=TrainingProgramme.objects.create(board=board, year=2026), title="Neglect"
    )
    session = TrainingSession.objects.create(course=course, date=LONG_AGO, capacity=20)
    for i in range(n + 1):  # n owed by police staff, 1 answered
        booking = Booking.objects.create(
            session=session, name=f"Officer {i}", email=f"o{i}@example.org", agency=agency,
            role=StaffRole.POLICE_OFFICER,
        )  # fmt: skip
        EvaluationInvitation.objects.create(
            booking=booking, stage=EvaluationStage.END_OF_SESSION,
            template=FrameworkTemplate.objects.filter(code="training-session-evaluation").first(),
            token_hash=f"{board.pk}-{i}", sent_at=timezone.now(),
            answered_on=TODAY if i == n else None,
        )  # fmt: skip
    group = Group.objects.create(board=board, name="Main board", is_main_board=True)
    for i in range(n):
        meeting = Meeting.objects.create(
            group=group, held_on=TODAY + datetime.timedelta(days=7 + i)
        )
        AgendaItem.objects.create(meeting=meeting, order=1, title="Paper", paper="papers/a.pdf")
        AgendaItem.objects.create(meeting=meeting, order=2, title="No paper")


def counts_on(page: str) -> dict[str, int]:
    """Each count link on the page: its address and its number."""
    return {
        href.replace("&amp;", "&"): int(n)
        for href, n in re.findall(r'href="([^"]+)" data-count="(\d+)"', page)
    }


LIST_TABLES = (
    "returns-table",
    "challenge-table",
    "actions-table",
    "meeting-table",
    "data-set-table",
    "clocks",
    "partners-table",
)


def list_rows(page: str) -> int:
    """Rows in the body of the list's main table, leaving out the "nothing here" row; on
    the findings list, the findings listed."""
    if 'id="findings-filter"' in page:
        return len(re.findall(r'<li[^>]* id="finding-\d+"', page))
    ids = "|".join(LIST_TABLES)
    table = re.search(rf'<table[^>]*id="(?:{ids})".*?<tbody.*?</tbody>', page, re.S).group(0)
    return len(
        [
            r
            for r in re.findall(r"<tr.*?</tr>", table.split("<tbody", 1)[1], re.S)
            if "colspan" not in r
        ]
    )


@pytest.fixture
def manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board)


def test_the_managers_home_counts_what_needs_doing_and_links_to_those_rows(
    client, login, board, agency, other_agency, manager, other_board
):
    build(board, agency, other_agency, manager, 2)
    build(other_board, agency, other_agency, manager, 3)  # another board: never counted here
    # A serious incident the authority learned of 10 working days ago, the Panel not told: its
    # 5-working-day notification clock has passed.
    record_incident(
        SeriousIncident(board=board, reference="SI 1", learned_on=add_working_days(TODAY, -10))
    )
    login(client, manager)
    page = client.get(reverse("core:board_home", args=[board.slug])).content.decode()
    counts = counts_on(page)
    clocks = reverse("incidents:clocks", args=[board.slug])
    returns = reverse("returns:list", args=[board.slug])
    challenges = reverse("challenges:list", args=[board.slug])
    actions = reverse("actions:tracker", args=[board.slug])
    meetings = reverse("governance:meetings", args=[board.slug])
    assert counts == {
        f"{returns}?show=overdue": 2,
        f"{returns}?show=due_this_month": 1,
        f"{challenges}?show=awaiting": 3,  # 2 late and 1 in time; the answered one is not
        f"{challenges}?show=past_date": 2,
        f"{actions}?agency={agency.pk}&overdue=yes": 2,
        f"{actions}?agency={other_agency.pk}&overdue=yes": 1,
        f"{meetings}?when=upcoming": 2,
        f"{reverse('dataset:data_set', args=[board.slug])}?rag=red": 2,
        # 2 without an action; not the one with an action, nor the strength
        f"{reverse('findings:list', args=[board.slug])}?kind=improvement&without_actions=1": 2,
        f"{clocks}?state=passed": 1,
        f"{clocks}?state=due-soon": 0,
        f"{clocks}?state=on-track": 0,
        # none of the three safeguarding partners has a named lead yet
        f"{reverse('partnership:overview', args=[board.slug])}?show=no-lead": 3,
    }
    assert "Notify the Panel of SI 1" in page  # the nearest clocks are named
    assert "1 of 2 agenda items have a paper" in page
    # Each list, followed, shows exactly that many rows.
    for href, n in counts.items():
        listed = client.get(href).content.decode()
        assert list_rows(listed) == n, href


def test_an_agency_lead_sees_their_work_on_every_board(
    client, login, make_user, board, other_board, agency, other_agency, manager
):
    build(board, agency, other_agency, manager, 1)
    build(other_board, agency, other_agency, manager, 2)
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    lead.role_assignments.create(
        role=Role.AGENCY_LEAD, region=board.region, board=other_board, agency=agency
    )
    login(client, lead)
    assert "my-work-link" in client.get(reverse("home")).content.decode()
    page = client.get(reverse("core:my_work")).content.decode()
    alpha = page[page.index('id="work-alpha"') : page.index('id="work-beta"')]
    beta = page[page.index('id="work-beta"') :]
    assert "Returns to complete (2)" in alpha  # 1 overdue and 1 due today
    assert "Returns to complete (3)" in beta
    assert "Actions to update (1)" in alpha  # the police one; not health's, not the done one
    assert "Actions to update (2)" in beta
    assert "Challenges to answer (2)" in alpha  # 1 late and 1 in time
    assert "Health late" not in page
    assert "Evaluations your staff owe (1)" in alpha
    assert "Evaluations your staff owe (2)" in beta
    assert "owed by Officer 0, Test Police" in alpha
    # Each "see them in the list" link shows exactly that many rows.
    counts = counts_on(page)
    assert len(counts) == 6  # three lists on each of two boards, none of them empty
    for href, n in counts.items():
        listed = client.get(href).content.decode()
        assert list_rows(listed) == n, href


def test_the_agency_page_is_kept_until_any_of_its_boards_regions_changes(
    client, login, make_user, board, far_board, agency, other_agency, manager
):
    """Kept for the agency lead across boards of two regions: a change on either board
    shows at once; another lead (another agency) is not shown it."""
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    lead.role_assignments.create(
        role=Role.AGENCY_LEAD, region=far_board.region, board=far_board, agency=agency
    )
    health_lead = make_user(Role.AGENCY_LEAD, board=board, agency=other_agency)
    make_action(board, agency, "Near action", TODAY)
    make_action(board, other_agency, "Health action", TODAY)
    url = reverse("core:my_work")
    login(client, lead)
    page = client.get(url).content.decode()
    assert "Near action" in page and "Health action" not in page
    assert "Actions to update (0)" in page[page.index('id="work-far-board"') :]
    make_action(far_board, agency, "Far action", LONG_AGO)
    page = client.get(url).content.decode()
    assert "Far action" in page[page.index('id="work-far-board"') :]
    make_action(board, agency, "Another near action", TODAY)
    assert "Another near action" in client.get(url).content.decode()
    login(client, health_lead)
    page = client.get(url).content.decode()
    assert "Health action" in page and "Near action" not in page


def test_someone_who_leads_no_agency_has_no_agency_page(client, login, manager):
    login(client, manager)
    assert client.get(reverse("core:my_work")).status_code == 404


def test_a_qa_member_sees_what_is_new_since_their_last_visit(
    client, login, make_user, board, other_board, agency, other_agency, manager
):
    qa = make_user(Role.QA_MEMBER, board=board)
    login(client, qa)
    home = reverse("core:board_home", args=[board.slug])
    first = client.get(home).content.decode()
    assert "Next time you come here" in first
    assert 'id="home-panels"' not in first  # the panels are for those who run the board
    BoardVisit.objects.filter(user=qa).update(seen_at=timezone.now() - datetime.timedelta(hours=1))
    Challenge.objects.create(
        board=board, to_agency=agency, issue="New", raised_on=TODAY, response_due=TODAY
    )
    Challenge.objects.create(
        board=other_board, to_agency=agency, issue="Elsewhere", raised_on=TODAY, response_due=TODAY
    )
    make_action(board, agency, "New action", TODAY)
    counts = counts_on(client.get(home).content.decode())
    assert counts == {
        reverse("challenges:list", args=[board.slug]) + "?show=all": 1,
        reverse("actions:tracker", args=[board.slug]): 1,
    }
    # The visit was recorded: nothing is new on the next one.
    assert "Nothing new has been added" in client.get(home).content.decode()


@pytest.mark.parametrize("n", [1, 4])
def test_the_managers_home_runs_a_fixed_number_of_queries(
    client, login, board, agency, other_agency, manager, n, django_assert_num_queries
):
    build(board, agency, other_agency, manager, n)
    for i in range(n):  # open incidents, each with its rapid review asking an agency
        incident = record_incident(
            SeriousIncident(board=board, reference=f"SI {i}", learned_on=LONG_AGO)
        )
        request_contribution(incident.rapid_review, agency, TODAY)
    login(client, manager)
    url = reverse("core:board_home", args=[board.slug])
    client.get(url)  # warm the per-request caches' first fill alike for both sizes
    cache.clear()  # the panels' counts are kept between requests: count them afresh
    # 1 session, 2 user, 3 two-factor device, 4 the person's grants with their boards (the
    # board from the URL among them), 5 the region's data version (the audit log's newest
    # entry, which the home's kept figures are keyed on), 6 agency and people counts; the
    # panels: 7 the ids of the returns the board asked for and 8 returns overdue and due this
    # month (those returns read by primary key, never a join to the nation's), 9 challenges
    # awaiting and past date, 10 actions overdue by agency, 11 areas for improvement without
    # an action, 12 the meetings ahead with their papers (counted and the next three listed
    # from one query), 13-14 the data set's red count (the current data set's indicators,
    # each one's latest value with its target), 15 the newest draft annual report with its
    # sections written; the statutory clocks panel: 16 the open serious incidents with their
    # rapid reviews, 17 the reviews' requests to agencies with those agencies, 18 the local
    # reviews not yet published; 19 the safeguarding partners and 20 the partnership's
    # document versions (the partnership panel; with versions, their signatures with who
    # signed are 1 more, whatever their number); 21 audit log: recent changes. The board
    # switcher lists the boards that came with the grants: no query.
    with django_assert_num_queries(21):
        client.get(url)
    # Shown again with nothing changed, the counts, panels and recent changes come from the
    # cache: queries 1-5 only.
    with django_assert_num_queries(5):
        client.get(url)


def test_the_managers_home_counts_afresh_after_any_change_in_the_region(
    client, login, board, agency, other_agency, manager, other_board
):
    build(board, agency, other_agency, manager, 1)
    login(client, manager)
    url = reverse("core:board_home", args=[board.slug])
    overdue = f"{reverse('actions:tracker', args=[board.slug])}?agency={agency.pk}&overdue=yes"
    before = counts_on(client.get(url).content.decode())
    assert counts_on(client.get(url).content.decode()) == before  # kept, and the same
    make_action(board, agency, "Late again", LONG_AGO)
    assert counts_on(client.get(url).content.decode())[overdue] == before[overdue] + 1
    # Another board of the region keeps its own counts, not this board's.
    build(other_board, agency, other_agency, manager, 3)
    manager.role_assignments.create(
        role=Role.BUSINESS_MANAGER, region=board.region, board=other_board
    )
    other_url = reverse("core:board_home", args=[other_board.slug])
    kept = counts_on(client.get(other_url).content.decode())
    cache.clear()
    assert kept == counts_on(client.get(other_url).content.decode())
    assert kept != counts_on(client.get(url).content.decode())


@pytest.mark.parametrize("n", [1, 4])
def test_the_agency_page_runs_a_fixed_number_of_queries(
    client, login, make_user, board, other_board, agency, other_agency, manager, n,
    django_assert_num_queries,
):  # fmt: skip
    build(board, agency, other_agency, manager, n)
    build(other_board, agency, other_agency, manager, n)
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    lead.role_assignments.create(
        role=Role.AGENCY_LEAD, region=board.region, board=other_board, agency=agency
    )
    login(client, lead)
    url = reverse("core:my_work")
    # 1 session, 2 user, 3 the person's grants with their boards, 4 the data version of the
    # boards' regions (the drawn page is kept against it), 5 returns to complete, 6 actions
    # to update, 7 challenges to answer, 8 evaluations owed, 9 rapid-review requests to
    # answer (the switcher's boards came with the grants)
    with django_assert_num_queries(9):
        first = client.get(url)
    # Asked again with nothing changed: only the data version is read.
    with django_assert_num_queries(4):
        kept = client.get(url)
    assert same_but_csrf(kept, first)


@pytest.mark.parametrize("n", [1, 4])
def test_a_members_home_runs_a_fixed_number_of_queries(
    client, login, make_user, board, agency, other_agency, manager, n,
    django_assert_num_queries,
):  # fmt: skip
    qa = make_user(Role.QA_MEMBER, board=board)
    login(client, qa)
    url = reverse("core:board_home", args=[board.slug])
    client.get(url)  # the first visit
    BoardVisit.objects.filter(user=qa).update(seen_at=timezone.now() - datetime.timedelta(hours=1))
    build(board, agency, other_agency, manager, n)
    # 1 session, 2 user, 3 the person's grants with their boards (the board from the URL
    # among them), 4 the region's data version, 5 agency and people counts (the data changed
    # since they were kept), 6 the last visit, 7 the audit log's new records by kind, 8 new
    # actions, 9 save this visit (the switcher's boards came with the grants: no query)
    with django_assert_num_queries(9):
        page = client.get(url).content.decode()
    assert counts_on(page)[reverse("returns:list", args=[board.slug]) + "?period=all"] == n + 1
    # Back again with nothing changed since: the figures are kept, and nothing in the region
    # is newer than the visit, so nothing is counted: queries 1-4, 6 and 9 only.
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()
    assert "Nothing new has been added" in page
